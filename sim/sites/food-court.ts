/**
 * A food court: one dense hall (40 m × 30 m by default) with stalls along its
 * long sides behind glass counters, beacons on a regular grid over the whole
 * hall, gateways at the two entrances (the short sides' middles), and a crowd:
 * thousands of phones, every beacon hearing most of them, a census every 10 s.
 * Everything is in radio range of everything (the open-hall environment,
 * exponent 2.9, reaches 85 m): the site tests contention, not depth.
 *
 * Drawn when not given: 30–50 m × 25–35 m; 20–40 beacons; 2 gateways;
 * 1500–4000 phones (their Wi-Fi and BLE: background interference on 10–30 %
 * of the time); census every 10 s; SOS waves of 13 % and 6.5 % of the
 * people; the incident ranges below.
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { perimeterGateways } from "./place";
import { ENVIRONMENTS, TX_POWER_DBM } from "./radio";
import type { ScenarioJson, SiteParams } from "./types";

export function foodCourt(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS["food-court"];
  const W = b.param(p.width, () => 5 * b.int(6, 10));
  const D = b.param(p.depth, () => 5 * b.int(5, 7));
  const n = b.param(p.beacons, () => b.int(20, 40));
  const gateways = b.param(p.gateways, () => 2);
  const inc = incident(b, {
    durationS: [180, 240], phones: [1500, 4000], interference: [0.1, 0.3], censusIntervalS: 10, sosShare: 0.13,
    destroy: { chance: 0.3, zoneShare: [0.3, 0.5], share: [0.3, 0.6], gateway: 0 }, cutChance: 0, jamChance: 0.3,
    orders: [1, 2], images: [0, 1],
  });
  b.plan = { width: W, depth: D, floors: [0] };
  perimeterGateways(b, gateways, p.gatewayPlacement ?? "entrances", 0);
  // stalls 5 m deep along the long sides, glass counters with a 2 m gap every 8 m
  for (const y of [5, D - 5]) for (let x = 0; x < W; x += 8) b.wall(0, x, y, Math.min(W, x + 6), y, "glass");
  const cols = Math.ceil(Math.sqrt((n * W) / D));
  const rows = Math.ceil(n / cols);
  for (let k = 0; k < n; k++) b.beacon("relay", 0, ((k % cols) + 0.5) * (W / cols), (Math.floor(k / cols) + 0.5) * (D / rows));
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: 0, cameras, cutWidthM: W / cols });
  return toScenario(b, env, inc, TX_POWER_DBM, `food court, ${inc.phones} phones`,
    `A ${W} m × ${D} m food court: ${n} beacons over the hall, stalls behind glass counters, ${gateways} gateways at the entrances, ${inc.phones} phones, a census every ${inc.censusIntervalS} s.`);
}

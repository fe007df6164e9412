/**
 * A regular grid: N beacons on 1–2 open-plan floors (an exhibition hall, a
 * terminal's departure level), the same grid stacked on each floor, gateways
 * on the ground floor's edge.
 *
 * Drawn when not given: N one of 60, 150, 300, 600; 1–2 floors; 15–25 m apart
 * (a positioning deployment's density; p.spacing instead sets it as a share of
 * the good-link range, sim/sites/radio.ts: near 1 is sparse); a gateway
 * per 100 beacons, at least 2, spread along the perimeter; 5–10 phones a
 * beacon; the incident ranges below. Cells are 4:3 (columns : rows) and
 * filled row by row, the last row perhaps partly. No walls (open plan).
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { ENVIRONMENTS, TX_POWER_DBM, rangeM } from "./radio";
import { perimeterGateways } from "./place";
import type { ScenarioJson, SiteParams } from "./types";

export function grid(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS.grid;
  const n = b.param(p.beacons, () => [60, 150, 300, 600][b.int(0, 3)]);
  const floors = b.param(p.floors, () => b.int(1, 2));
  const metres = Math.round(b.uniform(15, 25));
  const gateways = b.param(p.gateways, () => Math.max(2, Math.round(n / 100)));
  const inc = incident(b, {
    durationS: [180, 300], phones: [n * 5, n * 10], interference: [0.05, 0.2], censusIntervalS: 30, sosShare: 0.05,
    destroy: { chance: 0.5, zoneShare: [0.2, 0.4], share: [0.3, 0.7], gateway: 0.3 }, cutChance: 0.3, jamChance: 0.3,
    orders: [1, 2], images: [1, 2],
  });
  const s = p.spacing === undefined ? metres : Math.round(p.spacing * rangeM(env) * 10) / 10;
  const perFloor = Math.ceil(n / floors);
  const cols = Math.ceil(Math.sqrt((perFloor * 4) / 3));
  const rows = Math.ceil(perFloor / cols);
  b.plan = { width: Math.round(cols * s * 10) / 10, depth: Math.round(rows * s * 10) / 10, floors: Array.from({ length: floors }, (_, i) => i) };
  perimeterGateways(b, gateways, p.gatewayPlacement ?? "spread", 0);
  let left = n;
  for (let f = 0; f < floors; f++) {
    for (let k = 0; k < perFloor && left > 0; k++, left--) b.beacon("relay", f, (k % cols + 0.5) * s, (Math.floor(k / cols) + 0.5) * s);
  }
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: b.int(0, floors - 1), cameras, cutWidthM: s });
  return toScenario(b, env, inc, TX_POWER_DBM, `grid of ${n}`,
    `A regular grid of ${n} beacons, ${s} m apart, on ${floors} open-plan floor(s) (${b.plan.width} m × ${b.plan.depth} m), ${gateways} gateways on the ground floor's edge, ${inc.phones} phones.`);
}

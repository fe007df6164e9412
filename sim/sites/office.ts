/**
 * An office building: 2–5 floors of rooms either side of a 3 m corridor along
 * x, drywall partitions and room fronts (a 1 m door each), a concrete core
 * (stairs and lifts, 8 m wide) on the north side in the middle. A beacon in
 * the corridor in front of every second room pair, one in every second room
 * (alternating sides), the same on every floor; gateways at the ground floor's
 * ends of the corridor (the entrances).
 *
 * Drawn when not given: 2–5 floors; 40–80 m × 20–26 m; rooms 6–9 m wide;
 * 1–2 gateways; 300–1500 phones; the incident ranges below. p.beacons sets the
 * length (one beacon per room pair per floor).
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { perimeterGateways } from "./place";
import { ENVIRONMENTS, TX_POWER_DBM } from "./radio";
import type { ScenarioJson, SiteParams } from "./types";

export function office(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS.office;
  const floors = b.param(p.floors, () => b.int(2, 5));
  const room = Math.round(b.uniform(6, 9) * 10) / 10;
  const pairs = b.param(p.beacons === undefined ? undefined : Math.max(2, Math.round(p.beacons / floors)), () => Math.round(b.uniform(40, 80) / room));
  const D = b.param(p.depth, () => 2 * b.int(10, 13));
  const gateways = b.param(p.gateways, () => b.int(1, 2));
  const inc = incident(b, {
    durationS: [180, 300], phones: [300, 1500], interference: [0.05, 0.15], censusIntervalS: 30, sosShare: 0.08,
    destroy: { chance: 0.6, zoneShare: [0.2, 0.4], share: [0.3, 0.7], gateway: 0.3 }, cutChance: 0.2, jamChance: 0.3,
    orders: [1, 2], images: [1, 2],
  });
  const W = Math.round(pairs * room * 10) / 10;
  const c0 = D / 2 - 1.5, c1 = D / 2 + 1.5;
  b.plan = { width: W, depth: D, floors: Array.from({ length: floors }, (_, i) => i) };
  perimeterGateways(b, gateways, p.gatewayPlacement ?? "entrances", 0);
  const core0 = W / 2 - 4, core1 = W / 2 + 4;
  for (let f = 0; f < floors; f++) {
    for (let k = 0; k < pairs; k++) {
      const xa = k * room, xb = xa + room;
      if (k > 0) {
        b.wall(f, xa, 0, xa, c0, "drywall");
        if (xa < core0 || xa > core1) b.wall(f, xa, c1, xa, D, "drywall");
      }
      for (const y of [c0, c1]) {
        if (y === c1 && xb > core0 && xa < core1) continue;
        b.wall(f, xa, y, xb - 1, y, "drywall");
      }
      if (k % 2 === 0) b.beacon("relay", f, xa + room, D / 2);
      if (k % 2 === 0) b.beacon("relay", f, xa + room / 2, (k / 2) % 2 ? c1 + (D - c1) / 2 : c0 / 2);
    }
    b.wall(f, core0, c1, core0, D, "concrete");
    b.wall(f, core1, c1, core1, D, "concrete");
    b.wall(f, core0, c1, core1, c1, "concrete");
  }
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: b.int(0, floors - 1), cameras, cutWidthM: 2 * room });
  const count = b.beacons.length - gateways;
  return toScenario(b, env, inc, TX_POWER_DBM, `office, ${floors} floors`,
    `An office building ${W} m × ${D} m on ${floors} floors: rooms ${room} m wide either side of a corridor, drywall partitions, a concrete core, ` +
    `${count} beacons, ${gateways} gateway(s) at the entrances, ${inc.phones} phones.`);
}

/**
 * A shopping mall (the default mall generalised, tools/make-mall.ts): on each
 * floor a 10 m corridor along x with a row of shops either side; partition
 * walls between shops, glass shop fronts with a 4 m door in the middle. One
 * beacon in every shop and one in the corridor in front of each pair of
 * shops, stacked alike on every floor; gateways at the corridor's ends on the
 * ground floor, then at the sides' middles.
 *
 * Drawn when not given: 1–3 floors; 6–14 shops a side (p.beacons sets it:
 * 3 beacons a shop pair a floor); shops 10–16 m wide (p.spacing instead sets
 * the width as a share of the good-link range: big-box stores), 15–25 m deep; partitions of drywall or brick; 2 gateways;
 * 1–6 phones per m² per 100 (500–3000); the incident ranges below.
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { perimeterGateways } from "./place";
import { ENVIRONMENTS, TX_POWER_DBM, rangeM } from "./radio";
import type { Material, ScenarioJson, SiteParams } from "./types";

export function mall(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS.mall;
  const floors = b.param(p.floors, () => b.int(1, 3));
  const shops = b.param(p.beacons === undefined ? undefined : Math.max(2, Math.round(p.beacons / (3 * floors))), () => b.int(6, 14));
  const metres = Math.round(b.uniform(10, 16));
  const shopDepth = Math.round(b.uniform(15, 25));
  const partition: Material = b.rand.next() < 0.5 ? "drywall" : "brick";
  const gateways = b.param(p.gateways, () => 2);
  const inc = incident(b, {
    durationS: [240, 300], phones: [500, 3000], interference: [0.05, 0.2], censusIntervalS: 30, sosShare: 0.08,
    destroy: { chance: 0.8, zoneShare: [0.25, 0.5], share: [0.3, 0.6], gateway: 0.3 }, cutChance: 0.3, jamChance: 0.6,
    orders: [1, 3], images: [1, 2],
  });
  const sw = p.spacing === undefined ? metres : Math.round(p.spacing * rangeM(env) * 10) / 10;
  const W = Math.round(shops * sw * 10) / 10, D = 2 * shopDepth + 10;
  const y0 = shopDepth, y1 = shopDepth + 10;
  b.plan = { width: W, depth: D, floors: Array.from({ length: floors }, (_, i) => i) };
  perimeterGateways(b, gateways, p.gatewayPlacement ?? "entrances", 0);
  for (let f = 0; f < floors; f++) {
    for (let k = 1; k < shops; k++) {
      b.wall(f, k * sw, 0, k * sw, y0, partition);
      b.wall(f, k * sw, y1, k * sw, D, partition);
    }
    for (let k = 0; k < shops; k++) {
      const xa = k * sw, xm = xa + sw / 2;
      for (const y of [y0, y1]) {
        b.wall(f, xa, y, xm - 2, y, "glass");
        b.wall(f, xm + 2, y, xa + sw, y, "glass");
      }
      b.beacon("relay", f, xm, (y0 + y1) / 2);
      b.beacon("relay", f, xm, y0 / 2);
      b.beacon("relay", f, xm, (y1 + D) / 2);
    }
  }
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: b.int(0, floors - 1), cameras, cutWidthM: sw });
  return toScenario(b, env, inc, TX_POWER_DBM, `mall, ${floors} floor(s), ${shops} shops a side`,
    `A mall ${W} m × ${D} m on ${floors} floor(s): a 10 m corridor with ${shops} shops (${sw} m wide, ${shopDepth} m deep, ${partition} partitions, glass fronts) either side, ` +
    `a beacon in each shop and in the corridor, ${gateways} gateways at the entrances, ${inc.phones} phones.`);
}

/**
 * An underground station: three floors below the street (−1 the concourse,
 * −2 the passages, −3 the platforms) under concrete slabs that pass almost
 * nothing (the station environment's 30 dB a floor), joined only at the
 * escalator and stair shafts: a shaft is a beacon on every floor at the same
 * point, 4 m apart vertically (88.7 dB of path loss: a good link), while the
 * floors' other beacons keep 0.2 × the depth (12 m at 60 m) away from any
 * beacon on the floor above or below (≥ 104 dB: no link but by a rare
 * shadowing draw). Concrete walls with openings split each floor: the
 * concourse's gate lines and cross walls, the passages' middle wall, the
 * platform edges. Gateways at the street entrances, on the concourse.
 *
 * Layout: beacons in rows along x (concourse and platforms at 0.1, 0.5, 0.9 of
 * the depth; passages at 0.3, 0.7), evenly spread along each row; shafts at
 * the middle of the depth, evenly along x.
 *
 * Drawn when not given: 160–240 m × 50–70 m; 120–170 beacons; 2–3 shafts;
 * 2–3 gateways at the entrances; 1500–3000 phones; the incident ranges below
 * (a destruction on the concourse every time, a gateway knocked out in 7 of 10).
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { perimeterGateways } from "./place";
import { ENVIRONMENTS, TX_POWER_DBM } from "./radio";
import type { ScenarioJson, SiteParams } from "./types";

const ROWS: Record<number, number[]> = { [-1]: [0.1, 0.5, 0.9], [-2]: [0.3, 0.7], [-3]: [0.1, 0.5, 0.9] };

export function station(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS.station;
  const W = b.param(p.width, () => 10 * b.int(16, 24));
  const D = b.param(p.depth, () => 10 * b.int(5, 7));
  const n = b.param(p.beacons, () => b.int(120, 170));
  const shafts = b.int(2, 3);
  const gateways = b.param(p.gateways, () => b.int(2, 3));
  const inc = incident(b, {
    durationS: [240, 300], phones: [1500, 3000], interference: [0.05, 0.15], censusIntervalS: 30, sosShare: 0.1,
    destroy: { chance: 1, zoneShare: [0.25, 0.4], share: [0.4, 0.7], gateway: 0.7 }, cutChance: 0.2, jamChance: 0.3,
    orders: [2, 3], images: [1, 2],
  });
  const floors = [-1, -2, -3];
  b.plan = { width: W, depth: D, floors };
  perimeterGateways(b, gateways, p.gatewayPlacement ?? "entrances", -1);
  const rows = floors.reduce((s, f) => s + ROWS[f].length, 0);
  const perRow = Math.max(2, Math.round((n - shafts * floors.length) / rows));
  const shaftX = Array.from({ length: shafts }, (_, j) => Math.round((W * (j + 0.5)) / shafts));
  for (const f of floors) {
    for (const x of shaftX) b.beacon("relay", f, x, D / 2);
    for (const r of ROWS[f]) for (let i = 0; i < perRow; i++) b.beacon("relay", f, ((i + 0.5) * W) / perRow, r * D);
  }
  walls(b, W, D, shaftX);
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: -1, cameras, cutWidthM: 12 });
  const count = b.beacons.length - gateways;
  return toScenario(b, env, inc, TX_POWER_DBM, `underground station, ${count} beacons`,
    `A station ${W} m × ${D} m on three underground floors (concourse, passages, platforms) joined at ${shafts} escalator shafts, concrete walls and slabs, ` +
    `${count} beacons, ${gateways} gateways at the street entrances, ${inc.phones} phones.`);
}

/** Concrete walls with openings: gate lines and cross walls on the concourse, a middle wall in the passages, platform edges open at the shafts and the ends. */
function walls(b: SiteBuilder, W: number, D: number, shaftX: number[]): void {
  const withGaps = (f: number, y: number, every: number, gap: number) => {
    for (let x = 0; x < W; x += every) b.wall(f, x, y, Math.min(W, x + every - gap), y, "concrete");
  };
  withGaps(-1, 0.3 * D, 40, 8);
  withGaps(-1, 0.7 * D, 40, 8);
  for (const x of [W / 3, (2 * W) / 3]) {
    b.wall(-1, x, 0, x, 0.4 * D, "concrete");
    b.wall(-1, x, 0.6 * D, x, D, "concrete");
  }
  withGaps(-2, 0.5 * D, 30, 6);
  for (const y of [0.3 * D, 0.7 * D]) {
    const cuts = [0, ...shaftX.flatMap((x) => [x - 5, x + 5]), W];
    for (let i = 0; i + 1 < cuts.length; i += 2) b.wall(-3, cuts[i] + (i === 0 ? 6 : 0), y, cuts[i + 1] - (i + 2 === cuts.length ? 6 : 0), y, "concrete");
  }
}

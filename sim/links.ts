/**
 * The mean received power of every link of the site, built once with the
 * medium (sim/medium.ts), and who can hear whom.
 *
 * Rules: mean received power = txPowerDbm − path loss (sim/radio-model.ts:
 * distance, walls by material, floors, the crowd of the floor) + log-normal
 * shadowing, N(0, shadowingSigmaDb), fixed per link and symmetric. The
 * shadowing of a link is drawn from a hash of (seed, the two ids), so it does
 * not depend on which other links exist or were pruned. A link whose mean
 * power is below the noise floor less CUTOFF_DB is dropped (it neither
 * carries frames nor adds interference worth counting: 10 dB under the noise
 * adds 0.4 dB to it).
 *
 * Scaling: pairs farther apart than the link budget allows even without walls
 * and with a 4σ shadowing excess are never looked at: stations are filed in a
 * grid of cells that size, and only neighbouring cells are paired (a 4σ draw
 * happens to 3 links in 100 000; those are lost). Walls are looked up through
 * a grid (sim/walls.ts).
 *
 * Layout: besides the dense matrices (random access: Medium.rssi, linkPrr),
 * each station's links are kept as parallel typed arrays in one order (near,
 * nearGain, nearLos), the order the medium's per-frame loops walk and its
 * frames' fading draws are stored in; back[i][k] is where i sits in the list
 * of its k-th hearer (an ACK reuses its frame's draw over the reverse link).
 */
import type { Wall } from "./geometry";
import { type RadioModel, dbmToMw, lineOfSight, pathLossDb } from "./radio-model";
import { WallIndex } from "./walls";

export const CUTOFF_DB = 10;

export interface Station {
  id: number;
  floor: number;
  x: number;
  y: number;
}

export interface LinkTable {
  /** gain[i][j]: mean received power from i at j, mW (0: no link) */
  gain: Float64Array[];
  /** los[i][j]: 1 when the link crosses no wall or floor */
  los: Uint8Array[];
  /** near[i]: the stations with a link to i; nearGain/nearLos: those links' gain[i][j] and los[i][j], in the same order */
  near: Int32Array[];
  nearGain: Float64Array[];
  nearLos: Uint8Array[];
  /** back[i][k]: the position of i in near[near[i][k]] */
  back: Int32Array[];
}

export function buildLinks(stations: readonly Station[], walls: readonly Wall[], model: RadioModel, seed: number, crowdPerM2: (floor: number) => number): LinkTable {
  const n = stations.length;
  const gain = stations.map(() => new Float64Array(n));
  const los = stations.map(() => new Uint8Array(n));
  const hearers: number[][] = stations.map(() => []);
  const backs: number[][] = stations.map(() => []);
  const index = new WallIndex(walls, model.wallLossDb);
  const cutoffDbm = model.noiseDbm - CUTOFF_DB;
  const excess = 4 * model.shadowingSigmaDb;
  const budget = model.txPowerDbm - model.pl0Db - cutoffDbm + excess;
  const reach = Math.max(1, Math.pow(10, budget / (10 * Math.max(0.1, model.exponent))));
  // Cells of `reach` metres: a pair in range lies in the same or a neighbouring cell.
  const cell = Math.max(reach, 1);
  const grid = new Map<string, number[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  stations.forEach((s, i) => {
    const k = key(Math.floor(s.x / cell), Math.floor(s.y / cell));
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  });
  for (let i = 0; i < n; i++) {
    const a = stations[i];
    const cx = Math.floor(a.x / cell), cy = Math.floor(a.y / cell);
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const j of grid.get(key(gx, gy)) ?? []) {
          if (j <= i) continue;
          const b = stations[j];
          const floors = Math.abs(a.floor - b.floor);
          const d = Math.max(1, Math.hypot(a.x - b.x, a.y - b.y, floors * 4));
          if (10 * model.exponent * Math.log10(d) + floors * model.floorLossDb > budget) continue;
          const crowd = a.floor === b.floor ? crowdPerM2(a.floor) : 0;
          const rx = model.txPowerDbm - pathLossDb(model, index, a, b, crowd) + linkNormal(seed, a.id, b.id) * model.shadowingSigmaDb;
          if (rx < cutoffDbm) continue;
          const mw = dbmToMw(rx);
          gain[i][j] = gain[j][i] = mw;
          los[i][j] = los[j][i] = lineOfSight(index, a, b) ? 1 : 0;
          backs[i].push(hearers[j].length);
          backs[j].push(hearers[i].length);
          hearers[i].push(j);
          hearers[j].push(i);
        }
      }
    }
  }
  const near = hearers.map((h) => Int32Array.from(h));
  return {
    gain, los, near, back: backs.map((b) => Int32Array.from(b)),
    nearGain: near.map((h, i) => Float64Array.from(h, (j) => gain[i][j])),
    nearLos: near.map((h, i) => Uint8Array.from(h, (j) => los[i][j])),
  };
}

/** A standard normal deviate fixed for the unordered pair (a, b) under `seed`. */
export function linkNormal(seed: number, a: number, b: number): number {
  const lo = Math.min(a, b), hi = Math.max(a, b);
  const u = Math.max(unit(seed, lo, hi, 1), 1e-12), v = unit(seed, lo, hi, 2);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function unit(seed: number, a: number, b: number, k: number): number {
  let h = Math.imul(seed ^ 0x5eed, 0x9e3779b1) ^ Math.imul(a + 1, 0x85ebca6b) ^ Math.imul(b + 1, 0xc2b2ae35) ^ Math.imul(k, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

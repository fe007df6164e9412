/**
 * Which beacons can hear a phone's BLE, found without trying every beacon:
 * the simulator's phones (sim/people.ts) ask it once per phone position.
 *
 * Rules: a beacon is in range of a phone when the phone's BLE signal there,
 * txPowerDbm − pathLossDb (sim/radio-model.ts: distance, walls, floors; no
 * shadowing), is at least the BLE sensitivity (`bleRssi` and `inBleRange`:
 * the brute-force rule, for the tests). Walls, floors and the crowd only add
 * loss, so no beacon farther than the open-air range R — where pl0Db +
 * 10 · exponent · log10(R) uses up the link budget txPowerDbm −
 * sensitivityDbm — can be in range, and none more floors away than the budget
 * over floorLossDb. Beacons are filed in square cells of side R per floor; a
 * phone's candidates are the beacons of the 3 × 3 cells around it on the
 * floors within reach, each then checked by the exact rule. Candidates come
 * back in beacon order (the order of the scenario's beacons), so whoever
 * walks them draws random numbers in the same order as a walk over every
 * beacon would.
 */
import type { Wall } from "./geometry";
import { type Point, type RadioModel, pathLossDb } from "./radio-model";

export interface BleBudget { txPowerDbm: number; sensitivityDbm: number }

/** The phone's BLE signal at the beacon, dBm (the mean path loss, as the people use it). */
export function bleRssi(radio: RadioModel, walls: readonly Wall[], ble: BleBudget, phone: Point, beacon: Point): number {
  return ble.txPowerDbm - pathLossDb(radio, walls, phone, beacon);
}

/** The brute-force rule: the signal if the beacon can hear the phone at all, else null. */
export function inBleRange(radio: RadioModel, walls: readonly Wall[], ble: BleBudget, phone: Point, beacon: Point): number | null {
  const r = bleRssi(radio, walls, ble, phone, beacon);
  return r >= ble.sensitivityDbm ? r : null;
}

/** The open-air BLE range, m: no beacon farther away can hear a phone (Infinity if the model has no distance loss). */
export function bleRangeM(radio: RadioModel, ble: BleBudget): number {
  const budget = ble.txPowerDbm - ble.sensitivityDbm - radio.pl0Db;
  if (budget < 0) return 1; // only within the model's 1 m floor on distance, and then not even there
  if (!(radio.exponent > 0)) return Infinity;
  return Math.max(1, Math.pow(10, budget / (10 * radio.exponent)));
}

/** A beacon as the index files it. */
export interface Placed extends Point { index: number }

export class BleRangeIndex {
  /** cell side, m */
  readonly cellM: number;
  private readonly cells = new Map<string, Placed[]>();
  private readonly floorsApart: number;

  constructor(
    private readonly radio: RadioModel,
    private readonly walls: readonly Wall[],
    private readonly ble: BleBudget,
    beacons: readonly Placed[],
    site: { width: number; depth: number },
  ) {
    const range = bleRangeM(radio, ble);
    // One cell for the whole plan when the range covers it (or is unbounded).
    this.cellM = Math.min(Math.max(range, 1), Math.max(site.width, site.depth) + 1);
    const budget = ble.txPowerDbm - ble.sensitivityDbm - radio.pl0Db;
    const byLoss = radio.floorLossDb > 0 ? Math.floor(budget / radio.floorLossDb) : Infinity;
    const byDistance = Number.isFinite(range) ? Math.floor(range / 4) : Infinity; // floors are 4 m apart
    this.floorsApart = Math.max(0, Math.min(byLoss, byDistance));
    for (const b of beacons) {
      const k = this.key(b.floor, this.cell(b.x), this.cell(b.y));
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }

  /** The beacons that can hear a phone at `p`, with its signal at each, in beacon order. */
  inRange(p: Point): { beacon: Placed; rssi: number }[] {
    const out: { beacon: Placed; rssi: number }[] = [];
    const cx = this.cell(p.x), cy = this.cell(p.y);
    const floors = this.floorsApart;
    for (let f = p.floor - Math.min(floors, 300); f <= p.floor + Math.min(floors, 300); f++) {
      for (let x = cx - 1; x <= cx + 1; x++) {
        for (let y = cy - 1; y <= cy + 1; y++) {
          const list = this.cells.get(this.key(f, x, y));
          if (!list) continue;
          for (const b of list) {
            const rssi = inBleRange(this.radio, this.walls, this.ble, p, b);
            if (rssi !== null) out.push({ beacon: b, rssi });
          }
        }
      }
    }
    return out.sort((a, b) => a.beacon.index - b.beacon.index);
  }

  private cell(v: number): number {
    return Math.floor(v / this.cellM);
  }

  private key(floor: number, cx: number, cy: number): string {
    return `${floor}:${cx}:${cy}`;
  }
}

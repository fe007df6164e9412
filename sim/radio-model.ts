/**
 * The physics of the 2.4 GHz channel (ESP-NOW at 1 Mbps) the simulator's
 * medium (sim/medium.ts) and the phones' BLE (sim/people.ts) use: its
 * parameters, their defaults, and path loss.
 *
 * Path loss = pl0Db + 10 · exponent · log10(d) + walls crossed · wallLossDb +
 * floors between · floorLossDb, with d the straight distance in metres (at
 * least 1 m; floors are 4 m apart). Walls count only between points on the
 * same floor. The defaults are an indoor log-distance model (loss at 1 m of
 * 40 dB, exponent 2.8) and the ESP32's radio (15 dBm out, −94 dBm
 * sensitivity at 1 Mbps); a scenario's `radio` overrides any of them
 * (sim/scenarios/README.md).
 */
import { type Wall, wallsCrossed } from "./geometry";

export interface RadioModel {
  txPowerDbm: number;
  /** path loss at 1 m, dB */
  pl0Db: number;
  exponent: number;
  wallLossDb: number;
  floorLossDb: number;
  shadowingSigmaDb: number;
  noiseDbm: number;
  sensitivityDbm: number;
  sinrThresholdDb: number;
  ccaThresholdDbm: number;
  /** extra independent loss of each data frame, 0..1; ACKs lose in proportion to their airtime */
  frameLoss: number;
  bitrate: number;
}

export const DEFAULT_RADIO: RadioModel = {
  txPowerDbm: 15,
  pl0Db: 40,
  exponent: 2.8,
  wallLossDb: 5,
  floorLossDb: 18,
  shadowingSigmaDb: 4,
  noiseDbm: -95,
  sensitivityDbm: -94,
  sinrThresholdDb: 4,
  ccaThresholdDbm: -82,
  frameLoss: 0,
  bitrate: 1_000_000,
};

/** A point of the site. */
export interface Point { floor: number; x: number; y: number }

export const dbmToMw = (dbm: number): number => Math.pow(10, dbm / 10);

/** Path loss between two points of the site, dB (no shadowing: the medium adds it per link). */
export function pathLossDb(model: RadioModel, walls: readonly Wall[], a: Point, b: Point): number {
  const d = Math.max(1, Math.hypot(a.x - b.x, a.y - b.y, (a.floor - b.floor) * 4));
  const floors = Math.abs(a.floor - b.floor);
  const crossed = a.floor === b.floor ? wallsCrossed(walls, a.floor, a.x, a.y, b.x, b.y) : 0;
  return model.pl0Db + 10 * model.exponent * Math.log10(d) + crossed * model.wallLossDb + floors * model.floorLossDb;
}

/**
 * The physics of the 2.4 GHz channel (ESP-NOW at 1 Mbps) the simulator's
 * medium (sim/medium.ts) and the phones' BLE (sim/people.ts) use: its
 * parameters, their defaults, and the mean path loss.
 *
 * Path loss = pl0Db + 10 · exponent · log10(d) + the walls crossed (each its
 * material's loss, sim/materials.ts, or wallLossDb) + floors between ·
 * floorLossDb + the crowd's mean loss (sim/materials.ts), with d the straight
 * distance in metres (at least 1 m; floors are 4 m apart). Walls and the
 * crowd count only between points on the same floor.
 *
 * Defaults and where they come from:
 * - txPowerDbm 19.5: ESP32 Series Datasheet, "Wi-Fi RF transmitter", 802.11b
 *   at 1 Mbps (Espressif states 19.5 dBm).
 * - sensitivityDbm −98: ESP32 Series Datasheet, "Wi-Fi RF receiver", 802.11b
 *   1 Mbps; per IEEE 802.11 the level of 8 % frame errors for 1024-byte
 *   frames (sim/per.ts calibrates its error curve there).
 * - noiseDbm −100: the receiver's noise floor in the 11 MHz chip bandwidth,
 *   kTB = −103.6 dBm plus an assumed noise figure of 3.6 dB (Espressif
 *   publishes none); with −98 dBm sensitivity it implies ≈ 2.1 dB of
 *   implementation loss (sim/per.ts).
 * - pl0Db 40: free-space loss at 1 m at 2.44 GHz, 20·log10(4π/λ) = 40.2 dB
 *   (Friis). exponent 2.8, shadowingSigmaDb 4: indoor log-distance figures
 *   (ITU-R P.1238: N ≈ 2.2–3.3 for offices and commercial buildings at
 *   2.4 GHz; log-normal shadowing σ 3–8 dB, Rappaport §4.11).
 * - floorLossDb 18: ITU-R P.1238 Table 3, floor penetration of a commercial
 *   building at 2.4 GHz (≈ 14–20 dB for one floor).
 * - wallLossDb 5: a wall of no stated material (between drywall and brick).
 * - ccaThresholdDbm −82: the carrier-sense level 802.11 sets for OFDM
 *   preambles, kept for DSSS (which must detect at sensitivity; ED at −80 to
 *   −70 dBm) as the point where a station defers.
 * - fading "rayleigh", ricianKDb 6 (sim/fading.ts); "rician" applies K on
 *   links that cross no wall or floor (line of sight) and Rayleigh behind
 *   obstructions (ITU-R P.1238 §4: Rician in LOS, Rayleigh in NLOS).
 * - interferenceDbm −85, interferenceDutyCycle 0: other 2.4 GHz users
 *   (Wi-Fi, BLE, microwave ovens) as bursts of INTERFERENCE_BURST_MS at that
 *   power, a Poisson process of that duty cycle, independent per (frame,
 *   receiver); off by default.
 * - bodyLossDb 3: per body across the path (sim/materials.ts); counts only
 *   when the medium is given a crowd density.
 * - frameLoss 0: an extra independent loss of each frame (and each ACK), for
 *   experiments; nothing physical depends on it.
 * - bitrate 1 Mbit/s: ESP-NOW's default PHY rate (ESP-IDF ESP-NOW guide).
 */
import type { Wall } from "./geometry";
import type { FadingKind } from "./fading";
import { crowdLossDb } from "./materials";
import { WallIndex } from "./walls";

export interface RadioModel {
  txPowerDbm: number;
  /** path loss at 1 m, dB */
  pl0Db: number;
  exponent: number;
  /** loss of a wall of no material, dB */
  wallLossDb: number;
  floorLossDb: number;
  shadowingSigmaDb: number;
  /** noise floor in the 11 MHz chip bandwidth, dBm */
  noiseDbm: number;
  /** input level of 8 % frame errors for 1024-byte frames, dBm */
  sensitivityDbm: number;
  ccaThresholdDbm: number;
  fading: FadingKind;
  ricianKDb: number;
  /** background interference bursts: power at each receiver, dBm, and share of time on */
  interferenceDbm: number;
  interferenceDutyCycle: number;
  /** mean loss of one body across the path, dB (0: no crowd loss) */
  bodyLossDb: number;
  /** extra independent loss of each frame and each ACK, 0..1 */
  frameLoss: number;
  bitrate: number;
}

export const DEFAULT_RADIO: RadioModel = {
  txPowerDbm: 19.5,
  pl0Db: 40,
  exponent: 2.8,
  wallLossDb: 5,
  floorLossDb: 18,
  shadowingSigmaDb: 4,
  noiseDbm: -100,
  sensitivityDbm: -98,
  ccaThresholdDbm: -82,
  fading: "rayleigh",
  ricianKDb: 6,
  interferenceDbm: -85,
  interferenceDutyCycle: 0,
  bodyLossDb: 3,
  frameLoss: 0,
  bitrate: 1_000_000,
};

/** One burst of background interference, ms: an 802.11g/n data frame of ~1500 bytes at 24–54 Mbit/s with its preamble, or a BLE advertising train. */
export const INTERFERENCE_BURST_MS = 0.5;

/** ESP-NOW's PHY rates, bit/s: 802.11b DSSS/CCK and 802.11g OFDM (esp_now_set_peer_rate_config / WIFI_PHY_RATE_*). */
export const PHY_RATES: readonly number[] = [1e6, 2e6, 5.5e6, 11e6, 6e6, 9e6, 12e6, 18e6, 24e6, 36e6, 48e6, 54e6];

/** A point of the site. */
export interface Point { floor: number; x: number; y: number }

export const dbmToMw = (dbm: number): number => Math.pow(10, dbm / 10);

/**
 * Mean path loss between two points of the site, dB (no shadowing or fading:
 * the medium adds them). `walls` may be a WallIndex for speed; `crowdPerM2` is
 * the crowd density of the floor when both points are on the same one.
 */
export function pathLossDb(model: RadioModel, walls: readonly Wall[] | WallIndex, a: Point, b: Point, crowdPerM2 = 0): number {
  const flat = Math.hypot(a.x - b.x, a.y - b.y);
  const d = Math.max(1, Math.hypot(flat, (a.floor - b.floor) * 4));
  const floors = Math.abs(a.floor - b.floor);
  let extra = floors * model.floorLossDb;
  if (a.floor === b.floor) {
    const index = walls instanceof WallIndex ? walls : indexOf(walls, model.wallLossDb);
    extra += index.lossDb(a.floor, a.x, a.y, b.x, b.y) + crowdLossDb(crowdPerM2, flat, model.bodyLossDb);
  }
  return model.pl0Db + 10 * model.exponent * Math.log10(d) + extra;
}

/** Whether a link is line of sight: same floor and no wall crossed (for Rician fading). */
export function lineOfSight(walls: WallIndex, a: Point, b: Point): boolean {
  return a.floor === b.floor && walls.lossDb(a.floor, a.x, a.y, b.x, b.y) === 0;
}

const indexes = new WeakMap<readonly Wall[], Map<number, WallIndex>>();
/** The WallIndex of a list of walls (built once per list and default loss). */
function indexOf(walls: readonly Wall[], wallLossDb: number): WallIndex {
  let m = indexes.get(walls);
  if (!m) indexes.set(walls, (m = new Map()));
  let w = m.get(wallLossDb);
  if (!w) m.set(wallLossDb, (w = new WallIndex(walls, wallLossDb)));
  return w;
}

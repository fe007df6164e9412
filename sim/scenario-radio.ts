/**
 * The `radio` section of a scenario file and the walls' `material`
 * (sim/scenarios/README.md, "Radio"): every key has the range the radio
 * model gives it a meaning in (sim/radio-model.ts), and a wrong value is an
 * error naming its path.
 *
 * Ranges: powers in dBm as an ESP32 or a jammer can produce or a receiver
 * meet (transmit −10 … 30, noise −130 … −60, sensitivity −120 … −50 and
 * above the noise less 20 dB); losses ≥ 0 (pl0Db 20 … 80 covers 2.4 GHz with
 * any antenna); exponent 1.5 … 6 (free space 2, cluttered tunnels ~4);
 * shadowing σ 0 … 20 dB; Rician K −10 … 30 dB; shares 0 … 0.95 (a channel
 * busy all of the time carries nothing); bitrate one of ESP-NOW's PHY rates
 * (a bitrate of 0 would put frames on the air for ever).
 */
import { FADING_KINDS } from "./fading";
import type { Wall, Zone } from "./geometry";
import { WALL_MATERIALS, type WallMaterial } from "./materials";
import { PHY_RATES, type RadioModel } from "./radio-model";
import { type Obj, ScenarioError, known, num, obj } from "./scenario-fields";

const P = "scenario.radio";

/** Numeric keys and their ranges. */
const RANGES: Record<string, [number, number]> = {
  txPowerDbm: [-10, 30],
  pl0Db: [20, 80],
  exponent: [1.5, 6],
  wallLossDb: [0, 60],
  floorLossDb: [0, 80],
  shadowingSigmaDb: [0, 20],
  noiseDbm: [-130, -60],
  sensitivityDbm: [-120, -50],
  ccaThresholdDbm: [-120, 0],
  ricianKDb: [-10, 30],
  interferenceDbm: [-130, 30],
  interferenceDutyCycle: [0, 0.95],
  bodyLossDb: [0, 20],
  frameLoss: [0, 0.99],
};

/** Keys that once existed, and what replaced them. */
const RETIRED: Record<string, string> = {
  sinrThresholdDb:
    "is no longer used: reception follows the 802.11b 1 Mbps packet-error curve calibrated at sensitivityDbm (sim/per.ts); remove it, or set sensitivityDbm and noiseDbm",
};

export const RADIO_KEYS = [...Object.keys(RANGES), "fading", "bitrate"];

export function parseRadio(v: unknown): Partial<RadioModel> {
  const radio: Obj = v === undefined ? {} : obj(v, P);
  for (const [k, why] of Object.entries(RETIRED)) if (k in radio) throw new ScenarioError(`${P}.${k} ${why}`);
  known(radio, RADIO_KEYS, P);
  const out: Record<string, unknown> = {};
  for (const [k, [min, max]] of Object.entries(RANGES)) if (radio[k] !== undefined) out[k] = num(radio, k, P, min, max);
  if (radio.bitrate !== undefined) {
    if (!PHY_RATES.includes(radio.bitrate as number)) throw new ScenarioError(`${P}.bitrate must be one of ESP-NOW's PHY rates in bit/s: ${PHY_RATES.join(", ")}`);
    out.bitrate = radio.bitrate;
  }
  if (radio.fading !== undefined) {
    if (!(FADING_KINDS as readonly unknown[]).includes(radio.fading)) throw new ScenarioError(`${P}.fading must be one of ${FADING_KINDS.join(", ")}`);
    out.fading = radio.fading;
  }
  const noise = (out.noiseDbm as number | undefined) ?? -100, sens = (out.sensitivityDbm as number | undefined) ?? -98;
  if (sens < noise - 20) throw new ScenarioError(`${P}.sensitivityDbm must be at least noiseDbm − 20 dB (no receiver decodes 20 dB under its noise)`);
  return out as Partial<RadioModel>;
}

/** A wall: a zone's fields (read by `zone`) and an optional `material`. */
export function parseWall(v: unknown, path: string, zone: (v: unknown, path: string) => Zone): Wall {
  const o = obj(v, path);
  const { material, ...rest } = o;
  const z = zone(rest, path);
  const wall: Wall = { floor: z.floor, x0: z.x0, y0: z.y0, x1: z.x1, y1: z.y1 };
  if (material !== undefined) {
    if (!(WALL_MATERIALS as readonly unknown[]).includes(material)) throw new ScenarioError(`${path}.material must be one of ${WALL_MATERIALS.join(", ")}`);
    wall.material = material as WallMaterial;
  }
  return wall;
}

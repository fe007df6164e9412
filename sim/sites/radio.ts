/**
 * The radio of a generated site: one environment per kind of site, the loss
 * of each wall material, and the range that beacon spacing is measured
 * against.
 *
 * Rules: every site transmits at 8 dBm (the default mall's setting; a tunnel
 * sets its power for its chain, sim/sites/tunnel.ts) and keeps the model's
 * receiver (sensitivity, noise) and 1 m loss: those are the hardware's; the
 * environment sets the path-loss exponent, the floor loss and the shadowing. Material losses
 * at 2.4 GHz are the usual WLAN-planning orders of magnitude (ITU-R P.2040,
 * vendors' site-survey tables): glass 3 dB, drywall 3, brick 8, concrete 12,
 * metal 20. Walls carry their `material` (the radio model then takes each
 * material's loss from ITU-R P.2040, sim/materials.ts); `wallLossDb` is the
 * dominant material's figure above, for a reader without materials
 * (PARSER_KNOWS below says what is written).
 *
 * The channel beyond path loss is the default mall's (tools/make-mall.ts):
 * Rician fading with K = 6 dB (the model applies it in line of sight and
 * Rayleigh behind walls and floors), 3 dB per body across the path (the crowd
 * is the site's phones), and background 2.4 GHz interference at −85 dBm with
 * a duty cycle each kind draws (the incident's `interference`). Random frame
 * loss, which nothing physical causes, is 0 unless a site asks for it.
 *
 * The good-link range (rangeM) is where a link in the open delivers 90 % of
 * frames by the medium's own reckoning (Medium.linkPrr, Medium.goodLink's
 * threshold); a spacing of 1 puts neighbours at that edge. Because it is
 * measured on the radio model as it stands, a change of the model's physics
 * moves the generated sites with it (an installer places beacons by what the
 * radio does), and the family's geometry with them.
 */
import { Medium } from "../medium";
import { Scheduler } from "../scheduler";
import type { Material } from "./types";

export const MATERIAL_LOSS_DB: Record<Material, number> = { glass: 3, drywall: 3, brick: 8, concrete: 12, metal: 20 };

/** Fields of the scenario format these generators may write (kept to what sim/scenario.ts accepts). */
export const PARSER_KNOWS = { material: true, fading: true, bodyLossDb: true, interference: true };

export interface Environment {
  exponent: number;
  floorLossDb: number;
  shadowingSigmaDb: number;
  /** the material most walls are made of: their loss while walls carry no material */
  material: Material;
}

/**
 * Per kind: malls and offices are the default mall's indoor model; a station's
 * concrete halls and slabs lose more per floor (30 dB) so floors meet only at
 * the shafts; a service tunnel is cluttered (cable trays, pipework, bends:
 * exponent 4.0) but its links are in line of sight along it, where shadowing
 * varies less (σ 2 dB: Rappaport §4.9 reports 1–3 dB in corridors); a food court is one open hall full of people (2.9).
 */
export const ENVIRONMENTS: Record<string, Environment> = {
  mall: { exponent: 3.3, floorLossDb: 20, shadowingSigmaDb: 4, material: "drywall" },
  office: { exponent: 3.3, floorLossDb: 22, shadowingSigmaDb: 4, material: "drywall" },
  station: { exponent: 3.1, floorLossDb: 30, shadowingSigmaDb: 5, material: "concrete" },
  tunnel: { exponent: 4.0, floorLossDb: 30, shadowingSigmaDb: 2, material: "concrete" },
  "food-court": { exponent: 2.9, floorLossDb: 20, shadowingSigmaDb: 4, material: "glass" },
  grid: { exponent: 3.3, floorLossDb: 20, shadowingSigmaDb: 4, material: "drywall" },
};

export const TX_POWER_DBM = 8;

const ranges = new Map<string, number>();

/**
 * The good-link range (m): the distance at which a link in the open (no wall,
 * no shadowing, no random loss) has the medium's own linkPrr of `prr`, found
 * by bisection on a two-station medium, so it follows the radio model
 * (sim/radio-model.ts, sim/per.ts) as it stands.
 */
export function rangeM(env: Environment, txPowerDbm = TX_POWER_DBM, prr = 0.9): number {
  const key = `${env.exponent}:${txPowerDbm}:${prr}`;
  const known = ranges.get(key);
  if (known !== undefined) return known;
  const model = { txPowerDbm, exponent: env.exponent, shadowingSigmaDb: 0, frameLoss: 0, fading: "rician" as const, ricianKDb: 6, interferenceDutyCycle: 0 };
  const prrAt = (d: number) => new Medium(new Scheduler(), [{ id: 1, floor: 0, x: 0, y: 0 }, { id: 2, floor: 0, x: d, y: 0 }], [], model, 1).linkPrr(1, 2, 0);
  let lo = 1, hi = 5000;
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if (prrAt(mid) >= prr) lo = mid;
    else hi = mid;
  }
  const r = Math.round(lo * 10) / 10;
  ranges.set(key, r);
  return r;
}

/** The transmit power (dBm, 0.25 dB steps as the ESP32 sets it) that makes the good-link range `rangeM` metres. */
export function txForRange(env: Environment, targetM: number): number {
  const tx = TX_POWER_DBM + 10 * env.exponent * Math.log10(targetM / rangeM(env));
  return Math.round(tx * 4) / 4;
}

/** The scenario's `radio` object for an environment, with the run's frame loss and, where the parser knows it, fading. */
export function radioJson(env: Environment, frameLoss: number, interferenceDutyCycle: number, fading: "none" | "rayleigh" | "rician" = "rician", txPowerDbm = TX_POWER_DBM): Record<string, number | string> {
  const r: Record<string, number | string> = {
    txPowerDbm, exponent: env.exponent, wallLossDb: MATERIAL_LOSS_DB[env.material],
    floorLossDb: env.floorLossDb, shadowingSigmaDb: env.shadowingSigmaDb, frameLoss,
  };
  if (PARSER_KNOWS.fading) Object.assign(r, { fading, ricianKDb: 6 });
  if (PARSER_KNOWS.bodyLossDb) r.bodyLossDb = 3;
  if (PARSER_KNOWS.interference) Object.assign(r, { interferenceDbm: -85, interferenceDutyCycle });
  return r;
}

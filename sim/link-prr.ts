/**
 * The expected delivery probability of one frame over a link (Medium.linkPrr):
 * the packet-error curve (sim/per.ts) averaged over the link's fading
 * (sim/fading.ts quadrature), with noise, jamming at the receiver and the
 * background bursts, but no other traffic. A burst is taken to cover
 * min(burst, frame) of the frame.
 *
 * Bounds (prrBounds, for Medium.linkPrrAtLeast): each quadrature point's term
 * rises with its fading gain (more signal, fewer bit errors, with or without
 * a burst), so the average lies between the terms at the smallest and the
 * largest gain of the quadrature. Two terms instead of 256 settle "is this
 * link at least that good" for every link far from the threshold; the
 * caller decides from them only with a margin (PRR_MARGIN) far wider than any
 * rounding of the full sum, so the answer is the one the full sum gives.
 */
import { PHY_MS, airtimeMs } from "../forwarding/airtime";
import { quadrature } from "./fading";
import { logSurvival } from "./per";
import { INTERFERENCE_BURST_MS, type RadioModel, dbmToMw } from "./radio-model";

/** Relative margin a bound must clear a threshold by to decide it (the full sum's rounding is below 1e-12). */
export const PRR_MARGIN = 1e-9;

/** The per-frame constants of one link's average: the fading's points and the frame's stretches. */
interface Terms {
  q: Float64Array;
  noise: number;
  p0: number;
  plcpBits: number;
  payloadBits: number;
  burstBits: number;
  payGain: number;
  burstNoise: number;
  lossLinear: number;
  keep: number;
}

function terms(m: RadioModel, los: boolean, noiseMw: number, jamMw: number, bytes: number, lossLinear: number, burstRate: number): Terms {
  const dur = airtimeMs(bytes, m.bitrate);
  const noise = noiseMw + jamMw;
  const bursts = burstRate * (dur + INTERFERENCE_BURST_MS);
  const kind = m.fading === "rician" && !los ? "rayleigh" : m.fading;
  return {
    q: quadrature(kind, m.ricianKDb), noise, p0: Math.exp(-bursts),
    // Closed form of frameSurvival for these stretches: the PLCP, the payload, and the payload's part under a burst.
    plcpBits: PHY_MS * 1000, payloadBits: ((dur - PHY_MS) * m.bitrate) / 1000,
    burstBits: (Math.min(INTERFERENCE_BURST_MS, dur - PHY_MS) * m.bitrate) / 1000,
    payGain: 11e6 / m.bitrate, burstNoise: noise + dbmToMw(m.interferenceDbm), lossLinear, keep: 1 - m.frameLoss,
  };
}

/** The delivery probability at one fading point (signal sg, mW): rises with sg. */
function term(t: Terms, sg: number): number {
  const { noise, p0, plcpBits, payloadBits, burstBits, payGain, burstNoise, lossLinear } = t;
  const head = logSurvival(sg / noise, plcpBits, lossLinear);
  const clean = Math.exp(head + logSurvival(sg / noise, payloadBits, lossLinear, payGain));
  if (p0 >= 1) return clean;
  const hit = Math.exp(head + logSurvival(sg / noise, payloadBits - burstBits, lossLinear, payGain) + logSurvival(sg / burstNoise, burstBits, lossLinear, payGain));
  return p0 * clean + (1 - p0) * hit;
}

/**
 * `signalMw`: the link's mean power; `los`: line of sight (Rician applies);
 * `burstRate`: background bursts per ms (sim/reception.ts).
 */
export function expectedPrr(m: RadioModel, signalMw: number, los: boolean, noiseMw: number, jamMw: number, bytes: number, lossLinear: number, burstRate: number): number {
  const t = terms(m, los, noiseMw, jamMw, bytes, lossLinear, burstRate);
  const q = t.q;
  let sum = 0;
  for (const g of q) sum += term(t, signalMw * g);
  return (sum / q.length) * t.keep;
}

const spans = new WeakMap<Float64Array, [number, number]>();

/** The smallest and largest gain of a quadrature. */
function span(q: Float64Array): [number, number] {
  let s = spans.get(q);
  if (!s) {
    let lo = Infinity, hi = -Infinity;
    for (const g of q) {
      lo = Math.min(lo, g);
      hi = Math.max(hi, g);
    }
    spans.set(q, (s = [lo, hi]));
  }
  return s;
}

/** Lower and upper bounds of expectedPrr with the same arguments (before any margin). */
export function prrBounds(m: RadioModel, signalMw: number, los: boolean, noiseMw: number, jamMw: number, bytes: number, lossLinear: number, burstRate: number): [number, number] {
  const t = terms(m, los, noiseMw, jamMw, bytes, lossLinear, burstRate);
  const [lo, hi] = span(t.q);
  return [term(t, signalMw * lo) * t.keep, term(t, signalMw * hi) * t.keep];
}

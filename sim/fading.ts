/**
 * Small-scale fading: the power gain |h|² (mean 1) one frame sees on one link.
 *
 * Rules:
 * - "none": 1. "rayleigh": no line-of-sight component, |h|² exponential of
 *   mean 1. "rician": a fixed component of power K/(K+1) plus a scattered one
 *   of power 1/(K+1) (Rice; K from the scenario, `ricianKDb`). Indoors at
 *   2.4 GHz, K of 0–10 dB in line of sight and Rayleigh behind obstructions are
 *   what measurements report (Rappaport, Wireless Communications, 2nd ed.,
 *   §5.6.6; ITU-R P.1238 notes Rician in LOS, Rayleigh in NLOS).
 * - Coherence: one draw per (frame, receiver). At walking speed (1.4 m/s) and
 *   2.4 GHz the Doppler spread is ≈ 11 Hz, coherence time ≈ 0.423/f_D ≈ 38 ms
 *   (Rappaport §5.4.3); a frame, SIFS and its ACK take < 3 ms, so the ACK
 *   travels back over the same channel as its frame (reciprocity) and reuses
 *   the frame's draw; frames further apart draw afresh (the next frame is
 *   usually more than a backoff away; independence is the simplification).
 * - Expected values over the fading (Medium.linkPrr) use a fixed stratified
 *   set of draws (quadrature()), deterministic and the same for every link.
 */
import { STEP, type SeededRandom, counterAt, output } from "../hal/sim/random";
import type { FadeStream } from "./fade-stream";

export type FadingKind = "none" | "rayleigh" | "rician";
export const FADING_KINDS: readonly FadingKind[] = ["none", "rayleigh", "rician"];

/** One draw of the power gain (mean 1). `kDb` matters for "rician" only. */
export function fadingGain(kind: FadingKind, kDb: number, rand: SeededRandom): number {
  if (kind === "none") return 1;
  const k = kind === "rician" ? Math.pow(10, kDb / 10) : 0;
  const los = Math.sqrt(k / (k + 1));
  const s = Math.sqrt(1 / (2 * (k + 1)));
  const u = Math.max(rand.next(), 1e-300), v = rand.next();
  const r = Math.sqrt(-2 * Math.log(u));
  const x = los + s * r * Math.cos(2 * Math.PI * v), y = s * r * Math.sin(2 * Math.PI * v);
  return x * x + y * y;
}

const cache = new Map<string, Float64Array>();

/**
 * Gains standing for the distribution in averages: "none" → [1]; otherwise
 * points on a (radius quantile, phase) grid of the scattered component (its
 * amplitude is Rayleigh, so radius quantiles are exact), each of equal weight:
 * 256 radii for Rayleigh (phase does not matter), 32 radii × 8 phases for Rician.
 */
export function quadrature(kind: FadingKind, kDb: number): Float64Array {
  if (kind === "none") return new Float64Array([1]);
  const key = `${kind}:${kind === "rician" ? kDb : 0}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const k = kind === "rician" ? Math.pow(10, kDb / 10) : 0;
  const los = Math.sqrt(k / (k + 1));
  const s = Math.sqrt(1 / (2 * (k + 1)));
  const R = kind === "rayleigh" ? 256 : 32, P = kind === "rayleigh" ? 1 : 8;
  const out = new Float64Array(R * P);
  for (let i = 0; i < R; i++) {
    const q = (i + 0.5) / R;
    const r = s * Math.sqrt(-2 * Math.log(1 - q));
    for (let j = 0; j < P; j++) {
      const ph = (2 * Math.PI * (j + 0.5)) / P;
      const x = los + r * Math.cos(ph), y = r * Math.sin(ph);
      out[i * P + j] = x * x + y * y;
    }
  }
  cache.set(key, out);
  return out;
}

/**
 * The medium's per-frame draws (sim/air.ts): the same distributions as
 * fadingGain with the constants computed once. "rician" applies K on a line-of-
 * sight link and Rayleigh elsewhere (sim/radio-model.ts). Rayleigh's |h|² is
 * drawn as −ln u (exponential of mean 1: Box–Muller's x² + y² is exactly
 * that), Rician's as |los + s·r·e^{iφ}|² = los² + s²r² + 2·los·s·r·cos φ.
 */
export class Fader {
  /** 0 none, 1 Rayleigh, 2 Rician in line of sight */
  private readonly mode: number;
  private readonly los: number;
  private readonly s: number;

  constructor(kind: FadingKind, kDb: number) {
    this.mode = kind === "none" ? 0 : kind === "rayleigh" ? 1 : 2;
    const k = Math.pow(10, kDb / 10);
    this.los = Math.sqrt(k / (k + 1));
    this.s = Math.sqrt(1 / (2 * (k + 1)));
  }

  /** One draw over a link; `los` is 1 for a line-of-sight link. */
  draw(los: number, rand: SeededRandom): number {
    const mode = this.mode;
    if (mode === 0) return 1;
    const u = Math.max(rand.next(), 1e-300);
    if (mode === 1 || los === 0) return -Math.log(u);
    const a = this.los, r = this.s * Math.sqrt(-2 * Math.log(u));
    return a * a + r * r + 2 * a * r * Math.cos(2 * Math.PI * rand.next());
  }

  /**
   * A frame's draws at its n hearers, into out[0..n) (losCount of los[0..n)
   * are 1): draw(los[k], rand) for
   * each k in order, the same numbers, taken from sim/fade-stream.ts (one
   * tight loop, no call or boxed number per hearer), but out[fixedAt] =
   * fixedFade, drawn from nothing (an ACK's sender: reciprocity, sim/air.ts).
   * A Rayleigh draw takes one number (−ln u), a Rician one two (its radius
   * from −ln u, its phase from the next). When the worker has computed the
   * frame's numbers ahead, −ln u and cos 2πu are read from its ring (the
   * radius written √(2·(−ln u)), which is √(−2 ln u) to the bit); otherwise
   * they are computed here exactly as draw() does.
   */
  fill(out: Float64Array, los: Uint8Array, losCount: number, n: number, numbers: FadeStream, fixedAt: number, fixedFade: number): void {
    const mode = this.mode;
    if (mode === 0) {
      for (let k = 0; k < n; k++) out[k] = k === fixedAt ? fixedFade : 1;
      return;
    }
    let count = mode === 1 ? n : n + losCount;
    if (fixedAt >= 0 && fixedAt < n) count -= mode === 1 || los[fixedAt] === 0 ? 1 : 2;
    let i = numbers.take(count);
    const a = this.los, s = this.s;
    if (numbers.has(i, count)) {
      const lg = numbers.log, cs = numbers.cos, mask = numbers.mask;
      for (let k = 0; k < n; k++) {
        if (k === fixedAt) out[k] = fixedFade;
        else if (mode === 1 || los[k] === 0) out[k] = lg[i++ & mask];
        else {
          const r = s * Math.sqrt(2 * lg[i++ & mask]);
          out[k] = a * a + r * r + 2 * a * r * cs[i++ & mask];
        }
      }
      return;
    }
    // Not computed ahead: draw()'s arithmetic on the same numbers (the generator's, from its counter).
    let c = counterAt(numbers.state, i);
    for (let k = 0; k < n; k++) {
      if (k === fixedAt) {
        out[k] = fixedFade;
        continue;
      }
      c = (c + STEP) | 0;
      const u = Math.max(output(c), 1e-300);
      if (mode === 1 || los[k] === 0) out[k] = -Math.log(u);
      else {
        const r = s * Math.sqrt(-2 * Math.log(u));
        c = (c + STEP) | 0;
        out[k] = a * a + r * r + 2 * a * r * Math.cos(2 * Math.PI * output(c));
      }
    }
  }

}

/**
 * A seeded generator (mulberry32): the same seed gives the same run.
 *
 * The state is kept as the int32 of mulberry32's uint32 counter, in a typed
 * array: a uint32 above 2^30 in an object field is a boxed number, allocated
 * afresh at every draw (the simulator draws tens of millions). Every use of
 * the state below is bitwise (ToInt32 of the uint32 is the same bits), so the
 * numbers are mulberry32's, the same as when it was held as a uint32.
 */
import type { Random } from "../random";

export class SeededRandom implements Random {
  private readonly a = new Int32Array(1);

  constructor(seed: number) {
    this.a[0] = seed | 0;
  }

  next(): number {
    const s = this.a;
    const t = (s[0] + STEP) | 0;
    s[0] = t;
    return output(t);
  }

  /** The state now: numberAt(state, i) is the (i + 1)-th next() from here on. */
  get state(): number {
    return this.a[0];
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An independent generator derived from this one and a label. */
  fork(label: number): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 0x100000000) ^ Math.imul(label + 1, 0x9e3779b1));
  }
}

/** mulberry32's step: the counter advances by it at every number. */
export const STEP = 0x6d2b79f5;

/** mulberry32's output for a counter value (an int32). */
export function output(c: number): number {
  let t = Math.imul(c ^ (c >>> 15), c | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The counter of a generator in `state` after i ≥ 0 more numbers (state + i ·
 * step mod 2^32: Math.imul takes i modulo 2^32, exact for any integer below
 * 2^53). Its next number is output(counter + step).
 */
export function counterAt(state: number, i: number): number {
  return (state + Math.imul(i, STEP)) | 0;
}

/** The number a generator in `state` gives at its (i + 1)-th next(). */
export function numberAt(state: number, i: number): number {
  return output((counterAt(state, i) + STEP) | 0);
}

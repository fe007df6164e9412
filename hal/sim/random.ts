/** A seeded generator (mulberry32): the same seed gives the same run. */
import type { Random } from "../random";

export class SeededRandom implements Random {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

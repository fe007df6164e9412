/**
 * A Trickle timer (RFC 6206): fast when something changes, quiet while
 * everything is consistent. Used for HELLOs (forwarding/discovery.ts) and for
 * the dissemination of responder orders (forwarding/dissemination.ts).
 *
 * Rules (RFC 6206 §4.2, with its names):
 * - an interval of length I starts with the counter c = 0 and a point t drawn
 *   uniformly in [I/2, I);
 * - at t, the action runs if c < k (k = Infinity: always);
 * - when the interval ends, I doubles, up to Imax, and a new interval starts;
 * - a consistent transmission heard adds one to c (`consistent()`);
 * - an inconsistency (`reset()`) sets I = Imin and starts a new interval, unless
 *   I already equals Imin (so a storm of inconsistencies cannot hold a node
 *   transmitting at more than one action per Imin/2); a user may reset to a
 *   longer interval for news that is not urgent.
 * Imin, Imax and k come from the user (the router's configuration); nothing
 * here is tuned.
 */
import type { Clock } from "../hal/clock";
import type { Random } from "../hal/random";

export class Trickle {
  private interval: number;
  private counter = 0;
  private timer = 0;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly imin: number,
    private readonly imax: number,
    private readonly k: number,
    private readonly action: () => void,
  ) {
    this.interval = imin;
  }

  /** The current interval I, ms. */
  get current(): number {
    return this.interval;
  }

  /** Starts at Imin (a node that just booted or learnt something new has news). */
  start(): void {
    this.running = true;
    this.interval = this.imin;
    this.begin();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = 0;
  }

  consistent(): void {
    this.counter++;
  }

  /**
   * An inconsistency: back to Imin (or to `to`, for news that is not urgent),
   * now, unless the interval is already that short (or the timer stopped).
   * Whether it did.
   */
  reset(to = this.imin): boolean {
    if (!this.running || this.interval <= to) return false;
    this.interval = to;
    this.clock.clearTimeout(this.timer);
    this.begin();
    return true;
  }

  private begin(): void {
    this.counter = 0;
    const half = this.interval / 2;
    const t = half + this.random.next() * half;
    const length = this.interval;
    this.timer = this.clock.setTimeout(() => {
      if (this.counter < this.k) this.action();
      if (!this.running) return;
      this.timer = this.clock.setTimeout(() => {
        this.interval = Math.min(this.imax, length * 2);
        this.begin();
      }, length - t);
    }, t);
  }
}

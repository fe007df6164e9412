/**
 * A token bucket: at most `burst` events at once, refilled at `perSecond`.
 * Used to keep a beacon's share of telemetry bounded whatever the crowd
 * around it (firmware/app.ts: position reports), so the site's volume grows
 * with the beacons, not with the phones.
 */
export class TokenBucket {
  private tokens: number;
  private at = -1;
  /** events refused since boot */
  shed = 0;

  constructor(private readonly perSecond: number, private readonly burst: number) {
    this.tokens = burst;
  }

  /** Takes a token at time `now` (ms) if there is one. */
  take(now: number): boolean {
    if (this.at >= 0) this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.shed++;
    return false;
  }
}

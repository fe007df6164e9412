/**
 * Time on air, and bulk traffic's share of it.
 *
 * airtimeMs() is the one airtime function: the router budgets with it and the
 * simulator's medium (sim/medium.ts) occupies the channel for exactly as long.
 * An ESP-NOW frame is an 802.11 vendor action frame: the 802.11b long preamble
 * and PLCP header (192 µs), then the payload plus 43 bytes of MAC header,
 * ESP-NOW vendor header and FCS, at the link's bit rate (1 Mbit/s here).
 *
 * AirtimeBudget rules: a token bucket in ms of airtime, filled at `share` ms
 * per ms and holding at most one second's worth (1000 × share ms). Every data
 * frame sent spends its airtime from it, whatever its class, so bulk gets only
 * what the other classes leave (the balance may go below zero); a bulk frame
 * waits while the bucket holds less than its airtime. HELLOs do not count.
 */

/** 802.11b long preamble and PLCP header, ms. */
export const PHY_MS = 0.192;
/** MAC header, ESP-NOW vendor action header and FCS around the payload, bytes. */
export const FRAMING_BYTES = 43;

/** Time on air of a frame of `frameBytes` bytes at `bitrate` bit/s, ms. */
export function airtimeMs(frameBytes: number, bitrate: number): number {
  return PHY_MS + ((frameBytes + FRAMING_BYTES) * 8 * 1000) / bitrate;
}

export class AirtimeBudget {
  private tokens = 0;
  private at = 0;

  constructor(private readonly share: number) {}

  /** Starts filling at `now` (empty). */
  start(now: number): void {
    this.at = now;
  }

  refill(now: number): void {
    this.tokens = Math.min(1000 * this.share, this.tokens + (now - this.at) * this.share);
    this.at = now;
  }

  affords(ms: number): boolean {
    return !(this.tokens < ms);
  }

  /** How long until the bucket holds `ms`, ms (0 if it does now). */
  wait(ms: number): number {
    return Math.max(0, (ms - this.tokens) / this.share);
  }

  spend(ms: number): void {
    this.tokens -= ms;
  }
}

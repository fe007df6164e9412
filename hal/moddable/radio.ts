/**
 * RadioLink over ESP-NOW: the JS half of hal/moddable/espnow (espnow.c does the
 * Wi-Fi bring-up, peers, and the receive ring; see its header comment).
 *
 * Rules
 * - One frame in flight. `send` hands the frame to the driver and keeps the
 *   token it gets back; `done` runs when onSent reports that token, or with
 *   false after `sendTimeoutMs` (MODDEF_D2D_SEND_TIMEOUT_MS, 200 ms: a 250-byte
 *   frame is about 2.3 ms on air at ESP-NOW's 1 Mbps and the driver's retries
 *   finish within tens of ms, so a completion that has not come by then is
 *   lost), after which the native side re-aligns completion numbers. A frame
 *   the driver refuses, or a send while one is in flight, is `done(false)`.
 *   `done` always runs after `send` has returned, exactly once.
 * - Received frames reach `onReceive` with the broadcast flag espnow.c read
 *   from the destination MAC. A throwing handler costs only that frame (counted).
 * - The receive ring is drained by the native wake-up message; a poll every
 *   `POLL_MS` drains it if a wake-up could not be posted.
 * - Limits come from the native module (the manifest's defines), never restated.
 */
import type { Clock, TimerId } from "../clock";
import { LINK_BROADCAST, type RadioLink, type RadioStats, type ReceiveInfo } from "../radio";

/** What EspNowRadio needs of the native module (espnow.js); tests drive it with a scripted double. */
export interface EspNowNative {
  send(to: number, frame: Uint8Array): number;
  abandon(): void;
  poll(): void;
  stats(into: number[]): void;
  onReceive(frame: ArrayBuffer, from: number, rssi: number, broadcast: boolean): void;
  onSent(token: number, acked: boolean): void;
}

/** The limits the manifest passes to C as defines, as ESPNow.limits() reports them. */
export interface EspNowLimits {
  maxFrame: number;
  peers: number;
  rxRing: number;
  sendTimeoutMs: number;
}

export function limitsFrom(values: number[]): EspNowLimits {
  return { maxFrame: values[0], peers: values[1], rxRing: values[2], sendTimeoutMs: values[3] };
}

/** A safety net only: the ring is normally drained by the native wake-up message. */
export const POLL_MS = 250;

/** ESP-NOW's PHY rate when none is configured (802.11b 1 Mbps). */
const BITRATE = 1_000_000;

export interface EspNowStats extends RadioStats {
  rxForeign: number;
  wakeFailures: number;
  sendRefused: number;
  peerEvictions: number;
  staleCompletions: number;
  receiveErrors: number;
}

export class EspNowRadio implements RadioLink {
  readonly maxFrame: number;
  readonly bitrate = BITRATE;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  private pending: { token: number; done: (acked: boolean) => void; timer: TimerId } | null = null;
  private sendTimeouts = 0;
  private receiveErrors = 0;
  private staleCompletions = 0;
  private readonly counters: number[] = [0, 0, 0, 0, 0];

  constructor(private readonly native: EspNowNative, private readonly limits: EspNowLimits, private readonly clock: Clock) {
    this.maxFrame = limits.maxFrame;
    native.onReceive = (buffer, from, rssi, broadcast) => {
      try {
        this.onReceive?.(new Uint8Array(buffer), { from, rssi, broadcast });
      } catch {
        this.receiveErrors++;
      }
    };
    native.onSent = (token, acked) => {
      const p = this.pending;
      if (!p || p.token !== token) {
        this.staleCompletions++;
        return;
      }
      this.pending = null;
      this.clock.clearTimeout(p.timer);
      p.done(acked);
    };
    const poll = () => {
      this.native.poll();
      this.clock.setTimeout(poll, POLL_MS);
    };
    this.clock.setTimeout(poll, POLL_MS);
  }

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    if (this.pending || frame.length === 0 || frame.length > this.maxFrame) {
      this.clock.setTimeout(() => done(false), 0);
      return;
    }
    let token = 0;
    try {
      token = this.native.send(to === LINK_BROADCAST ? 0xffff : to, frame);
    } catch {
      token = 0;
    }
    if (token <= 0) {
      this.clock.setTimeout(() => done(false), 0);
      return;
    }
    const pending = {
      token,
      done,
      timer: this.clock.setTimeout(() => {
        if (this.pending !== pending) return;
        this.pending = null;
        this.sendTimeouts++;
        this.native.abandon();
        done(false);
      }, this.limits.sendTimeoutMs),
    };
    this.pending = pending;
  }

  stats(): EspNowStats {
    const c = this.counters;
    this.native.stats(c);
    return {
      rxOverflow: c[0], rxForeign: c[1], wakeFailures: c[2], sendRefused: c[3], peerEvictions: c[4],
      sendTimeouts: this.sendTimeouts, staleCompletions: this.staleCompletions, receiveErrors: this.receiveErrors,
    };
  }
}

/**
 * RadioLink over ESP-NOW: the JS half of hal/moddable/espnow (espnow.c does the
 * Wi-Fi bring-up, peers, and the receive and completion rings; see its header).
 *
 * Rules
 * - At most one frame is in the driver. ESP-NOW completes sends in order and
 *   each completion names the address the frame went to; a completion counts
 *   only if it names the address of the frame in the driver (else it is a stale
 *   one, counted and ignored).
 * - The send timeout is `sendTimeoutMs` (MODDEF_D2D_SEND_TIMEOUT_MS, 200 ms: a
 *   250-byte frame is about 2.3 ms on air at ESP-NOW's 1 Mbps and the driver's
 *   retries finish within tens of ms). Moddable runs due timers before queued
 *   messages, so before giving up the radio drains the rings itself (poll): a
 *   completion already waiting is not mistaken for a timeout when XS was busy.
 * - After a timeout the frame's `done(false)` runs at once, but the frame stays
 *   "in the driver" for a quarantine of sendTimeoutMs / 2: the next frame is
 *   held (not refused) until the late completion arrives or the quarantine ends
 *   (the callback is then taken as lost). So a late completion can never be
 *   credited to the next frame, even one to the same address, and a lost one
 *   costs at most the quarantine.
 * - `done` runs exactly once, always after `send` has returned; a refused frame
 *   or a send while one waits is `done(false)`. A throwing `done` or receive
 *   handler costs only that event (counted): nothing escapes into a timer or
 *   the native drain.
 * - Received frames reach `onReceive` with the broadcast flag espnow.c read
 *   from the destination MAC.
 * - The rings are normally drained by the native wake-up message; a poll every
 *   POLL_MS (well under the send timeout) drains them if a wake-up was lost.
 * - Limits come from the native module (the manifest's defines), never restated.
 */
import type { Clock, TimerId } from "../clock";
import type { RadioLink, RadioStats, ReceiveInfo } from "../radio";

/** What EspNowRadio needs of the native module (espnow.js); tests drive it with a scripted double. */
export interface EspNowNative {
  send(to: number, frame: Uint8Array): boolean;
  poll(): void;
  stats(into: number[]): void;
  onReceive(frame: ArrayBuffer, from: number, rssi: number, broadcast: boolean): void;
  onSent(to: number, acked: boolean): void;
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

/** A safety net only: the rings are normally drained by the native wake-up message. */
export const POLL_MS = 100;

/** ESP-NOW's PHY rate when none is configured (802.11b 1 Mbps). */
const BITRATE = 1_000_000;

export interface EspNowStats extends RadioStats {
  rxForeign: number;
  wakeFailures: number;
  sendRefused: number;
  peerEvictions: number;
  txOverflow: number;
  staleCompletions: number;
  lostCompletions: number;
  handlerErrors: number;
}

interface InDriver {
  to: number;
  /** null once the frame's `done` has run (it timed out): in quarantine */
  done: ((acked: boolean) => void) | null;
  timer: TimerId;
}

export class EspNowRadio implements RadioLink {
  readonly maxFrame: number;
  readonly bitrate = BITRATE;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  private current: InDriver | null = null;
  private held: { to: number; frame: Uint8Array; done: (acked: boolean) => void } | null = null;
  private sendTimeouts = 0;
  private staleCompletions = 0;
  private lostCompletions = 0;
  private handlerErrors = 0;
  private readonly counters: number[] = [0, 0, 0, 0, 0, 0];
  /** how long a frame that timed out stays in the driver: sendTimeoutMs / 2 */
  private readonly quarantineMs: number;

  constructor(private readonly native: EspNowNative, private readonly limits: EspNowLimits, private readonly clock: Clock) {
    this.maxFrame = limits.maxFrame;
    native.onReceive = (buffer, from, rssi, broadcast) => {
      try {
        this.onReceive?.(new Uint8Array(buffer), { from, rssi, broadcast });
      } catch {
        this.handlerErrors++;
      }
    };
    native.onSent = (to, acked) => this.completed(to, acked);
    this.quarantineMs = Math.max(1, Math.floor(limits.sendTimeoutMs / 2));
    const every = Math.min(POLL_MS, this.quarantineMs);
    const poll = () => {
      this.clock.setTimeout(poll, every); // first: a poll that throws must not end the polling
      this.poll();
    };
    this.clock.setTimeout(poll, every);
  }

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    if ((this.current && this.current.done) || this.held || frame.length === 0 || frame.length > this.maxFrame) {
      this.later(done, false);
      return;
    }
    // LINK_BROADCAST (0xffff) is also the address espnow.c takes for broadcast: `to` goes as it is.
    if (this.current) {
      // the previous frame is in quarantine: this one goes when it ends
      this.held = { to, frame: frame.slice(), done };
      return;
    }
    this.hand(to, frame, done);
  }

  private hand(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    let taken = false;
    try {
      taken = this.native.send(to, frame);
    } catch {
      taken = false;
    }
    if (!taken) {
      this.later(done, false);
      return;
    }
    const entry: InDriver = { to, done, timer: 0 };
    entry.timer = this.clock.setTimeout(() => this.timedOut(entry), this.limits.sendTimeoutMs);
    this.current = entry;
  }

  /** Drains the native rings now; nothing it throws escapes into a timer. */
  private poll(): void {
    try {
      this.native.poll();
    } catch {
      this.handlerErrors++;
    }
  }

  private timedOut(entry: InDriver): void {
    if (this.current !== entry || !entry.done) return;
    this.poll(); // a completion may be queued behind this timer
    if (this.current !== entry) return;
    this.sendTimeouts++;
    const done = entry.done;
    entry.done = null;
    entry.timer = this.clock.setTimeout(() => {
      if (this.current !== entry) return;
      this.lostCompletions++;
      this.release();
    }, this.quarantineMs);
    this.call(done, false);
  }

  private completed(to: number, acked: boolean): void {
    const entry = this.current;
    if (!entry || entry.to !== to) {
      this.staleCompletions++;
      return;
    }
    this.clock.clearTimeout(entry.timer);
    if (!entry.done) {
      this.staleCompletions++; // the late completion of a frame that timed out: the quarantine ends
      this.release();
      return;
    }
    this.current = null;
    const done = entry.done;
    entry.done = null;
    this.call(done, acked);
  }

  /** The frame in quarantine is done with; the held frame, if any, goes to the driver. */
  private release(): void {
    this.current = null;
    const h = this.held;
    this.held = null;
    if (h) this.hand(h.to, h.frame, h.done);
  }

  private later(done: (acked: boolean) => void, acked: boolean): void {
    this.clock.setTimeout(() => this.call(done, acked), 0);
  }

  private call(done: ((acked: boolean) => void) | null, acked: boolean): void {
    try {
      done?.(acked);
    } catch {
      this.handlerErrors++;
    }
  }

  stats(): EspNowStats {
    const c = this.counters;
    this.native.stats(c);
    return {
      rxOverflow: c[0], rxForeign: c[1], wakeFailures: c[2], sendRefused: c[3], peerEvictions: c[4], txOverflow: c[5],
      sendTimeouts: this.sendTimeouts, staleCompletions: this.staleCompletions, lostCompletions: this.lostCompletions,
      handlerErrors: this.handlerErrors,
    };
  }
}

/**
 * The simulated radio of one station: the RadioLink twin of hal/moddable's
 * EspNowRadio, over a shared medium (sim/medium.ts: path loss, collisions,
 * carrier sense, ACKs). One frame at a time; `done` comes from the medium, in
 * virtual time, once the frame has been sent (and for a unicast, when the ACK
 * came or the wait for it ran out). A frame of 0 or more than maxFrame bytes is
 * refused: done(false) after the current event, without touching the air. No
 * send timeout of its own: the medium completes every send of a live station.
 * Passes host-tests/radio-conformance.test.ts.
 */
import type { RadioLink, ReceiveInfo } from "../radio";

/** What a SimRadio needs of the medium it transmits on. */
export interface RadioMedium {
  /** the PHY bit rate, bits per second */
  readonly bitrate: number;
  /** carrier sense, backoff, the frame on air; `done` once it has left (and its ACK came or not) */
  access(from: number, to: number, frame: Uint8Array, done: (acked: boolean) => void): void;
  /** runs fn after the event under way, in virtual time */
  later(fn: () => void): void;
}

export class SimRadio implements RadioLink {
  readonly maxFrame = 250;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  private sending = false;

  constructor(private readonly medium: RadioMedium, readonly id: number) {}

  get bitrate(): number {
    return this.medium.bitrate;
  }

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    if (frame.length === 0 || frame.length > this.maxFrame) {
      this.medium.later(() => done(false));
      return;
    }
    if (this.sending) throw new Error("radio busy: wait for the previous send's callback");
    this.sending = true;
    this.medium.access(this.id, to, frame, (acked) => {
      this.sending = false;
      done(acked);
    });
  }

  /** the medium hands this station a frame it received intact */
  deliver(frame: Uint8Array, info: ReceiveInfo): void {
    this.onReceive?.(frame, info);
  }

  /** Power loss: the callback of a send in flight never comes. */
  reset(): void {
    this.sending = false;
    this.onReceive = null;
  }
}

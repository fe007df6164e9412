/**
 * What the radio tests share (host-tests/radio-conformance.test.ts and
 * host-tests/radio-cases.test.ts): the harness shape, frames, a listener, the
 * scripted double of the ESP-NOW native module, and a two-station simulated world.
 */
import type { RadioLink, ReceiveInfo } from "../../hal/radio";
import type { EspNowLimits, EspNowNative } from "../../hal/moddable/radio";
import { Scheduler } from "../../sim/scheduler";
import { Medium } from "../../sim/medium";

export interface Heard {
  frame: number[];
  from: number;
  broadcast: boolean;
}

export interface Harness {
  /** the radio under test, at link address `address` */
  radio: RadioLink;
  address: number;
  /** a station that hears the radio, and what it received */
  peer: number;
  heard: Heard[];
  /** an address no station has */
  absent: number;
  /** runs virtual time */
  advance(ms: number): void;
  /** by when a send must be done: the send timeout, or the bound on a completion */
  timeoutMs: number;
  /** makes the next send's completion never come; absent when it cannot be withheld */
  withhold?(): void;
}

export const A = 1, B = 2, C = 3, NOBODY = 99;
export const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
export const listen = (heard: Heard[]) => (frame: Uint8Array, info: ReceiveInfo) => heard.push({ frame: Array.from(frame), from: info.from, broadcast: info.broadcast });

export function send(h: Harness, to: number, frame: Uint8Array): { calls: boolean[]; early: number } {
  const calls: boolean[] = [];
  h.radio.send(to, frame, (acked) => calls.push(acked));
  return { calls, early: calls.length };
}


export const LIMITS: EspNowLimits = { maxFrame: 250, peers: 20, rxRing: 16, sendTimeoutMs: 200 };

/** The native module (espnow.js) as EspNowRadio sees it: records what it is asked, completes only when the test says. */
export class NativeDouble implements EspNowNative {
  readonly sends: { to: number; frame: number[] }[] = [];
  polls = 0;
  /** the next send is refused (false) */
  refuse = false;
  counters = [0, 0, 0, 0, 0, 0];
  /** called for each accepted send (the scripted air) */
  air: ((to: number, frame: Uint8Array) => void) | null = null;
  /** what poll() finds waiting (a completion queued behind a timer) */
  queued: (() => void) | null = null;
  send(to: number, frame: Uint8Array): boolean {
    if (this.refuse) return false;
    this.sends.push({ to, frame: Array.from(frame) });
    this.air?.(to, frame.slice());
    return true;
  }
  poll(): void {
    this.polls++;
    const q = this.queued;
    this.queued = null;
    q?.();
  }
  stats(into: number[]): void {
    this.counters.forEach((v, i) => (into[i] = v));
  }
  onReceive(_frame: ArrayBuffer, _from: number, _rssi: number, _broadcast: boolean): void {}
  onSent(_to: number, _acked: boolean): void {}
}


export function simWorld() {
  const scheduler = new Scheduler();
  const medium = new Medium(scheduler, [{ id: A, floor: 0, x: 0, y: 0 }, { id: B, floor: 0, x: 10, y: 0 }], [], { shadowingSigmaDb: 0, frameLoss: 0 }, 5);
  // A jammer on A only, from now and longer than DCF keeps trying (a give-up after 400 ms of waiting, Medium.access): A's next frame never gets on air.
  const jamA = () => medium.addJam({ floor: 0, x0: -1, y0: -1, x1: 1, y1: 1, powerDbm: -40, from: scheduler.now(), until: scheduler.now() + 480 });
  return { scheduler, medium, jamA };
}

/** The bound on a SimRadio completion (Medium.access). */
export const SIM_BOUND_MS = 475;


/**
 * One router under test, on a scripted radio and the simulated clock, and the
 * frames its neighbours send it (host-tests/router.test.ts, strategies.test.ts).
 */
import { LINK_BROADCAST, type RadioLink, type ReceiveInfo } from "../../hal/radio";
import { MemoryStore } from "../../hal/sim/storage";
import { Scheduler } from "../../sim/scheduler";
import { halOf, simPlatform } from "../../sim/platform";
import { Addr, MsgType, Priority, parseFrame, type FrameHeader } from "../../protocol/frame";
import type { RouterListener } from "../../forwarding/events";
import { DEFAULT_ROUTER, Router, type RouterConfig } from "../../forwarding/router";
import type { NeighbourTable } from "../../forwarding/neighbours";
import { WITH_BASELINES } from "../../forwarding/strategies/baselines";
import { decodeMessage, encodeMessage } from "../../protocol/message";
import type { HelloBody } from "../../protocol/messages/hello";

/** A radio the test drives: it records each send and the test answers with the ACK. */
export class ScriptedRadio implements RadioLink {
  readonly maxFrame = 250;
  readonly bitrate = 1_000_000;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  readonly sent: { to: number; frame: Uint8Array; done: (acked: boolean) => void; header: FrameHeader }[] = [];
  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    this.sent.push({ to, frame, done, header: parseFrame(frame).header });
  }
  /** Data frames only (HELLOs answered at once). */
  next(): { to: number; frame: Uint8Array; done: (acked: boolean) => void; header: FrameHeader } | undefined {
    for (;;) {
      const s = this.sent.shift();
      if (!s) return undefined;
      if (s.header.type === MsgType.hello) { s.done(true); continue; }
      return s;
    }
  }
}

const KEY = new Uint8Array(32).fill(9);

export function node(address: number, cfg: Partial<RouterConfig> = {}, storage = new MemoryStore(), listeners: RouterListener[] = []) {
  const scheduler = new Scheduler();
  const radio = new ScriptedRadio();
  const hal = halOf(simPlatform({ time: scheduler, address, radio, storage }), KEY);
  const crypto = hal.crypto;
  const router = new Router({ ...DEFAULT_ROUTER, address, net: 3, role: "relay", position: { floor: 0, x: 1, y: 1 }, helloIntervalMs: 60_000, ...cfg }, hal, listeners, WITH_BASELINES);
  router.start();
  const hear = (frame: Uint8Array, from: number, rssi = -60, broadcast = false) => radio.onReceive?.(frame, { from, rssi, broadcast });
  const run = (ms: number) => scheduler.run(scheduler.now() + ms);
  return { router, radio, scheduler, crypto, hear, run, storage };
}

/** The node's neighbour table (its discovery's, private to the router): what tests look into. */
export function neighbourTable(n: ReturnType<typeof node>): NeighbourTable {
  return (n.router as unknown as { discovery: { neighbours: NeighbourTable } }).discovery.neighbours;
}

/**
 * Runs the node `ms` in steps of 10 ms, acknowledging its HELLOs and probes as
 * they go; returns the routes its broadcast HELLOs said. Stops at the first
 * data frame it sends (left in radio.sent).
 */
export function pump(n: ReturnType<typeof node>, ms: number): HelloBody["route"][] {
  const said: HelloBody["route"][] = [];
  for (let k = 0; k < ms; k += 10) {
    n.run(10);
    for (const s of n.radio.sent.splice(0)) {
      if (s.header.type !== MsgType.hello) {
        n.radio.sent.push(s);
        continue;
      }
      if (s.to === LINK_BROADCAST) said.push((decodeMessage(s.frame, n.crypto.mac).body as HelloBody).route);
      s.done(true);
    }
    if (n.radio.sent.length > 0) break;
  }
  return said;
}

/** A HELLO; the route's gateway sequence number is 0 unless given, and the digest of the orders its sender holds (SPEC §4.1). */
export function hello(src: number, mac: (m: Uint8Array) => Uint8Array, route: { gateway: number; hops: number; metric: number; seq?: number } | null, seq = 1, busy = false, orders = 0): Uint8Array {
  return encodeMessage(
    { type: MsgType.hello, priority: 2, hopLimit: 0, hops: 0, net: 3, ack: false, src, dst: Addr.broadcast, seq },
    { role: route && route.hops === 0 ? "gateway" : "relay", route: route && { seq: 0, ...route }, battery: null, floor: 0, x: 0, y: 0, orders, ...(busy ? { busy } : {}) }, mac);
}

export function sos(src: number, seq: number, mac: (m: Uint8Array) => Uint8Array, hopLimit = 8, hops = 0): Uint8Array {
  return encodeMessage(
    { type: MsgType.sos, priority: Priority.lifeSafety, hopLimit, hops, net: 3, ack: false, src, dst: Addr.anyGateway, seq },
    { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] }, mac);
}

export function instruction(src: number, seq: number, mac: (m: Uint8Array) => Uint8Array, hops = 1): Uint8Array {
  return encodeMessage(
    { type: MsgType.instruction, priority: Priority.instruction, hopLimit: 6, hops, net: 3, ack: false, src, dst: Addr.broadcast, seq },
    { id: 3, action: "evacuate", zone: 1 }, mac);
}

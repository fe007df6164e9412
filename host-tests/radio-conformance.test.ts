/**
 * RadioLink conformance: one suite, run against every implementation of
 * hal/radio.ts. The contract:
 * - `done` is called exactly once per send, and never before `send` returns;
 * - a frame of 0 or more than `maxFrame` bytes is refused: `done(false)`;
 * - a receiver learns whether the frame was sent to the broadcast address;
 * - a send whose completion never comes is reported `done(false)` within the
 *   implementation's send timeout, and the radio takes the next frame.
 *
 * Where each implementation's send timeout comes from:
 * - EspNowRadio (hal/moddable/radio.ts): its own timer, limits.sendTimeoutMs
 *   (the manifest's MODDEF_D2D_SEND_TIMEOUT_MS, 200 ms). The scripted native
 *   double withholds the send's onSent.
 * - SimRadio (hal/sim/radio.ts, over sim/medium.ts): none of its own. The medium completes every send
 *   of a live station within 415 ms (Medium.access): the nearest thing to a
 *   completion that never comes is a frame that never gets on the air, here a
 *   jammer holding the sender's carrier until CSMA gives up. A station that
 *   loses power never completes its send at all: its program is gone, and
 *   reset() frees the radio for the rebooted node (a test of its own below).
 * - BridgeRadio (sim/xs/bridge-radio.ts): none of its own. It proxies its
 *   station's SimRadio on the Node side; the harness does what sim/xs/hosted.ts
 *   does (commands as JSON, the host's answers delivered after each event), so
 *   the same jammer applies, across the bridge.
 * - LineRadio (sim/xs/line-radio.ts): none. Every send completes 1 ms
 *   later and no completion can be withheld; the case checks that a unicast
 *   nobody acknowledges is done(false) at 1 ms and the next frame goes.
 *
 * Each property is a function from a harness to the problems it found. The
 * negative controls run them against a radio broken on purpose, one defect at
 * a time, to show each property can fail.
 */
import test from "ava";
import { isDeepStrictEqual } from "node:util";
import { LINK_BROADCAST, type RadioLink, type ReceiveInfo } from "../hal/radio";
import { EspNowRadio } from "../hal/moddable/radio";
import { BridgeRadio } from "../sim/xs/bridge-radio";
import { SimClock } from "../hal/sim/clock";
import { Scheduler } from "../sim/scheduler";
import { fromHex, toHex } from "../protocol/bytes";
import { LineRadio } from "../sim/xs/line-radio";
import { A, B, type Harness, type Heard, LIMITS, NOBODY, NativeDouble, SIM_BOUND_MS, bytes, listen, send, simWorld } from "./support/radio-harness";

// ------------------------------------------------------------------ properties

type Check = (h: Harness) => string[];

const doneOnce: Check = (h) => {
  const problems: string[] = [];
  const cases: [string, number, boolean][] = [["unicast to the peer", h.peer, true], ["broadcast", LINK_BROADCAST, true], ["unicast to an absent address", h.absent, false]];
  for (const [what, to, want] of cases) {
    const s = send(h, to, bytes(40, 1));
    if (s.early) problems.push(`${what}: done before send returned`);
    h.advance(h.timeoutMs);
    if (!isDeepStrictEqual(s.calls, [want])) problems.push(`${what}: done ${JSON.stringify(s.calls)} by ${h.timeoutMs} ms, want [${want}]`);
    h.advance(2 * h.timeoutMs);
    if (s.calls.length > 1) problems.push(`${what}: done ${s.calls.length} times`);
  }
  return problems;
};

const maxFrame: Check = (h) => {
  const problems: string[] = [];
  for (const [n, want] of [[h.radio.maxFrame, true], [h.radio.maxFrame + 1, false], [0, false]] as [number, boolean][]) {
    const frame = bytes(n, 2);
    h.heard.length = 0;
    const s = send(h, h.peer, frame);
    if (s.early) problems.push(`${n} bytes: done before send returned`);
    h.advance(h.timeoutMs);
    if (!isDeepStrictEqual(s.calls, [want])) problems.push(`${n} bytes: done ${JSON.stringify(s.calls)}, want [${want}]`);
    if (!isDeepStrictEqual(h.heard.map((x) => x.frame), want ? [Array.from(frame)] : [])) problems.push(`${n} bytes: the peer heard ${h.heard.length} frame(s), want ${want ? "it, intact" : "none"}`);
  }
  return problems;
};

const broadcastFlag: Check = (h) => {
  h.heard.length = 0;
  const b = bytes(30, 3), u = bytes(30, 4);
  send(h, LINK_BROADCAST, b);
  h.advance(h.timeoutMs);
  send(h, h.peer, u);
  h.advance(h.timeoutMs);
  const want = [{ frame: Array.from(b), from: h.address, broadcast: true }, { frame: Array.from(u), from: h.address, broadcast: false }];
  return isDeepStrictEqual(h.heard, want) ? [] : [`the peer heard ${JSON.stringify(h.heard.map(({ from, broadcast }) => ({ from, broadcast })))}, want a broadcast then a unicast from ${h.address}`];
};

const sendTimeout: Check = (h) => {
  const problems: string[] = [];
  h.withhold?.();
  const s = send(h, h.withhold ? h.peer : h.absent, bytes(20, 5));
  if (s.early) problems.push("done before send returned");
  h.advance(h.timeoutMs);
  if (!isDeepStrictEqual(s.calls, [false])) problems.push(`the send whose completion never came: done ${JSON.stringify(s.calls)} after ${h.timeoutMs} ms, want [false]`);
  h.heard.length = 0;
  const next = bytes(20, 6);
  const s2 = send(h, h.peer, next);
  h.advance(h.timeoutMs);
  if (!isDeepStrictEqual(s2.calls, [true]) || !isDeepStrictEqual(h.heard.map((x) => x.frame), [Array.from(next)])) {
    problems.push(`the next frame: done ${JSON.stringify(s2.calls)}, the peer heard ${h.heard.length} frame(s), want [true] and the frame`);
  }
  return problems;
};

// -------------------------------------------------------------- the harnesses

function espNowHarness(): Harness {
  const scheduler = new Scheduler();
  const a = new NativeDouble(), b = new NativeDouble();
  const radio = new EspNowRadio(a, LIMITS, new SimClock(scheduler));
  const peer = new EspNowRadio(b, LIMITS, new SimClock(scheduler));
  const heard: Heard[] = [];
  peer.onReceive = listen(heard);
  let withheld = false;
  // The air: 1 ms after a send, the peer gets the frame if it is addressed (espnow.c's broadcast flag from the
  // destination MAC) and the sender gets onSent with the link ACK; unless the completion is withheld.
  a.air = (to, frame) => {
    if (withheld) return void (withheld = false);
    scheduler.at(1, () => {
      const hit = to === LINK_BROADCAST || to === B;
      if (hit) b.onReceive(frame.buffer as ArrayBuffer, A, -60, to === LINK_BROADCAST);
      a.onSent(to, hit);
    });
  };
  return {
    radio, address: A, peer: B, heard, absent: NOBODY, timeoutMs: LIMITS.sendTimeoutMs,
    advance: (ms) => scheduler.run(scheduler.now() + ms),
    withhold: () => void (withheld = true),
  };
}

/** Two live stations 10 m apart on an otherwise quiet channel (no shadowing, no random loss). */
function simHarness(): Harness {
  const { scheduler, medium, jamA } = simWorld();
  const heard: Heard[] = [];
  medium.radio(B).onReceive = listen(heard);
  return {
    radio: medium.radio(A), address: A, peer: B, heard, absent: NOBODY, timeoutMs: SIM_BOUND_MS,
    advance: (ms) => scheduler.run(scheduler.now() + ms),
    withhold: jamA,
  };
}

function bridgeHarness(): Harness {
  const { scheduler, medium, jamA } = simWorld();
  type Msg = Record<string, any>;
  const wire = (m: Msg): Msg => JSON.parse(JSON.stringify(m));
  // Node → XS: queued while an event runs, handed over after it (XsHosted.run); each is its own handleCommand.
  const outbox: Msg[] = [];
  const xs = new Map<number, BridgeRadio>();
  for (const node of [A, B]) {
    // XS → Node: XsHosted.fromXs's "send", answered at once.
    xs.set(node, new BridgeRadio(node, (message) => {
      const m = wire(message);
      medium.radio(m.node).send(m.to, fromHex(m.frame), (acked) => outbox.push({ op: "sent", node: m.node, acked }));
    }));
    medium.radio(node).onReceive = (frame, info) => outbox.push({ op: "receive", node, frame: toHex(frame), ...info });
  }
  const drain = () => {
    for (let m = outbox.shift(); m; m = outbox.shift()) {
      const c = wire(m), radio = xs.get(c.node) as BridgeRadio;
      if (c.op === "sent") radio.sent(c.acked);
      else radio.received({ frame: c.frame, from: c.from, rssi: c.rssi, broadcast: c.broadcast });
    }
  };
  const heard: Heard[] = [];
  (xs.get(B) as BridgeRadio).onReceive = listen(heard);
  return {
    radio: xs.get(A) as BridgeRadio, address: A, peer: B, heard, absent: NOBODY, timeoutMs: SIM_BOUND_MS,
    advance: (ms) => {
      const until = scheduler.now() + ms;
      drain();
      while (scheduler.step(until)) drain();
    },
    withhold: jamA,
  };
}

function lineHarness(): Harness {
  const scheduler = new Scheduler();
  const line: LineRadio[] = [];
  const radio = new LineRadio(line, scheduler, 0, A);
  const heard: Heard[] = [];
  new LineRadio(line, scheduler, 1, B).onReceive = listen(heard);
  return { radio, address: A, peer: B, heard, absent: NOBODY, timeoutMs: 1, advance: (ms) => scheduler.run(scheduler.now() + ms) };
}

const implementations: { name: string; timeout: string; make: () => Harness }[] = [
  { name: "EspNowRadio over a scripted native double", timeout: "a send the native module never completes is done(false) at limits.sendTimeoutMs (200 ms)", make: espNowHarness },
  { name: "SimRadio", timeout: "none of its own: a frame a jammer keeps off the air is done(false) when CSMA gives up (≤ 415 ms)", make: simHarness },
  { name: "BridgeRadio", timeout: "none of its own: its host SimRadio's jammed frame comes back done(false) over the bridge (≤ 415 ms)", make: bridgeHarness },
  { name: "LineRadio", timeout: "none, no completion is ever lost: a unicast nobody acknowledges is done(false) at 1 ms", make: lineHarness },
];

const properties: [string, Check][] = [
  ["done exactly once, never before send returns", doneOnce],
  ["maxFrame: a frame of maxFrame bytes goes intact; 0 and maxFrame + 1 bytes are done(false), unsent", maxFrame],
  ["the receiver learns whether a frame was broadcast", broadcastFlag],
  ["send timeout, and the radio takes the next frame", sendTimeout],
];

for (const impl of implementations) {
  for (const [property, check] of properties) {
    const title = check === sendTimeout ? `${property} — ${impl.timeout}` : property;
    test(`${impl.name}: ${title}`, (t) => {
      t.deepEqual(check(impl.make()), []);
    });
  }
}

// ---------------------------------------------------------- negative controls

type Defect = "done before send returns" | "done twice" | "broadcast flag lost" | "no size check" | "no send timeout" | "stuck after a timeout";

/** A radio like LineRadio with a 100 ms send timeout, and one defect on request. */
class ControlRadio implements RadioLink {
  readonly maxFrame = 250;
  readonly bitrate = 1_000_000;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  peer: ControlRadio | null = null;
  withhold = false;
  private stuck = false;
  constructor(private readonly scheduler: Scheduler, readonly address: number, private readonly defect?: Defect) {}

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const d = this.defect;
    const complete = (acked: boolean) => {
      done(acked);
      if (d === "done twice") done(acked);
    };
    const later = (ms: number, fn: () => void) => void (d === "done before send returns" ? fn() : this.scheduler.at(ms, fn));
    if (this.stuck || (d !== "no size check" && (frame.length === 0 || frame.length > this.maxFrame))) return later(0, () => complete(false));
    if (this.withhold) {
      this.withhold = false;
      if (d === "no send timeout") return;
      this.stuck = d === "stuck after a timeout";
      return later(100, () => complete(false));
    }
    later(1, () => {
      const p = this.peer as ControlRadio;
      const hit = to === LINK_BROADCAST || to === p.address;
      if (hit) p.onReceive?.(frame, { from: this.address, rssi: -50, broadcast: d !== "broadcast flag lost" && to === LINK_BROADCAST });
      complete(hit);
    });
  }
}

function controlHarness(defect?: Defect): Harness {
  const scheduler = new Scheduler();
  const radio = new ControlRadio(scheduler, A, defect), peer = new ControlRadio(scheduler, B);
  radio.peer = peer;
  const heard: Heard[] = [];
  peer.onReceive = listen(heard);
  return {
    radio, address: A, peer: B, heard, absent: NOBODY, timeoutMs: 100,
    advance: (ms) => scheduler.run(scheduler.now() + ms),
    withhold: () => void (radio.withhold = true),
  };
}

test("negative control: the control radio without a defect passes every property", (t) => {
  for (const [property, check] of properties) t.deepEqual(check(controlHarness()), [], property);
});

const controls: [Defect, Check, RegExp][] = [
  ["done before send returns", doneOnce, /^unicast to the peer: done before send returned/],
  ["done twice", doneOnce, /unicast to the peer: done \[true,true\] by 100 ms, want \[true\]; unicast to the peer: done 2 times/],
  ["broadcast flag lost", broadcastFlag, /heard \[\{"from":1,"broadcast":false\},\{"from":1,"broadcast":false\}\]/],
  ["no size check", maxFrame, /^251 bytes: done \[true\], want \[false\]; 251 bytes: the peer heard 1 frame\(s\), want none; 0 bytes: done \[true\]/],
  ["no send timeout", sendTimeout, /^the send whose completion never came: done \[\] after 100 ms, want \[false\]$/],
  ["stuck after a timeout", sendTimeout, /^the next frame: done \[false\], the peer heard 0 frame\(s\)/],
];
for (const [defect, check, caught] of controls) {
  const property = (properties.find(([, c]) => c === check) as [string, Check])[0];
  test(`negative control: a radio with "${defect}" fails "${property}"`, (t) => {
    t.regex(check(controlHarness(defect)).join("; "), caught);
  });
}


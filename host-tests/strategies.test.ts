/** The forwarding strategies' own rules (forwarding/strategies/), one router at a time. */
import test from "ava";
import { LINK_BROADCAST } from "../hal/radio";
import { MsgType } from "../protocol/frame";
import { hello, instruction, node, sos } from "./support/router-node";

test("blind flooding rebroadcasts a new frame once within 2 ms and never says HELLO; managed flooding stays quiet when it hears another relay first", (t) => {
  const f = node(10, { strategy: "flood", helloIntervalMs: 1000 });
  f.hear(sos(30, 5, f.crypto.mac), 30, -60, true);
  f.run(2);
  t.is(f.radio.sent.length, 1);
  t.like(f.radio.sent[0], { to: LINK_BROADCAST, header: { type: MsgType.sos, src: 30, hops: 1 } });
  f.radio.sent[0].done(true);
  f.hear(sos(30, 5, f.crypto.mac), 31, -60, true);
  f.run(5000);
  t.is(f.radio.sent.length, 1, "a copy changes nothing, and no HELLO goes out");
  const m = node(10, { strategy: "managed-flood" });
  m.hear(sos(30, 5, m.crypto.mac), 30, -90, true);
  m.hear(sos(30, 5, m.crypto.mac, 7, 1), 31, -70, true);
  m.run(50);
  t.is(m.radio.sent.length, 0);
  t.is(m.router.stats.floodCancelled, 1);
});

test("the gradient holds an order and repeats it on a Trickle timer: quiet in an interval where floodRedundancy copies were heard, soon again when a new neighbour appears", (t) => {
  const n = node(10, { floodRedundancy: 2 });
  n.hear(instruction(1, 4, n.crypto.mac), 1, -60, true);
  n.hear(instruction(1, 4, n.crypto.mac, 2), 2, -60, true);
  n.hear(instruction(1, 4, n.crypto.mac, 2), 3, -60, true);
  n.run(100);
  t.is(n.radio.next(), undefined, "two copies heard in the first interval (100 ms): quiet");
  n.run(200);
  t.like(n.radio.next(), { to: LINK_BROADCAST, header: { type: MsgType.instruction, hops: 2 } }, "the next interval (200 ms) heard none: it repeats");
  const m = node(11, { floodRedundancy: 2 });
  m.hear(instruction(1, 4, m.crypto.mac), 1, -60, true);
  m.hear(instruction(1, 4, m.crypto.mac, 2), 2, -60, true);
  m.run(100);
  const first = m.radio.next();
  t.like(first, { to: LINK_BROADCAST, header: { type: MsgType.instruction, hops: 2 } }, "one copy heard: it relays within the first interval");
  first?.done(true);
  // Consistent for a long while: the interval has grown to seconds.
  const sends = () => { let k = 0; for (let s = m.radio.next(); s; s = m.radio.next()) { s.done(true); k++; } return k; };
  m.run(20_000);
  const early = sends();
  t.true(early >= 4 && early <= 9, `${early} repeats in 20 s (intervals 0.2, 0.4, … 12.8 s)`);
  m.run(2_000);
  t.is(sends(), 0, "quiet: the interval is now over 10 s");
  m.hear(hello(40, m.crypto.mac, null), 40, -60, true);
  m.run(2000);
  t.is(sends(), 1, "a neighbour it did not know: back to a 2 s interval, one repeat within it");
});

test("the gradient relays uplink and orders only: another broadcast, or a frame addressed to another beacon, goes no further", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  const n = node(10, { helloIntervalMs: 60_000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  const body = { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] };
  const frame = (seq: number, dst: number) =>
    encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit: 8, hops: 0, net: 3, ack: false, src: 30, dst, seq }, body, n.crypto.mac);
  n.hear(frame(1, Addr.broadcast), 30, -60, true);
  n.hear(frame(2, 44), 30, -60);
  n.run(500);
  t.is(n.radio.next(), undefined, "neither is relayed (a key holder's flood gets no amplification)");
  n.hear(frame(3, Addr.anyGateway), 30, -60);
  n.run(10);
  t.like(n.radio.next(), { to: 20, header: { src: 30, seq: 3 } }, "uplink is routed as ever");
});

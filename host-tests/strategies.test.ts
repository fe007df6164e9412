/** The forwarding strategies' own rules (forwarding/strategies/), one router at a time. */
import test from "ava";
import { LINK_BROADCAST } from "../hal/radio";
import { MsgType } from "../protocol/frame";
import { instruction, node, sos } from "./support/router-node";

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

test("the gradient floods an instruction and stays quiet only after hearing floodRedundancy other relays of it", (t) => {
  const n = node(10, { floodRedundancy: 2 });
  n.hear(instruction(1, 4, n.crypto.mac), 1, -60, true);
  n.hear(instruction(1, 4, n.crypto.mac, 2), 2, -60, true);
  t.is(n.router.stats.floodCancelled, 0, "one copy heard: still relays");
  n.hear(instruction(1, 4, n.crypto.mac, 2), 3, -60, true);
  n.run(50);
  t.is(n.router.stats.floodCancelled, 1);
  t.is(n.radio.next(), undefined);
  const m = node(11, { floodRedundancy: 2 });
  m.hear(instruction(1, 4, m.crypto.mac), 1, -60, true);
  m.hear(instruction(1, 4, m.crypto.mac, 2), 2, -60, true);
  m.run(50);
  t.like(m.radio.next(), { to: LINK_BROADCAST, header: { type: MsgType.instruction, hops: 2 } });
});

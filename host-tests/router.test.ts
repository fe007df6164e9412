import test from "ava";
import type { RouterEvent } from "../forwarding/events";
import { LINK_BROADCAST } from "../hal/radio";
import { SeededRandom } from "../hal/sim/random";
import { MemoryStore } from "../hal/sim/storage";
import { Addr, type FrameHeader, MsgType, Priority, decodeFrame, relayCopy } from "../protocol/frame";
import { decodeMessage, encodeMessage } from "../protocol/message";
import { hello, instruction, node, sos } from "./support/router-node";

test("an uplink frame goes the way of fewest expected transmissions, one hop more travelled", (t) => {
  const n = node(10);
  // The gateway itself, heard at -92 dBm: delivery prior 0.4, cost 16/0.4 = 40.
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1, -92);
  // Relay 20, one hop from the gateway (16), heard well: 16 + 16/0.95 = 33.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  n.hear(sos(30, 5, n.crypto.mac), 30);
  n.run(10);
  const s = n.radio.next()!;
  t.like(s.header, { src: 30, seq: 5, hops: 1, hopLimit: 7 });
  t.notThrows(() => decodeFrame(s.frame, n.crypto.mac), "re-sealed under the key");
  t.is(s.to, 20);
  t.like(n.router.route(), { via: 20, hops: 2, metric: 33 });
  // Heard well, the gateway directly (17) is the better way.
  const m = node(11);
  m.hear(hello(1, m.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1, -70);
  m.hear(hello(20, m.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  t.like(m.router.route(), { via: 1, hops: 1, metric: 17 });
});

test("a frame seen before is not forwarded again; a zero hop limit ends it", (t) => {
  const n = node(10);
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1);
  const f = sos(30, 5, n.crypto.mac);
  n.hear(f, 30);
  n.run(5);
  n.radio.next()!.done(true);
  n.hear(f, 31);
  n.run(5);
  t.is(n.radio.next(), undefined);
  t.is(n.router.stats.duplicates, 1);
  n.hear(sos(30, 6, n.crypto.mac, 0, 8), 30);
  n.run(5);
  t.is(n.radio.next(), undefined);
  t.is(n.router.stats.hopLimitDrops, 1);
});

test("unacknowledged sends are retried, then the next candidate takes over", (t) => {
  const n = node(10, { retries: 2, maxCandidates: 3 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 1, metric: 20 }), 21, -50);
  n.hear(sos(30, 5, n.crypto.mac), 30);
  const tos: number[] = [];
  for (let i = 0; i < 4; i++) {
    n.run(200);
    const s = n.radio.next()!;
    tos.push(s.to);
    s.done(i === 3);
  }
  t.deepEqual(tos, [20, 20, 20, 21]);
  t.is(n.router.stats.unicastFailures, 3);
  t.is(n.router.stats.nextHopSwitches, 1);
});

test("SOS leaves before telemetry and bulk queued earlier", (t) => {
  const n = node(10, { bulkAirtimeShare: 1 });
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1);
  n.run(2000);
  t.is(n.radio.next(), undefined, "only the HELLO telling of its new route so far (answered)");
  n.router.originate(MsgType.media, { stream: 1, kind: "image", frame: 0, index: 0, count: 2, data: new Uint8Array(100) });
  n.router.originate(MsgType.position, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 });
  n.router.originate(MsgType.media, { stream: 1, kind: "image", frame: 0, index: 1, count: 2, data: new Uint8Array(100) });
  n.router.originate(MsgType.sos, { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] });
  const order: number[] = [];
  for (let i = 0; i < 4; i++) {
    n.run(5);
    const s = n.radio.next()!;
    order.push(s.header.type);
    s.done(true);
  }
  // The first media frame was already on the air; then SOS, telemetry, bulk.
  t.deepEqual(order, [MsgType.media, MsgType.sos, MsgType.position, MsgType.media]);
});

test("with no neighbour at all an SOS is stored, and released when a gateway appears", (t) => {
  const n = node(10);
  n.router.originate(MsgType.sos, { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] });
  n.run(1000);
  t.is(n.radio.next(), undefined);
  t.is(n.router.queued, 1);
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1);
  n.run(10);
  const s = n.radio.next()!;
  t.is(s.to, 1);
  t.is(s.header.type, MsgType.sos);
  s.done(true);
  n.run(10);
  t.is(n.router.queued, 0);
});

test("a full queue evicts bulk first and SOS last", (t) => {
  const n = node(10, { queueFrames: 3 });
  const pos = { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 };
  const sosBody = { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] };
  n.router.originate(MsgType.media, { stream: 1, kind: "image", frame: 0, index: 0, count: 1, data: new Uint8Array(10) });
  n.router.originate(MsgType.position, pos);
  n.router.originate(MsgType.sos, sosBody);
  n.router.originate(MsgType.sos, sosBody);
  t.deepEqual(n.router.queueByClass(), [2, 0, 1, 0], "bulk went first");
  n.router.originate(MsgType.sos, sosBody);
  t.deepEqual(n.router.queueByClass(), [3, 0, 0, 0], "then telemetry");
  n.router.originate(MsgType.sos, sosBody);
  t.deepEqual(n.router.queueByClass(), [3, 0, 0, 0], "then the oldest SOS");
  t.is(n.router.stats.queueDrops, 3);
});

test("a frame handed back with more hops is routed again around the neighbour that returned it", (t) => {
  const n = node(10);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 1, metric: 30 }), 21, -50);
  n.hear(sos(30, 5, n.crypto.mac, 8, 0), 30);
  n.run(5);
  const first = n.radio.next()!;
  t.is(first.to, 20);
  first.done(true);
  // 20 found no way on and gives it back, one hop further.
  n.hear(sos(30, 5, n.crypto.mac, 6, 2), 20);
  n.run(5);
  const again = n.radio.next()!;
  t.is(again.to, 21);
  t.is(n.router.stats.returned, 1);
  // A plain retransmission (same hops as first seen) is only a duplicate.
  again.done(true);
  n.hear(sos(30, 5, n.crypto.mac, 8, 0), 30);
  n.run(5);
  t.is(n.radio.next(), undefined);
});

/**
 * Node 10 with two ways to gateway 1 (via 20, then 21) relays an SOS of 30's
 * (seq 5, hops 1 as relayed); the send to 20 goes unanswered (no retries), so
 * the frame stays held.
 */
function holdingAfterAFailedSend() {
  const n = node(10, { retries: 0 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 30 }), 21, -50);
  n.hear(sos(30, 5, n.crypto.mac, 8, 0), 30);
  n.run(5);
  const first = n.radio.next()!;
  first.done(false);
  return { n, first };
}

/** The next data frame n sends, within 2 s (a probe of the parent that failed is answered on the way). */
function sentAgain(n: ReturnType<typeof node>) {
  let next = n.radio.next();
  for (let k = 0; k < 20 && !next; k++) {
    n.run(100);
    next = n.radio.next();
  }
  return next;
}

test("a copy that comes back while this node still holds the frame merges into it: the held copy goes on as the one that travelled further", (t) => {
  // Else a beacon round the loop that passed the frame on since it saw it with fewer hops would
  // take the held copy for a twin (a retransmission after a lost ACK), acknowledge it and drop it.
  const { n, first } = holdingAfterAFailedSend();
  t.is(first.to, 20);
  t.is(first.frame[1] & 15, 1, "relayed with hops 1");
  // Round a loop, the frame comes back from 21 with 4 hops while ours waits for its retry.
  n.hear(sos(30, 5, n.crypto.mac, 4, 4), 21);
  t.is(n.router.queued, 1);
  const next = sentAgain(n);
  if (!next) return t.fail("the frame was never sent again");
  t.not(next.to, 21, "never to the neighbour that handed it back");
  t.is(next.frame[1] & 15, 5, "the held copy is now the one that travelled further");
  t.is(next.frame[1] >> 4, 3, "with the hop limit it has left");
  t.is(n.router.queued, 0, "one copy, not two");
});

test("a came-back copy changes only the held copy's hops and hop limit, never its contents, and not when that hop limit no longer reaches past this node's route", (t) => {
  const setUp = () => holdingAfterAFailedSend().n;
  const resent = (n: ReturnType<typeof node>) => sentAgain(n)!;
  // A key holder's "came back" copy of the same SOS (src 30, seq 5) saying something else.
  const forged = encodeMessage(
    { type: MsgType.sos, priority: Priority.lifeSafety, hopLimit: 4, hops: 4, net: 3, ack: false, src: 30, dst: Addr.anyGateway, seq: 5 },
    { floor: 3, x: 99, y: 99, accuracy: 3, trapped: 0, injured: 0, attackers: null, flags: [] }, node(99).crypto.mac);
  const a = setUp();
  a.hear(forged, 21);
  const sent = resent(a);
  t.is(sent.frame[1] & 15, 5, "hops merged");
  const body = decodeMessage(sent.frame, a.crypto.mac).body as { floor: number; trapped: number };
  t.like(body, { floor: 0, trapped: 1 }, "the contents are the held copy's");
  // Hop limit 2 left after this hop, and this node is 2 hops from a gateway: it would be held for good.
  const b = setUp();
  b.hear(sos(30, 5, b.crypto.mac, 2, 6), 21);
  const kept = resent(b);
  t.is(kept.frame[1] & 15, 1, "not merged: the held copy goes on as it was");
  t.is(kept.frame[1] >> 4, 7);
});

test("sequence numbers survive a reboot without reuse", (t) => {
  const storage = new MemoryStore();
  const a = node(10, {}, storage);
  const seqs: number[] = [];
  for (let i = 0; i < 3; i++) seqs.push(a.router.originate(MsgType.position, { device: 1, floor: 0, x: 1, y: 1, accuracy: 1 }));
  const b = node(10, {}, storage);
  const after = b.router.originate(MsgType.position, { device: 1, floor: 0, x: 1, y: 1, accuracy: 1 });
  t.true(after > Math.max(...seqs), `${after} after ${seqs}`);
  t.is(after, 1024, "the next reserved block");
});

test("a telemetry frame whose next hops all failed is released when a new route appears", (t) => {
  const n = node(10, { retries: 0, maxCandidates: 3, failureLimit: 100 });
  for (const a of [20, 21, 22]) n.hear(hello(a, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 + a }, 1), a, -50);
  n.router.originate(MsgType.position, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 });
  // Every send fails: three candidates a round, and every custody round after it.
  let failed = 0;
  for (let i = 0; i < 200; i++) {
    n.run(2000);
    const s = n.radio.next();
    if (!s) break;
    s.done(false);
    failed++;
  }
  t.true(failed >= 12, `${failed} failed sends`);
  t.is(n.radio.next(), undefined, "it has given up for now and waits");
  t.is(n.router.queued, 1, "but keeps the frame");
  // A gateway comes into range: the frame goes to it.
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }, 2), 1, -50);
  n.run(2000);
  const s = n.radio.next();
  t.truthy(s, "released to the new route");
  t.is(s?.to, 1);
  t.is(s?.header.type, MsgType.position);
});

test("every listener given at construction hears what the router originates and delivers, in order; with none, nothing is decoded to deliver", (t) => {
  const heard: string[] = [];
  const listener = (name: string) => (e: RouterEvent) => {
    heard.push(e.kind === "originated" ? `${name} originated ${e.header.type} key ${e.key}` : e.kind === "merged" ? `${name} merged ${e.key}` : `${name} delivered ${e.message.header.type} from ${e.info.from}`);
  };
  const n = node(10, {}, new MemoryStore(), [listener("a"), listener("b")]);
  const seq = n.router.originate(MsgType.position, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 });
  n.hear(instruction(1, 4, n.crypto.mac), 1, -60, true);
  const key = 10 * 0x1000000 + seq;
  t.deepEqual(heard, [`a originated 3 key ${key}`, `b originated 3 key ${key}`, "a delivered 8 from 1", "b delivered 8 from 1"]);
  t.is(n.router.stats.delivered, 1);
  const quiet = node(11);
  quiet.hear(instruction(1, 4, quiet.crypto.mac), 1, -60, true);
  t.is(quiet.router.stats.delivered, 0, "no listener: the message is not even decoded");
  t.is(quiet.router.stats.forwarded, 1, "but it is relayed");
});

test("reading the route changes nothing: a node read after every event sends exactly what an unread one sends", (t) => {
  // A random life: HELLOs from four neighbours with changing metrics and signal, frames of its
  // own and SOS to relay, unicasts lost at random. (When reading the route moved the parent,
  // seeds 3 and 8 here sent differently.)
  const run = (seed: number, read: boolean) => {
    const n = node(10, { helloIntervalMs: 1000, retries: 1 });
    const dice = new SeededRandom(seed);
    for (let k = 0; k < 60; k++) {
      n.scheduler.at(dice.next() * 20_000, () => {
        const a = 20 + Math.floor(dice.next() * 4), what = dice.next();
        if (what < 0.6) n.hear(hello(a, n.crypto.mac, { gateway: 1, hops: 1, metric: 10 + Math.floor(dice.next() * 20) }, k + 1), a, -60 - dice.next() * 32, true);
        else if (what < 0.8) n.router.originate(MsgType.position, { device: k, floor: 0, x: 1, y: 1, accuracy: 2 });
        else n.hear(sos(30, k, n.crypto.mac), 30, -60, false);
      });
    }
    const loss = dice.next() * 0.6;
    const out: string[] = [];
    while (n.scheduler.step(25_000)) {
      if (read) n.router.route();
      for (let s = n.radio.sent.shift(); s; s = n.radio.sent.shift()) {
        const sent = s;
        out.push(`${n.scheduler.now().toFixed(3)} ${sent.header.type}/${sent.header.seq} to ${sent.to}`);
        const acked = sent.to === LINK_BROADCAST || dice.next() > loss;
        n.scheduler.at(1, () => sent.done(acked));
      }
    }
    return out;
  };
  for (let seed = 1; seed <= 10; seed++) {
    const unread = run(seed, false);
    t.true(unread.length > 20, `seed ${seed}: ${unread.length} sends`);
    t.deepEqual(run(seed, true), unread, `seed ${seed}`);
  }
});

/** Node 10 sends its SOS to 20 (21 is the other way); 20 got it, its ACK was lost, and it hands back `back(first)`. Returns where every later attempt went, over custody rounds, and the hops they carried. */
const SOS_BODY = { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] };

function afterHandBack(back: (first: { frame: Uint8Array; header: FrameHeader }, mac: (m: Uint8Array) => Uint8Array) => Uint8Array) {
  const n = node(10, { retries: 0, maxCandidates: 3 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 24 }), 21, -50);
  n.router.originate(MsgType.sos, SOS_BODY);
  n.run(5);
  const first = n.radio.next()!;
  first.done(false);
  n.hear(back(first, n.crypto.mac), 20);
  const to: number[] = [], hops: number[] = [];
  for (let k = 0; k < 8; k++) {
    // both stay alive (a HELLO forgives failures): only the hand-back can keep 20 out
    n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, k + 2), 20, -50);
    n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 24 }, k + 2), 21, -50);
    n.run(6000);
    for (let s = n.radio.next(); s; s = n.radio.next()) { to.push(s.to); hops.push(s.frame[1] & 15); s.done(false); }
  }
  return { first, to, hops };
}

test("a neighbour that handed a frame back is offered it again in later custody rounds only with more hops than it saw (else it would acknowledge it as a duplicate and drop it)", (t) => {
  // Handed back one hop further, with a hop limit that reaches: our copy goes on with those hops, and 20 (the best way) is tried again.
  const a = afterHandBack((first, mac) => relayCopy(first.frame, mac));
  t.is(a.first.to, 20);
  t.true(a.to.length >= 4, `${a.to.length} attempts over several custody rounds`);
  t.is(a.to[0], 21, "not to 20 in the round it came back in");
  t.true(a.to.includes(20), `to 20 again in a later round (${a.to.join(",")}): in a chain it is the only way on`);
  t.true(a.to.every((x, i) => x !== 20 || a.hops[i] > 1), "and only with more hops than the 1 it saw");
  // Handed back with a hop limit that no longer reaches past this node's route (2 hops): not merged, so 20 would take our copy for a twin.
  const b = afterHandBack((first, mac) => encodeMessage({ ...first.header, hopLimit: 2, hops: 6 }, SOS_BODY, mac));
  t.true(b.to.length >= 4, `${b.to.length} attempts`);
  t.deepEqual([...new Set(b.to)], [21], `attempts went to ${b.to.join(",")}`);
});
/**
 * Issue 9: a router that holds. Frames never wander (no flood fallback, next
 * hops within the hop limit), link death is judged with hysteresis, life-safety
 * frames held in custody survive a reboot, HELLOs and orders follow Trickle.
 */
import test from "ava";
import { LINK_BROADCAST } from "../hal/radio";
import { MemoryStore } from "../hal/sim/storage";
import { SeededRandom } from "../hal/sim/random";
import { Scheduler } from "../sim/scheduler";
import { MsgType } from "../protocol/frame";
import { decodeMessage } from "../protocol/message";
import type { HelloBody } from "../protocol/messages/hello";
import { Trickle } from "../forwarding/trickle";
import { HEARD_KNOWN, HEARD_NEW, NeighbourTable, failuresToDeath } from "../forwarding/neighbours";
import { TokenBucket } from "../firmware/rate-limit";
import { simPlatform } from "../sim/platform";
import { ScriptedRadio, hello, instruction, neighbourTable, node, pump, sos } from "./support/router-node";

const SOS_BODY = { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] };

test("an SOS among neighbours that have no route is held, never flooded, and goes when a route appears", (t) => {
  const n = node(10);
  for (const a of [20, 21]) n.hear(hello(a, n.crypto.mac, null), a, -55);
  n.router.originate(MsgType.sos, SOS_BODY);
  n.run(30_000);
  t.is(n.radio.next(), undefined, "nothing on the air: no broadcast fallback");
  t.is(n.router.queued, 1);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 48 }, 2), 21, -55);
  n.run(10);
  const s = n.radio.next();
  t.is(s?.to, 21);
  t.is(s?.header.type, MsgType.sos);
});

test("a next hop farther from a gateway than the frame's hop limit allows is not used", (t) => {
  const n = node(10);
  // 20 is the better way by metric (20 + 17 against 30 + 17) but 5 hops from its gateway; 21 is 2 hops away and downhill.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 5, metric: 20 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 30 }), 21, -50);
  n.hear(sos(30, 1, n.crypto.mac, 4, 4), 30); // relayed on with hop limit 3
  n.run(10);
  const s = n.radio.next();
  t.is(s?.to, 21);
  t.is(s?.header.hopLimit, 3);
  s?.done(true);
  n.hear(sos(30, 2, n.crypto.mac, 8, 0), 30); // hop limit 7: the better way fits
  n.run(10);
  t.is(n.radio.next()?.to, 20);
});

test("a lossy next hop is dropped only after the run of failed exchanges its link allows (failureLimit at least); a HELLO from it forgives the run", (t) => {
  const n = node(10, { retries: 0, failureLimit: 3, maxCandidates: 1 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  const exchange = (acked: boolean) => {
    n.run(6000);
    for (let s = n.radio.sent.shift(); s; s = n.radio.sent.shift()) s.done(acked);
  };
  n.router.originate(MsgType.position, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 });
  exchange(false); // the frame fails: one; the probe that follows fails: two
  t.truthy(n.router.route(), "two failures: still a neighbour");
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, 2), 20, -50);
  // The new run is judged by the link as it is now: its estimate fell with the failures
  // (forwarding/neighbours.ts failuresToDeath: one attempt an exchange here).
  const prr = (n.router as any).discovery.neighbours.get(20).prr as number;
  const limit = failuresToDeath(3, prr, 1);
  t.true(limit > 3, `a link at ${prr.toFixed(2)}: ${limit} failures`);
  let failures = 0;
  while (n.router.route() && failures < 20) {
    exchange(false); // a frame and a probe: two failures
    failures += 2;
  }
  t.truthy(failures >= limit && failures <= limit + 1, `dropped after ${failures} failures, the limit ${limit}`);
  t.is(n.router.route(), null);
});

test("life-safety frames held for a second survive a reboot, and the record goes once they are delivered", (t) => {
  const storage = new MemoryStore();
  const a = node(10, {}, storage);
  a.router.originate(MsgType.sos, SOS_BODY);
  a.router.originate(MsgType.position, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 });
  a.run(500);
  t.is(storage.get("d2d.custody"), undefined, "not yet: held for less than a second");
  a.run(2000);
  const rec = storage.get("d2d.custody");
  t.truthy(rec);
  t.is(rec?.[2], 1, "one frame: the SOS (telemetry is not kept)");
  // Power cut: a new router on the same storage.
  const b = node(10, {}, storage);
  t.is(b.router.stats.restored, 1);
  t.is(b.router.queued, 1);
  b.hear(hello(1, b.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1);
  b.run(10);
  const s = b.radio.next();
  t.is(s?.header.type, MsgType.sos);
  t.is(s?.header.src, 10);
  s?.done(true);
  b.run(2000);
  t.is(storage.get("d2d.custody"), undefined, "delivered: the record is deleted");
  // The record as written in the boot before the next one (the boot counter says which).
  const stamped = (r: Uint8Array) => {
    const boot = storage.get("d2d.boot")!;
    return Uint8Array.of(boot[0], boot[1], ...r.slice(2));
  };
  storage.set("d2d.custody", stamped(rec!));
  t.is(node(10, {}, storage).router.stats.restored, 1, "the same record, stamped with the boot before: adopted");
  storage.set("d2d.custody", rec!);
  t.is(node(10, {}, storage).router.stats.restored, 0, "a record from an older boot (another incident, maybe): not sent again");
  storage.set("d2d.custody", stamped(Uint8Array.of(0, 0, 3, 200, 1, 2)));
  t.is(node(10, {}, storage).router.stats.restored, 0, "a damaged record is ignored");
  storage.set("d2d.custody", stamped(rec!.map((x, i) => (i === 9 ? x ^ 1 : x))));
  t.is(node(10, {}, storage).router.stats.restored, 0, "a frame whose MIC fails is not adopted");
});

test("Trickle: intervals double to Imax, k copies suppress an interval, a reset goes back to Imin", (t) => {
  const time = new Scheduler();
  const p = simPlatform({ time, address: 1, radio: new ScriptedRadio(), random: new SeededRandom(3) });
  const fired: number[] = [];
  const tr = new Trickle(p.clock, p.random, 100, 800, 2, () => fired.push(time.now()));
  tr.start();
  time.run(3000);
  // Intervals 100, 200, 400, 800, 800 …: one firing in the second half of each.
  t.true(fired[0] >= 50 && fired[0] < 100, `${fired[0]}`);
  t.true(fired[1] >= 200 && fired[1] < 300, `${fired[1]}`);
  t.true(fired[2] >= 500 && fired[2] < 700, `${fired[2]}`);
  t.is(tr.current, 800);
  const before = fired.length;
  tr.consistent();
  tr.consistent();
  const at = time.now();
  // The rest of this interval is suppressed only if t is still ahead; check over the next full interval instead.
  time.run(at + 1600);
  t.true(fired.length - before <= 2);
  t.true(tr.reset(), "a longer interval: reset");
  t.is(tr.current, 100);
  t.false(tr.reset(), "already at Imin: nothing to do, and it says so");
  const r0 = time.now();
  time.run(r0 + 100);
  t.true(fired[fired.length - 1] >= r0 + 50, "fires within Imin after a reset");
  tr.stop();
  t.false(tr.reset(), "stopped: no reset");
  const n = fired.length;
  time.run(time.now() + 5000);
  t.is(fired.length, n, "stopped");
});

test("a token bucket passes its burst, then its rate, and counts what it sheds", (t) => {
  const b = new TokenBucket(0.5, 3);
  t.deepEqual([0, 0, 0, 0].map(() => b.take(0)), [true, true, true, false]);
  t.false(b.take(1000));
  t.true(b.take(2100));
  t.is(b.shed, 2);
});

test("an uplink SOS heard by broadcast with no route is held, not flooded", (t) => {
  const n = node(10);
  n.hear(hello(20, n.crypto.mac, null), 20, -55);
  n.hear(sos(30, 9, n.crypto.mac), 30, -60, true);
  n.run(10_000);
  t.false(n.radio.sent.some((s) => s.to === LINK_BROADCAST && s.header.type === MsgType.sos));
  t.is(n.router.queued, 1);
});

test("a neighbour is news when first heard or back after the timeout, not when it comes back soon after being dropped", (t) => {
  const table = new NeighbourTable(4, 30_000);
  const route = { gateway: 1, hops: 1, metric: 16, seq: 0 };
  t.is(table.heard(20, -60, 0, route, 1000, 1), HEARD_NEW);
  t.is(table.heard(20, -60, 1000, route, 1000, 2), HEARD_KNOWN);
  for (let i = 0; i < 3; i++) table.failed(20, 3);
  t.is(table.get(20), undefined, "dropped after three failures");
  t.is(table.heard(20, -60, 5000, route, 1000, 3), HEARD_KNOWN, "back within the timeout: a lossy link, not a newcomer");
  table.expire(40_000);
  t.is(table.get(20), undefined);
  t.is(table.heard(20, -60, 80_000, route, 1000, 4), HEARD_NEW, "back after a long silence (a reboot, a healed cut)");
});

test("custody writes once while the frames it holds stay the same, whatever order retries leave them in", (t) => {
  const storage = new MemoryStore();
  let writes = 0;
  const set = storage.set.bind(storage);
  storage.set = (k, v) => { if (k === "d2d.custody") writes++; set(k, v); };
  const n = node(10, { retries: 0, failureLimit: 1000 }, storage);
  for (const a of [20, 21]) n.hear(hello(a, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 + a }), a, -50);
  for (let i = 0; i < 3; i++) n.router.originate(MsgType.sos, SOS_BODY);
  for (let k = 0; k < 60; k++) {
    n.run(1000);
    for (let s = n.radio.sent.shift(); s; s = n.radio.sent.shift()) s.done(false);
  }
  t.is(n.router.queued, 3);
  t.is(writes, 1);
});

test("replays of HELLOs are refused: our own, and one not newer than the last from that neighbour", (t) => {
  const n = node(10);
  n.hear(hello(10, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }, 5), 10, -40);
  t.is(n.router.route(), null, "never its own parent");
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, 7), 20, -50);
  n.hear(hello(20, n.crypto.mac, null, 7), 20, -50);
  t.like(n.router.route(), { via: 20 }, "the replayed (same seq) HELLO changed nothing");
  n.hear(hello(20, n.crypto.mac, null, 8), 20, -50);
  t.is(n.router.route(), null, "a newer one is news");
  t.is(n.router.stats.rejected.replay, 2);
});

test("a held order heard again after the dedup cache forgot it is not taken as new; a claim never evicts a held SOS", (t) => {
  const n = node(10, { dedupEntries: 4, queueFrames: 2 });
  const order = instruction(1, 4, n.crypto.mac);
  n.hear(order, 1, -60, true);
  for (let i = 0; i < 8; i++) n.hear(sos(30, 100 + i, n.crypto.mac), 30); // pushes the order out of the 4-entry cache
  const relayed = () => n.radio.sent.filter((s) => s.header.type === MsgType.instruction).length;
  n.run(100);
  const before = n.router.stats.forwarded;
  n.hear(order, 1, -60, true);
  t.is(n.router.stats.forwarded, before + 1, "seen as new by the dedup cache");
  n.run(50);
  t.true(relayed() <= 1, "but not held twice: no second timer");
  const m = node(11, { queueFrames: 2 });
  m.router.originate(MsgType.sos, SOS_BODY);
  m.router.originate(MsgType.sos, SOS_BODY);
  m.router.originate(MsgType.sos, { ...SOS_BODY, phone: { id: 1, seq: 1, rssi: -50 } }, { dst: 0xffff, hopLimit: 0, front: true });
  t.deepEqual(m.router.queueByClass(), [2, 0, 0, 0], "the claim was dropped, not the SOS");
});

test("backpressure: a busy neighbour is no next hop; its frames wait, or take another way, until it says it is clear", (t) => {
  const n = node(10);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, 1, true), 20, -50);
  n.router.originate(MsgType.sos, SOS_BODY);
  n.run(2000);
  t.is(n.radio.next(), undefined, "the only way is busy: held");
  t.is(n.router.queued, 1);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 20 }), 21, -50);
  n.run(10);
  const s = n.radio.next();
  t.is(s?.to, 21, "another feasible way, though worse, while the best is busy");
  s?.done(true);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, 2), 20, -50);
  n.router.originate(MsgType.sos, SOS_BODY);
  n.run(10);
  t.is(n.radio.next()?.to, 20, "clear again: the best way");
});

test("a node whose queue fills with SOS says busy at half its capacity, clears at a quarter, and its HELLO goes before the next queued frame", (t) => {
  const queueFrames = 16;
  const isBusy = (frame: Uint8Array) => (decodeMessage(frame, n.crypto.mac).body as HelloBody).busy === true;
  const n = node(10, { queueFrames, helloIntervalMs: 1000, helloMaxIntervalMs: 8000 });
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1, -50);
  n.run(5);
  const helloBusy = (): boolean | undefined => {
    for (const s of n.radio.sent) if (s.header.type === MsgType.hello) return isBusy(s.frame);
    return undefined;
  };
  for (const s of n.radio.sent.splice(0)) s.done(true);
  // The first SOS goes on the air and stays there (no ACK yet); the rest queue behind it.
  for (let i = 0; i < queueFrames / 2; i++) n.hear(sos(30, i + 1, n.crypto.mac), 30);
  n.run(200);
  t.is(n.router.queued, queueFrames / 2 - 1);
  t.is(n.radio.sent.length, 1, "one data frame on the air, nothing else yet");
  n.hear(sos(30, 99, n.crypto.mac), 30);
  n.run(200);
  t.is(n.router.queued, queueFrames / 2);
  t.is(n.radio.sent.length, 1, "busy said, its HELLO waiting for the radio");
  n.radio.sent.shift()!.done(true);
  t.is(n.radio.sent[0]?.header.type, MsgType.hello, "the HELLO goes before the next SOS");
  t.true(helloBusy(), "and says busy");
  // Drain: acknowledge every SOS; at a quarter (4) a HELLO says clear.
  let cleared: boolean | undefined;
  for (let k = 0; k < 40 && cleared === undefined; k++) {
    n.run(150);
    for (const s of n.radio.sent.splice(0)) {
      if (s.header.type === MsgType.hello && !isBusy(s.frame) && n.router.queued <= queueFrames / 4) cleared = true;
      s.done(true);
    }
  }
  t.true(cleared, "a HELLO without busy once the queue fell to a quarter");
});

test("frames that cannot leave do not keep a node busy: busy lasts 10 s at most, and not again until the queue falls to a quarter", (t) => {
  const queueFrames = 16;
  const n = node(10, { queueFrames, helloIntervalMs: 1000, helloMaxIntervalMs: 8000 });
  const saysBusy: boolean[] = [];
  const watch = () => {
    for (const s of n.radio.sent.splice(0)) {
      if (s.header.type === MsgType.hello && s.to === LINK_BROADCAST) saysBusy.push((decodeMessage(s.frame, n.crypto.mac).body as HelloBody).busy === true);
      s.done(true);
    }
  };
  // Our way is 3 hops long; SOS arriving with hop limit 1 can never take it: held, for good.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 2, metric: 32 }), 20, -50);
  for (let i = 0; i < queueFrames / 2; i++) n.hear(sos(30, i + 1, n.crypto.mac, 1, 6), 30);
  for (let k = 0; k < 30; k++) { n.run(500); watch(); }
  t.is(n.router.queued, queueFrames / 2, "all held");
  t.true(saysBusy.includes(true), "said busy");
  const after = saysBusy.slice(saysBusy.lastIndexOf(true) + 1);
  t.true(after.length > 0 && after.every((b) => !b), `then clear, and clear since (${saysBusy.join(",")})`);
  n.hear(sos(30, 50, n.crypto.mac, 1, 6), 30);
  for (let k = 0; k < 10; k++) { n.run(500); watch(); }
  t.false(saysBusy[saysBusy.length - 1], "one more frame does not make it busy again");
});

test("feasible routes (gateway sequence numbers): a way back to the same gateway under the same number that is not below the least metric advertised is refused; under a newer number, or to another gateway, it is taken at once; refused for four neighbour timeouts, the old number is forgotten", (t) => {
  const setUp = () => {
    const n = node(10, { helloIntervalMs: 1000 });
    n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
    // HELLOs go out: node 10 has advertised its way to gateway 1 (metric 16 + its link) under gateway 1's number 7
    t.like(pump(n, 3000).at(-1), { gateway: 1, hops: 2, seq: 7 });
    // 20 loses its way; 21 still advertises one to gateway 1 under number 7 of 10's own metric (33) plus a link
    // (17): what it would say if it routed through 10 on stale news, the start of a loop.
    n.hear(hello(20, n.crypto.mac, null, 2), 20, -50);
    n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 7 }), 21, -50);
    return n;
  };
  const n = setUp();
  const told = pump(n, 500);
  t.is(n.router.route(), null, "not feasible: no route, frames are held");
  t.true(told.length > 0 && told.every((r) => r === null), `and the neighbours are told: no route (${JSON.stringify(told)})`);
  pump(n, 10_000);
  t.is(n.router.route(), null, "still refused 10 s later: news under the same number may be stale however old");
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 8 }, 2), 21, -50);
  t.like(n.router.route(), { via: 21, gateway: 1, seq: 8 }, "under a newer number (it came from the gateway since) it is taken");
  const m = setUp();
  m.hear(hello(22, m.crypto.mac, { gateway: 2, hops: 4, metric: 64, seq: 3 }), 22, -50);
  t.like(m.router.route(), { via: 22, gateway: 2 }, "another gateway's way is feasible at once, however long");
  const o = setUp();
  for (let k = 2; k < 14; k++) {
    pump(o, 11_000);
    o.hear(hello(21, o.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 7 }, k), 21, -50);
    if (k <= 11) t.is(o.router.route(), null, `refused ${(k - 1) * 11} s on`);
  }
  t.like(o.router.route(), { via: 21, gateway: 1 }, "after four timeouts with no way (a gateway replaced, its numbers begun again) the old number is forgotten");
});

test("backpressure lapses: a busy neighbour whose later HELLOs never arrive is a next hop again 10 s after the HELLO that said busy", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }, 1, true), 20, -50);
  n.router.originate(MsgType.sos, SOS_BODY);
  pump(n, 9000);
  t.is(n.radio.sent.length, 0, "busy: held");
  pump(n, 2500); // (held frames are looked at again when the next control frame is sent: here a probe of the silent parent)
  t.is(n.radio.sent[0]?.to, 20, "a node says busy for 10 s at most: the word lapses");
});

test("feasible routes keep a parent whose metric rises by less than a link's worth (no loop can hide in that slack: a link costs at least one unit)", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  t.like(pump(n, 3000).at(-1), { gateway: 1, hops: 2, metric: 33 });
  // 20's own way got worse by 30 (two transmissions' worth, less one): 46 < 33 + 16.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 46 }, 2), 20, -50);
  const told = pump(n, 3000);
  t.like(n.router.route(), { via: 20, gateway: 1, metric: 63 }, "the route stays, its metric follows");
  t.true(told.length > 0 && told.every((r) => r !== null), "no retraction was said");
  // 49 = 33 + 16 is what a neighbour routing through 10 over the best possible link would say: refused.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 49 }, 3), 20, -50);
  t.is(n.router.route(), null);
});

test("bulk backpressure: a node whose queue is half full says full (clear at a quarter); a full neighbour gets no bulk, while SOS still go to it", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  // The saying: 16 frames of capacity, a route, and bulk that cannot leave (every send unanswered).
  const n = node(10, { queueFrames: 16, helloIntervalMs: 1000, retries: 0 });
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1, -50);
  const media = (seq: number) => encodeMessage({ type: MsgType.media, priority: Priority.bulk, hopLimit: 8, hops: 0, net: 3, ack: false, src: 30, dst: Addr.anyGateway, seq },
    { stream: 1, kind: "image", frame: 0, index: seq, count: 40, data: new Uint8Array(100) }, n.crypto.mac);
  /** Runs 300 ms answering every send (data unanswered: it stays queued); what the last broadcast HELLO said of full. */
  const says = (deliver = false) => {
    let full: boolean | undefined;
    for (let k = 0; k < 30; k++) {
      n.run(10);
      for (const s of n.radio.sent.splice(0)) {
        if (s.header.type === MsgType.hello && s.to === LINK_BROADCAST) {
          full = (decodeMessage(s.frame, n.crypto.mac).body as HelloBody).full === true;
          if (deliver && !full) t.true(n.router.queued <= 4, `cleared at ${n.router.queued} of 16`);
        }
        s.done(deliver || s.header.type === MsgType.hello);
      }
    }
    return full;
  };
  for (let i = 1; i <= 7; i++) n.hear(media(i), 30);
  t.is(says(), false, "7 of 16: not full");
  t.is(n.router.queued, 7);
  n.hear(media(8), 30);
  t.is(says(), true, "8 of 16 (half): full, told at once");
  // The gateway was dropped for its silence meanwhile; it is heard again and acknowledges: the
  // queue drains, and at a quarter it is clear again.
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }, 2), 1, -50);
  let said: boolean | undefined;
  for (let k = 0; k < 40 && said !== false; k++) said = says(true);
  t.is(said, false, "drained: clear again (at a quarter)");
  // The hearing: neighbour 20 says full; bulk waits, an SOS goes.
  const m = node(11, { helloIntervalMs: 1000 });
  m.hear(hello(20, m.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  const fullHello = encodeMessage({ type: MsgType.hello, priority: 2, hopLimit: 0, hops: 0, net: 3, ack: false, src: 20, dst: Addr.broadcast, seq: 2 },
    { role: "relay", route: { gateway: 1, hops: 1, metric: 16, seq: 0 }, battery: null, floor: 0, x: 0, y: 0, orders: 0, full: true }, m.crypto.mac);
  m.hear(fullHello, 20, -50);
  m.hear(media(1), 30);
  m.run(500);
  t.is(m.radio.next(), undefined, "bulk held: the only way is full");
  m.hear(sos(30, 7, m.crypto.mac), 30);
  m.run(10);
  t.like(m.radio.next(), { to: 20, header: { type: MsgType.sos } }, "an SOS goes to a full neighbour");
});

test("a bulk frame held only for its airtime goes when the budget pays for it, though nothing else happens", async (t) => {
  const n = node(10);
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1, -50);
  // The budget starts empty: a 250-byte fragment (2.5 ms on air) waits about 8 ms at a 0.3 share.
  n.router.originate(MsgType.media, { stream: 1, kind: "image", frame: 0, index: 0, count: 2, data: new Uint8Array(200) });
  n.run(2);
  t.is(n.radio.next(), undefined, "not yet: the budget cannot pay");
  n.run(50);
  t.like(n.radio.next(), { to: 1, header: { type: MsgType.media } }, "a wake-up when it can (no HELLO, no frame came in meanwhile)");
});

test("a retry due later is not hidden by a frame held with its time past: the transmit queue's earliest time is the earliest still ahead", async (t) => {
  const { PriorityQueue, outgoing } = await import("../forwarding/queue");
  const q = new PriorityQueue(8, 8 * 538);
  const held = outgoing(new Uint8Array(4), 3, 1, true);
  held.notBefore = 5; // held for want of a way; its time passed long ago
  const retry = outgoing(new Uint8Array(4), 0, 2, true);
  retry.notBefore = 1003;
  q.push(held);
  q.push(retry);
  t.is(q.earliest(1000), 1003, "the retry's time, not the held frame's past one (which set no wake-up)");
  t.is(q.earliest(2000), Infinity);
});

test("full is said for 30 s at most: frames that cannot leave (a hop limit too short) do not shut bulk out for good; a way back after none (not a new parent) lets it be said again", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  const n = node(10, { queueFrames: 16, helloIntervalMs: 1000 });
  // Its way is 3 hops: position frames that arrive with hop limit 1 can never leave.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 2, metric: 32 }), 20, -50);
  for (let i = 1; i <= 8; i++) {
    n.hear(encodeMessage({ type: MsgType.position, priority: Priority.telemetry, hopLimit: 1, hops: 6, net: 3, ack: false, src: 30, dst: Addr.anyGateway, seq: i },
      { device: i, floor: 0, x: 1, y: 1, accuracy: 2 }, n.crypto.mac), 30);
  }
  const said: { at: number; full: boolean }[] = [];
  for (let k = 0; k < 600; k++) {
    n.run(100);
    for (const s of n.radio.sent.splice(0)) {
      if (s.header.type === MsgType.hello && s.to === LINK_BROADCAST) said.push({ at: n.scheduler.now(), full: (decodeMessage(s.frame, n.crypto.mac).body as HelloBody).full === true });
      s.done(true);
    }
    n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 2, metric: 32 }, k + 2), 20, -50);
  }
  t.is(n.router.queued, 8, "the 8 frames are still held");
  t.true(said.some((s) => s.full), "full was said");
  const last = said.at(-1)!;
  t.false(last.full, "and is no longer, a minute on");
  t.true(said.filter((s) => s.full).every((s) => s.at <= 32_000), "never after its 30 s");
  const saidFull = (ms = 500) => {
    const out: boolean[] = [];
    for (let k = 0; k < ms / 100; k++) {
      n.run(100);
      for (const s of n.radio.sent.splice(0)) {
        if (s.header.type === MsgType.hello && s.to === LINK_BROADCAST) out.push((decodeMessage(s.frame, n.crypto.mac).body as HelloBody).full === true);
        s.done(true);
      }
    }
    return out;
  };
  // Another parent is no reason to say it again (parents that flap kept it said).
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 20 }), 21, -50);
  t.like(n.router.route(), { via: 21 });
  const moved = saidFull(10_000);
  t.true(moved.length > 0 && !moved.includes(true), `not said on a new parent (${moved.join(",")})`);
  // A way again after none (a healed cut): the held frames may leave now, so full may be said again.
  n.hear(hello(20, n.crypto.mac, null, 700), 20, -50);
  n.hear(hello(21, n.crypto.mac, null, 2), 21, -50);
  t.is(n.router.route(), null);
  saidFull();
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 20 }, 3), 21, -50);
  const healed = saidFull();
  t.is(n.router.queued, 8, "still held (hop limit 1, the way is 3 hops)");
  t.true(healed.includes(true), `full said again within half a second of the way back (${healed.join(",")})`);
});

test("the silence a weak neighbour is allowed is counted in its longest HELLO interval, not the shortest", (t) => {
  const n = node(10, { helloIntervalMs: 1000, helloMaxIntervalMs: 8000, neighbourTimeoutMs: 30_000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -93);
  t.like(n.router.route(), { via: 20 });
  n.run(40_000);
  t.like(n.router.route(), { via: 20 }, "40 s without a HELLO from a link heard a third of the time: not dead (8 s HELLOs)");
  n.run(90_000);
  t.is(n.router.route(), null, "at most four timeouts");
});

test("a neighbour saying it has no way is an inconsistency: a node with one sends its next HELLO within its shortest interval, not at its longest", (t) => {
  const n = node(10, { helloIntervalMs: 1000, helloMaxIntervalMs: 16_000 });
  const both = (k: number, other: { gateway: number; hops: number; metric: number; seq: number } | null) => {
    n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 1 }, k), 20, -50);
    n.hear(hello(22, n.crypto.mac, other, k), 22, -50);
  };
  const routed = { gateway: 1, hops: 3, metric: 60, seq: 1 };
  both(1, routed);
  for (let k = 2; k < 12; k++) {
    pump(n, 10_000);
    both(k, routed);
  }
  // The Trickle timer is at its longest (16 s) by now: a routed neighbour's HELLO changes nothing.
  t.is(pump(n, 1000).length, 0, "neighbours that have a way: no HELLO within a second");
  n.hear(hello(22, n.crypto.mac, null, 12), 22, -50);
  const told = pump(n, 1000);
  t.true(told.length >= 1 && told.every((r) => r !== null && r.gateway === 1), `22 says no route: our way within a second (${JSON.stringify(told)})`);
  // A node with no way itself has nothing to tell: two such neighbours must not keep each other at Imin.
  const m = node(11, { helloIntervalMs: 1000, helloMaxIntervalMs: 16_000 });
  m.hear(hello(22, m.crypto.mac, null, 1), 22, -50);
  for (let k = 2; k < 12; k++) {
    pump(m, 10_000);
    m.hear(hello(22, m.crypto.mac, null, k), 22, -50);
  }
  t.is(pump(m, 1000).length, 0, "no way here: a neighbour's no-route HELLO resets nothing");
});

test("a data frame's ACK is proof of life: the neighbour counts as heard when it came", (t) => {
  const n = node(10);
  const table = neighbourTable(n);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  pump(n, 20_000);
  n.router.originate(MsgType.sos, SOS_BODY);
  pump(n, 100);
  const s = n.radio.next();
  t.is(s?.to, 20);
  t.is(table.get(20)?.lastHeard, 0, "heard at 0 (its HELLO)");
  s?.done(true);
  t.true(n.scheduler.now() >= 20_000);
  t.is(table.get(20)?.lastHeard, n.scheduler.now(), "and now, by its ACK");
});

test("orders: a beacon's HELLOs say the digest of the orders it holds; a neighbour's other digest sends them again within 2 s, however long their timer had grown, at most 8 times an order", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  const orders = () => (n.router as unknown as { strategy: { orders: { held: { trickle: Trickle }[] } } }).strategy.orders.held;
  const sent: { at: number; type: number; digest?: number }[] = [];
  const run = (ms: number) => {
    for (let k = 0; k < ms; k += 10) {
      n.run(10);
      for (const s of n.radio.sent.splice(0)) {
        const digest = s.header.type === MsgType.hello ? (decodeMessage(s.frame, n.crypto.mac).body as HelloBody).orders : undefined;
        sent.push({ at: n.scheduler.now(), type: s.header.type, digest });
        s.done(true);
      }
    }
  };
  const lastDigest = () => sent.filter((s) => s.type === MsgType.hello).at(-1)?.digest;
  run(2000);
  t.is(lastDigest(), 0, "holding none: 0");
  n.hear(instruction(1, 0x2c, n.crypto.mac), 1, -60, true);
  n.hear(instruction(0x0a0b, 0x0123f7, n.crypto.mac), 0x0a0b, -60, true);
  // 20 holds the same two orders, and says so every 10 s
  let seq = 1;
  for (let k = 0; k < 20; k++) {
    n.hear(hello(20, n.crypto.mac, null, seq++, false, 0xd1), 20, -60);
    run(10_000);
  }
  t.is(lastDigest(), 0xd1, "(1 ^ 0x2c) ^ (0x0b ^ 0xf7): src and seq, low 8 bits, XOR over the orders");
  t.deepEqual(orders().map((o) => o.trickle.current), [60_000, 60_000], "the orders' timers at their longest interval");
  n.hear(hello(20, n.crypto.mac, null, seq++, false, 0xd1), 20, -60);
  t.is(orders()[0].trickle.current, 60_000, "the same digest: nothing to do");
  n.hear(hello(20, n.crypto.mac, null, seq++, false, 0), 20, -60);
  t.deepEqual(orders().map((o) => o.trickle.current), [2000, 2000], "another digest: back to 2 s");
  const at = n.scheduler.now();
  run(2000);
  t.is(sent.filter((s) => s.type === MsgType.instruction && s.at > at).length, 2, "and both orders went out again within 2 s");
  // 20 says the other digest for good: each HELLO a nudge, 8 in all
  let nudged = 1;
  for (let k = 0; k < 12; k++) {
    run(10_000);
    n.hear(hello(20, n.crypto.mac, null, seq++, false, 0), 20, -60);
    if (orders()[0].trickle.current === 2000) nudged++;
  }
  t.is(nudged, 8, "8 early sends an order, then Trickle's own pace");
});

test("a bulk frame from a neighbour that missed the word full is answered by a unicast HELLO saying full, at most once in 20 ms", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  // No way on yet (a cut): the fragments stay queued, and the radio is free for HELLOs.
  const n = node(10, { queueFrames: 4, helloIntervalMs: 1000 });
  const fragment = (i: number) => encodeMessage({ type: MsgType.media, priority: Priority.bulk, hopLimit: 8, hops: 0, net: 3, ack: false, src: 30, dst: Addr.anyGateway, seq: i },
    { stream: 1, kind: "image", frame: 0, index: i, count: 40, data: new Uint8Array(100) }, n.crypto.mac);
  let told = 0;
  const air = () => {
    for (const s of n.radio.sent.splice(0)) {
      if (s.to === 30 && s.header.type === MsgType.hello && (decodeMessage(s.frame, n.crypto.mac).body as HelloBody).full === true) told++;
      s.done(true);
    }
  };
  // 30 is a neighbour (its HELLO heard; it has no way either); its news is answered by a broadcast HELLO, out of the way here.
  n.hear(hello(30, n.crypto.mac, null), 30, -50);
  n.run(200);
  air();
  n.hear(fragment(1), 30);
  air();
  t.is(told, 0, "one of four queued: not full, nothing told");
  n.hear(fragment(2), 30);
  air();
  t.is(told, 1, "two of four: full, and 30, which sends to it, is told at once by unicast (the broadcast word leaves 20-100 ms later)");
  n.run(5);
  n.hear(fragment(3), 30);
  air();
  t.is(told, 1, "not again within 20 ms");
  n.run(20);
  n.hear(fragment(4), 30);
  air();
  t.is(told, 2, "again after 20 ms: it missed the word");
  t.is(n.router.queued, 4);
});

test("the full notice queues behind no other HELLO (a probe of the parent keeps its callback, none is pushed out), and the way it says is kept as advertised", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  const n = node(10, { queueFrames: 4, helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  pump(n, 3000);
  t.is(neighbourTable(n).fds.get(1)! >>> 16, 7, "advertised under gateway 1's number 7");
  // 20 says busy (no next hop: the fragments stay queued) under the gateway's newer number 8.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 8 }, 2, true), 20, -50);
  // 30 and 31 are neighbours (their HELLOs heard, no way of their own).
  n.hear(hello(30, n.crypto.mac, null), 30, -50);
  n.hear(hello(31, n.crypto.mac, null), 31, -50);
  for (let k = 0; k < 5; k++) {
    n.run(100);
    n.radio.sent.splice(0).forEach((x) => x.done(true));
  }
  const fragment = (src: number, i: number) => encodeMessage({ type: MsgType.media, priority: Priority.bulk, hopLimit: 8, hops: 0, net: 3, ack: false, src, dst: Addr.anyGateway, seq: i },
    { stream: 1, kind: "image", frame: 0, index: i, count: 40, data: new Uint8Array(100) }, n.crypto.mac);
  const told: { to: number; route: HelloBody["route"] }[] = [];
  const onAir = () => n.radio.sent.filter((x) => x.header.type === MsgType.hello && x.to !== LINK_BROADCAST);
  n.hear(fragment(30, 1), 30);
  n.hear(fragment(30, 2), 30); // full: 30 is told; that HELLO holds the radio (not finished yet)
  const first = onAir();
  t.is(first.length, 1);
  t.like(decodeMessage(first[0].frame, n.crypto.mac).body as HelloBody, { full: true, route: { gateway: 1, seq: 8 } });
  t.is(neighbourTable(n).fds.get(1)! >>> 16, 8, "the unicast's way is kept as advertised: a child that heard number 8 from it is not taken for feasible");
  n.run(25);
  n.hear(fragment(31, 1), 31); // 31 is told too: its HELLO waits for the radio
  n.run(25);
  n.hear(fragment(30, 3), 30); // a HELLO waits: 30 is not told now (it would queue a second)
  for (let k = 0; k < 10; k++) {
    for (const x of n.radio.sent.splice(0)) {
      if (x.header.type === MsgType.hello && x.to !== LINK_BROADCAST) told.push({ to: x.to, route: (decodeMessage(x.frame, n.crypto.mac).body as HelloBody).route });
      x.done(true);
    }
    n.run(1);
  }
  t.deepEqual(told.map((x) => x.to), [30, 31], "the first notice and 31's, nothing queued behind 31's");
});

test("full notices: at most 8 a full spell, and none to a link address that is no neighbour (replayed fragments under a spoofed sender cannot hold the radio)", async (t) => {
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, Priority } = await import("../protocol/frame");
  const n = node(10, { queueFrames: 4, helloIntervalMs: 1000 });
  let seq = 0;
  const fragment = () => encodeMessage({ type: MsgType.media, priority: Priority.bulk, hopLimit: 8, hops: 0, net: 3, ack: false, src: 30, dst: Addr.anyGateway, seq: ++seq },
    { stream: 1, kind: "image", frame: 0, index: seq % 40, count: 40, data: new Uint8Array(100) }, n.crypto.mac);
  const told = new Map<number, number>();
  const air = () => {
    for (let k = 0; k < 5; k++) {
      for (const s of n.radio.sent.splice(0)) {
        if (s.header.type === MsgType.hello && s.to !== LINK_BROADCAST && (decodeMessage(s.frame, n.crypto.mac).body as HelloBody).full === true) told.set(s.to, (told.get(s.to) ?? 0) + 1);
        s.done(true);
      }
      n.run(1);
    }
  };
  n.hear(hello(30, n.crypto.mac, null), 30, -50);
  n.run(200);
  air();
  n.hear(fragment(), 30);
  n.hear(fragment(), 30);
  air();
  t.is(told.get(30), 1, "full: 30 told");
  n.run(25);
  n.hear(fragment(), 99);
  air();
  t.is(told.get(99), undefined, "99 is no neighbour: not told");
  for (let i = 0; i < 20; i++) {
    n.run(25);
    n.hear(fragment(), 30);
    air();
  }
  t.is(told.get(30), 8, "eight in the spell, though 30 kept sending for half a second");
  // The spell ends (a way: the queue drains), and a new one begins (the way gone again): eight more may go.
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16 }), 20, -50);
  for (let k = 0; k < 20; k++) {
    n.run(50);
    air();
  }
  t.is(n.router.queued, 0);
  n.hear(hello(20, n.crypto.mac, null, 2), 20, -50);
  air();
  n.run(25);
  n.hear(fragment(), 30);
  n.hear(fragment(), 30);
  air();
  t.is(told.get(30), 9, "a new spell: told again");
});

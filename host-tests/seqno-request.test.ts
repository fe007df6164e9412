/**
 * Asking for a newer gateway number (SPEC §4.1 ask, forwarding/discovery.ts;
 * Babel's seqno request, RFC 8966 §3.8.2.1): a node whose neighbours' ways
 * are all refused as infeasible asks; a node nearer the gateway whose way is
 * no newer passes the request on; the gateway, or a node with a newer number,
 * answers at once; a node that passed it on tells the newer number at once.
 * And the parent's silence, watched at its deadline (watchParent), which
 * changed with it.
 */
import test from "ava";
import { LINK_BROADCAST } from "../hal/radio";
import { Addr, MsgType } from "../protocol/frame";
import { decodeMessage, encodeMessage } from "../protocol/message";
import type { HelloBody } from "../protocol/messages/hello";
import { hello, node, pump } from "./support/router-node";

type Node = ReturnType<typeof node>;
type Way = { gateway: number; hops: number; metric: number; seq: number } | null;

/** A HELLO from `src` with `route` that asks for a number of `ask.gateway` newer than `ask.seq`. */
function asking(n: Node, src: number, route: Way, ask: { gateway: number; seq: number }, seq: number): Uint8Array {
  return encodeMessage(
    { type: MsgType.hello, priority: 2, hopLimit: 0, hops: 0, net: 3, ack: false, src, dst: Addr.broadcast, seq },
    { role: route?.hops === 0 ? "gateway" : "relay", route, battery: null, floor: 0, x: 0, y: 0, orders: 0, ask }, n.crypto.mac);
}

/** Runs `n` for `ms` in 10 ms steps; the broadcast HELLOs it sent, with when (ms from the start). */
function hellos(n: Node, ms: number): { at: number; body: HelloBody }[] {
  const out: { at: number; body: HelloBody }[] = [], t0 = n.scheduler.now();
  for (let k = 0; k < ms; k += 10) {
    n.run(10);
    for (const s of n.radio.sent.splice(0)) {
      if (s.header.type === MsgType.hello && s.to === LINK_BROADCAST) out.push({ at: n.scheduler.now() - t0, body: decodeMessage(s.frame, n.crypto.mac).body as HelloBody });
      s.done(true);
    }
  }
  return out;
}

/** Node 10, 3 hops from gateway 1 through 20 under number 7 (metric 33), advertised; then its only way is refused: 20 says a worse way under 7 (through 10, for all 10 knows). */
function blocked(): Node {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  const said = pump(n, 3000).at(-1);
  if (said?.seq !== 7 || said.metric !== 33) throw new Error(`set-up: advertised ${JSON.stringify(said)}`);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 3, metric: 60, seq: 7 }, 2), 20, -50);
  return n;
}

test("a node whose only way is refused as infeasible says no route and asks for a number of that gateway newer than its distance's", (t) => {
  const n = blocked();
  t.is(n.router.route(), null);
  const said = hellos(n, 500);
  t.true(said.length > 0, "a HELLO soon (its way went)");
  t.deepEqual(said[0].body.route, null);
  t.deepEqual(said[0].body.ask, { gateway: 1, seq: 7 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 3, metric: 60, seq: 8 }, 3), 20, -50);
  t.like(n.router.route(), { via: 20, seq: 8 }, "the way under a newer number is taken");
  const after = hellos(n, 500);
  t.true(after.length > 0 && after.every((h) => h.body.ask === undefined && h.body.route?.seq === 8), JSON.stringify(after));
});

test("a node nearer the gateway whose way is no newer passes a request on at once (one HELLO within 100 ms), asking for one newer than its own, and tells the answer at once (a second later), or within its shortest Trickle interval (sooner)", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  hellos(n, 20_000); // quiet: its Trickle interval grown to 8 s
  n.hear(asking(n, 30, null, { gateway: 1, seq: 7 }, 5), 30, -50);
  const passed = hellos(n, 150);
  t.is(passed.length, 1, "one HELLO within 100 ms");
  t.deepEqual(passed[0].body.ask, { gateway: 1, seq: 7 });
  t.like(passed[0].body.route, { gateway: 1, seq: 7 });
  hellos(n, 1000);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 9 }, 2), 20, -50);
  const told = hellos(n, 1200);
  t.true(told.length >= 1 && told[0].at <= 100, `the newer number told within 100 ms (${JSON.stringify(told.map((h) => h.at))})`);
  t.like(told[0].body.route, { gateway: 1, seq: 9 });
  t.is(told[0].body.ask, undefined, "answered: it asks no more");
  // Again, the answer 200 ms after passing it on: one triggered HELLO a second, so Trickle's shortest interval.
  hellos(n, 20_000);
  n.hear(asking(n, 30, null, { gateway: 1, seq: 9 }, 6), 30, -50);
  t.like(hellos(n, 200)[0]?.body, { ask: { gateway: 1, seq: 9 } });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 10 }, 3), 20, -50);
  const later = hellos(n, 1200);
  t.true(later.length >= 1 && later[0].at >= 300 && later[0].at <= 1000, `told within the shortest Trickle interval, not at once (${JSON.stringify(later.map((h) => h.at))})`);
  t.like(later[0].body.route, { seq: 10 });
});

test("a request asking about a number far ahead (a key holder's) is passed on under the node's own number and ends at the first newer one", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  hellos(n, 20_000);
  n.hear(asking(n, 30, null, { gateway: 1, seq: 0x7000 }, 5), 30, -50);
  t.deepEqual(hellos(n, 1500)[0]?.body.ask, { gateway: 1, seq: 7 }, "asks for one newer than its own 7");
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 8 }, 2), 20, -50);
  const said = hellos(n, 6000);
  t.true(said.length > 0 && said.every((h) => h.body.ask === undefined), `8 ends it: no more asking (${JSON.stringify(said.map((h) => h.body.ask))})`);
});

test("a request from a sender the full neighbour table did not record (its seq unchecked: a replay would pass) is not acted on", (t) => {
  const n = node(10, { helloIntervalMs: 1000, neighbourEntries: 2 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 40, seq: 7 }), 21, -50);
  hellos(n, 20_000);
  n.hear(asking(n, 30, null, { gateway: 1, seq: 7 }, 5), 30, -99); // weaker than both: not recorded
  t.is(hellos(n, 150).length, 0, "nothing at once");
  n.hear(asking(n, 31, null, { gateway: 1, seq: 7 }, 5), 31, -40); // stronger: recorded (the weakest gives way)
  t.is(hellos(n, 150).length, 1, "a recorded asker is answered as ever");
});

test("a request from a node no farther from the gateway is not passed on; one about another gateway neither", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  hellos(n, 20_000);
  n.hear(asking(n, 31, { gateway: 1, hops: 2, metric: 40, seq: 7 }, { gateway: 1, seq: 7 }, 5), 31, -50);
  n.hear(asking(n, 32, null, { gateway: 4, seq: 7 }, 5), 32, -50);
  const said = hellos(n, 2000);
  t.true(said.every((h) => h.body.ask === undefined), JSON.stringify(said));
  t.false(said.some((h) => h.at < 150), "nothing at once");
});

test("a node whose way has a newer number than asked answers at once, without asking", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 9 }), 20, -50);
  hellos(n, 20_000);
  n.hear(asking(n, 30, null, { gateway: 1, seq: 7 }, 5), 30, -50);
  const said = hellos(n, 150);
  t.is(said.length, 1);
  t.like(said[0].body.route, { seq: 9 });
  t.is(said[0].body.ask, undefined);
});

test("the gateway answers a request about itself with a HELLO (a newer number) at once, at most once a shortest HELLO interval; one about another gateway it leaves to its timer", (t) => {
  const g = node(1, { helloIntervalMs: 1000, role: "gateway" });
  hellos(g, 20_000);
  g.hear(asking(g, 30, null, { gateway: 2, seq: 7 }, 5), 30, -50);
  t.false(hellos(g, 150).length > 0, "another gateway's: nothing at once");
  const before = hellos(g, 9000).at(-1)!.body.route!.seq;
  g.hear(asking(g, 30, { gateway: 1, hops: 1, metric: 16, seq: before }, { gateway: 1, seq: before }, 6), 30, -50);
  const now = hellos(g, 150);
  t.is(now.length, 1, "one HELLO within 100 ms");
  t.true(now[0].body.route!.seq > before, "under a newer number");
  // A key holder asking again and again buys no more than one triggered HELLO a second.
  let sent = 0;
  for (let i = 0; i < 20; i++) {
    g.hear(asking(g, 30, null, { gateway: 1, seq: before }, 7 + i), 30, -50);
    sent += hellos(g, 100).length;
  }
  t.true(sent >= 2 && sent <= 4, `${sent} HELLOs in 2 s of requests every 100 ms: one at once a second, and Trickle at its shortest (one in each 0.5–1 s)`);
});

test("the parent's silence is looked at when it would be too long: the probe leaves at 2.2 of the parent's HELLO gaps (one shortest interval assumed before a second HELLO), not up to 250 ms later, and the watch goes on after it", (t) => {
  const n = node(10, { helloIntervalMs: 700 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  const heardAt = n.scheduler.now(), probes: number[] = [];
  for (let k = 0; k < 6000; k += 5) {
    n.run(5);
    for (const s of n.radio.sent.splice(0)) {
      if (s.to === 20) probes.push(n.scheduler.now() - heardAt);
      s.done(true); // answered: proof of life
    }
  }
  t.true(probes.length >= 2, `probed again after an answer (${JSON.stringify(probes)})`);
  t.true(probes[0] >= 1540 && probes[0] <= 1550, `first probe at ${probes[0]} ms: 2.2 × 700 after the parent's HELLO (every 250 ms it was 1675)`);
});

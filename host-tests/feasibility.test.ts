/**
 * Feasible routes (SPEC §4.1, forwarding/neighbours.ts feasible()): the ways a
 * node refuses because they may run through itself on stale news, one
 * feasibility distance a gateway.
 * Each test is a case an adversarial review found open before the distances
 * were kept per gateway (2026-11-22).
 */
import test from "ava";
import { NeighbourTable } from "../forwarding/neighbours";
import { hello, neighbourTable, node, pump, sos } from "./support/router-node";

/** A node's feasibility distances (its neighbour table's). */
const distances = (n: ReturnType<typeof node>) => neighbourTable(n).fds;

/** Node 10 with a way to gateway 1 through 20 (metric 16 + its link), advertised under gateway 1's number 7; then 20 loses its way. */
function advertisedThenLost(): ReturnType<typeof node> {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  const said = pump(n, 3000).at(-1);
  if (said?.gateway !== 1 || said.seq !== 7 || said.metric !== 33) throw new Error(`set-up: advertised ${JSON.stringify(said)}`);
  // 21 says a way to gateway 1 under number 7 for 10's metric plus a link: what it says if it is 10's child.
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 7 }), 21, -50);
  n.hear(hello(20, n.crypto.mac, null, 2), 20, -50);
  return n;
}

test("a node that moved to another gateway keeps the first one's distance: a child's stale way to it is refused once the other is advertised", (t) => {
  const n = advertisedThenLost();
  n.hear(hello(22, n.crypto.mac, { gateway: 2, hops: 6, metric: 200, seq: 3 }), 22, -50);
  t.like(n.router.route(), { via: 22, gateway: 2 }, "another gateway's way is taken at once, however long");
  const told = pump(n, 1500);
  t.true(told.length > 0 && told.every((r) => r?.gateway === 2), `it advertises gateway 2 (${JSON.stringify(told)})`);
  t.like(n.router.route(), { via: 22, gateway: 2 }, "and stays on it: 21's way to gateway 1 under 7 is still refused");
  n.hear(hello(22, n.crypto.mac, null, 2), 22, -50);
  t.is(n.router.route(), null, "with gateway 2's way gone, 21's way back to gateway 1 (maybe through 10) is not taken");
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 8 }, 2), 21, -50);
  t.like(n.router.route(), { via: 21, gateway: 1, seq: 8 }, "under gateway 1's newer number it is");
});

test("a neighbour kept alive only by ACKs to our probes loses its way after three timeouts without a HELLO, before it can forget its distances", (t) => {
  const b = node(21, { helloIntervalMs: 1000 });
  b.hear(hello(10, b.crypto.mac, { gateway: 1, hops: 2, metric: 33, seq: 7 }), 10, -85);
  let probes = 0, lostAt = -1;
  for (let s = 1; s <= 130; s++) {
    b.run(1000);
    for (const x of b.radio.sent.splice(0)) {
      if (x.to === 10) probes++;
      x.done(true);
    }
    if (lostAt < 0 && b.router.route() === null) lostAt = s;
  }
  t.true(probes > 10, `10 was probed (${probes}) and answered every time`);
  t.true(lostAt > 85 && lostAt <= 92, `its way dropped ${lostAt} s after its last HELLO: three 30 s timeouts (a parent forgets its distances after four)`);
});

test("a gateway heard directly is taken at once, though its numbers started again (storage wiped): its own way passes through nobody; the distance is not moved back", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0, seq: 5000 }, 5000), 1, -50);
  pump(n, 3000);
  t.like(n.router.route(), { via: 1, seq: 5000 });
  // 21 routes through 10 under 4999 (stale news, heard before the wipe)
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 2, metric: 34, seq: 4999 }, 1), 21, -50);
  // (frame seq 6000: not a replay of the gateway's HELLOs, which the neighbour table refuses on its own)
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0, seq: 3 }, 6000), 1, -50);
  t.like(n.router.route(), { via: 1, gateway: 1, seq: 3 }, "gateway 1's way under number 3, older than 5000");
  const told = pump(n, 3000);
  t.true(told.some((r) => r?.seq === 3), `and advertised (${JSON.stringify(told)})`);
  t.is(distances(n).get(1)! >>> 16, 5000, "the distance stays under 5000");
  n.hear(hello(1, n.crypto.mac, null, 6001), 1, -50);
  t.is(n.router.route(), null, "the gateway gone: 21's way under 4999 (older than 5000, maybe through 10) is refused");
});

test("a HELLO under an older number, however it came (the gateway heard late, a key holder with its address), does not open a child's way back through this node", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  // the gateway heard directly but weakly under 100; relay 20 has its newer number 105
  n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0, seq: 100 }, 100), 1, -95);
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 105 }, 1), 20, -50);
  t.like(pump(n, 3000).at(-1), { gateway: 1, seq: 105, metric: 33 });
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 50, seq: 105 }, 1), 21, -50);
  n.hear(hello(20, n.crypto.mac, null, 2), 20, -50);
  t.like(n.router.route(), { via: 1, seq: 100 }, "20's way gone: the gateway directly, under 100");
  t.true(pump(n, 500).some((r) => r?.seq === 100));
  t.like(n.router.route(), { via: 1 }, "not 21, whose way under 105 may run through 10");
  n.hear(hello(1, n.crypto.mac, null, 101), 1, -95);
  t.is(n.router.route(), null);
});

test("distances are kept for eight gateways, the least metric under one number, a newer number over an older one; a ninth gateway gets none", (t) => {
  const table = new NeighbourTable(8, 30_000, 8000, 3);
  table.advertised({ gateway: 1, metric: 33, seq: 7 });
  table.heard(21, -50, 0, { gateway: 1, hops: 3, metric: 50, seq: 7 }, 1000, 1);
  t.is(table.best(0), null, "a child's way under 7 refused");
  for (let g = 2; g <= 8; g++) table.advertised({ gateway: g, metric: 40, seq: 5 });
  table.advertised({ gateway: 3, metric: 20, seq: 5 });
  table.advertised({ gateway: 3, metric: 60, seq: 5 });
  t.is(table.fds.get(3), 5 * 65536 + 20, "same number: the least metric");
  table.advertised({ gateway: 4, metric: 60, seq: 6 });
  t.is(table.fds.get(4), 6 * 65536 + 60, "a newer number starts again");
  table.advertised({ gateway: 4, metric: 10, seq: 5 });
  t.is(table.fds.get(4), 6 * 65536 + 60, "an older number changes nothing");
  table.advertised({ gateway: 5, metric: 10, seq: 0x8004 });
  t.is(table.fds.get(5), 0x8004 * 65536 + 10, "0x7FFF ahead of 5 is newer; numbers past 0x8000 pack and unpack");
  table.advertised({ gateway: 9, metric: 30, seq: 1 });
  t.is(table.fds.size, 8, "a ninth gateway: not kept");
  t.false(table.fds.has(9));
  t.is(table.best(0), null, "and gateway 1's distance is still there");
});

test("a frame's next hop: a feasible neighbour before a downhill one that may route through this node, though that one looks better; the other when it is the only one", (t) => {
  const n = node(10, { helloIntervalMs: 1000 });
  n.hear(hello(20, n.crypto.mac, { gateway: 1, hops: 1, metric: 16, seq: 7 }), 20, -50);
  pump(n, 3000); // 10 advertised 33 under gateway 1's number 7: its distance
  n.hear(hello(20, n.crypto.mac, null, 2), 20, -50);
  // 22: feasible (45 < 33 + 16), heard at -92 dBm: 91 in all. 21: 60 (not below 33 + 16: maybe 10's child), heard well: 77 in all, and downhill of 91.
  n.hear(hello(22, n.crypto.mac, { gateway: 1, hops: 3, metric: 45, seq: 7 }), 22, -92);
  n.hear(hello(21, n.crypto.mac, { gateway: 1, hops: 3, metric: 60, seq: 7 }), 21, -50);
  t.like(n.router.route(), { via: 22, metric: 91 }, "45 + 16 / 0.35 (the prior at -92 dBm, and one hop more travelled)");
  n.hear(sos(30, 1, n.crypto.mac), 30);
  pump(n, 500);
  const first = n.radio.next();
  t.is(first?.to, 22, "the feasible way, not 21's cheaper one");
  first?.done(true);
  n.run(10);
  // 22 says busy (SPEC §4.1): no next hop for 10 s; its way is still the route.
  n.hear(hello(22, n.crypto.mac, { gateway: 1, hops: 3, metric: 45, seq: 7 }, 2, true), 22, -92);
  n.hear(sos(30, 2, n.crypto.mac), 30);
  pump(n, 500);
  t.like(n.router.route(), { via: 22 });
  t.is(n.radio.next()?.to, 21, "with no feasible next hop left, the downhill one");
});

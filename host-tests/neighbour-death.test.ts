/**
 * Link death judged with hysteresis under loss (forwarding/neighbours.ts):
 * a neighbour is dropped after a run of failed exchanges, or a silence, that
 * a live one on a link that good would show less than once in a thousand.
 */
import test, { type ExecutionContext } from "ava";
import { HEARD_NEW, HEARD_STALE, NeighbourTable, failuresToDeath, gwSeqAfter, prrPrior, silenceToDeath } from "../forwarding/neighbours";

const route = { gateway: 1, hops: 1, metric: 16, seq: 0 };

test("failures to death: the configured limit on a good link, more on a weak one, bounded", (t) => {
  t.is(failuresToDeath(3, 0.9, 3), 3, "three exchanges of three attempts at 90 %: 1e-9, the limit rules");
  t.is(failuresToDeath(3, 0.5, 3), 4, "(1/2)^12 < 1e-3 < (1/2)^9");
  t.is(failuresToDeath(3, 0.6, 3), 3, "0.4^9 < 1e-3");
  t.is(failuresToDeath(3, 0.3, 3), 7, "0.7^(3·7) < 1e-3 < 0.7^(3·6)");
  t.is(failuresToDeath(3, 0.6, 1), 8, "one attempt an exchange: ln 1e-3 / ln 0.4 = 7.5");
  t.is(failuresToDeath(3, 1 / 16, 3), 16, "bounded");
  t.is(failuresToDeath(5, 0.9, 3), 5, "never below the limit");
  t.is(failuresToDeath(100, 0.1, 3), 100, "a limit above the bound is kept");
  t.is(failuresToDeath(3, 1, 3), 3, "a perfect estimate is no division by zero");
});

test("silence to death: the timeout on a good link, up to four times it on a weak one", (t) => {
  t.is(silenceToDeath(30_000, 8000, 0.95), 30_000);
  t.is(Math.round(silenceToDeath(30_000, 8000, 0.6)), Math.round((8000 * Math.log(1e-3)) / Math.log(0.4)), "8 s HELLOs heard 60 %: 60 s");
  t.is(silenceToDeath(30_000, 8000, 0.2), 120_000, "bounded at four timeouts");
  t.is(silenceToDeath(30_000, 0, 0.2), 30_000, "no HELLO interval given: the timeout");
});

test("a weak neighbour outlives three failed exchanges and is dropped at the run its link allows", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -93, 0, route, 1000, 1);
  const prr = table.get(20)!.prr;
  t.is(prr, prrPrior(-93));
  const k = failuresToDeath(3, prr, 3);
  t.true(k > 3);
  for (let i = 0; i < 3; i++) table.failed(20, 3);
  t.truthy(table.get(20), "three failures on a link of a third: not yet");
  // each failure lowers the estimate; the run is judged by the link as it was when the run began
  for (let i = 0; i < 3; i++) table.outcome(20, false, 0);
  for (let i = 3; i < k - 1; i++) t.false(table.failed(20, 3));
  t.true(table.failed(20, 3), `dropped at failure ${k}`);
  t.is(table.get(20), undefined);
});

test("a HELLO ends a run of failures: the next run is judged afresh", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -60, 0, route, 1000, 1);
  table.failed(20, 3);
  table.failed(20, 3);
  table.heard(20, -60, 1000, route, 1000, 2);
  t.false(table.failed(20, 3));
  t.false(table.failed(20, 3));
  t.true(table.failed(20, 3), "a good link: three in a row");
});

test("a weak neighbour outlives the timeout's silence; a strong one does not", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -93, 0, route, 1000, 1);
  table.heard(21, -50, 0, route, 1000, 1);
  t.is(table.expire(40_000), 1);
  t.is(table.get(21), undefined);
  t.truthy(table.get(20), "a link heard a third of the time is not dead after 40 s");
  t.is(table.expire(40_000 + silenceToDeath(30_000, 8000, prrPrior(-93))), 1);
  t.is(table.get(20), undefined);
});

/** A table whose neighbour 20, last heard at 0 with HELLO seq `seq`, was dropped for its silence at 31 s. */
function droppedAfterSilence(t: ExecutionContext, seq: number): NeighbourTable {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -50, 0, route, 1000, seq);
  t.is(table.expire(31_000), 1);
  return table;
}

test("a neighbour dropped and gone keeps its last HELLO's seq: a recording of it does not bring it back", (t) => {
  const table = droppedAfterSilence(t, 5);
  t.is(table.heard(20, -50, 40_000, route, 1000, 5), HEARD_STALE, "the last HELLO again");
  t.is(table.heard(20, -50, 40_000, route, 1000, 4), HEARD_STALE, "an older one");
  t.is(table.get(20), undefined);
  t.is(table.heard(20, -50, 40_000, route, 1000, 6), HEARD_NEW, "a newer one: it is back (news: gone for longer than the timeout)");
});

test("estimates stay numbers: a NaN RSSI gets the weakest prior, and such a neighbour still expires", (t) => {
  t.is(prrPrior(NaN), 0.2);
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, NaN, 0, route, 1000, 1);
  t.is(table.expire(silenceToDeath(30_000, 8000, 0.2) + 1), 1);
});

test("a perfect estimate is taken as 99 %: a run of two exchanges, a silence of 1.5 HELLO gaps at least", (t) => {
  t.is(failuresToDeath(1, 1, 1), 2, "ln 1e-3 / ln 0.01 = 1.5");
  t.is(Math.round(silenceToDeath(10_000, 8000, 1)), 12_000);
});

test("a run is judged by the link as it was before the run's first unanswered attempt", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -93, 0, route, 1000, 1);
  const before = table.get(20)!.prr;
  const k = failuresToDeath(3, before, 3);
  // an exchange: three attempts unanswered, then counted as failed
  const exchange = () => {
    for (let i = 0; i < 3; i++) table.outcome(20, false, 0);
    return table.failed(20, 3);
  };
  t.true(failuresToDeath(3, before * 0.92 ** 3, 3) > k, "judged after the first exchange's attempts, the run would be longer");
  for (let i = 1; i < k; i++) t.false(exchange(), `exchange ${i}`);
  t.true(exchange(), `dropped at exchange ${k}`);
});

test("an answered attempt ends the run's judge: the next run is judged by the estimate then", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 1);
  table.heard(20, -60, 0, route, 1000, 1);
  for (let i = 0; i < 30; i++) table.outcome(20, false, 0);
  table.outcome(20, true, 0);
  const now = table.get(20)!.prr;
  table.outcome(20, false, 0);
  const k = failuresToDeath(3, now, 1);
  t.true(k > failuresToDeath(3, prrPrior(-60), 1), "the link has become weak");
  for (let i = 1; i < k; i++) t.false(table.failed(20, 3));
  t.true(table.failed(20, 3));
});

test("silence: our own failed unicasts to a neighbour that is gone do not stretch its time (the RSSI prior is the floor)", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -50, 0, route, 1000, 1);
  for (let i = 0; i < 60; i++) table.outcome(20, false, 0);
  t.true(table.get(20)!.prr < 0.1);
  t.is(table.expire(30_001), 1, "a strong link silent for the timeout is gone");
});

test("the gone seq guards for as long as a neighbour can be mourned, not for ever: a beacon whose seq started again is back after that", (t) => {
  const table = droppedAfterSilence(t, 5000);
  t.is(table.heard(20, -50, 100_000, route, 1000, 0), HEARD_STALE, "within four timeouts of its last HELLO");
  t.is(table.heard(20, -50, 120_001, route, 1000, 0), HEARD_NEW, "past them: its seq counts again from 0");
});

test("a neighbour's HELLO gap is at most 1.5 times the longest Trickle interval: a longer one heard is HELLOs lost, not a slower neighbour", (t) => {
  const table = new NeighbourTable(8, 30_000, 8000, 3);
  table.heard(20, -70, 0, route, 1000, 1);
  table.heard(20, -70, 5000, route, 1000, 2);
  t.is(table.get(20)!.gap, 5000, "a gap as heard");
  table.heard(20, -70, 31_000, route, 1000, 3);
  t.is(table.get(20)!.gap, 12_000, "26 s between two HELLOs heard: three or more lost; taken as 12 s");
  const untimed = new NeighbourTable(8, 30_000);
  untimed.heard(20, -70, 0, route, 1000, 1);
  untimed.heard(20, -70, 26_000, route, 1000, 2);
  t.is(untimed.get(20)!.gap, 26_000, "no longest interval given: as heard");
});

test("gateway numbers compare in serial arithmetic over 16 bits: newer up to 0x7FFF ahead, across the wrap; 0x8000 apart is neither", (t) => {
  t.true(gwSeqAfter(8, 7));
  t.false(gwSeqAfter(7, 8));
  t.false(gwSeqAfter(7, 7), "the same number is not newer");
  t.true(gwSeqAfter(0, 0xffff), "0 follows 0xFFFF");
  t.true(gwSeqAfter(3, 0xfffe));
  t.false(gwSeqAfter(0xffff, 0));
  t.true(gwSeqAfter(0x7fff, 0), "0x7FFF ahead: newer");
  t.false(gwSeqAfter(0x8000, 0), "0x8000 apart: neither");
  t.false(gwSeqAfter(0, 0x8000), "either way");
});

/** The table with a feasibility distance for one gateway: its newest number advertised and the least metric under it. */
function fd(table: NeighbourTable, gateway: number, seq: number, metric: number): NeighbourTable {
  table.fds.clear();
  table.fds.set(gateway, seq * 65536 + metric);
  return table;
}

test("feasibility by number in the table: a way under an older number is refused whatever its metric; under a newer one, or to another gateway, taken", (t) => {
  const table = new NeighbourTable(8, 30_000, 8000, 3);
  table.heard(20, -60, 0, { gateway: 1, hops: 1, metric: 16, seq: 0xfffe }, 1000, 1);
  t.is(fd(table, 1, 0xffff, 100).best(0), null, "older number (0xFFFE after 0xFFFF), metric far below fd: refused");
  t.like(fd(table, 1, 0xfffd, 10).best(0), { via: 20, seq: 0xfffe }, "newer number, metric above fd: taken");
  t.like(fd(table, 1, 0xfffe, 10).best(0), { via: 20 }, "same number, 16 < fd + 16: taken");
  t.is(fd(table, 1, 0xfffe, 0).best(0), null, "same number, 16 >= fd + 16: refused");
  t.like(fd(table, 2, 0, 0).best(0), { via: 20, gateway: 1 }, "fd held for another gateway: taken");
  table.heard(20, -60, 1000, { gateway: 1, hops: 1, metric: 16, seq: 2 }, 1000, 2);
  t.like(fd(table, 1, 0xfff0, 0).best(0), { via: 20, seq: 2 }, "a number across the wrap (2 after 0xFFF0) is newer");
});

test("an ACK (to a frame or a probe) is proof of life: it forgives the run of failed exchanges and counts as heard", (t) => {
  const table = new NeighbourTable(4, 30_000, 8000, 3);
  table.heard(20, -60, 0, route, 1000, 1);
  table.failed(20, 3);
  table.failed(20, 3);
  t.is(table.get(20)!.failures, 2);
  table.outcome(20, true, 12_345);
  t.like(table.get(20), { failures: 0, lastHeard: 12_345, runPrr: 0 });
  table.outcome(20, false, 20_000);
  t.is(table.get(20)!.lastHeard, 12_345, "an unanswered attempt is no proof of life");
});

test("expiry drops every neighbour silent too long in one pass, side by side in the table, and keeps the others in their order", (t) => {
  const table = new NeighbourTable(5, 30_000);
  table.heard(20, -50, 0, route, 1000, 1);
  table.heard(21, -50, 0, route, 1000, 1);
  table.heard(22, -50, 50_000, route, 1000, 1);
  table.heard(23, -50, 0, route, 1000, 1);
  table.heard(24, -50, 50_000, route, 1000, 1);
  t.is(table.expire(60_000), 3, "20, 21 and 23: silent for 60 s on a strong link");
  t.is(table.size, 2);
  t.deepEqual([20, 21, 22, 23, 24].filter((a) => table.get(a)), [22, 24]);
  // The order shows in a tie: a full table evicts the first arrived of its equally weak neighbours.
  for (const a of [25, 26, 27]) table.heard(a, -50, 60_000, route, 1000, 1);
  table.heard(28, -39, 60_000, route, 1000, 1);
  t.deepEqual([22, 24, 25, 26, 27, 28].filter((a) => table.get(a)), [24, 25, 26, 27, 28], "22, the first of them, gave its seat");
});

test("the best route: least metric through a neighbour, then fewest hops, then lowest address; the parent kept while within 1/8 of it", (t) => {
  const table = new NeighbourTable(8, 30_000);
  // -50 dBm: a prior of 0.95, a link cost of 17
  table.heard(30, -50, 0, { gateway: 1, hops: 3, metric: 40, seq: 0 }, 1000, 1);
  table.heard(31, -50, 0, { gateway: 1, hops: 2, metric: 40, seq: 0 }, 1000, 1);
  table.heard(29, -50, 0, { gateway: 1, hops: 2, metric: 40, seq: 0 }, 1000, 1);
  t.like(table.best(0), { via: 29, hops: 3, metric: 57 }, "a tie in metric: fewer hops, then the lower address");
  table.heard(32, -50, 0, { gateway: 1, hops: 4, metric: 36, seq: 0 }, 1000, 1);
  t.like(table.best(0), { via: 32, metric: 53 }, "a lower metric first, whatever its hops");
  t.like(table.best(30), { via: 30, metric: 57 }, "the parent within 1/8 of the best (57 ≤ 53 + 6): kept");
  table.heard(33, -50, 0, { gateway: 1, hops: 1, metric: 20, seq: 0 }, 1000, 1);
  t.like(table.best(30), { via: 33, metric: 37 }, "more than 1/8 better (57 > 37 + 4): moved");
  t.is(table.best(99)?.via, 33, "a parent not in the table keeps nothing");
});

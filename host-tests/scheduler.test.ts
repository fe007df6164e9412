/**
 * The virtual clock (sim/scheduler.ts) and a beacon's clock on it
 * (hal/sim/clock.ts): order, handles that outlive their event, owners.
 */
import test from "ava";
import { SimClock, type VirtualTime } from "../hal/sim/clock";
import { SeededRandom } from "../hal/sim/random";
import { Scheduler } from "../sim/scheduler";

test("events run in (time, insertion) order, as a sort of what was scheduled says", (t) => {
  const s = new Scheduler();
  const r = new SeededRandom(4);
  const want: [number, number][] = [];
  const got: number[] = [];
  // 5 000 events at times on a coarse grid (many ties), some scheduled from inside others.
  for (let i = 0; i < 5000; i++) {
    const at = Math.floor(r.next() * 200) / 4;
    want.push([at, i]);
    s.at(at, () => got.push(i));
  }
  s.run(1000);
  want.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  t.deepEqual(got, want.map((w) => w[1]));
  t.is(s.executed, 5000);
  t.is(s.now(), 1000);
});

test("a handle of an event that ran or was cancelled cancels nothing later, even in a reused slot", (t) => {
  const s = new Scheduler();
  const seen: string[] = [];
  const a = s.at(1, () => seen.push("a"));
  s.run(2);
  // a's slot is free again: the next event takes it
  const b = s.at(1, () => seen.push("b"));
  s.cancel(a);
  s.run(4);
  t.deepEqual(seen, ["a", "b"]);
  const c = s.at(1, () => seen.push("c"));
  s.cancel(c);
  s.cancel(c);
  const d = s.at(1, () => seen.push("d"));
  s.cancel(b);
  s.run(10);
  t.deepEqual(seen, ["a", "b", "d"]);
  t.not(c, d);
  t.is(s.executed, 3, "a cancelled event is not counted as run");
});

test("cancelOwned drops every pending event of one owner and no other", (t) => {
  const s = new Scheduler();
  const o1 = s.newOwner(), o2 = s.newOwner();
  t.true(o1 !== 0 && o2 !== 0 && o1 !== o2);
  const seen: string[] = [];
  s.at(1, () => seen.push("1a"), o1);
  s.at(2, () => seen.push("2a"), o2);
  s.at(3, () => seen.push("free"));
  s.at(4, () => seen.push("1b"), o1);
  s.run(1.5);
  s.cancelOwned(o1);
  s.at(5, () => seen.push("1c"), o1);
  s.run(100);
  t.deepEqual(seen, ["1a", "2a", "free", "1c"]);
});

test("a beacon's clock: timers fire, clearTimeout and clearAll cancel, ids are never 0, on the scheduler and on a time without owners", (t) => {
  /** A virtual time without owners (as the XS bridge's): the clock keeps its own table. */
  const plain = (s: Scheduler): VirtualTime<number> => ({ now: () => s.now(), at: (ms, fn) => s.at(ms, fn), cancel: (e) => s.cancel(e) });
  for (const withOwners of [true, false]) {
    const s = new Scheduler();
    const time = withOwners ? s : plain(s);
    const a = new SimClock(time), b = new SimClock(time);
    const seen: string[] = [];
    const ids = [a.setTimeout(() => seen.push("a1"), 1), a.setTimeout(() => seen.push("a2"), 2), b.setTimeout(() => seen.push("b1"), 3)];
    const a3 = a.setTimeout(() => seen.push("a3"), 4);
    t.true(ids.every((id) => id !== 0) && a3 !== 0);
    a.clearTimeout(ids[1]);
    s.run(1);
    a.clearTimeout(ids[0]); // ran already: nothing to cancel
    const a4 = a.setTimeout(() => seen.push("a4"), 1);
    a.clearTimeout(ids[0]);
    s.run(2.5);
    a.clearAll();
    a.clearTimeout(a4);
    b.setTimeout(() => seen.push("b2"), 10);
    s.run(100);
    t.deepEqual(seen, ["a1", "a4", "b1", "b2"], withOwners ? "owners" : "table");
  }
});

/**
 * Frame sequence numbers (forwarding/sequence.ts): reserved in blocks written
 * before use, never reused across a reboot, and once used up a refusal that
 * writes nothing.
 */
import test from "ava";
import { Sequence } from "../forwarding/sequence";
import { MemoryStore } from "../hal/sim/storage";
import { SEQ_MAX } from "../protocol/frame";

/** A store that counts its writes. */
function counted() {
  const store = new MemoryStore();
  let writes = 0;
  const set = store.set.bind(store);
  store.set = (k, v) => {
    writes++;
    set(k, v);
  };
  return { store, writes: () => writes };
}

const stored = (v: number) => Uint8Array.of(v >>> 16, (v >>> 8) & 255, v & 255);

test("one write per block of 1024, and a reboot resumes after the block reserved last", (t) => {
  const { store, writes } = counted();
  const s = new Sequence(store);
  s.restore();
  t.is(writes(), 1, "the first block is reserved at boot");
  const got: number[] = [];
  for (let i = 0; i < 2000; i++) got.push(s.next());
  t.deepEqual(got.slice(0, 3), [0, 1, 2]);
  t.is(got[1999], 1999);
  t.is(writes(), 2, "2000 numbers: two blocks");
  const again = new Sequence(store);
  again.restore();
  t.is(again.next(), 2048, "after a reboot: the end of the last block, nothing reused");
});

test("used up: next() throws every time and writes nothing more; SEQ_MAX itself is never handed out", (t) => {
  const { store, writes } = counted();
  store.set("d2d.seq", stored(SEQ_MAX - 2));
  const s = new Sequence(store);
  s.restore();
  const before = writes();
  t.is(s.next(), SEQ_MAX - 2);
  t.is(s.next(), SEQ_MAX - 1);
  for (let i = 0; i < 100; i++) t.throws(() => s.next(), { instanceOf: RangeError });
  t.is(writes(), before, "no flash write per refused number");
  const rebooted = new Sequence(store);
  rebooted.restore();
  t.throws(() => rebooted.next(), { instanceOf: RangeError }, "still used up after a reboot");
  t.is(writes(), before, "and the reboot wrote nothing either");
});

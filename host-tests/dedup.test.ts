import test from "ava";
import fc from "fast-check";
import { DedupCache } from "../forwarding/dedup";

/** The obvious model: a Map and an arrival-order list, the oldest forgotten past capacity. */
class Model {
  private order: number[] = [];
  private seen = new Map<number, number>();
  constructor(private readonly capacity: number) {}
  add(key: number, hops: number): boolean {
    if (this.seen.has(key)) return false;
    if (this.order.length === this.capacity) this.seen.delete(this.order.shift()!);
    this.order.push(key);
    this.seen.set(key, hops);
    return true;
  }
  hops(key: number) { return this.seen.get(key); }
  get size() { return this.seen.size; }
}

test("the typed-array dedup cache behaves exactly like a bounded Map", (t) => {
  const op = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 15 }), fc.boolean());
  fc.assert(fc.property(fc.integer({ min: 1, max: 64 }), fc.array(op, { maxLength: 3000 }), (capacity, ops) => {
    const d = new DedupCache(capacity), m = new Model(capacity);
    for (const [src, seq, hops, lookOnly] of ops) {
      const key = DedupCache.key(src, seq);
      if (lookOnly) {
        if (d.has(key) !== (m.hops(key) !== undefined) || d.hops(key) !== m.hops(key)) return false;
      } else if (d.add(key, hops) !== m.add(key, hops)) return false;
      if (d.size !== m.size) return false;
    }
    return true;
  }), { numRuns: 400 });
  t.pass();
});

test("a full cache under a long stream keeps exactly the last `capacity` keys", (t) => {
  const d = new DedupCache(256);
  let added = 0;
  for (let i = 0; i < 100_000; i++) if (d.add(DedupCache.key(7 + (i % 50), i & 0xffffff), i & 15)) added++;
  t.is(added, 100_000, "every key is new");
  t.is(d.size, 256);
  t.true(d.has(DedupCache.key(7 + (99_999 % 50), 99_999)));
  t.false(d.has(DedupCache.key(7 + (99_743 % 50), 99_743)), "the 257th newest is forgotten");
  t.is(d.hops(DedupCache.key(7 + (99_744 % 50), 99_744)), 99_744 & 15);
});

/**
 * The simulator's crypto (hal/sim/crypto.ts): RFC 2104 HMAC-SHA256 tags as
 * Node's createHmac gives them, and its cache of the last tag per buffer.
 */
import test from "ava";
import { createHmac } from "node:crypto";
import { SeededRandom } from "../hal/sim/random";
import { SimCrypto } from "../hal/sim/crypto";

test("tags are createHmac's, for keys shorter and longer than a block and messages of any length", (t) => {
  const r = new SeededRandom(12);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r.next() * 256));
  for (const keyLength of [0, 16, 32, 64, 65, 100]) {
    const key = bytes(keyLength);
    const c = new SimCrypto(key);
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 250, 255, 256, 257, 600, 3000, 40]) {
      const m = bytes(n);
      t.deepEqual(c.mac(m), new Uint8Array(createHmac("sha256", key).update(m).digest()), `key ${keyLength}, message ${n}`);
    }
  }
});

test("the cache: the same bytes in the same buffer reuse the tag; changed bytes are computed afresh", (t) => {
  const key = new Uint8Array(32).fill(7);
  const c = new SimCrypto(key);
  const frame = new Uint8Array(100).fill(1);
  const a = c.mac(frame.subarray(0, 90));
  t.is(c.mac(frame.subarray(0, 90)), a);
  t.deepEqual([c.computed, c.reused], [1, 1]);
  frame[5] = 9;
  const b = c.mac(frame.subarray(0, 90));
  t.notDeepEqual(b, a);
  t.deepEqual(b, new Uint8Array(createHmac("sha256", key).update(frame.subarray(0, 90)).digest()));
  t.deepEqual([c.computed, c.reused], [2, 1]);
});

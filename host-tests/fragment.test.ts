import test from "ava";
import fc from "fast-check";
import {
  Addr, D2DError, MAX_FRAME, MsgType, Reassembler, datagramKey, decodeFrame, decodeMessage, encodeDatagram,
  encodeMessage, mediaCapacity, mediaKey, missingFromAck, payloadOf, splitMedia, fragmentCapacity, type FrameHeader, type MediaBody,
} from "../protocol/index";
import { mac } from "./support/vectors";

const up: FrameHeader = { type: MsgType.census, priority: 2, hopLimit: 8, hops: 0, net: 3, ack: false, src: 0x0c01, dst: Addr.anyGateway, seq: 100 };
const reasonOf = (fn: () => unknown) => {
  try { fn(); return undefined; } catch (e) { if (e instanceof D2DError) return e.reason; throw e; }
};

test("a 60 KB JPEG goes in 259 MEDIA frames of 250 bytes, 232 bytes of image each", (t) => {
  const jpeg = Uint8Array.from({ length: 60_000 }, (_, i) => (i * 7) & 255);
  const h = { ...up, type: MsgType.media, priority: 3 };
  const per = mediaCapacity(h);
  t.is(per, 232);
  t.is(mediaCapacity({ ...h, dst: 1 }), 230);
  const parts = splitMedia(1, "image", 0, jpeg, per);
  t.is(parts.length, 259);
  const frames = parts.map((b, i) => encodeMessage({ ...h, seq: i }, b, mac));
  t.true(frames.slice(0, -1).every((f) => f.length === MAX_FRAME));
  const r = new Reassembler({ maxObjectBytes: 64 * 1024 });
  let done: Uint8Array | undefined;
  for (const f of frames.reverse()) {
    const m = decodeMessage(f, mac);
    const b = m.body as MediaBody;
    const res = r.add(mediaKey(m.header.src, b.stream, b.kind, b.frame), m.header.src, b.index, b.count, b.data, 0, per);
    if (res.status === "complete") done = res.data;
  }
  t.deepEqual(done, jpeg);
  t.is(r.size, 0);
  t.is(r.bytesHeld, 0);
});

test("a datagram fragment carries 234 bytes uplink, 232 addressed (SPEC §6)", (t) => {
  t.is(fragmentCapacity(up), 234);
  t.is(fragmentCapacity({ ...up, dst: 7 }), 232);
  const frames = encodeDatagram(up, new Uint8Array(1000), 1, mac);
  t.is(frames.length, Math.ceil(1000 / 234));
  t.true(frames.slice(0, -1).every((f) => f.length === MAX_FRAME));
});

test("datagrams of any size reassemble from any order with duplicates", (t) => {
  fc.assert(fc.property(
    fc.uint8Array({ minLength: 1, maxLength: 12_000 }), fc.integer({ min: 0, max: 255 }), fc.integer(),
    (body, fragId, shuffleSeed) => {
      const frames = encodeDatagram(up, body, fragId, mac);
      if (frames.length === 1) {
        t.deepEqual(payloadOf(decodeFrame(frames[0], mac)), body);
        return;
      }
      t.true(frames.every((f) => f.length <= MAX_FRAME));
      const order = frames.map((_, i) => i);
      let s = shuffleSeed >>> 0;
      for (let i = order.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      order.splice(order.length >> 1, 0, order[0]);
      const r = new Reassembler();
      let out: Uint8Array | undefined;
      let dups = 0;
      for (const i of order) {
        const f = decodeFrame(frames[i], mac);
        const fr = f.header.frag!;
        if (out) break;
        const res = r.add(datagramKey(f.header.src, fr.id), f.header.src, fr.index, fr.count, payloadOf(f), 0, fragmentCapacity(up));
        if (res.status === "duplicate") dups++;
        if (res.status === "complete") out = res.data;
      }
      t.deepEqual(out, body);
      t.is(dups, 1);
      t.is(r.bytesHeld, 0);
    }), { numRuns: 200 });
});

test("progress reports cumulative base and a bitmap, and the sender reads it back", (t) => {
  const r = new Reassembler();
  const key = mediaKey(9, 1, "image", 0);
  for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 40]) r.add(key, 9, i, 50, Uint8Array.of(i), 0, 232);
  const p = r.progress(key)!;
  t.is(p.base, 12);
  t.is(p.bitmap, 0b11 | (1 << 27)); // 13, 14, and 40 = 12 + 1 + 27
  t.is(p.received, 15);
  const expected = [12];
  for (let i = 15; i <= 44; i++) if (i !== 40) expected.push(i);
  t.deepEqual(missingFromAck(p.base, p.bitmap, 50), expected);
  t.deepEqual(missingFromAck(3, 0xffffffff, 10), [3]);
  t.deepEqual(missingFromAck(10, 0, 10), []);
});

test("memory is taken only as bytes arrive, and limits hold", (t) => {
  const r = new Reassembler({ maxObjects: 3, maxPerSource: 2, maxBytes: 1000, maxObjectBytes: 600, timeoutMs: 1000 });
  // A claim of 4095 fragments is refused before anything is kept.
  t.is(reasonOf(() => r.add(datagramKey(1, 1), 1, 0, 4095, new Uint8Array(10), 0, 232)), "overLimit");
  t.is(r.size, 0);
  // Two objects of 3 fragments from one small claim: only received bytes count.
  r.add(datagramKey(1, 1), 1, 0, 3, new Uint8Array(10), 0, 232);
  t.is(r.bytesHeld, 10);
  r.add(datagramKey(1, 2), 1, 0, 3, new Uint8Array(10), 0, 232);
  // A third object from the same source evicts its oldest.
  r.add(datagramKey(1, 3), 1, 0, 3, new Uint8Array(10), 1, 232);
  t.is(r.size, 2);
  t.is(r.dropped, 1);
  t.is(r.progress(datagramKey(1, 1)), undefined);
  r.add(datagramKey(2, 1), 2, 0, 3, new Uint8Array(10), 1, 232);
  t.is(reasonOf(() => r.add(datagramKey(3, 1), 3, 0, 3, new Uint8Array(10), 1, 232)), "overLimit", "object count");
  // Count that contradicts the first fragment.
  t.is(reasonOf(() => r.add(datagramKey(2, 1), 2, 1, 4, new Uint8Array(10), 1, 232)), "badValue");
  // Chunk larger than a frame can carry.
  t.is(reasonOf(() => r.add(datagramKey(2, 1), 2, 1, 3, new Uint8Array(233), 1, 232)), "badLength");
  // Completing an object hands its bytes over and frees them.
  t.is(r.add(datagramKey(2, 1), 2, 1, 3, new Uint8Array(232), 1, 232).status, "partial");
  t.is(r.add(datagramKey(2, 1), 2, 2, 3, new Uint8Array(232), 1, 232).status, "complete");
  t.is(r.bytesHeld, 20);
  // Byte budget across objects.
  const big = new Reassembler({ maxBytes: 400, maxObjectBytes: 1000 });
  big.add(datagramKey(5, 0), 5, 0, 4, new Uint8Array(232), 0, 232);
  t.is(reasonOf(() => big.add(datagramKey(5, 0), 5, 1, 4, new Uint8Array(232), 0, 232)), "overLimit");
  // Timeouts free everything.
  t.is(r.expire(5000), 2);
  t.is(r.size, 0);
  t.is(r.bytesHeld, 0);
});

test("an idle object is restarted, not completed, by a late fragment", (t) => {
  const r = new Reassembler({ timeoutMs: 1000 });
  const k = datagramKey(1, 1);
  r.add(k, 1, 0, 2, Uint8Array.of(1), 0, 232);
  const res = r.add(k, 1, 1, 2, Uint8Array.of(2), 5000, 232);
  t.deepEqual(res, { status: "partial", received: 1, count: 2 });
  t.is(r.dropped, 1);
});

import test from "ava";
import fc from "fast-check";
import {
  Addr, D2DError, MAX_FRAME, MsgType, decodeFrame, decodeMessage, encodeFrame, encodeMessage, fromHex,
  headerLength, micLength, parseFrame, payloadOf, relayCopy, type FrameHeader,
} from "../protocol/index";
import { nodeMac } from "../tools/lib/node-mac";
import { header } from "./support/arbitraries";
import { mac, vectors } from "./support/vectors";

const reasonOf = (fn: () => unknown) => {
  try { fn(); return undefined; } catch (e) { if (e instanceof D2DError) return e.reason; throw e; }
};

const base: FrameHeader = { type: MsgType.text, priority: 2, hopLimit: 8, hops: 0, net: 3, ack: false, src: 0x0102, dst: Addr.anyGateway, seq: 1 };

test("an uplink frame spends 12 bytes on header and MIC; an addressed one 14", (t) => {
  t.is(headerLength({ dst: Addr.anyGateway }) + micLength(MsgType.sos), 12);
  t.is(headerLength({ dst: 0x0001 }) + micLength(MsgType.sos), 14);
  const f = encodeFrame(base, Uint8Array.of(0x41), mac);
  t.is(f.length, 13);
  t.is(f[2] & 1, 0, "D flag clear for any-gateway");
  t.is(encodeFrame({ ...base, dst: 0x0001 }, Uint8Array.of(0x41), mac)[2] & 1, 1);
});

test("responder instructions carry an 8-byte MIC, everything else 4", (t) => {
  for (let type = 0; type < 16; type++) t.is(micLength(type), type >= 8 ? 8 : 4);
});

test("the header round-trips every field over its range", (t) => {
  fc.assert(fc.property(header(MsgType.text), fc.boolean(), (h, frag) => {
    const hh: FrameHeader = frag ? { ...h, frag: { id: h.seq & 255, index: h.seq % 7, count: 7 + (h.src % 4000) } } : h;
    const f = decodeFrame(encodeFrame(hh, Uint8Array.of(1, 2, 3), mac), mac);
    t.deepEqual(f.header, hh);
    t.deepEqual(Array.from(payloadOf(f)), [1, 2, 3]);
  }), { numRuns: 2000 });
});

test("any single bit flipped in a frame is detected", (t) => {
  let flips = 0;
  for (const v of vectors.frames) {
    const good = fromHex(v.hex);
    for (let bit = 0; bit < good.length * 8; bit++) {
      const bad = good.slice();
      bad[bit >> 3] ^= 1 << (bit & 7);
      t.not(reasonOf(() => decodeMessage(bad, mac)), undefined, `${v.name} bit ${bit}`);
      flips++;
    }
  }
  t.true(flips > 3000);
});

test("a frame sealed under another key is rejected", (t) => {
  const other = nodeMac(new Uint8Array(32).fill(7));
  const f = encodeFrame(base, Uint8Array.of(0x41), other);
  t.is(reasonOf(() => decodeFrame(f, mac)), "badMic");
  t.notThrows(() => parseFrame(f), "structure alone still parses");
});

test("relaying moves one hop from limit to travelled and re-seals", (t) => {
  let f = encodeFrame({ ...base, hopLimit: 2 }, Uint8Array.of(0x41), mac);
  f = relayCopy(f, mac);
  t.like(decodeFrame(f, mac).header, { hopLimit: 1, hops: 1 });
  f = relayCopy(f, mac);
  t.like(decodeFrame(f, mac).header, { hopLimit: 0, hops: 2 });
  t.is(reasonOf(() => relayCopy(f, mac)), "badValue");
});

test("header values out of range are refused on encode and on decode", (t) => {
  t.is(reasonOf(() => encodeFrame({ ...base, src: 0 }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame({ ...base, src: Addr.broadcast }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame({ ...base, hopLimit: 9, hops: 7 }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame({ ...base, seq: 0x1000000 }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame({ ...base, net: 32 }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame({ ...base, frag: { id: 1, index: 0, count: 1 } }, Uint8Array.of(1), mac)), "badValue");
  t.is(reasonOf(() => encodeFrame(base, new Uint8Array(MAX_FRAME - 11), mac)), "overLimit");
  t.is(reasonOf(() => encodeFrame(base, new Uint8Array(MAX_FRAME - 12), mac)), undefined);
  t.is(reasonOf(() => encodeFrame(base, Uint8Array.of(1), () => new Uint8Array(3))), "badValue");
  // decode: src 0, dst 0
  const f = encodeFrame({ ...base, dst: 5 }, Uint8Array.of(0x41), mac);
  const src0 = f.slice(); src0[3] = 0; src0[4] = 0;
  t.is(reasonOf(() => parseFrame(src0)), "badValue");
  const dst0 = f.slice(); dst0[5] = 0; dst0[6] = 0;
  t.is(reasonOf(() => parseFrame(dst0)), "badValue");
});

test("every type's body is checked only after the MIC", (t) => {
  // A frame whose body is garbage but whose MIC is wrong must say badMic, not leak body parsing.
  const f = encodeFrame({ ...base, type: MsgType.census }, Uint8Array.of(0xff, 0xff), mac);
  f[f.length - 1] ^= 1;
  t.is(reasonOf(() => decodeMessage(f, mac)), "badMic");
  f[f.length - 1] ^= 1;
  t.is(reasonOf(() => decodeMessage(f, mac)), "badCbor");
});

test("a MEDIA frame with the F flag is refused", (t) => {
  const body = { stream: 1, kind: "image", frame: 0, index: 0, count: 1, data: Uint8Array.of(1) };
  const ok = encodeMessage({ ...base, type: MsgType.media }, body, mac);
  t.truthy(decodeMessage(ok, mac).body);
  const withF = encodeFrame({ ...base, type: MsgType.media, frag: { id: 0, index: 0, count: 2 } }, Uint8Array.of(1, 0, 0, 0, 0, 1, 9), mac);
  t.is(reasonOf(() => decodeMessage(withF, mac)), "badValue");
});

import test from "ava";
import fc from "fast-check";
import { type CborValue, cborDecode, cborEncode, encodeBodyMap, halfToNumber, numberToHalf } from "../protocol/cbor";
import { D2DError, fromHex, toHex } from "../protocol/index";
import { fromJsonValue, rfc } from "./support/rfc-values";
import { canon, peerDecoder, peerEncoder } from "./support/cbor-x";
import { wellFormed } from "./support/arbitraries";

test("RFC 8949 Appendix A: every example in the subset decodes to its value", (t) => {
  t.true(rfc.accept.length >= 50);
  for (const e of rfc.accept) t.deepEqual(cborDecode(fromHex(e.hex)), fromJsonValue(e.value), e.hex);
});

test("RFC 8949 Appendix A: the deterministic encoder reproduces the preferred encodings", (t) => {
  let exact = 0;
  for (const e of rfc.accept) {
    const v = fromJsonValue(e.value);
    const isFloatHead = /^f[9ab]/.test(e.hex);
    // An integral float (1.0, 100000.0) is the same JS number as the integer; it encodes as the integer.
    if (!e.roundtrip || (isFloatHead && typeof v === "number" && Number.isSafeInteger(v) && !Object.is(v, -0))) {
      t.deepEqual(cborDecode(cborEncode(v)), v, e.hex);
      continue;
    }
    t.is(toHex(cborEncode(v)), e.hex, e.hex);
    exact++;
  }
  t.true(exact >= 40, `exact round trips: ${exact}`);
});

test("RFC 8949 Appendix A: examples outside the subset are rejected with a reason", (t) => {
  t.true(rfc.reject.length >= 20);
  for (const e of rfc.reject) {
    const err = t.throws(() => cborDecode(fromHex(e.hex)), { instanceOf: D2DError }, e.hex);
    t.is(err?.reason as string | undefined, e.reason, e.hex);
  }
});

const key = fc.oneof(fc.maxSafeInteger(), fc.string({ maxLength: 8 }).filter(wellFormed));
const value = fc.letrec<{ v: CborValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.maxSafeInteger(),
    fc.integer({ min: -1000, max: 1000 }),
    fc.double(),
    fc.string().filter(wellFormed),
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom<CborValue>(true, false, null),
    fc.array(tie("v"), { maxLength: 6 }),
    fc.uniqueArray(fc.tuple(key, tie("v")), { maxLength: 6, selector: (e) => e[0] }).map((es) => new Map(es)),
  ),
})).v;

test("every value we encode decodes in cbor-x to the same value", (t) => {
  fc.assert(fc.property(value, (v) => {
    const ours = cborEncode(v, 1 << 20);
    t.deepEqual(canon(peerDecoder.decode(ours)), canon(v));
  }), { numRuns: 3000 });
  t.pass();
});

test("every value in the subset that cbor-x encodes, we decode", (t) => {
  fc.assert(fc.property(value, (v) => {
    const theirs = peerEncoder.encode(v);
    t.deepEqual(canon(cborDecode(new Uint8Array(theirs))), canon(peerDecoder.decode(theirs)));
  }), { numRuns: 3000 });
  t.pass();
});

test("encoding is deterministic: decode then encode gives the same bytes", (t) => {
  fc.assert(fc.property(value, (v) => {
    const a = cborEncode(v, 1 << 20);
    return toHex(cborEncode(cborDecode(a), 1 << 20)) === toHex(a);
  }), { numRuns: 3000 });
  t.pass();
});

test("map keys are sorted by their encoded bytes", (t) => {
  const m = new Map<number | string, CborValue>([[10, 0], ["a", 0], [-1, 0], [1, 0], [256, 0]]);
  t.is(toHex(cborEncode(m)), "a5" + "0100" + "0a00" + "19010000" + "2000" + "616100");
});

test("floats take the shortest width that holds them exactly", (t) => {
  t.is(toHex(cborEncode(1.5)), "f93e00");
  t.is(toHex(cborEncode(100000.5)), "fa47c35040");
  t.is(toHex(cborEncode(1.1)), "fb3ff199999999999a");
  t.is(toHex(cborEncode(NaN)), "f97e00");
  t.is(toHex(cborEncode(-0)), "f98000");
  t.is(toHex(cborEncode(2 ** 60)), "fa5d800000");
});

test("half precision converts both ways over all 65536 patterns", (t) => {
  let checked = 0;
  for (let h = 0; h < 0x10000; h++) {
    const v = halfToNumber(h);
    if (v !== v) continue;
    t.is(numberToHalf(v), h);
    checked++;
  }
  t.is(checked, 65536 - 2 * 1023);
});

function reason(hex: string): string | undefined {
  try {
    cborDecode(fromHex(hex));
    return undefined;
  } catch (e) {
    return (e as D2DError).reason;
  }
}

test("malformed and out-of-subset input gets typed errors", (t) => {
  t.is(reason(""), "truncated");
  t.is(reason("9bffffffffffffff00"), "overLimit"); // array claiming 2^64 items
  t.is(reason("9b001fffffffffffff00"), "truncated"); // 2^53-1 items, 1 byte present
  t.is(reason("9a7fffffff00"), "truncated"); // array of 2^31 items, 1 byte present
  t.is(reason("ba7fffffff0000"), "truncated");
  t.is(reason("5a7fffffff00"), "truncated"); // byte string longer than the input
  t.is(reason("a2010203"), "truncated"); // second value missing
  t.is(reason("a201020103"), "badCbor"); // duplicate key 1
  t.is(reason("a1f500"), "badCbor"); // key true
  t.is(reason("a1fb3ff800000000000000"), "badCbor"); // key 1.5
  t.is(reason("62c328"), "badUtf8");
  t.is(reason("63eda080"), "badUtf8"); // surrogate
  t.is(reason("62c0af"), "badUtf8"); // overlong
  t.is(reason("0000"), "trailingBytes");
  t.is(reason("1c"), "badCbor"); // reserved additional info
  t.is(reason("ff"), "badCbor");
  t.is(reason("81".repeat(17) + "00"), "overLimit"); // nesting deeper than 16
  t.is(reason("81".repeat(16) + "00"), undefined);
});

test("heads of every width, at the edges of the integers a double holds", (t) => {
  const heads: [number, string][] = [[23, "17"], [24, "1818"], [255, "18ff"], [256, "190100"], [65535, "19ffff"], [65536, "1a00010000"],
    [2 ** 32 - 1, "1affffffff"], [2 ** 32, "1b0000000100000000"], [2 ** 53 - 1, "1b001fffffffffffff"], [-(2 ** 53) + 1, "3b001ffffffffffffe"]];
  for (const [n, hex] of heads) {
    t.is(toHex(cborEncode(n)), hex, String(n));
    t.is(cborDecode(fromHex(hex)), n, hex);
  }
  t.is(reason("1b0020000000000000"), "overLimit"); // 2^53
  t.is(reason("1bffffffffffffffff"), "overLimit");
  t.is(reason("3b001fffffffffffff"), "overLimit"); // -(2^53)
  t.is(reason("1b001fffffffffff"), "truncated"); // 7 of 8 bytes
  t.is(reason("1f"), "badCbor"); // indefinite
  t.is(reason("fa7f80"), "truncated"); // a float32 cut short
  t.is(cborDecode(fromHex("fa7f800000")), Infinity);
  t.is(cborDecode(fromHex("fbc010000000000000")), -4);
});

test("the encoder refuses what it cannot carry", (t) => {
  t.is(t.throws(() => cborEncode(new Uint8Array(5000)), { instanceOf: D2DError })?.reason, "overLimit");
  t.is(t.throws(() => cborEncode("\ud800"), { instanceOf: D2DError })?.reason, "badUtf8");
  t.is(t.throws(() => cborEncode(undefined as unknown as CborValue), { instanceOf: D2DError })?.reason, "badCbor");
  t.is(t.throws(() => cborEncode(new Map([[1.5, 1]])), { instanceOf: D2DError })?.reason, "badCbor");
});

test("encodeBodyMap (the firmware's body writer) writes what cborEncode writes for every body map it takes: uints to 2^32−1 and -0, text, bytes, keys left out", (t) => {
  const value = fc.oneof(
    fc.constantFrom(0, -0, 23, 24, 255, 256, 65535, 65536, 0xffffffff),
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.uint8Array({ maxLength: 40 }),
  );
  fc.assert(
    fc.property(fc.array(fc.option(value, { nil: undefined }), { maxLength: 8 }), (values) => {
      const m = new Map<number, CborValue>();
      values.forEach((v, k) => v !== undefined && m.set(k, v));
      t.is(toHex(encodeBodyMap(values)), toHex(cborEncode(m)));
    }),
    { numRuns: 3000, seed: 23 },
  );
  t.is(toHex(encodeBodyMap([0xffffffff, "é", new Uint8Array([1])])), "a3001affffffff0162c3a90241" + "01");
});

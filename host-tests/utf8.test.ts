import test from "ava";
import fc from "fast-check";
import { D2DError, utf8Decode, utf8DecodeJs, utf8Encode } from "../protocol/index";
import { wellFormed } from "./support/arbitraries";

const outcome = (fn: () => string) => {
  try { return "ok:" + fn(); } catch (e) { return e instanceof D2DError ? "err:" + e.reason : "UNTYPED:" + String(e); }
};

test("the JS decoder and the native one agree on every byte string", (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), (b) => outcome(() => utf8DecodeJs(b)) === outcome(() => utf8Decode(b))), { numRuns: 20000 });
  // Biased toward multi-byte lead bytes so the edge cases are reached.
  const biased = fc.array(fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0xed, 0xf4, 0xe0, 0xf0)), { maxLength: 8 });
  fc.assert(fc.property(biased, (xs) => {
    const b = Uint8Array.from(xs);
    return outcome(() => utf8DecodeJs(b)) === outcome(() => utf8Decode(b));
  }), { numRuns: 20000 });
  t.pass();
});

test("encode then decode is the identity on well-formed text, both decoders", (t) => {
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }).filter(wellFormed), (s) => {
    const b = utf8Encode(s);
    return utf8Decode(b) === s && utf8DecodeJs(b) === s && new TextEncoder().encode(s).join() === b.join();
  }), { numRuns: 5000 });
  t.pass();
});

test("malformed UTF-8 is badUtf8 in both decoders; a BOM is kept", (t) => {
  for (const hex of ["c0af", "eda080", "f4908080", "e282", "80", "ff", "f0828282"]) {
    const b = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
    t.is(outcome(() => utf8Decode(b)), "err:badUtf8", hex);
    t.is(outcome(() => utf8DecodeJs(b)), "err:badUtf8", hex);
  }
  t.is(utf8Decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)), "\ufeffA");
  t.is(utf8DecodeJs(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)), "\ufeffA");
});

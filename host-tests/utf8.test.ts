import test from "ava";
import fc from "fast-check";
import { D2DError, useTextDecoder, utf8Decode, utf8Encode } from "../protocol/index";
import { utf8DecodeJs } from "./support/utf8-js";
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
  for (const hex of ["c0af", "eda080", "f4908080", "e282", "80", "ff", "f0828282", "ed4180", "4849ed008041", "f4418080"]) {
    const b = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
    t.is(outcome(() => utf8Decode(b)), "err:badUtf8", hex);
    t.is(outcome(() => utf8DecodeJs(b)), "err:badUtf8", hex);
  }
  t.is(utf8Decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)), "\ufeffA");
  t.is(utf8DecodeJs(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)), "\ufeffA");
});

test("the decoder handed over with useTextDecoder is the one used, fatal and keeping a BOM (the Moddable build has no global TextDecoder)", (t) => {
  let made = 0, calls = 0;
  class Handed {
    private readonly inner: TextDecoder;
    constructor(label: "utf-8", options: { fatal: boolean; ignoreBOM: boolean }) {
      made++;
      t.is(label, "utf-8");
      t.deepEqual(options, { fatal: true, ignoreBOM: true });
      this.inner = new TextDecoder(label, options);
    }
    decode(b: Uint8Array): string {
      calls++;
      return this.inner.decode(b);
    }
  }
  useTextDecoder(Handed);
  try {
    t.is(utf8Decode(utf8Encode("é1")), "é1");
    t.is(outcome(() => utf8Decode(Uint8Array.of(0xc0, 0xaf))), "err:badUtf8");
    t.is(utf8Decode(Uint8Array.of(0x41, 0x42), 1), "B", "the range asked for");
    t.is(made, 1, "made once, at the first decode");
    t.is(calls, 3);
  } finally {
    useTextDecoder(TextDecoder);
  }
});

test("ED or F4 then a byte below 0x80 is refused even by a platform decoder that lets it through (Moddable's and xsnap's check only the upper bound there)", (t) => {
  // A decoder with that flaw: it accepts those bytes and reads them its own way.
  class Lenient {
    decode(b: Uint8Array): string {
      return Array.from(b, (x) => String.fromCharCode(x)).join("");
    }
  }
  useTextDecoder(Lenient);
  try {
    for (const hex of ["ed4180", "4849ed008041", "f4418080", "41ed7f"]) {
      const b = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
      t.is(outcome(() => utf8Decode(b)), "err:badUtf8", hex);
    }
    t.is(utf8Decode(Uint8Array.of(0x41, 0xed, 0x41), 2), "A", "only the range asked for is looked at");
  } finally {
    useTextDecoder(TextDecoder);
  }
});

/**
 * The XS lane: the spec's vectors, the CBOR RFC examples, property round trips
 * (the same fast-check generators as on Node) and a mutation fuzz, all run
 * inside the XS engine. Bundled and evaluated by host-tests/xs.test.ts; it
 * reports one JSON summary through issueCommand.
 */
import "../../sim/xs/xs-globals";
import fc from "fast-check";
import {
  CODECS, D2DError, cborDecode, cborEncode, decodeMessage, encodeMessage, encodeMessageObject, fromHex,
  messageFromJson, messageToJson, toHex, utf8Decode, utf8Encode, type CborValue,
} from "../../protocol/index";
import { type BeaconInfo, decodeBeaconInfo, decodePhoneSos, encodeBeaconInfo, encodePhoneSos, type PhoneSos } from "../../protocol/phone-adv";
import vectors from "../../protocol/test-vectors.json";
import { fromJsonValue, rfc } from "../support/rfc-values";
import { fuzz } from "../../tools/lib/fuzz";
import { bodies, header } from "../support/arbitraries";
import { hmacSha256 } from "../../hal/xs-host/sha256";
import { report } from "../../sim/xs/report";

const mac = hmacSha256(fromHex(vectors.key));
const failures: string[] = [];
const counts: Record<string, number> = {};
function check(group: string, name: string, ok: boolean, detail = ""): void {
  counts[group] = (counts[group] ?? 0) + 1;
  if (!ok && failures.length < 50) failures.push(`${group}/${name} ${detail}`);
}
function reasonOf(fn: () => unknown): string {
  try { fn(); return "ok"; } catch (e) { return e instanceof D2DError ? e.reason : "UNTYPED " + String(e); }
}
/** JSON with object keys sorted: equality that ignores key order, as ava's deepEqual does. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) && !(x instanceof Uint8Array)
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
    : x instanceof Uint8Array ? toHex(x) : x));
}
const same = (a: unknown, b: unknown) => stable(a) === stable(b);

function main(): void {
for (const v of vectors.frames) {
  const bytes = encodeMessageObject(messageFromJson(v.json), mac);
  check("vectors", v.name + " encode", toHex(bytes) === v.hex, toHex(bytes));
  const decoded = messageToJson(decodeMessage(fromHex(v.hex), mac));
  check("vectors", v.name + " decode", same(decoded, messageToJson(messageFromJson(v.json))));
}
for (const v of vectors.errors) {
  const r = reasonOf(() => decodeMessage(fromHex(v.hex), mac));
  check("vectors", v.name + " rejected", r === v.reason, r);
}
for (const v of vectors.phone) {
  if (v.kind === "sos") {
    check("vectors", v.name, toHex(encodePhoneSos(v.json as unknown as PhoneSos)) === v.hex);
    check("vectors", v.name + " decode", same(decodePhoneSos(fromHex(v.hex)), v.json));
  } else {
    check("vectors", v.name, toHex(encodeBeaconInfo(v.json as unknown as BeaconInfo)) === v.hex);
    check("vectors", v.name + " decode", same(decodeBeaconInfo(fromHex(v.hex)), v.json));
  }
}

}

function main2(): void {
const cborSame = (a: CborValue, b: CborValue) => toHex(cborEncode(a, 1 << 16)) === toHex(cborEncode(b, 1 << 16));
for (const e of rfc.accept) {
  const r = reasonOf(() => cborDecode(fromHex(e.hex)));
  check("cbor", e.hex, r === "ok" && cborSame(cborDecode(fromHex(e.hex)), fromJsonValue(e.value)), r);
}
for (const e of rfc.reject) {
  const r = reasonOf(() => cborDecode(fromHex(e.hex)));
  check("cbor", e.hex + " rejected", r === e.reason, r);
}
// Strict UTF-8 with XS's own TextDecoder, whose check after ED and F4 is only an upper bound (protocol/utf8.ts).
for (const hex of ["c0af", "e08080", "eda080", "f4908080", "f5808080", "e282", "80", "ff", "ed4180", "4849ed008041", "f4418080"]) {
  const r = reasonOf(() => utf8Decode(fromHex(hex)));
  check("utf8", hex + " rejected", r === "badUtf8", r);
}
for (const s of ["", "A", "é", "日本", "\u{1F198}", "\ufeffA", "a\u0000b"]) {
  const r = reasonOf(() => utf8Decode(utf8Encode(s)));
  check("utf8", JSON.stringify(s), r === "ok" && utf8Decode(utf8Encode(s)) === s, r);
}

for (const codec of CODECS) {
  const arb = bodies[codec.name as keyof typeof bodies] as fc.Arbitrary<unknown>;
  const result = fc.check(fc.property(header(codec.type), arb, (h, body) => {
    const m = decodeMessage(encodeMessage(h, body, mac), mac);
    return same(m.header, h) && same(messageToJson(m), messageToJson({ header: h, body }));
  }), { numRuns: 300, seed: 42 });
  check("roundtrip", codec.name, !result.failed, result.failed ? stable(result.counterexample) : "");
  counts["roundtrip cases"] = (counts["roundtrip cases"] ?? 0) + result.numRuns;
}

const seeds = [...vectors.frames, ...vectors.errors].map((v) => fromHex(v.hex));
const fz = fuzz(seeds, vectors.phone.map((v) => fromHex(v.hex)), 20_000, 7, mac);
check("fuzz", "no untyped errors or blow-ups", fz.findings.length === 0, fz.findings.slice(0, 3).join("; "));

  report({ counts, failures, fuzz: { cases: fz.cases, accepted: fz.accepted, reasons: fz.reasons } });
}

try {
  main();
  main2();
} catch (e) {
  report({ fatal: String(e), stack: (e as Error).stack ?? "" });
}

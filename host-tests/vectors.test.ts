import test from "ava";
import { readFileSync } from "node:fs";
import { D2DError, decodeMessage, encodeMessageObject, fromHex, messageFromJson, messageToJson, toHex } from "../protocol/index";
import { type BeaconInfo, decodeBeaconInfo, decodePhoneSos, encodeBeaconInfo, encodePhoneSos, type PhoneSos } from "../protocol/phone-adv";
import { relayCopy } from "../protocol/frame";
import { SPEC_PATH, renderVectors, vectorSectionOf } from "../tools/lib/vectors";
import { mac, vectors } from "./support/vectors";

test("every frame vector encodes from its JSON to its exact bytes", (t) => {
  t.true(vectors.frames.length >= 15);
  for (const v of vectors.frames) {
    t.is(toHex(encodeMessageObject(messageFromJson(v.json), mac)), v.hex, v.name);
  }
});

test("every frame vector decodes to its JSON (with defaults filled in)", (t) => {
  for (const v of vectors.frames) {
    const decoded = messageToJson(decodeMessage(fromHex(v.hex), mac));
    const expected = messageToJson(messageFromJson(v.json));
    t.deepEqual(decoded, expected, v.name);
    for (const [k, val] of Object.entries(v.json)) {
      if (k !== "body" && k !== "chunk" && k !== "frag") t.deepEqual(decoded[k], val, `${v.name}.${k}`);
    }
  }
});

test("every error vector is rejected with its reason", (t) => {
  t.true(vectors.errors.length >= 10);
  for (const v of vectors.errors) {
    const e = t.throws(() => decodeMessage(fromHex(v.hex), mac), { instanceOf: D2DError }, v.name);
    t.is(e?.reason as string | undefined, v.reason, v.name);
  }
});

test("the relayed vector is what a relay makes of sos-uplink after two hops", (t) => {
  const first = fromHex(vectors.frames.find((v) => v.name === "sos-uplink")!.hex);
  const relayed = vectors.frames.find((v) => v.name === "relayed")!.hex;
  t.is(toHex(relayCopy(relayCopy(first, mac), mac)), relayed);
});

test("BLE advertisement vectors encode and decode", (t) => {
  t.is(vectors.phone.length, 3);
  for (const v of vectors.phone) {
    if (v.kind === "sos") {
      t.is(toHex(encodePhoneSos(v.json as unknown as PhoneSos)), v.hex);
      t.deepEqual(decodePhoneSos(fromHex(v.hex)), v.json as unknown as PhoneSos);
    } else {
      t.is(toHex(encodeBeaconInfo(v.json as unknown as BeaconInfo)), v.hex);
      t.deepEqual(decodeBeaconInfo(fromHex(v.hex)), v.json as unknown as BeaconInfo);
    }
  }
  t.is(reasonOfBeacon("d2420211ff007b01c8000000"), "truncated", "a partial instruction");
  t.is(reasonOfBeacon("d2410211ff007b01c8"), "unknownType", "kind 1 is a phone SOS");
  t.is(reasonOfBeacon("d2420211ff007b01c80000000c0300040002"), "badValue", "action 3");
});

function reasonOfBeacon(hex: string): string | undefined {
  try { decodeBeaconInfo(fromHex(hex)); return undefined; } catch (e) { return (e as D2DError).reason; }
}

test("SPEC.md carries exactly the vectors the tests check", (t) => {
  const spec = readFileSync(SPEC_PATH, "utf8");
  t.is(vectorSectionOf(spec), renderVectors(vectors), "run `npm run vectors` after a deliberate format change");
});

import test from "ava";
import fc from "fast-check";
import {
  CODECS, D2DError, MAX_FRAME, codecForName, decodeMessage, encodeMessage, encodeMessageObject,
  messageFromJson, messageToJson, toHex, encodeFrame,
} from "../protocol/index";
import { SOS_BATCH_MAX } from "../protocol/messages/sos";
import { bodies, header } from "./support/arbitraries";
import { mac } from "./support/vectors";

for (const codec of CODECS) {
  const arb = bodies[codec.name as keyof typeof bodies] as fc.Arbitrary<unknown>;
  test(`${codec.name}: decode(encode(m)) is m for every header and body`, (t) => {
    let sizes = 0;
    fc.assert(fc.property(header(codec.type), arb, (h, body) => {
      const bytes = encodeMessage(h, body, mac);
      sizes = Math.max(sizes, bytes.length);
      const m = decodeMessage(bytes, mac);
      t.deepEqual(m.header, h);
      t.deepEqual(m.body, body);
    }), { numRuns: 1500 });
    t.true(sizes <= MAX_FRAME);
  });

  test(`${codec.name}: the JSON form round-trips to the same bytes`, (t) => {
    fc.assert(fc.property(header(codec.type), arb, (h, body) => {
      const bytes = encodeMessage(h, body, mac);
      const json = JSON.parse(JSON.stringify(messageToJson(decodeMessage(bytes, mac))));
      t.is(json.type, codec.name);
      t.is(toHex(encodeMessageObject(messageFromJson(json), mac)), toHex(bytes));
    }), { numRuns: 500 });
  });
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof D2DError)) throw e;
    return e.reason;
  }
}

const sosJson = (body: Record<string, unknown>) => ({
  type: "sos", src: 1, seq: 1,
  body: { floor: 0, x: 1, y: 1, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], ...body },
});

test("bad JSON input names the field", (t) => {
  const msg = (j: unknown) => {
    try { messageFromJson(j); return ""; } catch (e) { return (e as Error).message; }
  };
  t.regex(msg(sosJson({ trapped: 300 })), /trapped/);
  t.regex(msg(sosJson({ x: -1 })), /x must be metres/);
  t.regex(msg(sosJson({ flags: ["shots"] })), /unknown SOS flag "shots"/);
  t.regex(msg(sosJson({ triapped: 3 })), /unknown field body\.triapped/);
  t.regex(msg({ type: "sos", src: 1, seq: 1 }), /missing body/);
  t.regex(msg({ type: "sso", src: 1, seq: 1, body: {} }), /unknownType.*known: hello, sos/);
  t.regex(msg({ ...sosJson({}), hopLimit: 16 }), /hopLimit/);
  t.regex(msg({ ...sosJson({}), dst: 0xfffe + 5 }), /dst/);
  t.regex(msg({ ...sosJson({}), srcc: 3 }), /unknown field "srcc"/);
  t.regex(msg({ ...sosJson({}), src: 0 }), /src/);
  t.regex(msg({ ...sosJson({}), seq: 2 ** 24 }), /seq/);
});

test("positions round to the decimetre and keep unknowns", (t) => {
  const m = messageFromJson(sosJson({ x: 12.345, y: 0.04 }));
  const back = decodeMessage(encodeMessageObject(m, mac), mac).body as { x: number; y: number };
  t.is(back.x, 12.3);
  t.is(back.y, 0);
  t.is(reasonOf(() => messageFromJson(sosJson({ x: null, y: 3 }))), "badValue");
});

test("limits: text, census list, instruction text", (t) => {
  const text = codecForName("text");
  t.is(reasonOf(() => text.encode({ text: "x".repeat(201) })), "overLimit");
  t.is(reasonOf(() => text.encode({ text: "é".repeat(100) })), undefined);
  t.is(reasonOf(() => text.encode({ text: "é".repeat(101) })), "overLimit");
  const census = codecForName("census");
  const devices = Array.from({ length: 41 }, (_, i) => ({ id: i, rssi: -50 }));
  t.is(reasonOf(() => census.encode({ count: 41, window: 60, devices })), "overLimit");
  t.is(reasonOf(() => census.encode({ count: 3, window: 60, devices: devices.slice(0, 4) })), "badValue");
  const instr = codecForName("instruction");
  t.is(reasonOf(() => instr.encode({ id: 1, action: "evacuate", zone: 0, text: "x".repeat(161) })), "overLimit");
  t.is(reasonOf(() => instr.encode({ id: 1, action: "all-clear", zone: 0, via: 3 })), "badValue");
});

test("a full census of 40 devices fits one frame; so does the longest instruction", (t) => {
  const devices = Array.from({ length: 40 }, (_, i) => ({ id: 0xffffffff - i, rssi: -128 }));
  const h = { type: 2, priority: 2, hopLimit: 8, hops: 0, net: 31, ack: true, src: 9, dst: 0xfffd, seq: 0xffffff };
  const widest = { count: 0xffffffff, window: 0xffff, devices };
  t.is(encodeMessage(h, widest, mac).length, 228, "SPEC §4.3: addressed");
  t.is(encodeMessage({ ...h, dst: 0xfffe }, widest, mac).length, 226, "SPEC §4.3: uplink");
  const instr = encodeMessage({ type: 8, priority: 1, hopLimit: 8, hops: 0, net: 31, ack: true, src: 9, dst: 0xfffd, seq: 0xffffff },
    { id: 0xffffffff, action: "evacuate", zone: 0xffff, via: 0xffff, text: "€".repeat(53) }, mac);
  t.true(instr.length <= MAX_FRAME, `${instr.length} bytes`);
});

test("CBOR bodies: keys ascend, unknown keys are skipped, missing fields are named", (t) => {
  const census = codecForName("census");
  const dec = (hex: string) => census.decode(Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16))), 0, hex.length / 2);
  t.deepEqual(dec("a200183901183c"), { count: 57, window: 60, devices: [] });
  // A later version adds key 9 (any value in the subset): this version reads on.
  t.deepEqual(dec("a300183901183c0982f563616263"), { count: 57, window: 60, devices: [] });
  t.is(reasonOf(() => dec("a201183c00183901")), "nonCanonical", "keys out of order");
  t.is(reasonOf(() => dec("a2001839001839")), "nonCanonical", "duplicate key");
  t.is(reasonOf(() => dec("a2616318390118 3c".replace(" ", ""))), "nonCanonical", "text key");
  t.regex(String((() => { try { dec("a1183c00"); } catch (e) { return (e as Error).message; } })()), /^badValue: missing count \(key 0\)$/, "key 60 is unknown, skipped");
  t.regex(String((() => { try { dec("a101183c"); } catch (e) { return (e as Error).message; } })()), /missing count \(key 0\)/);
  t.is(reasonOf(() => dec("a200183901c0")), "badCbor", "a tag where window should be");
  t.is(reasonOf(() => dec("a200183901f5")), "badValue", "true where window should be");
  t.is(reasonOf(() => dec("a300183901183c09c0")), "badCbor", "an unknown field must still be in the subset");
  t.is(reasonOf(() => dec("8100")), "badValue", "not a map");
});

test("an SOS batch: up to SOS_BATCH_MAX phones' entries in one frame, each a phone's; anything else is named", (t) => {
  const entry = (id: number) => ({ floor: 0, x: 1, y: 2, accuracy: 3, trapped: null, injured: null, attackers: null, flags: ["medical"], phone: { id, seq: id & 0xff, rssi: -60 } });
  const h = { type: 1, priority: 0, hopLimit: 15, hops: 0, net: 3, ack: false, src: 5, dst: 0xfffe, seq: 9 };
  const full = { ...entry(1), more: Array.from({ length: SOS_BATCH_MAX - 1 }, (_, k) => entry(k + 2)) };
  const bytes = encodeMessage(h, full, mac);
  t.is(bytes.length, 8 + 16 * SOS_BATCH_MAX + 4, "16 bytes an entry after an 8-byte header, then the MIC");
  t.true(bytes.length <= MAX_FRAME);
  const back = decodeMessage(bytes, mac).body as { phone: { id: number }; more: { phone: { id: number } }[] };
  t.deepEqual([back.phone.id, ...back.more.map((m) => m.phone.id)], Array.from({ length: SOS_BATCH_MAX }, (_, k) => k + 1));
  const tooMany = { ...full, more: [...full.more, entry(99)] };
  t.throws(() => encodeMessage(h, tooMany, mac), { message: /more: up to 13 more phone SOS, after a phone's/ });
  const { phone: _p, ...own } = entry(1);
  t.throws(() => encodeMessage(h, { ...own, more: [entry(2)] }, mac), { message: /more: up to 13 more phone SOS, after a phone's/ });
  t.throws(() => encodeMessage(h, { ...entry(1), more: [own] }, mac), { message: /more: up to 13 more phone SOS, after a phone's/ });
  t.throws(() => encodeMessage(h, { ...entry(1), more: [{ ...entry(2), more: [entry(3)] }] }, mac), { message: /more: up to 13 more phone SOS, after a phone's/ });
  // A 15th entry does not fit a 250-byte frame: refused by size before anything is read.
  const body = codecForName("sos").encode(full);
  const err = t.throws(() => decodeMessage(encodeFrame(h, Uint8Array.of(...body, ...body.subarray(0, 16)), mac), mac)) as D2DError;
  t.is(err.reason, "overLimit");
});

test("a relay's packed batch: each entry's hopsShort in nibbles after the entries, written only when one is not 0; anything else is named", (t) => {
  const entry = (id: number, hopsShort?: number) => ({ floor: 0, x: 1, y: 2, accuracy: 3, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq: 1, rssi: -60 }, ...(hopsShort === undefined ? {} : { hopsShort }) });
  const h = { type: 1, priority: 0, hopLimit: 12, hops: 3, net: 3, ack: false, src: 5, dst: 0xfffe, seq: 9 };
  const sosCodec = codecForName("sos");
  const body = (first: object, ...more: object[]) => ({ ...first, more });
  // 14 entries, every other one short: 7 bytes of nibbles, the full frame 243 bytes.
  const full = body(entry(1), ...Array.from({ length: SOS_BATCH_MAX - 1 }, (_, k) => entry(k + 2, k % 2 === 0 ? k + 1 : undefined)));
  const bytes = encodeMessage(h, full, mac);
  t.is(bytes.length, 8 + 16 * SOS_BATCH_MAX + 7 + 4);
  t.true(bytes.length <= MAX_FRAME);
  const back = decodeMessage(bytes, mac).body as { hopsShort?: number; more: { hopsShort?: number }[] };
  t.deepEqual([back.hopsShort, ...back.more.map((m) => m.hopsShort)], [undefined, 1, undefined, 3, undefined, 5, undefined, 7, undefined, 9, undefined, 11, undefined, 13]);
  const raw = sosCodec.encode(body(entry(1), entry(2, 15), entry(3, 4)));
  t.deepEqual([...raw.subarray(48)], [0x0f, 0x40], "entry 1 short 0, entry 2 15 | entry 3 4, then the odd count's 0");
  t.is(sosCodec.encode(body(entry(1), entry(2))).length, 32, "none short: no nibbles");
  t.throws(() => sosCodec.encode(body(entry(1), entry(2, 0))), { message: /hopsShort must be an integer in 1\.\.15/ }, "0 is left out, so each batch has one encoding");
  t.throws(() => sosCodec.encode(body(entry(1, 16), entry(2))), { message: /hopsShort must be an integer in 1\.\.15/ });
  t.throws(() => sosCodec.encode(body(entry(1, 2), entry(2, 3))), { message: /hopsShort: one entry without it/ }, "the frame's hop limit is the most of its entries'");
  t.is(reasonOf(() => sosCodec.decode(Uint8Array.of(...raw.subarray(0, 48), 0x1f, 0x40), 0, 50)), "nonCanonical", "no entry 0 short");
  const { phone: _p, ...own } = entry(1, 2);
  t.is(sosCodec.encode(own).length, 10, "a beacon's own SOS carries none");
  t.throws(() => messageFromJson({ type: "sos", src: 5, seq: 9, body: own }), { message: /unknown field body\.hopsShort/ }, "and says so in the JSON form");
  t.is(reasonOf(() => sosCodec.decode(Uint8Array.of(...raw.subarray(0, 48), 0, 0), 0, 50)), "nonCanonical", "nibbles all 0");
  t.is(reasonOf(() => sosCodec.decode(Uint8Array.of(...raw.subarray(0, 48), 0x0f, 0x41), 0, 50)), "nonCanonical", "the odd count's last low nibble not 0");
  t.is(reasonOf(() => sosCodec.decode(raw.subarray(0, 49), 0, 49)), "trailingBytes", "one byte where three entries' nibbles take two");
  t.deepEqual(JSON.parse(JSON.stringify(messageFromJson({ type: "sos", src: 5, seq: 9, body: body(entry(1), entry(2, 6)) }).body)).more[0].hopsShort, 6, "the JSON form takes it");
  t.throws(() => messageFromJson({ type: "sos", src: 5, seq: 9, body: body(entry(1), { ...entry(2), hopsShrot: 6 }) }), { message: /unknown field body\.more\[0\]\.hopsShrot/ }, "a typo inside a more entry is named, not dropped");
  t.throws(() => messageFromJson({ type: "sos", src: 5, seq: 9, body: { ...entry(1), phone: { id: 1, seq: 1, rssi: -60, name: "x" } } }), { message: /unknown field body\.phone\.name/ });
});

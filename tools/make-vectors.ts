/**
 * Writes protocol/test-vectors.json and the vector section of protocol/SPEC.md.
 *
 * Run only when the wire format changes on purpose (`npm run vectors`): the
 * vectors are the contract, and the tests hold the code to them byte for byte.
 * MICs are HMAC-SHA256 under the spec's test key, computed with Node's crypto.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { codecForType, encodeMessageObject, messageFromJson } from "../protocol/message";
import { MsgType, encodeFrame, type FrameHeader } from "../protocol/frame";
import { encodeBeaconInfo, encodePhoneSos } from "../protocol/phone-adv";
import { toHex, fromHex } from "../protocol/bytes";
import { renderVectorSection, SPEC_PATH, VECTORS_PATH, type VectorFile } from "./lib/vectors";
import { TEST_KEY, nodeMac } from "./lib/node-mac";

const mac = nodeMac(TEST_KEY);

const frames: { name: string; note: string; json: Record<string, unknown> }[] = [
  {
    name: "sos-uplink",
    note: "A beacon's SOS to any gateway: 8-byte header, 10-byte body, 4-byte MIC.",
    json: {
      type: "sos", net: 3, src: 0x0102, seq: 7, hopLimit: 8, ack: true,
      body: { floor: 1, x: 42.5, y: 17.3, accuracy: 4, trapped: 3, injured: 1, attackers: 2, flags: ["gunfire", "hiding"] },
    },
  },
  {
    name: "sos-from-phone",
    note: "A phone's SOS re-originated by beacon 0x0211: FROM_PHONE bit, phone id, phone seq, RSSI.",
    json: {
      type: "sos", net: 3, src: 0x0211, seq: 0x012345, hopLimit: 8,
      body: {
        floor: -1, x: 3.2, y: 77.9, accuracy: 6, trapped: null, injured: 2, attackers: null, flags: ["medical", "immobile"],
        phone: { id: 0x9a3c5e71, seq: 4, rssi: -71 },
      },
    },
  },
  {
    name: "hello-route",
    note: "HELLO, broadcast: relay 0x0a0b, 2 hops from gateway 0x0001 under the gateway's number 0x0102, battery 87 %, holding two orders, gateway 0x0001's frame seq 0x2c and gateway 0x0002's seq 0x0123f7: digest (0x01 ^ 0x2c) ^ (0x02 ^ 0xf7) = 0x2d ^ 0xf5 = 0xd8.",
    json: {
      type: "hello", net: 3, src: 0x0a0b, dst: "broadcast", seq: 1, hopLimit: 1,
      body: { role: "relay", route: { gateway: 1, hops: 2, metric: 40, seq: 0x0102 }, battery: 87, floor: 0, x: 10, y: 20, orders: 0xd8 },
    },
  },
  {
    name: "hello-gateway",
    note: "HELLO from a gateway: route to itself, 0 hops, numbered with the frame's seq (2), mains power; it holds the order it sent, its frame seq 0x2c (digest 0x01 ^ 0x2c = 0x2d).",
    json: {
      type: "hello", net: 3, src: 0x0001, dst: "broadcast", seq: 2, hopLimit: 1,
      body: { role: "gateway", route: { gateway: 1, hops: 0, metric: 0, seq: 2 }, battery: null, floor: 0, x: 0.5, y: 40, orders: 0x2d },
    },
  },
  {
    name: "hello-no-route",
    note: "HELLO from a camera node that knows no gateway yet, and holds no order (digest 0).",
    json: {
      type: "hello", net: 3, src: 0x0c01, dst: "broadcast", seq: 0, hopLimit: 1,
      body: { role: "camera", route: null, battery: 100, floor: 1, x: 60, y: 12.5, orders: 0 },
    },
  },
  {
    name: "census",
    note: "DEVICE_CENSUS: 57 devices in 60 s, two listed (CBOR body).",
    json: {
      type: "census", net: 3, src: 0x0005, seq: 9,
      body: { count: 57, window: 60, devices: [{ id: 0xdeadbeef, rssi: -61 }, { id: 12, rssi: -80 }] },
    },
  },
  {
    name: "position",
    note: "POSITION of device 0x9a3c5e71 on floor 2, 3 m accuracy.",
    json: {
      type: "position", net: 3, src: 0x0007, seq: 200,
      body: { device: 0x9a3c5e71, floor: 2, x: 101.4, y: 66, accuracy: 3 },
    },
  },
  {
    name: "text",
    note: "TEXT, life-safety priority, UTF-8 with non-ASCII letters.",
    json: {
      type: "text", priority: "life-safety", net: 3, src: 0x0007, seq: 201,
      body: { text: "2 blessés, escalier B — 2e étage" },
    },
  },
  {
    name: "media",
    note: "MEDIA: fragment 3 of 200 of image stream 1 (4 bytes of data shown).",
    json: {
      type: "media", net: 3, src: 0x0c01, seq: 100,
      body: { stream: 1, kind: "image", frame: 0, index: 3, count: 200, data: "ffd8ffe0" },
    },
  },
  {
    name: "ack-frames",
    note: "ACK from gateway 0x0001 to 0x0102: seq 7 received, and seqs 6 and 4.",
    json: {
      type: "ack", net: 3, src: 0x0001, dst: 0x0102, seq: 50, priority: "life-safety",
      body: { kind: "frames", ref: 0, base: 7, bitmap: 0b101 },
    },
  },
  {
    name: "ack-media",
    note: "ACK of media stream 1 frame 0: fragments 0..11 received, 13 and 14 too, 12 missing.",
    json: {
      type: "ack", net: 3, src: 0x0001, dst: 0x0c01, seq: 51, priority: "bulk",
      body: { kind: "media", ref: 0x010000, base: 12, bitmap: 0b11 },
    },
  },
  {
    name: "instruction",
    note: "RESPONDER_INSTRUCTION, broadcast: evacuate zone 4 via exit 2 (8-byte MIC).",
    json: {
      type: "instruction", net: 3, src: 0x0001, dst: "broadcast", seq: 3, hopLimit: 10,
      body: { id: 12, action: "evacuate", zone: 4, via: 2, text: "Use the north exit" },
    },
  },
  {
    name: "instruction-shelter",
    note: "RESPONDER_INSTRUCTION: shelter in place, whole site, no text.",
    json: {
      type: "instruction", net: 3, src: 0x0002, dst: "broadcast", seq: 4, hopLimit: 10,
      body: { id: 13, action: "shelter-in-place", zone: 0 },
    },
  },
  {
    name: "datagram-fragment",
    note: "Fragment 1 of 3 (fragment id 5) of a datagram carrying a census body.",
    json: {
      type: "census", net: 3, src: 0x0005, seq: 10, frag: { id: 5, index: 1, count: 3 }, chunk: "0102030405060708",
    },
  },
  {
    name: "sos-batch-from-phones",
    note: "Three phones' SOS carried by beacon 0x0211 in one frame (§4.2): three 16-byte entries, each with FROM_PHONE.",
    json: {
      type: "sos", net: 3, src: 0x0211, seq: 0x012346, hopLimit: 15,
      body: {
        floor: -1, x: 3.2, y: 77.9, accuracy: 6, trapped: null, injured: 2, attackers: null, flags: ["medical", "immobile"],
        phone: { id: 0x9a3c5e71, seq: 4, rssi: -71 },
        more: [
          { floor: -1, x: 5, y: 80.5, accuracy: 10, trapped: 1, injured: null, attackers: null, flags: ["hiding"], phone: { id: 0x00c0ffee, seq: 1, rssi: -64 } },
          { floor: 0, x: 120, y: 8.3, accuracy: null, trapped: null, injured: null, attackers: 3, flags: ["gunfire"], phone: { id: 0x7fffffff, seq: 255, rssi: -90 } },
        ],
      },
    },
  },
  {
    name: "sos-packed-by-relay",
    note: "Relay 0x0a0c packed three callers heard by other beacons into one frame of its own (§4.2): the first may still go the frame's 12 hops, the second 4 fewer, the third 9 fewer; two bytes of hopsShort nibbles (0, 4 | 9, 0) after the entries.",
    json: {
      type: "sos", net: 3, src: 0x0a0c, seq: 0x000102, hopLimit: 12, hops: 3,
      body: {
        floor: 0, x: 14, y: 6.5, accuracy: 8, trapped: null, injured: null, attackers: null, flags: ["medical"],
        phone: { id: 0x11223344, seq: 2, rssi: -58 },
        more: [
          { floor: 0, x: 15.5, y: 7, accuracy: 12, trapped: 2, injured: null, attackers: null, flags: ["hiding"], phone: { id: 0x55667788, seq: 9, rssi: -77 }, hopsShort: 4 },
          { floor: 1, x: 40, y: 22.1, accuracy: null, trapped: null, injured: 1, attackers: null, flags: [], phone: { id: 0x0badcafe, seq: 0, rssi: -83 }, hopsShort: 9 },
        ],
      },
    },
  },
  {
    name: "hello-busy",
    note: "HELLO from relay 0x0a0c whose queue is nearly full of life-safety frames: role byte bit 7 (busy) set.",
    json: {
      type: "hello", net: 3, src: 0x0a0c, dst: "broadcast", seq: 3, hopLimit: 0,
      body: { role: "relay", route: { gateway: 1, hops: 3, metric: 70, seq: 0xfffe }, battery: null, floor: 1, x: 30, y: 20, busy: true, orders: 0 },
    },
  },
  {
    name: "hello-full",
    note: "HELLO from camera 0x0a0d whose queue is half full (of anything): role byte bit 6 (full) set, no bulk to it; not busy.",
    json: {
      type: "hello", net: 3, src: 0x0a0d, dst: "broadcast", seq: 9, hopLimit: 0,
      body: { role: "camera", route: { gateway: 1, hops: 2, metric: 40, seq: 9 }, battery: 80, floor: 0, x: 12.5, y: 7, full: true, orders: 0x2d },
    },
  },
  {
    name: "hello-ask",
    note: "HELLO from relay 0x0a0e with no route it may take, asking for a number of gateway 0x0001 newer than 0x0102 (its feasibility distance's): role byte bit 5 (ask) set, gwHops 255 and gwMetric 0xFFFF say no route, gateway and gwSeq name what it asks for.",
    json: {
      type: "hello", net: 3, src: 0x0a0e, dst: "broadcast", seq: 12, hopLimit: 0,
      body: { role: "relay", route: null, battery: null, floor: 0, x: 100, y: 4, orders: 0, ask: { gateway: 1, seq: 0x0102 } },
    },
  },
  {
    name: "hello-ask-passed-on",
    note: "HELLO from relay 0x0a0f passing a neighbour's request on toward the gateway: its route's number is no newer than the one asked for, so it asks for one newer than its own (role byte bit 5 set, the route as ever).",
    json: {
      type: "hello", net: 3, src: 0x0a0f, dst: "broadcast", seq: 40, hopLimit: 0,
      body: { role: "relay", route: { gateway: 1, hops: 4, metric: 96, seq: 0x0102 }, battery: null, floor: 0, x: 80, y: 4, orders: 0, ask: { gateway: 1, seq: 0x0102 } },
    },
  },
  {
    name: "relayed",
    note: "The sos-uplink frame after two relays: hopLimit 6, hops 2, MIC recomputed.",
    json: {
      type: "sos", net: 3, src: 0x0102, seq: 7, hopLimit: 6, hops: 2, ack: true,
      body: { floor: 1, x: 42.5, y: 17.3, accuracy: 4, trapped: 3, injured: 1, attackers: 2, flags: ["gunfire", "hiding"] },
    },
  },
];

const out: VectorFile = {
  key: toHex(TEST_KEY),
  frames: frames.map((v) => ({ ...v, hex: toHex(encodeMessageObject(messageFromJson(v.json), mac)) })),
  errors: [],
  phone: [],
};

// Error vectors: each derived from a valid frame by one documented change.
const sos = fromHex(out.frames[0].hex);
const withMic = (bytes: Uint8Array): Uint8Array => {
  const m = mac(bytes.subarray(0, bytes.length - 4)).subarray(0, 4);
  const o = bytes.slice();
  o.set(m, o.length - 4);
  return o;
};
const sosMsg = messageFromJson(out.frames[0].json);
const sosHeader = sosMsg.header;
const sosBody = codecForType(MsgType.sos).encode(sosMsg.body);
const phoneBody = codecForType(MsgType.sos).encode(messageFromJson(frames[1].json).body);
const rawFrame = (h: FrameHeader, payload: Uint8Array): Uint8Array => encodeFrame(h, payload, mac);
/** hello-ask's body with its gateway field 0 (`ask`), or with the ask bit cleared (not `ask`). */
function helloAskNoGateway(ask = true): Uint8Array {
  const m = messageFromJson(frames.find((v) => v.name === "hello-ask")!.json);
  const body = codecForType(MsgType.hello).encode(m.body).slice();
  if (ask) body[1] = body[2] = 0;
  else body[0] &= ~0x20;
  return rawFrame(m.header, body);
}
const flip = sos.slice();
flip[10] ^= 0x01;
const unknownType = sos.slice();
unknownType[0] = (unknownType[0] & 0xf0) | 0x07;
const v2 = sos.slice();
v2[0] = (v2[0] & 0x3f) | 0x80;
const dstAnyGw = new Uint8Array(sos.length + 2);
dstAnyGw.set(sos.subarray(0, 5));
dstAnyGw[2] |= 1;
dstAnyGw[5] = 0xff;
dstAnyGw[6] = 0xfe;
dstAnyGw.set(sos.subarray(5), 7);
const hopSum = sos.slice();
hopSum[1] = 0x88;
const big = new Uint8Array(251);
big.set(sos.subarray(0, 8));
out.errors = [
  { name: "empty", note: "No bytes at all.", hex: "", reason: "truncated" },
  { name: "short-header", note: "The first 6 bytes of sos-uplink.", hex: toHex(sos.subarray(0, 6)), reason: "truncated" },
  { name: "no-room-for-mic", note: "sos-uplink cut after its header and 3 bytes: no room for the MIC.", hex: toHex(sos.subarray(0, 11)), reason: "truncated" },
  { name: "short-body", note: "An SOS whose body stops after 3 bytes, MIC valid.", hex: toHex(rawFrame(sosHeader, sosBody.subarray(0, 3))), reason: "truncated" },
  { name: "long-body", note: "An SOS with one byte after its body, MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...sosBody, 0))), reason: "trailingBytes" },
  { name: "empty-text", note: "A TEXT frame with no text, MIC valid.", hex: toHex(rawFrame({ ...sosHeader, type: MsgType.text }, new Uint8Array(0))), reason: "badLength" },
  { name: "census-ragged-list", note: "A census whose device list is 6 bytes (not whole 5-byte entries), MIC valid.", hex: toHex(rawFrame({ ...sosHeader, type: MsgType.census }, fromHex("a3000101183c024600000001c4ff"))), reason: "badLength" },
  { name: "bit-flip", note: "sos-uplink with one payload bit flipped: the MIC no longer matches.", hex: toHex(flip), reason: "badMic" },
  { name: "version-2", note: "sos-uplink with version bits 10.", hex: toHex(v2), reason: "unknownVersion" },
  { name: "unknown-type", note: "sos-uplink retyped to the reserved type 7, MIC recomputed.", hex: toHex(withMic(unknownType)), reason: "unknownType" },
  { name: "any-gateway-written-out", note: "sos-uplink with D set and dst 0xFFFE written out, MIC recomputed.", hex: toHex(withMic(dstAnyGw)), reason: "nonCanonical" },
  { name: "hop-sum", note: "sos-uplink with hopLimit 8 and hops 8 (sum over 15), MIC recomputed.", hex: toHex(withMic(hopSum)), reason: "badValue" },
  { name: "sos-batch-ragged", note: "A phone's SOS with 5 bytes after its 16-byte entry (not a whole second entry), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, 1, 2, 3, 4, 5))), reason: "trailingBytes" },
  { name: "sos-batch-beacon-entry", note: "A phone's SOS followed by 16 bytes whose flags lack FROM_PHONE (a second entry must be a phone's), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, ...sosBody, 0, 0, 0, 0, 0, 0))), reason: "badValue" },
  { name: "sos-packed-zero-nibbles", note: "A phone's SOS with one hopsShort byte of 0 after it (nibbles are written only when one is not 0), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, 0))), reason: "nonCanonical" },
  { name: "sos-packed-odd-nibble", note: "A phone's SOS with one hopsShort byte 0x31 (an odd count leaves the last low nibble 0), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, 0x31))), reason: "nonCanonical" },
  { name: "sos-packed-none-zero", note: "Two phones' SOS with hopsShort byte 0x12: neither entry may go the frame's hopLimit (a relay sends its entries' most, so one is always 0 short), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, ...phoneBody.slice(0, 10), 0x11, ...phoneBody.slice(11), 0x12))), reason: "nonCanonical" },
  { name: "sos-packed-short-nibbles", note: "Two phones' SOS with two bytes after them (two entries' nibbles take one byte), MIC valid.", hex: toHex(rawFrame(sosHeader, Uint8Array.of(...phoneBody, ...phoneBody, 0x30, 0x00))), reason: "trailingBytes" },
  { name: "hello-ask-no-gateway", note: "hello-ask with its gateway field 0: a request with no route names the gateway it asks about, MIC valid.", hex: toHex(helloAskNoGateway()), reason: "badValue" },
  { name: "hello-no-route-gateway", note: "hello-ask with the ask bit cleared: gateway and gwSeq set with gwHops 255 and gwMetric 0xFFFF is only a request, MIC valid.", hex: toHex(helloAskNoGateway(false)), reason: "badValue" },
  { name: "too-long", note: "251 bytes: over the 250-byte frame.", hex: toHex(big), reason: "overLimit" },
];

const phoneSos = {
  phone: 0x9a3c5e71, seq: 4,
  sos: { floor: -1, x: 3.2, y: 77.9, accuracy: 6, trapped: null, injured: 2, attackers: null, flags: ["medical", "immobile"] },
};
const beaconPlain = { beacon: 0x0211, floor: -1, x: 12.3, y: 45.6 };
const beaconInstr = { ...beaconPlain, instruction: { id: 12, action: "evacuate", zone: 4, via: 2 } };
out.phone = [
  {
    name: "phone-sos", kind: "sos",
    note: "The advertisement behind sos-from-phone: manufacturer data after company id 0xFFFF.",
    json: phoneSos,
    hex: toHex(encodePhoneSos(phoneSos as Parameters<typeof encodePhoneSos>[0])),
  },
  {
    name: "beacon-position", kind: "beacon",
    note: "Phone access point 0x0211 advertising its position, no instruction yet.",
    json: beaconPlain,
    hex: toHex(encodeBeaconInfo(beaconPlain)),
  },
  {
    name: "beacon-instruction", kind: "beacon",
    note: "The same access point relaying instruction 12: evacuate zone 4 via exit 2.",
    json: beaconInstr,
    hex: toHex(encodeBeaconInfo(beaconInstr as Parameters<typeof encodeBeaconInfo>[0])),
  },
];

writeFileSync(VECTORS_PATH, JSON.stringify(out, null, 2) + "\n");
const spec = readFileSync(SPEC_PATH, "utf8");
writeFileSync(SPEC_PATH, renderVectorSection(spec, out));
console.log(`wrote ${out.frames.length} frame, ${out.errors.length} error and ${out.phone.length} phone vectors`);

/** fast-check generators for every header field and message body, over their full ranges. */
import fc from "fast-check";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** True when s has no lone surrogates (String.prototype.isWellFormed, which XS 13 lacks). */
export const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
import type { FrameHeader } from "../../protocol/frame";
import { ROLES } from "../../protocol/messages/hello";
import { SOS_BATCH_MAX, SOS_FLAGS } from "../../protocol/messages/sos";
import { ACTIONS } from "../../protocol/messages/instruction";
import { CENSUS_MAX_DEVICES } from "../../protocol/messages/census";
import { MEDIA_MAX_DATA } from "../../protocol/messages/media";
import { TEXT_MAX_BYTES } from "../../protocol/messages/text";
import { utf8Length } from "../../protocol/utf8";

const count = fc.option(fc.integer({ min: 0, max: 254 }), { nil: null });
const coord = fc.integer({ min: 0, max: 65534 }).map((dm) => dm / 10);

export const sitePosition = fc.oneof(
  fc.record({ floor: fc.option(fc.integer({ min: -127, max: 127 }), { nil: null }), x: coord, y: coord }),
  fc.record({ floor: fc.option(fc.integer({ min: -127, max: 127 }), { nil: null }), x: fc.constant(null), y: fc.constant(null) }),
);

export const header = (type: number): fc.Arbitrary<FrameHeader> =>
  fc.record({
    type: fc.constant(type),
    priority: fc.integer({ min: 0, max: 3 }),
    hopLimit: fc.integer({ min: 0, max: 15 }),
    hops: fc.integer({ min: 0, max: 15 }),
    net: fc.integer({ min: 0, max: 31 }),
    ack: fc.boolean(),
    src: fc.integer({ min: 1, max: 0xfffd }),
    dst: fc.oneof(fc.integer({ min: 1, max: 0xffff }), fc.constantFrom(0xfffe, 0xffff)),
    seq: fc.integer({ min: 0, max: 0xffffff }),
  }).filter((h) => h.hopLimit + h.hops <= 15);

const sosFlags = fc.subarray([...SOS_FLAGS]);
const sosEntry = fc.tuple(fc.record({ accuracy: count, trapped: count, injured: count, attackers: count, flags: sosFlags }), sitePosition)
  .map(([a, p]) => ({ ...p, ...a }));
/** hops a packed entry may travel fewer than its frame (0 is left out) */
const hopsShort = fc.integer({ min: 1, max: 15 });
const phoneOrigin = fc.record({
  id: fc.integer({ min: 0, max: 0xffffffff }),
  seq: fc.integer({ min: 0, max: 255 }),
  rssi: fc.integer({ min: -128, max: 127 }),
});

export const bodies = {
  hello: fc.tuple(
    fc.record({
      role: fc.constantFrom(...ROLES),
      route: fc.option(fc.record({
        gateway: fc.integer({ min: 1, max: 0xfffd }),
        hops: fc.integer({ min: 0, max: 15 }),
        metric: fc.integer({ min: 0, max: 0xfffe }),
        seq: fc.integer({ min: 0, max: 0xffff }),
      }), { nil: null }),
      battery: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      orders: fc.integer({ min: 0, max: 255 }),
    }),
    sitePosition,
    fc.boolean(),
  ).map(([a, p, busy]) => (busy ? { ...a, ...p, busy: true } : { ...a, ...p })),
  // a beacon's own SOS, one phone's, or a batch of up to SOS_BATCH_MAX phones', each maybe short of the frame's hop limit as a relay packs them (SPEC §4.2)
  sos: fc.tuple(sosEntry, fc.option(phoneOrigin, { nil: undefined }), fc.option(hopsShort, { nil: undefined }), fc.array(fc.tuple(sosEntry, phoneOrigin, fc.option(hopsShort, { nil: undefined })), { maxLength: SOS_BATCH_MAX - 1 }))
    .map(([e, phone, short, more]) => {
      if (!phone) return e;
      // (one entry at least without it: the frame's hopLimit is the most of its entries')
      const first = short === undefined || more.every(([, , s]) => s !== undefined) ? { ...e, phone } : { ...e, phone, hopsShort: short };
      return more.length === 0 ? first : { ...first, more: more.map(([m, o, s]) => (s === undefined ? { ...m, phone: o } : { ...m, phone: o, hopsShort: s })) };
    }),
  census: fc.array(fc.record({ id: fc.integer({ min: 0, max: 0xffffffff }), rssi: fc.integer({ min: -128, max: 127 }) }), { maxLength: CENSUS_MAX_DEVICES })
    .chain((devices) => fc.record({
      count: fc.integer({ min: devices.length, max: 0xffffffff }),
      window: fc.integer({ min: 0, max: 0xffff }),
      devices: fc.constant(devices),
    })),
  position: fc.tuple(
    fc.record({ device: fc.integer({ min: 0, max: 0xffffffff }), accuracy: count }),
    sitePosition,
  ).map(([a, p]) => ({ device: a.device, ...p, accuracy: a.accuracy })),
  text: fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" }).filter((s) => utf8Length(s) <= TEXT_MAX_BYTES).map((text) => ({ text })),
  media: fc.integer({ min: 1, max: 4095 }).chain((c) => fc.record({
    stream: fc.integer({ min: 0, max: 255 }),
    kind: fc.constantFrom("image" as const, "video" as const),
    frame: fc.integer({ min: 0, max: 0x7fff }),
    index: fc.integer({ min: 0, max: c - 1 }),
    count: fc.constant(c),
    data: fc.uint8Array({ minLength: 1, maxLength: MEDIA_MAX_DATA - 2 }),
  })),
  ack: fc.oneof(
    fc.record({ kind: fc.constant("frames" as const), ref: fc.constant(0), base: fc.integer({ min: 0, max: 0xffffff }), bitmap: fc.integer({ min: 0, max: 0xffffffff }) }),
    fc.record({ kind: fc.constant("media" as const), ref: fc.integer({ min: 0, max: 0xffffff }), base: fc.integer({ min: 0, max: 4095 }), bitmap: fc.integer({ min: 0, max: 0xffffffff }) }),
    fc.record({ kind: fc.constant("datagram" as const), ref: fc.integer({ min: 0, max: 255 }), base: fc.integer({ min: 0, max: 4095 }), bitmap: fc.integer({ min: 0, max: 0xffffffff }) }),
  ),
  instruction: fc.record({
    id: fc.integer({ min: 0, max: 0xffffffff }),
    action: fc.constantFrom(...ACTIONS),
    zone: fc.integer({ min: 0, max: 0xffff }),
    text: fc.string({ maxLength: 40 }).filter(wellFormed),
  }, { requiredKeys: ["id", "action", "zone"] }).chain((b) =>
    b.action === "evacuate" ? fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }).map((via) => (via === undefined ? b : { ...b, via })) : fc.constant(b)),
};

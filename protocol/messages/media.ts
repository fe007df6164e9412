/**
 * MEDIA (type 5): one fragment of an image or a video frame. Every fragment
 * names its object, so any subset of them can be placed. Body: stream u8,
 * kind+frame u16 (bit 15 = video), index u12 + count u12 (3 bytes), data.
 * SPEC.md §4.6.
 */
import { Writer, checkInt, fromHex, toHex, u16At } from "../bytes";
import { badValue, fail, truncated } from "../errors";
import { MAX_FRAME, MsgType, Priority } from "../frame";
import { asObject, type BodyCodec, type JsonForm } from "./codec";

export const MEDIA_HEADER_BYTES = 6;
export const MEDIA_KINDS = ["image", "video"] as const;
/** Header (8, uplink) + media header + MIC (4) leave this much data per 250-byte frame. */
export const MEDIA_MAX_DATA = MAX_FRAME - 8 - MEDIA_HEADER_BYTES - 4;
export const MEDIA_MAX_COUNT = 4095;

export interface MediaBody {
  stream: number;
  kind: (typeof MEDIA_KINDS)[number];
  /** frame number within the stream (0 for a still image), 0..32767 */
  frame: number;
  index: number;
  count: number;
  data: Uint8Array;
}

export const media: BodyCodec<MediaBody> = {
  type: MsgType.media,
  name: "media",
  priority: Priority.bulk,
  maxBody: MAX_FRAME,
  encode(b) {
    checkInt(b.count, 1, MEDIA_MAX_COUNT, "count");
    checkInt(b.index, 0, b.count - 1, "index");
    const kind = MEDIA_KINDS.indexOf(b.kind);
    if (kind < 0) badValue("kind must be image or video");
    if (!(b.data instanceof Uint8Array) || b.data.length === 0) badValue("data must be non-empty bytes");
    const w = new Writer(MEDIA_HEADER_BYTES + b.data.length);
    w.u8(checkInt(b.stream, 0, 255, "stream"));
    w.u16((kind << 15) | checkInt(b.frame, 0, 0x7fff, "frame"));
    w.u24((b.index << 12) | b.count);
    w.put(b.data);
    return w.view();
  },
  decode(b, s, e) {
    if (e - s < MEDIA_HEADER_BYTES) truncated("media header");
    if (e - s === MEDIA_HEADER_BYTES) fail("badLength", "media fragment without data");
    const kf = u16At(b, s + 1);
    const index = (b[s + 3] << 4) | (b[s + 4] >> 4), count = ((b[s + 4] & 15) << 8) | b[s + 5];
    if (count === 0 || index >= count) badValue("fragment index past count");
    return {
      stream: b[s],
      kind: MEDIA_KINDS[kf >>> 15],
      frame: kf & 0x7fff,
      index,
      count,
      data: b.subarray(s + MEDIA_HEADER_BYTES, e),
    };
  },
};

/** MEDIA's JSON form (data as hex), for the JSON conversion in protocol/message.ts: kept out of the codec so it stays off the device. */
export const mediaJson: JsonForm<MediaBody> = {
  toJson(b) {
    return { ...b, data: toHex(b.data) };
  },
  fromJson(j) {
    const o = asObject(j, "body");
    if (typeof o.data !== "string") badValue("data must be a hex string");
    return { ...(o as unknown as MediaBody), data: fromHex(o.data) };
  },
};

/**
 * TEXT (type 4): a short UTF-8 report, the whole payload, at most 200 bytes.
 * SPEC.md §4.5.
 */
import { badValue, fail, overLimit } from "../errors";
import { MsgType, Priority } from "../frame";
import { utf8Decode, utf8Encode } from "../utf8";
import type { BodyCodec } from "./codec";

export const TEXT_MAX_BYTES = 200;

export interface TextBody {
  text: string;
}

export const text: BodyCodec<TextBody> = {
  type: MsgType.text,
  name: "text",
  priority: Priority.telemetry,
  maxBody: TEXT_MAX_BYTES,
  encode(b) {
    if (typeof b.text !== "string") badValue("text must be a string");
    const bytes = utf8Encode(b.text);
    if (bytes.length === 0) badValue("text must not be empty");
    if (bytes.length > TEXT_MAX_BYTES) overLimit(`text of ${bytes.length} bytes is over ${TEXT_MAX_BYTES}`);
    return bytes;
  },
  decode(b, s, e) {
    const n = e - s;
    if (n === 0) fail("badLength", "empty text");
    if (n > TEXT_MAX_BYTES) overLimit(`text of ${n} bytes is over ${TEXT_MAX_BYTES}`);
    return { text: utf8Decode(b, s, e) };
  },
};

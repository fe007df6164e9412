/**
 * ACK (type 6): base + 32-bit bitmap, for single frames (by seq) and for the
 * fragments of a media object or datagram (cumulative + selective).
 * Fixed 11 bytes: kind u8, ref u24, base u24, bitmap u32. SPEC.md §4.7.
 */
import { Writer, checkInt, u24At, u32At } from "../bytes";
import { badValue, nonCanonical } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { exactLength } from "./site-position";

export const ACK_KINDS = ["frames", "media", "datagram"] as const;
export type AckKind = (typeof ACK_KINDS)[number];

export interface AckBody {
  kind: AckKind;
  /**
   * frames: 0. media: stream << 16 | kind << 15 | frame. datagram: fragment id.
   */
  ref: number;
  /**
   * frames: a seq received; bit i of bitmap = seq (base - 1 - i) mod 2^24 received too.
   * media/datagram: every fragment below base received; bit i = fragment base + 1 + i received.
   */
  base: number;
  bitmap: number;
}

export const ack: BodyCodec<AckBody> = {
  type: MsgType.ack,
  name: "ack",
  priority: Priority.telemetry,
  maxBody: 11,
  encode(b) {
    const kind = ACK_KINDS.indexOf(b.kind);
    if (kind < 0) badValue("kind must be one of " + ACK_KINDS.join(", "));
    const maxRef = kind === 0 ? 0 : kind === 1 ? 0xffffff : 255;
    const w = new Writer(11);
    w.u8(kind);
    w.u24(checkInt(b.ref, 0, maxRef, "ref"));
    w.u24(checkInt(b.base, 0, kind === 0 ? 0xffffff : 4095, "base"));
    w.u32(checkInt(b.bitmap, 0, 0xffffffff, "bitmap"));
    return w.view();
  },
  decode(b, s, e) {
    exactLength(s, e, 11, "ack");
    const kind = b[s];
    if (kind >= ACK_KINDS.length) badValue("unknown ack kind " + kind);
    const ref = u24At(b, s + 1);
    const base = u24At(b, s + 4);
    const bitmap = u32At(b, s + 7);
    if (kind === 0 && ref !== 0) nonCanonical("frames ack with non-zero ref");
    if (kind === 2 && ref > 255) badValue("datagram ref over 255");
    if (kind !== 0 && base > 4095) badValue("fragment base over 4095");
    return { kind: ACK_KINDS[kind], ref, base, bitmap };
  },
};

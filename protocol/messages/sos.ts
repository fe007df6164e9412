/**
 * SOS (type 1): a call for help with where, how many and what is happening.
 * Fixed 10 bytes, +6 when relayed from a phone: floor i8, x u16, y u16,
 * accuracy u8, trapped u8, injured u8, attackers u8, flags u8
 * [, phone id u32, phone seq u8, rssi i8]. SPEC.md §4.2.
 */
import { Writer, checkInt } from "../bytes";
import { fail } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { type SitePosition, checkXY, coordAt, floorAt, writeCount, writeSitePosition } from "./site-position";

export const SOS_FLAGS = ["medical", "fire", "explosion", "gunfire", "hostage", "hiding", "immobile"] as const;
export type SosFlag = (typeof SOS_FLAGS)[number];
/** bit 7 of the flags byte: the SOS came from a phone that holds no key */
export const FROM_PHONE = 0x80;
export const SOS_CORE_BYTES = 10;

export interface PhoneOrigin {
  /** the phone's self-chosen 32-bit id: unverified */
  id: number;
  /** the phone's own counter, for duplicate suppression across beacons */
  seq: number;
  /** how loud the beacon heard the phone, dBm */
  rssi: number;
}

export interface SosBody extends SitePosition {
  /** metres, null = unknown */
  accuracy: number | null;
  trapped: number | null;
  injured: number | null;
  attackers: number | null;
  flags: readonly SosFlag[];
  /** present when a beacon re-originated a phone's SOS */
  phone?: PhoneOrigin;
}

export function sosFlagsToBits(flags: readonly string[]): number {
  let bits = 0;
  for (const f of flags) {
    const i = (SOS_FLAGS as readonly string[]).indexOf(f);
    if (i < 0) fail("badValue", "unknown SOS flag " + JSON.stringify(f) + "; known: " + SOS_FLAGS.join(", "));
    bits |= 1 << i;
  }
  return bits;
}

/** Flag lists by bit pattern, filled as patterns are first seen; frozen, so they can be shared. */
const FLAG_LISTS: (readonly SosFlag[] | undefined)[] = [];

export function sosFlagsFromBits(bits: number): readonly SosFlag[] {
  const b = bits & 0x7f;
  let list = FLAG_LISTS[b];
  if (list === undefined) {
    const out: SosFlag[] = [];
    for (let i = 0; i < SOS_FLAGS.length; i++) if (b & (1 << i)) out.push(SOS_FLAGS[i]);
    list = FLAG_LISTS[b] = Object.freeze(out);
  }
  return list;
}

/** The 10 core bytes, shared with the phone advertisement. */
export function writeSosCore(w: Writer, b: SosBody, extraFlags: number): void {
  writeSitePosition(w, b);
  writeCount(w, b.accuracy, "accuracy");
  writeCount(w, b.trapped, "trapped");
  writeCount(w, b.injured, "injured");
  writeCount(w, b.attackers, "attackers");
  if (!Array.isArray(b.flags)) fail("badValue", "flags must be a list");
  w.u8(sosFlagsToBits(b.flags) | extraFlags);
}

/** The 10 core bytes at b[p..p+10), bounds checked by the caller; FROM_PHONE is not read here. */
export function sosCoreAt(b: Uint8Array, p: number): SosBody {
  const x = coordAt(b, p + 1), y = coordAt(b, p + 3);
  checkXY(x, y);
  // Counts inline (255 = unknown): this is the hottest decode on a beacon.
  const acc = b[p + 5], tr = b[p + 6], inj = b[p + 7], att = b[p + 8];
  return {
    floor: floorAt(b, p),
    x,
    y,
    accuracy: acc === 255 ? null : acc,
    trapped: tr === 255 ? null : tr,
    injured: inj === 255 ? null : inj,
    attackers: att === 255 ? null : att,
    flags: sosFlagsFromBits(b[p + 9]),
  };
}

export const sos: BodyCodec<SosBody> = {
  type: MsgType.sos,
  name: "sos",
  priority: Priority.lifeSafety,
  maxBody: SOS_CORE_BYTES + 6,
  encode(b) {
    const w = new Writer(SOS_CORE_BYTES + 6);
    writeSosCore(w, b, b.phone ? FROM_PHONE : 0);
    if (b.phone) {
      w.u32(checkInt(b.phone.id, 0, 0xffffffff, "phone.id"));
      w.u8(checkInt(b.phone.seq, 0, 255, "phone.seq"));
      w.u8(checkInt(b.phone.rssi, -128, 127, "phone.rssi") & 0xff);
    }
    return w.view();
  },
  decode(b, s, e) {
    if (e - s < SOS_CORE_BYTES) fail("truncated", "sos");
    const fromPhone = (b[s + 9] & FROM_PHONE) !== 0;
    const n = SOS_CORE_BYTES + (fromPhone ? 6 : 0);
    if (e - s < n) fail("truncated", "sos phone origin");
    if (e - s > n) fail("trailingBytes", "sos");
    const body = sosCoreAt(b, s);
    if (fromPhone) {
      const p = s + SOS_CORE_BYTES;
      body.phone = {
        id: b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]),
        seq: b[p + 4],
        rssi: (b[p + 5] << 24) >> 24,
      };
    }
    return body;
  },
};

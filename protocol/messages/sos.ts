/**
 * SOS (type 1): a call for help with where, how many and what is happening.
 * Fixed 10 bytes, +6 when relayed from a phone: floor i8, x u16, y u16,
 * accuracy u8, trapped u8, injured u8, attackers u8, flags u8
 * [, phone id u32, phone seq u8, rssi i8]. SPEC.md §4.2.
 */
import { Reader, Writer, checkInt } from "../bytes";
import { fail } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { type SitePosition, readCount, readSitePosition, writeCount, writeSitePosition } from "./site-position";

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
  flags: SosFlag[];
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

export function sosFlagsFromBits(bits: number): SosFlag[] {
  const out: SosFlag[] = [];
  for (let i = 0; i < SOS_FLAGS.length; i++) if (bits & (1 << i)) out.push(SOS_FLAGS[i]);
  return out;
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

/** Reads the core; returns the body and whether the FROM_PHONE bit was set. */
export function readSosCore(r: Reader): { body: SosBody; fromPhone: boolean } {
  const pos = readSitePosition(r);
  const accuracy = readCount(r, "accuracy");
  const trapped = readCount(r, "trapped");
  const injured = readCount(r, "injured");
  const attackers = readCount(r, "attackers");
  const flags = r.u8("flags");
  return {
    body: { ...pos, accuracy, trapped, injured, attackers, flags: sosFlagsFromBits(flags) },
    fromPhone: (flags & FROM_PHONE) !== 0,
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
  decode(r) {
    const { body, fromPhone } = readSosCore(r);
    if (fromPhone) body.phone = { id: r.u32("phone.id"), seq: r.u8("phone.seq"), rssi: r.i8("phone.rssi") };
    r.done("sos");
    return body;
  },
};

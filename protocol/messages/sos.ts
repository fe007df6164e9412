/**
 * SOS (type 1): a call for help with where, how many and what is happening.
 * Fixed 10 bytes, +6 when relayed from a phone: floor i8, x u16, y u16,
 * accuracy u8, trapped u8, injured u8, attackers u8, flags u8
 * [, phone id u32, phone seq u8, rssi i8]. A beacon carrying several phones'
 * SOS at once puts up to SOS_BATCH_MAX of those 16-byte entries in one body,
 * each with FROM_PHONE set (decoded as the first, with the rest in `more`).
 * A relay that packs batches (forwarding/pack.ts) keeps each entry's own hop
 * budget: a nibble an entry after them (ceil(n / 2) bytes), the hops it may
 * travel fewer than the frame's hopLimit (`hopsShort`), written only when one
 * is not 0. SPEC.md §4.2.
 */
import { Writer, checkInt, u32At } from "../bytes";
import { badValue, nonCanonical, trailingBytes, truncated } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { type SitePosition, checkXY, coordAt, floorAt, writeCount, writeSitePosition } from "./site-position";

export const SOS_FLAGS = ["medical", "fire", "explosion", "gunfire", "hostage", "hiding", "immobile"] as const;
export type SosFlag = (typeof SOS_FLAGS)[number];
/** bit 7 of the flags byte: the SOS came from a phone that holds no key */
export const FROM_PHONE = 0x80;
export const SOS_CORE_BYTES = 10;
/** one phone's entry: the core and its origin */
export const SOS_PHONE_BYTES = SOS_CORE_BYTES + 6;
/** phone SOS entries one frame carries at most (14 × 16 = 224 of a 250-byte frame's 238 body bytes; 231 with a relay's hopsShort nibbles) */
export const SOS_BATCH_MAX = 14;
/** bytes of the hopsShort nibbles after n entries (0 when none is short) */
export const shortBytes = (n: number): number => (n + 1) >> 1;
const MORE_RULE = "more: up to " + (SOS_BATCH_MAX - 1) + " more phone SOS, after a phone's";

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
  /** further phones' SOS carried in the same frame (only with `phone`; each has its own `phone`, none has `more`) */
  more?: SosBody[];
  /** in a relay's packed batch: hops this entry may travel fewer than the frame's hopLimit (1 … 15; absent: none) */
  hopsShort?: number;
}

export function sosFlagsToBits(flags: readonly string[]): number {
  let bits = 0;
  for (const f of flags) {
    const i = (SOS_FLAGS as readonly string[]).indexOf(f);
    if (i < 0) badValue("unknown SOS flag " + JSON.stringify(f) + "; known: " + SOS_FLAGS.join(", "));
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
  if (!Array.isArray(b.flags)) badValue("flags must be a list");
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
  maxBody: SOS_PHONE_BYTES * SOS_BATCH_MAX + shortBytes(SOS_BATCH_MAX),
  encode(b) {
    const more = b.more ?? [];
    if (!Array.isArray(more)) badValue("more must be a list");
    if ((more.length > 0 && !b.phone) || more.length >= SOS_BATCH_MAX) badValue(MORE_RULE);
    const all = [b, ...more], n = all.length;
    // Nibbles only in a phone's batch, and only when one is not 0 (a beacon's own SOS with one: an unknown field, message.ts).
    const short = b.phone && all.some((m) => m?.hopsShort !== undefined) ? shortBytes(n) : 0;
    // (one entry at least goes the frame's hopLimit: it is the most of its entries')
    if (short && all.every((m) => m?.hopsShort !== undefined)) badValue("hopsShort: one entry without it");
    const w = new Writer(SOS_PHONE_BYTES * n + short);
    for (const m of all) {
      if (m !== b && (!m || !m.phone || m.more)) badValue(MORE_RULE);
      writeSosEntry(w, m);
    }
    // High nibble first; an odd count leaves the last low nibble 0.
    for (let i = 0; i < short * 2; i += 2) w.u8((hopsShortOf(all[i]) << 4) | hopsShortOf(all[i + 1]));
    return w.view();
  },
  decode(b, s, e) {
    if (e - s < SOS_CORE_BYTES) truncated("sos");
    if ((b[s + 9] & FROM_PHONE) === 0) {
      if (e - s > SOS_CORE_BYTES) trailingBytes("sos");
      return sosCoreAt(b, s);
    }
    if (e - s < SOS_PHONE_BYTES) truncated("sos phone origin");
    // Whole 16-byte entries, at most SOS_BATCH_MAX (the frame's length bounds the work), then their nibbles or none.
    const n = phoneEntries(s, e), t = s + n * SOS_PHONE_BYTES;
    if (n > SOS_BATCH_MAX || (e > t && e - t !== shortBytes(n))) trailingBytes("sos");
    let least = hopsShortAt(b, s, e, 0), any = least;
    const body = phoneEntryAt(b, s, least);
    for (let i = 1; i < n; i++) {
      const p = s + i * SOS_PHONE_BYTES, short = hopsShortAt(b, s, e, i);
      if ((b[p + 9] & FROM_PHONE) === 0) badValue("sos batch entry");
      (body.more ??= []).push(phoneEntryAt(b, p, short));
      least = Math.min(least, short);
      any |= short;
    }
    // One encoding: nibbles only when one is not 0, one entry's 0 (the frame's hopLimit is the most of its
    // entries'), and the odd count's last low nibble 0.
    if (e > t && (!any || least || (n & 1 && b[e - 1] & 15))) nonCanonical("sos hopsShort");
    return body;
  },
};

/** Whole phone entries in a batch body b[s..e) (the nibbles after them are fewer than one entry's 16 bytes). */
export const phoneEntries = (s: number, e: number): number => Math.floor((e - s) / SOS_PHONE_BYTES);

/** Entry i's hopsShort in the batch body b[s..e): 0 if the body has no nibbles; bounds are the caller's (decode checked them). */
export function hopsShortAt(b: Uint8Array, s: number, e: number, i: number): number {
  const t = s + phoneEntries(s, e) * SOS_PHONE_BYTES;
  return e === t ? 0 : (b[t + (i >> 1)] >> (i & 1 ? 0 : 4)) & 15;
}

function hopsShortOf(m: SosBody | undefined): number {
  return m?.hopsShort === undefined ? 0 : checkInt(m.hopsShort, 1, 15, "hopsShort");
}

function writeSosEntry(w: Writer, b: SosBody): void {
  writeSosCore(w, b, b.phone ? FROM_PHONE : 0);
  if (b.phone) {
    w.u32(checkInt(b.phone.id, 0, 0xffffffff, "phone.id"));
    w.u8(checkInt(b.phone.seq, 0, 255, "phone.seq"));
    w.u8(checkInt(b.phone.rssi, -128, 127, "phone.rssi") & 0xff);
  }
}

/** A phone's 16-byte entry at b[p..p+16), bounds checked by the caller, and its hopsShort (0: none). */
function phoneEntryAt(b: Uint8Array, p: number, short: number): SosBody {
  const body = sosCoreAt(b, p);
  const q = p + SOS_CORE_BYTES;
  body.phone = {
    id: u32At(b, q),
    seq: b[q + 4],
    rssi: (b[q + 5] << 24) >> 24,
  };
  if (short) body.hopsShort = short;
  return body;
}

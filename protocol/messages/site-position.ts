/**
 * Position in the site's metric frame, shared by HELLO, SOS and POSITION:
 * floor (i8, -128 = unknown), x and y (u16 decimetres from the site origin,
 * 0xFFFF = unknown). In bodies, x and y are metres with 0.1 m resolution and
 * null when unknown; the encoder rounds to the nearest decimetre.
 *
 * The readers take a byte array and an offset whose bounds the caller has
 * already checked: decoding a fixed layout costs one length check, not one
 * per field (this is the hot path on the beacon).
 */
import type { Writer } from "../bytes";
import { checkInt, u16At } from "../bytes";
import { badValue, trailingBytes, truncated } from "../errors";

export interface SitePosition {
  floor: number | null;
  x: number | null;
  y: number | null;
}

export const FLOOR_UNKNOWN = -128;
export const COORD_UNKNOWN = 0xffff;
/** Largest coordinate in metres: 6553.4 m. */
export const COORD_MAX_M = (COORD_UNKNOWN - 1) / 10;
/** Bytes of floor + x + y on the wire. */
export const SITE_POSITION_BYTES = 5;

function coordToWire(v: number | null, field: string): number {
  if (v === null) return COORD_UNKNOWN;
  if (typeof v !== "number" || !(v >= 0 && v <= COORD_MAX_M)) {
    badValue(`${field} must be metres in 0..${COORD_MAX_M} or null, got ${String(v)}`);
  }
  return Math.round(v * 10);
}

export function writeSitePosition(w: Writer, p: SitePosition): void {
  checkXY(p.x, p.y);
  w.u8(p.floor === null ? FLOOR_UNKNOWN & 0xff : checkInt(p.floor, -127, 127, "floor") & 0xff);
  w.u16(coordToWire(p.x, "x"));
  w.u16(coordToWire(p.y, "y"));
}

/** The floor byte at b[p]. */
export function floorAt(b: Uint8Array, p: number): number | null {
  const f = b[p];
  return f === 0x80 ? null : (f << 24) >> 24;
}

/** The coordinate (metres or null) at b[p..p+2); checks that x and y are both known or both unknown. */
export function coordAt(b: Uint8Array, p: number): number | null {
  const v = u16At(b, p);
  return v === COORD_UNKNOWN ? null : v / 10;
}

export function checkXY(x: number | null, y: number | null): void {
  if ((x === null) !== (y === null)) badValue("x and y must both be known or both unknown");
}

/** u8 fields where 255 means unknown (counts, accuracy in metres). */
export function writeCount(w: Writer, v: number | null, field: string): void {
  w.u8(v === null ? 255 : checkInt(v, 0, 254, field));
}

export function countOf(v: number): number | null {
  return v === 255 ? null : v;
}

/** `truncated` or `trailingBytes` unless [start, end) is exactly n bytes. */
export function exactLength(start: number, end: number, n: number, what: string): void {
  const len = end - start;
  if (len < n) truncated(what);
  if (len > n) trailingBytes(what);
}

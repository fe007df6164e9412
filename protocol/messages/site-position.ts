/**
 * Position in the site's metric frame, shared by HELLO, SOS and POSITION:
 * floor (i8, -128 = unknown), x and y (u16 decimetres from the site origin,
 * 0xFFFF = unknown). In bodies, x and y are metres with 0.1 m resolution and
 * null when unknown; the encoder rounds to the nearest decimetre.
 */
import type { Reader, Writer } from "../bytes";
import { checkInt } from "../bytes";
import { fail } from "../errors";

export interface SitePosition {
  floor: number | null;
  x: number | null;
  y: number | null;
}

export const FLOOR_UNKNOWN = -128;
export const COORD_UNKNOWN = 0xffff;
/** Largest coordinate in metres: 6553.4 m. */
export const COORD_MAX_M = (COORD_UNKNOWN - 1) / 10;

function coordToWire(v: number | null, field: string): number {
  if (v === null) return COORD_UNKNOWN;
  if (typeof v !== "number" || !(v >= 0 && v <= COORD_MAX_M)) {
    fail("badValue", `${field} must be metres in 0..${COORD_MAX_M} or null, got ${String(v)}`);
  }
  return Math.round(v * 10);
}

export function writeSitePosition(w: Writer, p: SitePosition): void {
  if (p.x === null !== (p.y === null)) fail("badValue", "x and y must both be known or both null");
  w.u8(p.floor === null ? FLOOR_UNKNOWN & 0xff : checkInt(p.floor, -127, 127, "floor") & 0xff);
  w.u16(coordToWire(p.x, "x"));
  w.u16(coordToWire(p.y, "y"));
}

export function readSitePosition(r: Reader): SitePosition {
  const f = r.i8("floor");
  const x = r.u16("x");
  const y = r.u16("y");
  if ((x === COORD_UNKNOWN) !== (y === COORD_UNKNOWN)) fail("badValue", "x and y must both be known or both unknown");
  return {
    floor: f === FLOOR_UNKNOWN ? null : f,
    x: x === COORD_UNKNOWN ? null : x / 10,
    y: y === COORD_UNKNOWN ? null : y / 10,
  };
}

/** u8 fields where 255 means unknown (counts, accuracy in metres). */
export function writeCount(w: Writer, v: number | null, field: string): void {
  w.u8(v === null ? 255 : checkInt(v, 0, 254, field));
}

export function readCount(r: Reader, field: string): number | null {
  const v = r.u8(field);
  return v === 255 ? null : v;
}

/**
 * The CBOR subset's values, its depth limit and the half-precision float
 * conversions the encoder (cbor-encode.ts) and the reader (cbor-read.ts) share.
 * The subset and its rules: cbor.ts.
 */
export type CborValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | CborValue[]
  | CborMap;
export type CborMap = Map<number | string, CborValue>;

export const CBOR_MAX_DEPTH = 16;

/** The one wording of a map key outside the subset, for the encoder and the reader. */
export const BAD_MAP_KEY = "map key must be an integer or text";

// ---------------------------------------------------------------- floats

/** Scratch views for float conversions (one of each, shared: JS runs one thing at a time). */
export const f64 = new Float64Array(1);
export const f64b = new Uint8Array(f64.buffer);
export const f32 = new Float32Array(1);
export const f32b = new Uint8Array(f32.buffer);
export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/** The half-precision bits of v, or -1 when v is not exactly a half. */
export function numberToHalf(v: number): number {
  if (v !== v) return 0x7e00;
  const sign = v < 0 || (v === 0 && 1 / v < 0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) {
    const m = a * 2 ** 24;
    return Number.isInteger(m) ? sign | m : -1;
  }
  if (a > 65504) return -1;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  const f = (a / 2 ** e - 1) * 1024;
  if (!Number.isInteger(f)) return -1;
  return sign | ((e + 15) << 10) | f;
}

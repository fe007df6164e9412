/**
 * Bounds-checked big-endian reader and a fixed-capacity writer over Uint8Array.
 * Every read checks the remaining length first, so a short input ends in
 * `truncated`, never in an out-of-range read or a NaN.
 */
import { badValue, overLimit, trailingBytes, truncated } from "./errors";

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(n: number, what: string): void {
    if (this.end - this.pos < n) truncated(what);
  }

  u8(what: string): number {
    if (this.pos >= this.end) truncated(what);
    return this.bytes[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const p = this.pos;
    this.pos = p + 2;
    return u16At(this.bytes, p);
  }

  u32(what: string): number {
    this.need(4, what);
    const p = this.pos;
    this.pos = p + 4;
    return u32At(this.bytes, p);
  }

  done(what: string): void {
    if (this.pos !== this.end) trailingBytes(what);
  }
}

/** Big-endian unsigned integers at b[p..]: bounds are the caller's. */
export function u16At(b: Uint8Array, p: number): number {
  return (b[p] << 8) | b[p + 1];
}

export function u24At(b: Uint8Array, p: number): number {
  return (b[p] << 16) | u16At(b, p + 1);
}

/** Summed in doubles: bit 31 set stays positive. */
export function u32At(b: Uint8Array, p: number): number {
  return b[p] * 0x1000000 + u24At(b, p + 1);
}

export class Writer {
  readonly bytes: Uint8Array;
  pos = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  private room(n: number, what: string): void {
    if (this.bytes.length - this.pos < n) overLimit(what + " does not fit");
  }

  u8(v: number, what = "u8"): this {
    this.room(1, what);
    this.bytes[this.pos++] = v;
    return this;
  }

  u16(v: number, what = "u16"): this {
    return this.bigEndian(v, 2, what);
  }

  u24(v: number, what = "u24"): this {
    return this.bigEndian(v, 3, what);
  }

  u32(v: number, what = "u32"): this {
    return this.bigEndian(v, 4, what);
  }

  /** v's low n bytes, most significant first. */
  private bigEndian(v: number, n: number, what: string): this {
    this.room(n, what);
    for (let shift = 8 * (n - 1); shift >= 0; shift -= 8) this.bytes[this.pos++] = v >>> shift;
    return this;
  }

  put(src: Uint8Array, what = "bytes"): this {
    this.room(src.length, what);
    this.bytes.set(src, this.pos);
    this.pos += src.length;
    return this;
  }

  /** The written bytes, as a view. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }
}

/** Integer range check used by every encoder: names the field on failure. */
export function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    badValue(`${field} must be an integer in ${min}..${max}, got ${String(v)}`);
  }
  return v;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) badValue("not a hex string");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** Constant-time comparison of the first n bytes of a and b. */
export function equalPrefix(a: Uint8Array, b: Uint8Array, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

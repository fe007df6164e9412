/**
 * The deterministic CBOR encoder (RFC 8949 §4.2.1): shortest heads, shortest
 * float that holds the value exactly, map keys sorted by their encoded bytes;
 * `overLimit` past the caller's byte limit or CBOR_MAX_DEPTH. The subset: cbor.ts.
 */
import { badCbor, overLimit } from "./errors";
import { utf8Length, utf8Write } from "./utf8";
import { BAD_MAP_KEY, CBOR_MAX_DEPTH, type CborMap, type CborValue, f32, f32b, f64, f64b, littleEndian, numberToHalf } from "./cbor-core";

// ---------------------------------------------------------------- encoder

class Encoder {
  buf: Uint8Array;
  pos = 0;
  readonly max: number;

  constructor(max: number) {
    this.max = max;
    this.buf = new Uint8Array(Math.min(max, 64));
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (need > this.max) overLimit(`CBOR body longer than ${this.max} bytes`);
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, this.max));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** The shortest head for n: in the initial byte below 24, else 1, 2, 4 or 8 bytes big-endian (ai 24..27). */
  head(major: number, n: number): void {
    if (n < 24) {
      this.ensure(1);
      this.buf[this.pos++] = (major << 5) | n;
      return;
    }
    const ai = n < 0x100 ? 24 : n < 0x10000 ? 25 : n < 0x100000000 ? 26 : 27;
    this.ensure(1 + (1 << (ai - 24)));
    this.buf[this.pos++] = (major << 5) | ai;
    this.put(n, 1 << (ai - 24));
  }

  /** n (an unsigned integer below 2^53) in `bytes` bytes, big-endian. */
  private put(n: number, bytes: number): void {
    const b = this.buf;
    for (let i = this.pos + bytes - 1; i >= this.pos; i--) {
      b[i] = n % 256;
      n = Math.floor(n / 256);
    }
    this.pos += bytes;
  }

  float(v: number): void {
    const h = numberToHalf(v);
    if (h >= 0) {
      this.ensure(3);
      this.buf[this.pos++] = 0xf9;
      this.put(h, 2);
    } else if (Math.fround(v) === v) {
      f32[0] = v;
      this.bits(0xfa, f32b);
    } else {
      f64[0] = v;
      this.bits(0xfb, f64b);
    }
  }

  /** A float's initial byte and its bits (a scratch view, host order), big-endian. */
  private bits(initial: number, bits: Uint8Array): void {
    const n = bits.length;
    this.ensure(1 + n);
    this.buf[this.pos++] = initial;
    for (let i = 0; i < n; i++) this.buf[this.pos++] = bits[littleEndian ? n - 1 - i : i];
  }

  value(v: CborValue, depth: number): void {
    if (depth > CBOR_MAX_DEPTH) overLimit("CBOR nesting deeper than " + CBOR_MAX_DEPTH);
    if (typeof v === "number") {
      if (Number.isSafeInteger(v) && !(v === 0 && 1 / v < 0)) {
        if (v >= 0) this.head(0, v);
        else this.head(1, -1 - v);
      } else this.float(v);
    } else if (typeof v === "string") {
      const n = utf8Length(v);
      this.head(3, n);
      this.ensure(n);
      this.pos = utf8Write(v, this.buf, this.pos);
    } else if (v === false) {
      this.ensure(1);
      this.buf[this.pos++] = 0xf4;
    } else if (v === true) {
      this.ensure(1);
      this.buf[this.pos++] = 0xf5;
    } else if (v === null) {
      this.ensure(1);
      this.buf[this.pos++] = 0xf6;
    } else if (v instanceof Uint8Array) {
      this.head(2, v.length);
      this.ensure(v.length);
      this.buf.set(v, this.pos);
      this.pos += v.length;
    } else if (Array.isArray(v)) {
      this.head(4, v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
    } else if (v instanceof Map) {
      this.map(v, depth);
    } else {
      badCbor("value outside the CBOR subset: " + typeof v);
    }
  }

  map(m: CborMap, depth: number): void {
    const keys = Array.from(m.keys());
    let allSmallUints = true;
    for (const k of keys) {
      if (typeof k === "number") {
        if (!Number.isSafeInteger(k)) badCbor(BAD_MAP_KEY);
        if (k < 0) allSmallUints = false;
      } else if (typeof k === "string") allSmallUints = false;
      else badCbor(BAD_MAP_KEY);
    }
    this.head(5, keys.length);
    if (allSmallUints) {
      // Unsigned integers in shortest form sort bytewise in numeric order.
      (keys as number[]).sort((a, b) => a - b);
      for (const k of keys) {
        this.head(0, k as number);
        this.value(m.get(k) as CborValue, depth + 1);
      }
      return;
    }
    const encoded = keys.map((k) => {
      const e = new Encoder(this.max);
      e.value(k, depth + 1);
      return { k, bytes: e.buf.subarray(0, e.pos) };
    });
    encoded.sort((a, b) => compareBytes(a.bytes, b.bytes));
    for (let i = 0; i < encoded.length; i++) {
      if (i > 0 && compareBytes(encoded[i - 1].bytes, encoded[i].bytes) === 0) badCbor("duplicate map key");
      this.ensure(encoded[i].bytes.length);
      this.buf.set(encoded[i].bytes, this.pos);
      this.pos += encoded[i].bytes.length;
      this.value(m.get(encoded[i].k) as CborValue, depth + 1);
    }
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Deterministic encoding of v; `overLimit` past maxBytes. */
export function cborEncode(v: CborValue, maxBytes = 4096): Uint8Array {
  const e = new Encoder(maxBytes);
  e.value(v, 0);
  return e.buf.slice(0, e.pos);
}

/**
 * A message body map the way cborEncode writes it, for the bodies the
 * firmware sends (census, instruction): `values[k]` is key k's value,
 * undefined for no key k; values are unsigned integers up to 2^32−1 (checked
 * by the caller; -0 too, written as cborEncode writes it), text or bytes. Keys are small and ascending, so no sorting
 * and no growing buffer: the generic encoder stays off the device.
 */
export function encodeBodyMap(values: readonly (number | string | Uint8Array | undefined)[]): Uint8Array {
  const out: number[] = [];
  const head = (major: number, n: number): void => {
    const ai = n < 24 ? n : n < 0x100 ? 24 : n < 0x10000 ? 25 : 26;
    out.push((major << 5) | ai);
    for (let i = ai < 24 ? 0 : 1 << (ai - 24); i-- > 0; ) out.push((n >>> (8 * i)) & 0xff);
  };
  head(5, values.filter((v) => v !== undefined).length);
  for (let k = 0; k < values.length; k++) {
    let v = values[k];
    if (v === undefined) continue;
    head(0, k);
    if (typeof v === "number") {
      // -0 passes checkInt; cborEncode writes it as the half float -0.0 (f9 80 00), which decoders refuse as a uint
      if (v === 0 && 1 / v < 0) out.push(0xf9, 0x80, 0);
      else head(0, v);
      continue;
    }
    if (typeof v === "string") {
      const b = new Uint8Array(utf8Length(v));
      utf8Write(v, b, 0);
      head(3, b.length);
      v = b;
    } else head(2, v.length);
    for (let i = 0; i < v.length; i++) out.push(v[i]);
  }
  return new Uint8Array(out);
}

/**
 * The CBOR subset the firmware speaks (RFC 8949), for structured, extensible
 * message bodies (census lists, responder instructions).
 *
 * Values: integers in ±(2^53−1), floats (half, single, double), text strings,
 * byte strings, arrays, maps keyed by integers or text, false, true, null.
 * Not in the subset: tags, indefinite lengths, undefined and other simple
 * values, integers beyond ±(2^53−1) (decoded as `overLimit`).
 *
 * The encoder is deterministic (RFC 8949 §4.2.1): shortest heads, shortest
 * float that holds the value exactly, map keys sorted by their encoded bytes.
 * The decoder accepts any well-formed encoding inside the subset (any head or
 * float width, any key order, as other encoders emit), rejects duplicate keys,
 * and checks every length against the bytes actually present before it
 * allocates or loops.
 */
import { fail } from "./errors";
import { utf8Decode, utf8Length, utf8Write } from "./utf8";

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

// ---------------------------------------------------------------- floats

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
    if (need > this.max) fail("overLimit", `CBOR body longer than ${this.max} bytes`);
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, this.max));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  head(major: number, n: number): void {
    const m = major << 5;
    if (n < 24) {
      this.ensure(1);
      this.buf[this.pos++] = m | n;
    } else if (n < 0x100) {
      this.ensure(2);
      this.buf[this.pos++] = m | 24;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.ensure(3);
      this.buf[this.pos++] = m | 25;
      this.buf[this.pos++] = n >>> 8;
      this.buf[this.pos++] = n;
    } else if (n < 0x100000000) {
      this.ensure(5);
      const b = this.buf, p = this.pos;
      b[p] = m | 26; b[p + 1] = n >>> 24; b[p + 2] = n >>> 16; b[p + 3] = n >>> 8; b[p + 4] = n;
      this.pos = p + 5;
    } else {
      this.ensure(9);
      const hi = Math.floor(n / 0x100000000), lo = n >>> 0;
      const b = this.buf, p = this.pos;
      b[p] = m | 27;
      b[p + 1] = hi >>> 24; b[p + 2] = hi >>> 16; b[p + 3] = hi >>> 8; b[p + 4] = hi;
      b[p + 5] = lo >>> 24; b[p + 6] = lo >>> 16; b[p + 7] = lo >>> 8; b[p + 8] = lo;
      this.pos = p + 9;
    }
  }

  float(v: number): void {
    const h = numberToHalf(v);
    if (h >= 0) {
      this.ensure(3);
      this.buf[this.pos++] = 0xf9;
      this.buf[this.pos++] = h >>> 8;
      this.buf[this.pos++] = h;
      return;
    }
    if (Math.fround(v) === v) {
      f32[0] = v;
      this.ensure(5);
      this.buf[this.pos++] = 0xfa;
      for (let i = 0; i < 4; i++) this.buf[this.pos++] = f32b[littleEndian ? 3 - i : i];
      return;
    }
    f64[0] = v;
    this.ensure(9);
    this.buf[this.pos++] = 0xfb;
    for (let i = 0; i < 8; i++) this.buf[this.pos++] = f64b[littleEndian ? 7 - i : i];
  }

  value(v: CborValue, depth: number): void {
    if (depth > CBOR_MAX_DEPTH) fail("overLimit", "CBOR nesting deeper than " + CBOR_MAX_DEPTH);
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
      fail("badCbor", "value outside the CBOR subset: " + typeof v);
    }
  }

  map(m: CborMap, depth: number): void {
    const keys = Array.from(m.keys());
    let allSmallUints = true;
    for (const k of keys) {
      if (typeof k === "number") {
        if (!Number.isSafeInteger(k)) fail("badCbor", "map key must be an integer or text");
        if (k < 0) allSmallUints = false;
      } else if (typeof k === "string") allSmallUints = false;
      else fail("badCbor", "map key must be an integer or text");
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
      if (i > 0 && compareBytes(encoded[i - 1].bytes, encoded[i].bytes) === 0) fail("badCbor", "duplicate map key");
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

// ---------------------------------------------------------------- decoder

/**
 * Reads CBOR from bytes[start, end): generically (value) or, for message
 * bodies, field by field (mapLength, key, uint, text, bytes, skip), which
 * builds no Map and copies no byte string.
 */
export class CborReader {
  readonly b: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(b: Uint8Array, start: number, end: number) {
    this.b = b;
    this.pos = start;
    this.end = end;
  }

  /**
   * Reads a head of the given major type and returns its argument; anything
   * else is badValue. The short form (argument in the initial byte) is
   * decided with one comparison: this runs for every field of every body.
   */
  private head(major: number, what: string): number {
    const p = this.pos;
    if (p >= this.end) fail("truncated", what);
    const ib = this.b[p];
    this.pos = p + 1;
    const low = major << 5;
    if (ib >= low && ib < low + 24) return ib - low;
    if (ib >> 5 !== major) {
      // Malformed or outside the subset (reserved or indefinite lengths, tags) is badCbor,
      // as in the generic decoder; a well-formed item of another type is badValue.
      if ((ib & 31) >= 28 || ib >> 5 === 6) fail("badCbor", what + ": CBOR outside the subset");
      fail("badValue", what + " has the wrong CBOR type");
    }
    return this.arg(ib & 31);
  }

  /** A map head; its count is checked against the bytes present. */
  mapLength(what: string): number {
    const n = this.head(5, what);
    if (n * 2 > this.end - this.pos) fail("truncated", what + " map");
    return n;
  }

  /** A body key: an unsigned integer above the previous key (so no duplicates, one encoding). */
  key(previous: number): number {
    const p = this.pos;
    if (p >= this.end) fail("truncated", "map key");
    const ib = this.b[p];
    let k: number;
    if (ib < 24) {
      this.pos = p + 1;
      k = ib;
    } else {
      if (ib >> 5 !== 0) fail("nonCanonical", "body map keys must be unsigned integers");
      this.pos = p + 1;
      k = this.arg(ib & 31);
    }
    if (k <= previous) fail("nonCanonical", "body map keys must ascend");
    return k;
  }

  uint(max: number, what: string): number {
    const n = this.head(0, what);
    if (n > max) fail("badValue", `${what} must be at most ${max}`);
    return n;
  }

  /** Text of at most maxBytes UTF-8 bytes (checked on the head, before decoding). */
  text(what: string, maxBytes: number): string {
    const n = this.head(3, what);
    const p = this.pos;
    if (n > maxBytes) fail("overLimit", `${what} over ${maxBytes} bytes`);
    if (n > this.end - p) fail("truncated", what);
    this.pos = p + n;
    return utf8Decode(this.b, p, p + n);
  }

  /** A byte string, as a view into the input. */
  bytes(what: string): Uint8Array {
    const n = this.head(2, what);
    const p = this.pos;
    if (n > this.end - p) fail("truncated", what);
    this.pos = p + n;
    return this.b.subarray(p, p + n);
  }

  /** Passes over one item (an unknown field), checking that it is well-formed and in the subset. */
  skip(): void {
    this.value(1);
  }

  finish(what: string): void {
    if (this.pos !== this.end) fail("trailingBytes", what);
  }

  /** The argument of a head whose additional info is ai. */
  arg(ai: number): number {
    if (ai < 24) return ai;
    const b = this.b;
    let p = this.pos;
    switch (ai) {
      case 24:
        if (p + 1 > this.end) fail("truncated", "CBOR head");
        this.pos = p + 1;
        return b[p];
      case 25:
        if (p + 2 > this.end) fail("truncated", "CBOR head");
        this.pos = p + 2;
        return (b[p] << 8) | b[p + 1];
      case 26:
        if (p + 4 > this.end) fail("truncated", "CBOR head");
        this.pos = p + 4;
        return b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
      case 27: {
        if (p + 8 > this.end) fail("truncated", "CBOR head");
        const hi = b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
        const lo = b[p + 4] * 0x1000000 + ((b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]);
        this.pos = p + 8;
        if (hi > 0x1fffff) fail("overLimit", "CBOR integer beyond 2^53-1");
        return hi * 0x100000000 + lo;
      }
      case 31:
        fail("badCbor", "indefinite length is outside the subset");
      default:
        fail("badCbor", "reserved additional information " + ai);
    }
  }

  value(depth: number): CborValue {
    if (depth > CBOR_MAX_DEPTH) fail("overLimit", "CBOR nesting deeper than " + CBOR_MAX_DEPTH);
    if (this.pos >= this.end) fail("truncated", "CBOR item");
    const ib = this.b[this.pos++];
    const major = ib >> 5;
    const ai = ib & 31;
    if (major === 7) return this.simple(ai);
    // Small arguments live in the initial byte; only longer heads need arg().
    const n = ai < 24 ? ai : this.arg(ai);
    switch (major) {
      case 0:
        if (n > Number.MAX_SAFE_INTEGER) fail("overLimit", "CBOR integer beyond 2^53-1");
        return n;
      case 1:
        if (n >= Number.MAX_SAFE_INTEGER) fail("overLimit", "CBOR integer beyond -(2^53-1)");
        return -1 - n;
      case 2: {
        if (n > this.end - this.pos) fail("truncated", "CBOR byte string");
        const v = this.b.slice(this.pos, this.pos + n);
        this.pos += n;
        return v;
      }
      case 3: {
        if (n > this.end - this.pos) fail("truncated", "CBOR text string");
        const s = utf8Decode(this.b, this.pos, this.pos + n);
        this.pos += n;
        return s;
      }
      case 4: {
        // Each element takes at least one byte: a count the input cannot back is rejected
        // before anything is allocated for it.
        if (n > this.end - this.pos) fail("truncated", "CBOR array");
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
        return out;
      }
      case 5: {
        if (n * 2 > this.end - this.pos) fail("truncated", "CBOR map");
        const out: CborMap = new Map();
        for (let i = 0; i < n; i++) {
          const k = this.value(depth + 1);
          if (typeof k === "string" || (typeof k === "number" && Number.isInteger(k))) {
            if (out.has(k)) fail("badCbor", "duplicate map key");
            out.set(k, this.value(depth + 1));
          } else fail("badCbor", "map key must be an integer or text");
        }
        return out;
      }
      default:
        fail("badCbor", "tags are outside the subset");
    }
  }

  /** Major type 7: false, true, null and floats; nothing else is in the subset. */
  simple(ai: number): CborValue {
    if (ai === 20) return false;
    if (ai === 21) return true;
    if (ai === 22) return null;
    if (ai === 25) return halfToNumber(this.arg(25));
    if (ai === 26) {
      if (this.pos + 4 > this.end) fail("truncated", "CBOR float");
      for (let i = 0; i < 4; i++) f32b[littleEndian ? 3 - i : i] = this.b[this.pos + i];
      this.pos += 4;
      return f32[0];
    }
    if (ai === 27) {
      if (this.pos + 8 > this.end) fail("truncated", "CBOR float");
      for (let i = 0; i < 8; i++) f64b[littleEndian ? 7 - i : i] = this.b[this.pos + i];
      this.pos += 8;
      return f64[0];
    }
    if (ai === 31) fail("badCbor", "break outside an indefinite-length item");
    fail("badCbor", "simple value " + ai + " is outside the subset");
  }
}

/** Decodes exactly one item filling bytes[start..end); anything left over is `trailingBytes`. */
export function cborDecode(bytes: Uint8Array, start = 0, end = bytes.length): CborValue {
  const d = new CborReader(bytes, start, end);
  const v = d.value(0);
  if (d.pos !== end) fail("trailingBytes", "after CBOR item");
  return v;
}

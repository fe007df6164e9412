/**
 * The CBOR reader: any well-formed encoding inside the subset (any head or
 * float width, any key order), duplicate keys rejected, every length checked
 * against the bytes present before anything is allocated or looped over. The
 * subset: cbor.ts.
 */
import { badCbor, badValue, nonCanonical, overLimit, trailingBytes, truncated } from "./errors";
import { utf8Decode } from "./utf8";
import { BAD_MAP_KEY, CBOR_MAX_DEPTH, type CborMap, type CborValue, f32, f32b, f64, f64b, halfToNumber, littleEndian } from "./cbor-core";

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
    if (p >= this.end) truncated(what);
    const ib = this.b[p];
    this.pos = p + 1;
    const low = major << 5;
    if (ib >= low && ib < low + 24) return ib - low;
    if (ib >> 5 !== major) {
      // Malformed or outside the subset (reserved or indefinite lengths, tags) is badCbor,
      // as in the generic decoder; a well-formed item of another type is badValue.
      if ((ib & 31) >= 28 || ib >> 5 === 6) badCbor(what + ": CBOR outside the subset");
      badValue(what + " has the wrong CBOR type");
    }
    return this.arg(ib & 31);
  }

  /** A map head; its count is checked against the bytes present. */
  mapLength(what: string): number {
    const n = this.head(5, what);
    if (n * 2 > this.end - this.pos) truncated(what + " map");
    return n;
  }

  /** A body key: an unsigned integer above the previous key (so no duplicates, one encoding). */
  key(previous: number): number {
    const p = this.pos;
    if (p >= this.end) truncated("map key");
    const ib = this.b[p];
    if (ib >> 5 !== 0) nonCanonical("body map keys must be unsigned integers");
    this.pos = p + 1;
    // major type 0: the initial byte is its additional information
    const k = this.arg(ib);
    if (k <= previous) nonCanonical("body map keys must ascend");
    return k;
  }

  uint(max: number, what: string): number {
    const n = this.head(0, what);
    if (n > max) badValue(`${what} must be at most ${max}`);
    return n;
  }

  /** Text of at most maxBytes UTF-8 bytes (checked on the head, before decoding). */
  text(what: string, maxBytes: number): string {
    const p = this.string(3, what, maxBytes);
    return utf8Decode(this.b, p, this.pos);
  }

  /** A byte string, as a view into the input. */
  bytes(what: string): Uint8Array {
    const p = this.string(2, what, Infinity);
    return this.b.subarray(p, this.pos);
  }

  /** A string head of major type `major` and its bytes, at most `max`: passed over, and where they start returned. */
  private string(major: number, what: string, max: number): number {
    const n = this.head(major, what);
    const p = this.pos;
    if (n > max) overLimit(`${what} over ${max} bytes`);
    if (n > this.end - p) truncated(what);
    this.pos = p + n;
    return p;
  }

  /** Passes over one item (an unknown field), checking that it is well-formed and in the subset. */
  skip(): void {
    this.value(1);
  }

  finish(what: string): void {
    if (this.pos !== this.end) trailingBytes(what);
  }

  /**
   * The argument of a head whose additional info is ai: ai itself below 24,
   * else the 1, 2, 4 or 8 bytes that follow (24..27), big-endian. Summed in
   * doubles, which are exact up to 2^53; past it the sum stays above 2^53-1,
   * so the bound below is checked on the result.
   */
  arg(ai: number): number {
    if (ai < 24) return ai;
    if (ai > 27) badCbor(ai === 31 ? "indefinite length is outside the subset" : "reserved additional information " + ai);
    const p = this.pos, n = 1 << (ai - 24);
    if (p + n > this.end) truncated("CBOR head");
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.b[p + i];
    this.pos = p + n;
    if (v > Number.MAX_SAFE_INTEGER) overLimit("CBOR integer beyond 2^53-1");
    return v;
  }

  value(depth: number): CborValue {
    if (depth > CBOR_MAX_DEPTH) overLimit("CBOR nesting deeper than " + CBOR_MAX_DEPTH);
    if (this.pos >= this.end) truncated("CBOR item");
    const ib = this.b[this.pos++];
    const major = ib >> 5;
    const ai = ib & 31;
    if (major === 7) return this.simple(ai);
    // Small arguments live in the initial byte; only longer heads need arg().
    const n = ai < 24 ? ai : this.arg(ai);
    switch (major) {
      case 0:
        return n;
      case 1:
        if (n >= Number.MAX_SAFE_INTEGER) overLimit("CBOR integer beyond -(2^53-1)");
        return -1 - n;
      case 2:
      case 3: {
        const p = this.pos;
        if (n > this.end - p) truncated(major === 2 ? "CBOR byte string" : "CBOR text string");
        this.pos = p + n;
        return major === 2 ? this.b.slice(p, p + n) : utf8Decode(this.b, p, p + n);
      }
      case 4: {
        // Each element takes at least one byte: a count the input cannot back is rejected
        // before anything is allocated for it.
        if (n > this.end - this.pos) truncated("CBOR array");
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
        return out;
      }
      case 5: {
        if (n * 2 > this.end - this.pos) truncated("CBOR map");
        const out: CborMap = new Map();
        for (let i = 0; i < n; i++) {
          const k = this.value(depth + 1);
          if (typeof k === "string" || (typeof k === "number" && Number.isInteger(k))) {
            if (out.has(k)) badCbor("duplicate map key");
            out.set(k, this.value(depth + 1));
          } else badCbor(BAD_MAP_KEY);
        }
        return out;
      }
      default:
        badCbor("tags are outside the subset");
    }
  }

  /** Major type 7: false, true, null and floats; nothing else is in the subset. */
  simple(ai: number): CborValue {
    if (ai === 20) return false;
    if (ai === 21) return true;
    if (ai === 22) return null;
    if (ai === 25) return halfToNumber(this.arg(25));
    if (ai === 26) return this.float(f32, f32b);
    if (ai === 27) return this.float(f64, f64b);
    if (ai === 31) badCbor("break outside an indefinite-length item");
    badCbor("simple value " + ai + " is outside the subset");
  }

  /** A float of bits.length bytes, big-endian on the wire, read through its scratch view. */
  private float(view: Float32Array | Float64Array, bits: Uint8Array): number {
    const n = bits.length;
    if (this.pos + n > this.end) truncated("CBOR float");
    for (let i = 0; i < n; i++) bits[littleEndian ? n - 1 - i : i] = this.b[this.pos + i];
    this.pos += n;
    return view[0];
  }
}

/** Decodes exactly one item filling bytes[start..end); anything left over is `trailingBytes`. */
export function cborDecode(bytes: Uint8Array, start = 0, end = bytes.length): CborValue {
  const d = new CborReader(bytes, start, end);
  const v = d.value(0);
  if (d.pos !== end) trailingBytes("after CBOR item");
  return v;
}

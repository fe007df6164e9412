/** Typed reads from a decoded CBOR map body; every miss is a D2DError naming the field. */
import { type CborMap, type CborValue, cborDecode } from "../cbor";
import { fail } from "../errors";

export function readMapBody(b: Uint8Array, start: number, end: number, what: string): CborMap {
  const v = cborDecode(b, start, end);
  if (!(v instanceof Map)) fail("badValue", what + " body must be a CBOR map");
  return v;
}

export function uintField(m: CborMap, key: number, max: number, name: string): number;
export function uintField(m: CborMap, key: number, max: number, name: string, optional: true): number | undefined;
export function uintField(m: CborMap, key: number, max: number, name: string, optional?: true): number | undefined {
  const v: CborValue | undefined = m.get(key);
  if (v === undefined) {
    if (optional) return undefined;
    fail("badValue", `missing ${name} (key ${key})`);
  }
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    fail("badValue", `${name} (key ${key}) must be an integer in 0..${max}`);
  }
  return v;
}

export function bytesField(m: CborMap, key: number, name: string): Uint8Array | undefined {
  const v = m.get(key);
  if (v === undefined) return undefined;
  if (!(v instanceof Uint8Array)) fail("badValue", `${name} (key ${key}) must be a byte string`);
  return v;
}

export function textField(m: CborMap, key: number, name: string): string | undefined {
  const v = m.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== "string") fail("badValue", `${name} (key ${key}) must be text`);
  return v;
}

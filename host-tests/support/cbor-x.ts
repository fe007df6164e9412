/** cbor-x set up as a plain RFC 8949 peer (no records, no tags on byte arrays, Maps kept as Maps). */
import { Decoder, Encoder } from "cbor-x";

export const peerEncoder = new Encoder({
  useRecords: false, mapsAsObjects: false, variableMapSize: true, tagUint8Array: false, pack: false, structuredClone: false,
} as ConstructorParameters<typeof Encoder>[0]);
export const peerDecoder = new Decoder({ mapsAsObjects: false, useRecords: false } as ConstructorParameters<typeof Decoder>[0]);

/**
 * A form two decoders' results can be compared in: Buffers as plain
 * Uint8Arrays, 64-bit BigInts as numbers (the subset stays within 2^53),
 * maps as entry lists sorted by key (a map has no order; our encoder sorts).
 */
export function canon(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (Array.isArray(v)) return v.map(canon);
  if (v instanceof Map) {
    const entries = [...v].map(([k, x]) => [canon(k), canon(x)] as [unknown, unknown]);
    const sortKey = (k: unknown) => typeof k + ":" + String(k);
    return { map: entries.sort((a, b) => (sortKey(a[0]) < sortKey(b[0]) ? -1 : sortKey(a[0]) > sortKey(b[0]) ? 1 : 0)) };
  }
  return v;
}

/**
 * The RFC 8949 Appendix A examples in the project's test data, and their
 * values as CborValues. Pure TypeScript: loaded by the Node tests and the XS lane.
 */
import type { CborValue } from "../../protocol/cbor";
import { fromHex } from "../../protocol/bytes";
import data from "../data/rfc8949-appendix-a-subset.json";

export interface RfcExamples {
  accept: { hex: string; value: unknown; roundtrip: boolean }[];
  reject: { hex: string; reason: string }[];
}

export const rfc: RfcExamples = data;

/** Floats the JSON cannot hold are {float: "NaN"|"Infinity"|"-Infinity"|"-0"}, bytes {bytes: hex}, maps {map: [[k, v]…]}. */
export function fromJsonValue(v: unknown): CborValue {
  if (v === null || typeof v !== "object") return v as CborValue;
  if (Array.isArray(v)) return v.map(fromJsonValue);
  const o = v as Record<string, unknown>;
  if ("float" in o) return o.float === "-0" ? -0 : Number(o.float);
  if ("bytes" in o) return fromHex(o.bytes as string);
  return new Map((o.map as [string | number, unknown][]).map(([k, x]) => [k, fromJsonValue(x)]));
}

/**
 * What every message body module provides. Bodies are plain, JSON-ready
 * objects (units the way a responder reads them); a JsonForm exists only
 * where a field has no JSON form (bytes become hex).
 */
import { badValue } from "../errors";

export interface BodyCodec<T> {
  readonly type: number;
  /** the name used in JSON and on the CLI */
  readonly name: string;
  /** default priority class for this type */
  readonly priority: number;
  /** the largest body this type may have, in bytes */
  readonly maxBody: number;
  encode(body: T): Uint8Array;
  /** decodes the body filling bytes[start, end) exactly */
  decode(bytes: Uint8Array, start: number, end: number): T;
}

/** A body's JSON form where it differs from the body (protocol/message.ts jsonForm()). */
export interface JsonForm<T> {
  toJson(body: T): unknown;
  fromJson(json: unknown): T;
}

/** Reads a field of a JSON object that must be an object itself. */
export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    badValue(what + " must be an object");
  }
  return v as Record<string, unknown>;
}

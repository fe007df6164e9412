/**
 * The one error type the protocol layer throws. Every malformed input ends in a
 * D2DError with a stable reason code: firmware counts them per reason, the CLI
 * prints `error: <reason>`, tests assert on the reason.
 */

export const Reason = {
  /** fewer bytes than the structure needs */
  truncated: 1,
  /** a length field or the total length is inconsistent */
  badLength: 2,
  unknownVersion: 3,
  unknownType: 4,
  /** authentication tag does not match */
  badMic: 5,
  /** a count or size is above the limit the spec sets */
  overLimit: 6,
  /** a field holds a value outside its range */
  badValue: 7,
  /** bytes that decode, but not in the one canonical form the spec requires */
  nonCanonical: 8,
  /** CBOR outside the subset, or malformed CBOR */
  badCbor: 9,
  /** text that is not well-formed UTF-8 */
  badUtf8: 10,
  /** trailing bytes after a complete structure */
  trailingBytes: 11,
} as const;

export type ReasonName = keyof typeof Reason;

export class D2DError extends Error {
  readonly reason: ReasonName;
  readonly code: number;
  constructor(reason: ReasonName, detail?: string) {
    super(detail === undefined ? reason : reason + ": " + detail);
    this.name = "D2DError";
    this.reason = reason;
    this.code = Reason[reason];
  }
}

export function fail(reason: ReasonName, detail?: string): never {
  throw new D2DError(reason, detail);
}

/**
 * fail("badValue", detail) and fail("truncated", detail), the two commonest,
 * as calls of their own: one short call at each of about ninety places in the
 * firmware image, which has a size budget (BENCHMARKS.md).
 */
export function badValue(detail: string): never {
  throw new D2DError("badValue", detail);
}

export function truncated(detail: string): never {
  throw new D2DError("truncated", detail);
}

// The other reasons thrown with a detail in many places, one function each (as badValue and truncated).
export function overLimit(detail: string): never {
  throw new D2DError("overLimit", detail);
}

export function nonCanonical(detail: string): never {
  throw new D2DError("nonCanonical", detail);
}

export function badCbor(detail: string): never {
  throw new D2DError("badCbor", detail);
}

export function trailingBytes(detail: string): never {
  throw new D2DError("trailingBytes", detail);
}

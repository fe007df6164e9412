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
export { CBOR_MAX_DEPTH, type CborMap, type CborValue, halfToNumber, numberToHalf } from "./cbor-core";
export { cborEncode, encodeBodyMap } from "./cbor-encode";
export { CborReader, cborDecode } from "./cbor-read";

/** Crypto the protocol needs: the frame MIC and a hash (native `hmac`/`crypt` on the device). */

/** A keyed MAC over a message (the same shape as protocol/frame's MacFunction; hal imports nothing outside itself). */
export type MacFunction = (message: Uint8Array) => Uint8Array;

export interface Crypto {
  /** HMAC-SHA256 under the network key */
  mac: MacFunction;
  sha256(data: Uint8Array): Uint8Array;
}

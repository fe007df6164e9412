/** Crypto the protocol needs: the frame MIC and a hash (native `hmac`/`crypt` on the device). */
import type { MacFunction } from "../protocol/frame";

export interface Crypto {
  /** HMAC-SHA256 under the network key */
  mac: MacFunction;
  sha256(data: Uint8Array): Uint8Array;
}

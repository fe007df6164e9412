/**
 * The Moddable SDK's "hmac" module ($(MODULES)/crypt/etc/hmac.js), which ships
 * without a declaration. The manifests map "hmac" to the SDK's hmac.js and to
 * this file together, so mcconfig's TypeScript step finds it too.
 */
declare module "hmac" {
  import type { Digest } from "crypt";
  export default class HMAC {
    constructor(digest: Digest, key: ArrayBuffer | ArrayBufferView, bitLength?: number);
    /** Resets, hashes the messages and returns the tag. */
    process(...messages: (ArrayBuffer | ArrayBufferView)[]): ArrayBuffer;
    reset(): void;
    update(...messages: (ArrayBuffer | ArrayBufferView)[]): void;
    close(): ArrayBuffer;
  }
}

/** Moddable SDK crypto modules the firmware uses; @moddable/typings does not declare them. */
declare module "crypt" {
  export class Digest {
    constructor(algorithm: "SHA1" | "SHA256" | "SHA384" | "SHA512" | "MD5");
    write(data: ArrayBuffer | ArrayBufferView): void;
    close(): ArrayBuffer;
    reset(): void;
  }
}

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

/**
 * The Moddable SDK's "crypt" module as the firmware uses it. The SDK ships
 * typings/crypt.d.ts, but the npm package @moddable/typings does not: this
 * file is for our own device type-check (tsconfig.device.json) only.
 */
declare module "crypt" {
  export class Digest {
    constructor(algorithm: "SHA1" | "SHA256" | "SHA384" | "SHA512" | "MD5");
    write(data: ArrayBuffer | ArrayBufferView): void;
    close(): ArrayBuffer;
    reset(): void;
  }
}

/**
 * HMAC-SHA256 and SHA-256 through the Moddable SDK's native crypt and hmac
 * modules. One HMAC per key: its padded-key state is computed once, and each
 * frame costs two SHA-256 compressions in native code.
 */
import { Digest } from "crypt";
import HMAC from "hmac";
import type { Crypto } from "../crypto";

/** A copy in a fresh ArrayBuffer (a view's buffer may be shared, larger, or a host buffer). */
function bufferOf(v: Uint8Array): ArrayBuffer {
  return v.slice().buffer as ArrayBuffer;
}

export function moddableCrypto(key: Uint8Array): Crypto {
  const hmac = new HMAC(new Digest("SHA256"), bufferOf(key));
  return {
    mac: (message) => new Uint8Array(hmac.process(bufferOf(message))),
    sha256(data) {
      const d = new Digest("SHA256");
      d.write(bufferOf(data));
      return new Uint8Array(d.close());
    },
  };
}

/**
 * Crypto for simulated nodes: HMAC-SHA256 on Node's SHA-256. Every receiver
 * of a broadcast checks the same bytes, so the last tag computed over each
 * frame buffer is kept and reused when the same bytes are asked for again
 * (they are compared, so a buffer changed since can never reuse a stale tag).
 *
 * The HMAC is RFC 2104's H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), written out over
 * Node's one-shot crypto.hash into buffers kept for it (a fifth cheaper than
 * a createHmac object per tag, the same tags: a test compares them).
 */
import { createHash, hash } from "node:crypto";
import type { Crypto } from "../crypto";

interface Cached { off: number; bytes: Uint8Array; tag: Uint8Array }

const BLOCK = 64;

export class SimCrypto implements Crypto {
  private readonly cache = new WeakMap<ArrayBufferLike, Cached>();
  /** (K ⊕ ipad) then the message; (K ⊕ opad) then the inner hash */
  private inner = Buffer.alloc(BLOCK + 256);
  private readonly outer = Buffer.alloc(BLOCK + 32);
  /** HMACs computed (cache misses) */
  computed = 0;
  /** HMACs answered from the cache */
  reused = 0;

  constructor(key: Uint8Array) {
    const k = key.length > BLOCK ? createHash("sha256").update(key).digest() : key;
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = (k[i] ?? 0) ^ 0x36;
      this.outer[i] = (k[i] ?? 0) ^ 0x5c;
    }
  }

  mac = (message: Uint8Array): Uint8Array => {
    const c = this.cache.get(message.buffer);
    if (c && c.off === message.byteOffset && same(c.bytes, message)) {
      this.reused++;
      return c.tag;
    }
    this.computed++;
    const tag = this.hmac(message);
    this.cache.set(message.buffer, { off: message.byteOffset, bytes: message.slice(), tag });
    return tag;
  };

  sha256(data: Uint8Array): Uint8Array {
    return new Uint8Array(createHash("sha256").update(data).digest());
  }

  private hmac(message: Uint8Array): Uint8Array {
    if (BLOCK + message.length > this.inner.length) {
      const grown = Buffer.alloc(BLOCK + message.length);
      this.inner.copy(grown, 0, 0, BLOCK);
      this.inner = grown;
    }
    this.inner.set(message, BLOCK);
    this.outer.set(hash("sha256", this.inner.subarray(0, BLOCK + message.length), "buffer") as Buffer, BLOCK);
    return new Uint8Array(hash("sha256", this.outer, "buffer") as Buffer);
  }
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** HMAC-SHA256 under a key, from Node's crypto: the host's MacFunction. */
import { createHmac } from "node:crypto";
import type { MacFunction } from "../../protocol/frame";

export function nodeMac(key: Uint8Array): MacFunction {
  return (message) => new Uint8Array(createHmac("sha256", key).update(message).digest());
}

/** The key the spec's test vectors use (bytes 0x00..0x1f). Lab use only: never provision it. */
export const TEST_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);

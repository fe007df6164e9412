import test from "ava";
import fc from "fast-check";
import { createHash, createHmac } from "node:crypto";
import { hmacSha256, sha256 } from "../hal/xs-host/sha256";
import { toHex } from "../protocol/bytes";

test("SHA-256 matches Node's crypto at every length across block boundaries", (t) => {
  for (let n = 0; n < 300; n++) {
    const d = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
    t.is(toHex(sha256(d)), createHash("sha256").update(d).digest("hex"), `length ${n}`);
  }
});

test("HMAC-SHA256 matches Node's crypto for random keys and messages", (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 300 }), (key, msg) =>
    toHex(hmacSha256(key)(msg)) === createHmac("sha256", key).update(msg).digest("hex")), { numRuns: 500 });
  t.pass();
});

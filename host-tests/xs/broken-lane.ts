/** Proves the XS bridge carries failures: decodes a frame sealed under the wrong key. */
import { D2DError, decodeMessage, encodeFrame, MsgType, toHex } from "../../protocol/index";
import { hmacSha256 } from "../../hal/xs-host/sha256";
import { report } from "../../sim/xs/report";

const f = encodeFrame({ type: MsgType.text, priority: 2, hopLimit: 1, hops: 0, net: 0, ack: false, src: 1, dst: 0xfffe, seq: 0 },
  Uint8Array.of(0x41), hmacSha256(new Uint8Array(32)));
let reason = "accepted";
try {
  decodeMessage(f, hmacSha256(new Uint8Array(32).fill(1)));
} catch (e) {
  reason = e instanceof D2DError ? e.reason : "untyped";
}
report({ reason, hex: toHex(f) });

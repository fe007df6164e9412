/**
 * Bundled into the XS engine by tools/bench.ts. Exposes globalThis.d2dBench:
 * for a named frame, n times: parse (a relay's path: header, no body), decode
 * (header and body; the MIC is native code on the device), or decode with the
 * pure-JS HMAC; and loops timed with performance.now.
 */
import { fromHex } from "../protocol/bytes";
import { parseFrame, verifyMic } from "../protocol/frame";
import { messageOf } from "../protocol/message";
import { hmacSha256 } from "../hal/xs-host/sha256";
import { report } from "../sim/xs/report";

declare const performance: { now(): number };

interface BenchApi {
  load(framesHex: Record<string, string>, keyHex: string): void;
  parse(name: string, n: number): number;
  decode(name: string, n: number): number;
  decodeWithMic(name: string, n: number): number;
  time(name: string, n: number, mode: "parse" | "decode" | "mic"): void;
}

const frames: Record<string, Uint8Array> = {};
let mac: (m: Uint8Array) => Uint8Array = () => new Uint8Array(32);
let sink = 0;

const api: BenchApi = {
  load(framesHex, keyHex) {
    for (const k of Object.keys(framesHex)) frames[k] = fromHex(framesHex[k]);
    mac = hmacSha256(fromHex(keyHex));
  },
  parse(name, n) {
    const f = frames[name];
    for (let i = 0; i < n; i++) sink += parseFrame(f).header.seq;
    return sink;
  },
  decode(name, n) {
    const f = frames[name];
    for (let i = 0; i < n; i++) {
      const m = messageOf(parseFrame(f));
      sink += m.header.seq;
    }
    return sink;
  },
  decodeWithMic(name, n) {
    const f = frames[name];
    for (let i = 0; i < n; i++) {
      const p = parseFrame(f);
      verifyMic(f, p.micOffset, p.header.type, mac);
      sink += messageOf(p).header.seq;
    }
    return sink;
  },
  time(name, n, mode) {
    const t0 = performance.now();
    if (mode === "mic") api.decodeWithMic(name, n);
    else if (mode === "parse") api.parse(name, n);
    else api.decode(name, n);
    const t1 = performance.now();
    report({ name, usPerFrame: ((t1 - t0) * 1000) / n });
  },
};

(globalThis as unknown as { d2dBench: BenchApi }).d2dBench = api;

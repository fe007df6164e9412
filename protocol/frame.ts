/**
 * The D2D frame: header, optional fragment header, payload, MIC.
 * Byte layout and rules: protocol/SPEC.md §2. Pure TypeScript, no allocation
 * on the parse path beyond the result object.
 */
import { checkInt, equalPrefix } from "./bytes";
import { badValue, fail, nonCanonical, overLimit, truncated } from "./errors";

export const VERSION = 1;
/** The largest frame this version carries: one ESP-NOW v1 payload. */
export const MAX_FRAME = 250;
/** Header bytes before src: flags and hop fields. */
const FIXED = 3;

export const Priority = { lifeSafety: 0, instruction: 1, telemetry: 2, bulk: 3 } as const;
export const PRIORITY_NAMES = ["life-safety", "instruction", "telemetry", "bulk"] as const;

export const MsgType = {
  hello: 0,
  sos: 1,
  census: 2,
  position: 3,
  text: 4,
  media: 5,
  ack: 6,
  instruction: 8,
} as const;

export const Addr = {
  /** never a source or destination: an unprovisioned node */
  none: 0x0000,
  anyGateway: 0xfffe,
  broadcast: 0xffff,
} as const;

export const MAX_HOPS = 15;
export const SEQ_MAX = 0xffffff;
export const NET_MAX = 31;
export const FRAG_MAX_COUNT = 4095;

/** MIC length is a function of the type, so relays can check types they do not decode. */
export function micLength(type: number): number {
  return type >= 8 ? 8 : 4;
}

export interface FragmentInfo {
  /** groups the fragments of one datagram from one source, 0..255 */
  id: number;
  index: number;
  count: number;
}

export interface FrameHeader {
  type: number;
  priority: number;
  /** hops this frame may still be relayed */
  hopLimit: number;
  /** hops travelled so far */
  hops: number;
  net: number;
  ack: boolean;
  src: number;
  dst: number;
  seq: number;
  frag?: FragmentInfo;
}

/** A keyed MAC: HMAC-SHA256 under the network key, injected by the platform. */
export type MacFunction = (message: Uint8Array) => Uint8Array;

export interface ParsedFrame {
  header: FrameHeader;
  /** the frame as received */
  bytes: Uint8Array;
  /** the payload is bytes[payloadStart, micOffset) */
  payloadStart: number;
  /** offset of the MIC in bytes */
  micOffset: number;
}

/** The payload of a parsed frame, as a view. */
export function payloadOf(f: ParsedFrame): Uint8Array {
  return f.bytes.subarray(f.payloadStart, f.micOffset);
}

export function headerLength(h: { dst: number; frag?: FragmentInfo }): number {
  return FIXED + 2 + (h.dst === Addr.anyGateway ? 0 : 2) + 3 + (h.frag ? 4 : 0);
}

function checkHeader(h: FrameHeader): void {
  checkInt(h.type, 0, 15, "type");
  checkInt(h.priority, 0, 3, "priority");
  checkInt(h.hopLimit, 0, MAX_HOPS, "hopLimit");
  checkInt(h.hops, 0, MAX_HOPS, "hops");
  if (h.hopLimit + h.hops > MAX_HOPS) badValue("hopLimit + hops must be at most " + MAX_HOPS);
  checkInt(h.net, 0, NET_MAX, "net");
  checkInt(h.src, 1, 0xfffd, "src");
  checkInt(h.dst, 1, 0xffff, "dst");
  checkInt(h.seq, 0, SEQ_MAX, "seq");
  const f = h.frag;
  if (f) {
    checkInt(f.id, 0, 255, "frag.id");
    checkInt(f.count, 2, FRAG_MAX_COUNT, "frag.count");
    checkInt(f.index, 0, f.count - 1, "frag.index");
  }
}

/**
 * Writes the frame header into out[0..] and returns its length. The caller
 * writes the payload after it and then calls sealFrame.
 */
export function writeHeader(h: FrameHeader, out: Uint8Array): number {
  checkHeader(h);
  const hasDst = h.dst !== Addr.anyGateway;
  out[0] = (VERSION << 6) | (h.priority << 4) | h.type;
  out[1] = (h.hopLimit << 4) | h.hops;
  out[2] = (h.net << 3) | (h.ack ? 4 : 0) | (h.frag ? 2 : 0) | (hasDst ? 1 : 0);
  out[3] = h.src >>> 8;
  out[4] = h.src;
  let p = 5;
  if (hasDst) {
    out[p++] = h.dst >>> 8;
    out[p++] = h.dst;
  }
  out[p++] = h.seq >>> 16;
  out[p++] = h.seq >>> 8;
  out[p++] = h.seq;
  if (h.frag) {
    const f = h.frag;
    out[p++] = f.id;
    out[p++] = f.index >>> 4;
    out[p++] = ((f.index & 15) << 4) | (f.count >>> 8);
    out[p++] = f.count;
  }
  return p;
}

/** Computes the MIC over frame[0..micOffset) and writes it at micOffset. */
export function sealFrame(frame: Uint8Array, micOffset: number, type: number, mac: MacFunction): void {
  const n = micLength(type);
  const tag = mac(frame.subarray(0, micOffset));
  if (tag.length < n) badValue("MAC function returned fewer than " + n + " bytes");
  frame.set(tag.subarray(0, n), micOffset);
}

/** Builds a complete frame from a header and an encoded payload. */
export function encodeFrame(h: FrameHeader, payload: Uint8Array, mac: MacFunction): Uint8Array {
  const total = headerLength(h) + payload.length + micLength(h.type);
  if (total > MAX_FRAME) overLimit(`frame of ${total} bytes is over ${MAX_FRAME}; fragment it`);
  const out = new Uint8Array(total);
  const p = writeHeader(h, out);
  out.set(payload, p);
  sealFrame(out, p + payload.length, h.type, mac);
  return out;
}

/**
 * Parses the structure of a frame without authenticating it. Only for tools
 * that show frames; the receive path uses decodeFrame.
 */
export function parseFrame(bytes: Uint8Array): ParsedFrame {
  const len = bytes.length;
  // Literal constants below (250, 15, 0xfffe…) spare the XS interpreter a lookup each.
  if (len > 250) overLimit(`frame of ${len} bytes is over ${MAX_FRAME}`);
  if (len < 1) truncated("empty frame");
  const b0 = bytes[0];
  if (b0 >> 6 !== 1) fail("unknownVersion", "version " + (b0 >> 6));
  if (len < 8) truncated("frame header");
  const b1 = bytes[1], b2 = bytes[2];
  const type = b0 & 15;
  const hopLimit = b1 >> 4, hops = b1 & 15;
  if (hopLimit + hops > 15) badValue("hopLimit + hops over " + MAX_HOPS);
  const src = (bytes[3] << 8) | bytes[4];
  if (src === 0 || src >= 0xfffe) badValue("src " + src + " is not a node address");
  let p = 5;
  let dst = 0xfffe;
  if (b2 & 1) {
    if (len < 10) truncated("frame header");
    dst = (bytes[5] << 8) | bytes[6];
    if (dst === 0xfffe) nonCanonical("any-gateway destination must be sent without a dst field");
    if (dst === 0) badValue("dst 0 is not an address");
    p = 7;
  }
  const seq = (bytes[p] << 16) | (bytes[p + 1] << 8) | bytes[p + 2];
  p += 3;
  const header: FrameHeader = {
    type,
    priority: (b0 >> 4) & 3,
    hopLimit,
    hops,
    net: b2 >> 3,
    ack: (b2 & 4) !== 0,
    src,
    dst,
    seq,
  };
  if (b2 & 2) {
    if (len < p + 4) truncated("fragment header");
    const index = (bytes[p + 1] << 4) | (bytes[p + 2] >> 4), count = ((bytes[p + 2] & 15) << 8) | bytes[p + 3];
    if (count < 2) badValue("fragment count must be at least 2");
    if (index >= count) badValue("fragment index past count");
    header.frag = { id: bytes[p], index, count };
    p += 4;
  }
  const micOffset = len - (type >= 8 ? 8 : 4);
  if (micOffset < p) truncated("MIC");
  return { header, bytes, payloadStart: p, micOffset };
}

/** Parses and authenticates a frame: `badMic` unless the tag matches. */
export function decodeFrame(bytes: Uint8Array, mac: MacFunction): ParsedFrame {
  const f = parseFrame(bytes);
  verifyMic(bytes, f.micOffset, f.header.type, mac);
  return f;
}

export function verifyMic(bytes: Uint8Array, micOffset: number, type: number, mac: MacFunction): void {
  const tag = mac(bytes.subarray(0, micOffset));
  if (!equalPrefix(tag, bytes.subarray(micOffset), micLength(type))) fail("badMic");
}

/**
 * The frame as a relay sends it on: one hop more travelled, one less allowed,
 * MIC recomputed (the MIC covers the hop fields, so a forger cannot extend a
 * frame's reach). The caller has authenticated `bytes` and checked hopLimit > 0.
 */
export function relayCopy(bytes: Uint8Array, mac: MacFunction): Uint8Array {
  const b1 = bytes[1];
  const hopLimit = b1 >> 4, hops = b1 & 15;
  if (hopLimit === 0) badValue("hop limit exhausted");
  const out = bytes.slice();
  out[1] = ((hopLimit - 1) << 4) | (hops + 1);
  const type = out[0] & 15;
  sealFrame(out, out.length - micLength(type), type, mac);
  return out;
}

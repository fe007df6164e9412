/**
 * Splitting bodies larger than one frame, and putting them back together.
 *
 * Two kinds of fragmented object share one reassembler:
 *  - datagrams: any body, sent in frames with the F flag and a fragment header
 *    (id u8, index u12, count u12);
 *  - media objects: MEDIA messages, each naming (stream, kind, frame, index, count).
 *
 * The reassembler keeps only the chunks that have arrived (no buffer sized
 * from a count field), bounds objects in total, per source and in bytes,
 * drops objects idle past a timeout, and reports which fragments are missing
 * as base + bitmap for a selective-retransmission ACK. SPEC.md §6.
 */
import { badValue, fail, overLimit } from "./errors";
import {
  FRAG_MAX_COUNT, MAX_FRAME, encodeFrame, headerLength, micLength,
  type FrameHeader, type MacFunction,
} from "./frame";
import { MEDIA_HEADER_BYTES, MEDIA_KINDS, type MediaBody } from "./messages/media";

// ---------------------------------------------------------------- sending

/** Payload bytes one fragment frame of this header can carry. */
export function fragmentCapacity(h: FrameHeader): number {
  return MAX_FRAME - headerLength({ dst: h.dst, frag: { id: 0, index: 0, count: 2 } }) - micLength(h.type);
}

/**
 * Frames for `body` under `header`: one plain frame when it fits, else
 * fragments with consecutive seqs from header.seq, fragment id `fragId`.
 */
export function encodeDatagram(header: FrameHeader, body: Uint8Array, fragId: number, mac: MacFunction): Uint8Array[] {
  const single = headerLength({ dst: header.dst }) + body.length + micLength(header.type);
  if (single <= MAX_FRAME) return [encodeFrame({ ...header, frag: undefined }, body, mac)];
  const cap = fragmentCapacity(header);
  const count = Math.ceil(body.length / cap);
  if (count > FRAG_MAX_COUNT) overLimit(`body of ${body.length} bytes needs over ${FRAG_MAX_COUNT} fragments`);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const h: FrameHeader = { ...header, seq: (header.seq + i) & 0xffffff, frag: { id: fragId, index: i, count } };
    frames.push(encodeFrame(h, body.subarray(i * cap, Math.min(body.length, (i + 1) * cap)), mac));
  }
  return frames;
}

/** Media bytes one MEDIA frame can carry toward dst (232 uplink, 230 addressed). */
export function mediaCapacity(h: { dst: number; type: number }): number {
  return MAX_FRAME - headerLength({ dst: h.dst }) - MEDIA_HEADER_BYTES - micLength(h.type);
}

/** The MEDIA bodies for one image or video frame, `perFragment` bytes each. */
export function splitMedia(
  stream: number, kind: MediaBody["kind"], frame: number, data: Uint8Array, perFragment: number,
): MediaBody[] {
  if (data.length === 0) badValue("empty media object");
  const count = Math.ceil(data.length / perFragment);
  if (count > FRAG_MAX_COUNT) overLimit(`media object of ${data.length} bytes needs over ${FRAG_MAX_COUNT} fragments`);
  const out: MediaBody[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ stream, kind, frame, index: i, count, data: data.subarray(i * perFragment, Math.min(data.length, (i + 1) * perFragment)) });
  }
  return out;
}

/** Which fragments an ACK (base + bitmap) says are still missing, within its window. */
export function missingFromAck(base: number, bitmap: number, count: number): number[] {
  const out: number[] = [];
  if (base >= count) return out;
  out.push(base);
  for (let i = 0; i < 32; i++) {
    const idx = base + 1 + i;
    if (idx >= count) break;
    if (((bitmap >>> i) & 1) === 0) out.push(idx);
  }
  return out;
}

// ---------------------------------------------------------------- receiving

/** Object key: source, kind of object and its reference, packed into one safe integer. */
export function datagramKey(src: number, fragId: number): number {
  return src * 0x2000000 + fragId;
}

export function mediaKey(src: number, stream: number, kind: MediaBody["kind"], frame: number): number {
  return src * 0x2000000 + 0x1000000 + ((stream << 16) | (MEDIA_KINDS.indexOf(kind) << 15) | frame);
}

export interface ReassemblyLimits {
  /** objects being reassembled at once, all sources */
  maxObjects: number;
  /** objects at once from one source; a new one evicts that source's oldest */
  maxPerSource: number;
  /** bytes held in chunks, all objects */
  maxBytes: number;
  /** largest object accepted, bytes */
  maxObjectBytes: number;
  /** an object with no new fragment for this long is dropped, ms */
  timeoutMs: number;
}

/** The largest object a gateway reassembles by default, bytes (a camera captures no larger: firmware/main.ts). */
export const MAX_OBJECT_BYTES = 64 * 1024;

export const DEFAULT_REASSEMBLY: ReassemblyLimits = {
  maxObjects: 8,
  maxPerSource: 2,
  maxBytes: 96 * 1024,
  maxObjectBytes: MAX_OBJECT_BYTES,
  timeoutMs: 30_000,
};

interface Pending {
  src: number;
  count: number;
  chunks: Map<number, Uint8Array>;
  bytes: number;
  lastAt: number;
}

export type AddResult =
  | { status: "partial"; received: number; count: number }
  | { status: "duplicate" }
  | { status: "complete"; data: Uint8Array };

export interface Progress {
  /** every fragment below base has arrived */
  base: number;
  /** bit i: fragment base + 1 + i has arrived */
  bitmap: number;
  received: number;
  count: number;
}

export class Reassembler {
  readonly limits: ReassemblyLimits;
  private readonly objects = new Map<number, Pending>();
  private held = 0;
  /** objects dropped for a timeout or to make room, for the node's counters */
  dropped = 0;

  constructor(limits: Partial<ReassemblyLimits> = {}) {
    this.limits = { ...DEFAULT_REASSEMBLY, ...limits };
  }

  get size(): number {
    return this.objects.size;
  }

  /** Bytes currently held in chunks. */
  get bytesHeld(): number {
    return this.held;
  }

  /**
   * Adds one fragment (the chunk is copied). Throws `overLimit` when the object
   * cannot be taken, `badValue` when it contradicts earlier fragments.
   */
  add(key: number, src: number, index: number, count: number, chunk: Uint8Array, now: number, maxChunk: number): AddResult {
    const L = this.limits;
    if (count < 1 || count > FRAG_MAX_COUNT || index >= count) badValue("fragment index/count");
    if (chunk.length === 0 || chunk.length > maxChunk) fail("badLength", "fragment chunk size");
    let o = this.objects.get(key);
    if (o && now - o.lastAt > L.timeoutMs) {
      this.remove(key, o);
      this.dropped++;
      o = undefined;
    }
    if (!o) {
      // The count is a claim, not bytes: check it against the limit, allocate nothing for it.
      if ((count - 1) * maxChunk + 1 > L.maxObjectBytes) {
        overLimit(`object of ${count} fragments exceeds ${L.maxObjectBytes} bytes`);
      }
      this.makeRoom(src, now);
      o = { src, count, chunks: new Map(), bytes: 0, lastAt: now };
      this.objects.set(key, o);
    } else if (o.count !== count) {
      badValue("fragment count differs from earlier fragments");
    }
    if (o.chunks.has(index)) return { status: "duplicate" };
    if (o.bytes + chunk.length > L.maxObjectBytes) {
      this.remove(key, o);
      overLimit("object larger than " + L.maxObjectBytes + " bytes");
    }
    if (this.held + chunk.length > L.maxBytes) overLimit("reassembly memory full");
    o.chunks.set(index, chunk.slice());
    o.bytes += chunk.length;
    this.held += chunk.length;
    o.lastAt = now;
    if (o.chunks.size < o.count) return { status: "partial", received: o.chunks.size, count: o.count };
    const data = new Uint8Array(o.bytes);
    let p = 0;
    for (let i = 0; i < o.count; i++) {
      const c = o.chunks.get(i) as Uint8Array;
      data.set(c, p);
      p += c.length;
    }
    this.remove(key, o);
    return { status: "complete", data };
  }

  /** What has arrived of an object, as an ACK would say it; undefined if unknown. */
  progress(key: number): Progress | undefined {
    const o = this.objects.get(key);
    if (!o) return undefined;
    let base = 0;
    while (base < o.count && o.chunks.has(base)) base++;
    let bitmap = 0;
    for (let i = 0; i < 32; i++) if (o.chunks.has(base + 1 + i)) bitmap |= 1 << i;
    return { base, bitmap: bitmap >>> 0, received: o.chunks.size, count: o.count };
  }

  /** Drops objects idle past the timeout; returns how many. */
  expire(now: number): number {
    let n = 0;
    for (const [key, o] of this.objects) {
      if (now - o.lastAt > this.limits.timeoutMs) {
        this.remove(key, o);
        n++;
      }
    }
    this.dropped += n;
    return n;
  }

  private remove(key: number, o: Pending): void {
    this.held -= o.bytes;
    this.objects.delete(key);
  }

  private makeRoom(src: number, now: number): void {
    this.expire(now);
    let mine = 0;
    let oldestMineKey = -1, oldestMineAt = Infinity;
    for (const [key, o] of this.objects) {
      if (o.src !== src) continue;
      mine++;
      if (o.lastAt < oldestMineAt) { oldestMineAt = o.lastAt; oldestMineKey = key; }
    }
    if (mine >= this.limits.maxPerSource) {
      this.remove(oldestMineKey, this.objects.get(oldestMineKey) as Pending);
      this.dropped++;
    }
    if (this.objects.size >= this.limits.maxObjects) overLimit("too many objects in reassembly");
  }
}

/**
 * Sequence numbers for the frames this node sends (24 bits, SPEC §2), persisted
 * so that a reboot never reuses one: the mesh's dedup caches would take a reused
 * (src, seq) for a copy of an old frame and drop it.
 *
 * Rules: numbers are reserved in blocks of 1024 by writing the block's end to
 * storage before any number of it is used; at boot the node resumes at the end
 * of the last block reserved, skipping what it had not used. One storage write
 * per 1024 frames (flash wear), at most 1023 numbers lost per reboot. Once the
 * 24 bits are used up, next() throws every time and writes nothing: a node
 * that can no longer send must not wear its flash out asking (the caller
 * decides what a node with no frames left does: issue 10's epoch).
 */
import type { KeyValueStore } from "../hal/storage";
import { u24At } from "../protocol/bytes";
import { SEQ_MAX } from "../protocol/frame";

const SEQ_BLOCK = 1024;
const SEQ_KEY = "d2d.seq";

export class Sequence {
  private seq = 0;
  private limit = 0;

  constructor(private readonly storage: KeyValueStore) {}

  /** At boot: resumes at the end of the block reserved last, and reserves the next. */
  restore(): void {
    const stored = this.storage.get(SEQ_KEY);
    this.seq = stored && stored.length === 3 ? u24At(stored, 0) : 0;
    if (this.seq < SEQ_MAX) this.reserve();
  }

  /** The next number; throws, with nothing written, once all are used (SEQ_MAX itself is never sent: it marks the end in storage). */
  next(): number {
    if (this.seq >= SEQ_MAX) throw new RangeError("frame sequence numbers used up");
    if (this.seq >= this.limit) this.reserve();
    return this.seq++;
  }

  private reserve(): void {
    const limit = Math.min(SEQ_MAX, this.seq + SEQ_BLOCK);
    this.storage.set(SEQ_KEY, Uint8Array.of(limit >>> 16, limit >>> 8, limit));
    this.limit = limit;
  }
}

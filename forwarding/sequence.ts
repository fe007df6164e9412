/**
 * Sequence numbers for the frames this node sends (24 bits, SPEC §2), persisted
 * so that a reboot never reuses one: the mesh's dedup caches would take a reused
 * (src, seq) for a copy of an old frame and drop it.
 *
 * Rules: numbers are reserved in blocks of 1024 by writing the block's end to
 * storage before any number of it is used; at boot the node resumes at the end
 * of the last block reserved, skipping what it had not used. One storage write
 * per 1024 frames (flash wear), at most 1023 numbers lost per reboot.
 */
import type { KeyValueStore } from "../hal/storage";

const SEQ_BLOCK = 1024;
const SEQ_KEY = "d2d.seq";

export class Sequence {
  private seq = 0;
  private limit = 0;

  constructor(private readonly storage: KeyValueStore) {}

  /** At boot: resumes at the end of the block reserved last, and reserves the next. */
  restore(): void {
    const stored = this.storage.get(SEQ_KEY);
    this.seq = stored && stored.length === 3 ? (stored[0] << 16) | (stored[1] << 8) | stored[2] : 0;
    this.reserve();
  }

  next(): number {
    if (this.seq >= this.limit) this.reserve();
    return this.seq++;
  }

  private reserve(): void {
    const limit = Math.min(0xffffff, this.seq + SEQ_BLOCK);
    this.storage.set(SEQ_KEY, Uint8Array.of(limit >>> 16, (limit >>> 8) & 255, limit & 255));
    this.limit = limit;
  }
}

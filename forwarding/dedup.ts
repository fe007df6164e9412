/**
 * Duplicate suppression: the last `capacity` frames seen, keyed by (src, seq),
 * each with the hop count it had when first seen (a copy that comes back with
 * more hops travelled was handed back, not retransmitted).
 *
 * Fixed memory, allocated once: a ring of keys in arrival order (the oldest is
 * forgotten first) and an open-addressing hash table twice that size, all in
 * typed arrays. On XS this is about 10 bytes an entry instead of a Map's
 * several heap slots an entry.
 */
const EMPTY = -1;
const GONE = -2;


export class DedupCache {
  private readonly ring: Float64Array;
  private readonly ringHops: Uint8Array;
  private next = 0;
  private count = 0;
  private readonly keys: Float64Array;
  private readonly hopsAt: Uint8Array;
  private readonly mask: number;
  private gone = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity).fill(EMPTY);
    this.ringHops = new Uint8Array(capacity);
    let size = 8;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.hopsAt = new Uint8Array(size);
    this.mask = size - 1;
  }

  static key(src: number, seq: number): number {
    return src * 0x1000000 + seq;
  }

  /** The src of a key made by key(). */
  static src(key: number): number {
    return Math.floor(key / 0x1000000);
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  /** Hops the frame had when first seen, or undefined. */
  hops(key: number): number | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.hopsAt[i];
  }

  /**
   * Raises the hops recorded for a frame (a copy with more hops was taken back
   * and routed again: only a copy that has travelled further still counts as
   * come back). False if the frame is not here.
   */
  raiseHops(key: number, hops: number): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.hopsAt[i] = hops;
    for (let r = 0; r < this.capacity; r++) if (this.ring[r] === key) this.ringHops[r] = hops;
    return true;
  }

  /** Records key; returns false if it was already there. */
  add(key: number, hops = 0): boolean {
    if (this.find(key) >= 0) return false;
    const r = this.next, keys = this.keys;
    const old = this.ring[r];
    if (old !== EMPTY) this.remove(old);
    else this.count++;
    this.ring[r] = key;
    this.ringHops[r] = hops;
    this.next = (r + 1) % this.capacity;
    let i = this.slot(key);
    while (keys[i] >= 0) i = (i + 1) & this.mask;
    if (keys[i] === GONE) this.gone--;
    keys[i] = key;
    this.hopsAt[i] = hops;
    // Tombstones lengthen probes: rebuild from the ring before live keys and tombstones
    // together fill three quarters of the table (so a probe always meets an empty slot).
    if (this.gone > this.capacity >> 1) this.rebuild();
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of typed arrays the cache holds (allocated once, at construction). */
  get memoryBytes(): number {
    return this.ring.byteLength + this.ringHops.byteLength + this.keys.byteLength + this.hopsAt.byteLength;
  }

  private slot(key: number): number {
    const src = DedupCache.src(key), seq = key - src * 0x1000000;
    return ((Math.imul(seq, 0x9e3779b1) ^ Math.imul(src + 0x7f4a7c15, 0x85ebca6b)) >>> 0) & this.mask;
  }

  private find(key: number): number {
    let i = this.slot(key);
    for (;;) {
      const k = this.keys[i];
      if (k === key) return i;
      if (k === EMPTY) return -1;
      i = (i + 1) & this.mask;
    }
  }

  private remove(key: number): void {
    const i = this.find(key);
    if (i >= 0) {
      this.keys[i] = GONE;
      this.gone++;
    }
  }

  private rebuild(): void {
    const keys = this.keys.fill(EMPTY);
    this.gone = 0;
    for (let r = 0; r < this.capacity; r++) {
      const k = this.ring[r];
      if (k === EMPTY) continue;
      let i = this.slot(k);
      while (keys[i] !== EMPTY) i = (i + 1) & this.mask;
      keys[i] = k;
      this.hopsAt[i] = this.ringHops[r];
    }
  }
}

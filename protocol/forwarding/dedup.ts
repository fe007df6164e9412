/**
 * Duplicate suppression: the last `capacity` frames seen, keyed by (src, seq),
 * each with the hop count it had when first seen (a copy that comes back with
 * more hops travelled was handed back, not retransmitted). A ring of keys
 * plus a map: fixed memory, oldest forgotten first.
 */
export class DedupCache {
  private readonly ring: Float64Array;
  private readonly seen = new Map<number, number>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity).fill(-1);
  }

  static key(src: number, seq: number): number {
    return src * 0x1000000 + seq;
  }

  has(key: number): boolean {
    return this.seen.has(key);
  }

  /** Hops the frame had when first seen, or undefined. */
  hops(key: number): number | undefined {
    return this.seen.get(key);
  }

  /** Records key; returns false if it was already there. */
  add(key: number, hops = 0): boolean {
    if (this.seen.has(key)) return false;
    const old = this.ring[this.next];
    if (old >= 0) this.seen.delete(old);
    this.ring[this.next] = key;
    this.seen.set(key, hops);
    this.next = (this.next + 1) % this.capacity;
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * The transmit queue: one FIFO per priority class, served highest class first,
 * with a bound on the total. When full, a new frame evicts the oldest frame of
 * the least important class present that is not more important than itself:
 * bulk goes first, SOS last.
 */
export interface Outgoing {
  frame: Uint8Array;
  priority: number;
  /** (src, seq) key */
  key: number;
  /** 0 for a frame to be routed toward a gateway; else the link address (broadcast 0xFFFF) */
  linkTo: number;
  /** next hops already tried and failed for this frame; null until one fails (most frames never need it) */
  tried: number[] | null;
  attempts: number;
  /** sent by flood because no gradient was known */
  flooded: boolean;
  /** not to be sent before this time (retry backoff), ms */
  notBefore: number;
  /** flood-and-retry rounds done (life-safety and instruction frames keep custody for a few) */
  rounds: number;
}

export class PriorityQueue {
  private readonly classes: Outgoing[][] = [[], [], [], []];
  private count = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds o; returns the frame it evicted, o itself if nothing could make room, or null. */
  push(o: Outgoing): Outgoing | null {
    let evicted: Outgoing | null = null;
    if (this.count >= this.capacity) {
      for (let c = 3; c >= o.priority; c--) {
        if (this.classes[c].length > 0) {
          evicted = this.classes[c].shift() as Outgoing;
          this.count--;
          break;
        }
      }
      if (!evicted) return o;
    }
    this.classes[o.priority].push(o);
    this.count++;
    return evicted;
  }

  /** Puts a frame back at the head of its class (a retry keeps its place). */
  unshift(o: Outgoing): void {
    this.classes[o.priority].unshift(o);
    this.count++;
  }

  /** Removes and returns the first frame, highest class first, that `ready` accepts. */
  take(ready: (o: Outgoing) => boolean): Outgoing | undefined {
    for (const q of this.classes) {
      for (let i = 0; i < q.length; i++) {
        if (ready(q[i])) {
          this.count--;
          return q.splice(i, 1)[0];
        }
      }
    }
    return undefined;
  }

  find(key: number): Outgoing | undefined {
    for (const q of this.classes) for (const o of q) if (o.key === key) return o;
    return undefined;
  }

  each(fn: (o: Outgoing) => void): void {
    for (const q of this.classes) for (const o of q) fn(o);
  }

  /** The earliest notBefore among queued frames, or Infinity. */
  earliest(): number {
    let t = Infinity;
    for (const q of this.classes) for (const o of q) if (o.notBefore < t) t = o.notBefore;
    return t;
  }

  /** Removes the queued frame with this key, if any. */
  remove(key: number): Outgoing | undefined {
    for (const q of this.classes) {
      const i = q.findIndex((o) => o.key === key);
      if (i >= 0) {
        this.count--;
        return q.splice(i, 1)[0];
      }
    }
    return undefined;
  }

  byClass(): number[] {
    return this.classes.map((q) => q.length);
  }
}

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
  /** true: routed toward a gateway, next hop by next hop; false: broadcast (flooded) */
  routed: boolean;
  /** next hops already tried and failed for this frame; null until one fails (most frames never need it) */
  tried: number[] | null;
  attempts: number;
  /** not to be sent before this time (a retry's or custody round's backoff, or bulk waiting for airtime), ms */
  notBefore: number;
  /** custody rounds done: routed frames whose next hops all failed are kept, round after round */
  rounds: number;
  /** when it was queued, ms (custody across a reboot keeps the frames held longest: forwarding/custody.ts) */
  since: number;
  /**
   * the neighbour that handed it back (0: none): never tried again for this
   * frame, custody round or not — it would take our copy as a duplicate of the
   * one it gave us, acknowledge it and drop it, and the frame would be lost
   */
  back: number;
}

export class PriorityQueue {
  private readonly classes: Outgoing[][] = [[], [], [], []];
  private count = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds o, at the tail of its class or (`front`) at its head; returns the frame it evicted, o itself if nothing could make room, or null. */
  push(o: Outgoing, front = false): Outgoing | null {
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
    if (front) this.classes[o.priority].unshift(o);
    else this.classes[o.priority].push(o);
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

  /**
   * The earliest notBefore still ahead of `now` among queued frames, or
   * Infinity. Frames whose time has passed and are held all the same (no
   * route, a full next hop) must not hide a retry due later: counted, they
   * made the earliest time the past, and no wake-up was set for the retry.
   */
  earliest(now: number): number {
    let t = Infinity;
    for (const q of this.classes) for (const o of q) if (o.notBefore > now && o.notBefore < t) t = o.notBefore;
    return t;
  }

  /** Frames queued of one class. */
  ofClass(c: number): number {
    return this.classes[c].length;
  }

  byClass(): number[] {
    return this.classes.map((q) => q.length);
  }
}

/** A new queued frame, not yet tried. */
export function outgoing(frame: Uint8Array, priority: number, key: number, routed: boolean, since = 0): Outgoing {
  return { frame, priority, key, routed, tried: null, attempts: 0, notBefore: 0, rounds: 0, since, back: 0 };
}

/** What a custody round starts from: only the neighbour that handed it back stays excluded. */
export function untried(o: Outgoing): number[] | null {
  return o.back !== 0 ? [o.back] : null;
}

/** Remembers a next hop that failed (or handed the frame back) for this frame. */
export function addTried(o: Outgoing, address: number): void {
  if (!o.tried) o.tried = [address];
  else if (!o.tried.includes(address)) o.tried.push(address);
}

export function triedCount(o: Outgoing): number {
  return o.tried ? o.tried.length : 0;
}

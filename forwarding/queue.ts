/**
 * The transmit queue: one FIFO per priority class, served highest class first,
 * with two bounds on the total: a number of frames (`capacity`) and the heap
 * they cost (`budget`, bytes). When a new frame does not fit, it evicts the
 * oldest frames of the least important classes present that are not more
 * important than itself, as many as it takes: bulk goes first, SOS last.
 *
 * Why a cost: a queued frame costs its bytes plus QUEUED_FRAME_OVERHEAD of
 * XS slots (the Outgoing record, the Uint8Array and its buffer, the closures'
 * references), measured in the XS engine: 18 slots of 16 B on the ESP32 per
 * frame queued, whatever its size (tools/xs-heap-entry.ts fills a relay with
 * 250-byte frames and with SOS frames; BENCHMARKS.md shows both). A bound in
 * frames alone sized for the largest frames (48 of 250 B) held 48 SOS frames
 * of 22-28 B in under two thirds of the heap it reserves; a wave of SOS at a
 * beacon next to a gateway then evicted SOS while the rest sat empty. Bounded
 * by cost, the same heap holds 80 of them (queueFrames: forwarding/config.ts).
 *
 * A frame evicted here was already acknowledged to the neighbour that handed
 * it over, so that neighbour neither knows nor retries. In a wave of phone
 * SOS behind a lost gateway, the beacon next to the surviving gateway filled
 * with SOS frames of 1.3 callers each and evicted them (mall A, the bench's
 * first seed: 111 of the 117 SOS frames lost were evicted, 103 of them at
 * one beacon). So the relays pack phone SOS (forwarding/pack.ts): first only
 * an arrival that would evict (over the bench's offsets 0 … 7000, station A
 * then lost no caller against 2, mall A none against 3), and since
 * 2026-11-23, each entry keeping its own hops left (SPEC §4.2 hopsShort),
 * every arrival that finds phone SOS queued: the queue rarely fills, and
 * each caller crosses a hop about once (numbers in forwarding/pack.ts).
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
   * the neighbour that handed it back while our copy has no more hops than
   * the one it saw (0: none): not tried again for this frame, custody round
   * or not — it would take our copy as a duplicate of the one it gave us,
   * acknowledge it and drop it, and the frame would be lost. A copy with more
   * hops it takes back (forwarding/strategies/gradient.ts), so a neighbour
   * that was the only way on (a chain) is not shut out for good.
   */
  back: number;
  /** a packed frame this node made (forwarding/pack.ts): the only queued frame trusted to carry an arrival's phone SOS already */
  packed?: boolean;
}

/** XS heap a queued frame costs besides its bytes, on the ESP32: 18 slots of 16 B (measured, see above). */
export const QUEUED_FRAME_OVERHEAD = 288;

/** What a frame costs queued, bytes of heap. */
export function queuedCost(frame: Uint8Array): number {
  return frame.length + QUEUED_FRAME_OVERHEAD;
}

const NONE: readonly Outgoing[] = [];

export class PriorityQueue {
  private readonly classes: Outgoing[][] = [[], [], [], []];
  /** heap cost of each class's frames, bytes */
  private readonly costs = [0, 0, 0, 0];
  private count = 0;
  private used = 0;

  /** `capacity` frames and `budget` bytes of heap at most (queuedCost) */
  constructor(readonly capacity: number, readonly budget: number) {}

  get size(): number {
    return this.count;
  }

  /** heap the queued frames cost, bytes */
  get bytes(): number {
    return this.used;
  }

  /** How full, 0 … 1 (or a little over after a retry is put back): the larger of frames of `capacity` and cost of `budget`; of one class, or of all. */
  fill(c?: number): number {
    return c === undefined ? Math.max(this.count / this.capacity, this.used / this.budget) : Math.max(this.classes[c].length / this.capacity, this.costs[c] / this.budget);
  }

  /**
   * Whether a frame of `length` bytes and class `priority` fits once every
   * frame less important than it (and, with `own`, of its own class) were
   * evicted, and the queued frames `freed` were gone (a packed frame in place
   * of its parts: forwarding/pack.ts).
   */
  canTake(priority: number, length: number, own: boolean, freed: readonly Outgoing[] = NONE): boolean {
    // classes from `from` down are evictable: counted out whole
    const from = own ? priority : priority + 1;
    let n = this.count, b = this.used + length + QUEUED_FRAME_OVERHEAD;
    for (let c = from; c < 4; c++) {
      n -= this.classes[c].length;
      b -= this.costs[c];
    }
    for (const o of freed) {
      if (o.priority >= from) continue; // counted out with its class
      n--;
      b -= queuedCost(o.frame);
    }
    return n < this.capacity && b <= this.budget;
  }

  /**
   * Adds o, at the tail of its class or (`front`) at its head, evicting the
   * oldest frames of the least important classes not more important than o
   * until it fits; returns how many frames were dropped (o itself, 1, if
   * nothing it may evict makes room: then nothing is evicted).
   */
  push(o: Outgoing, front = false): number {
    if (!this.canTake(o.priority, o.frame.length, true)) return 1;
    let dropped = 0;
    // canTake: the classes from 3 down to o's make room before c passes o's
    for (let c = 3; this.count >= this.capacity || this.used + queuedCost(o.frame) > this.budget; ) {
      const q = this.classes[c];
      if (q.length > 0) {
        this.removed(q.shift() as Outgoing);
        dropped++;
      } else c--;
    }
    if (front) this.classes[o.priority].unshift(o);
    else this.classes[o.priority].push(o);
    this.added(o, 1);
    return dropped;
  }

  /** Puts a frame back at the head of its class (a retry keeps its place; the bounds may be passed by this one frame until it leaves). */
  unshift(o: Outgoing): void {
    this.classes[o.priority].unshift(o);
    this.added(o, 1);
  }

  /** Removes and returns the first frame, highest class first, that `ready` accepts. */
  take(ready: (o: Outgoing) => boolean): Outgoing | undefined {
    for (const q of this.classes) {
      for (let i = 0; i < q.length; i++) {
        if (ready(q[i])) return this.removed(q.splice(i, 1)[0]);
      }
    }
    return undefined;
  }

  /** Counts o in (1) or out (-1) of the bounds. */
  private added(o: Outgoing, k: number): void {
    const cost = k * queuedCost(o.frame);
    this.count += k;
    this.used += cost;
    this.costs[o.priority] += cost;
  }

  private removed(o: Outgoing): Outgoing {
    this.added(o, -1);
    return o;
  }

  /** Takes out of class c, oldest first, every frame `take` says yes to. */
  drain(c: number, take: (o: Outgoing) => boolean): void {
    const q = this.classes[c];
    for (let i = 0; i < q.length; i++) if (take(q[i])) this.removed(q.splice(i--, 1)[0]);
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

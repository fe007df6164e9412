/**
 * Virtual time for a whole simulation: a binary heap of events ordered by
 * (time, insertion order), so a run is deterministic. Nothing waits on the
 * wall clock: run() jumps from event to event.
 *
 * Layout (the simulator runs millions of events): an event lives in a slot of
 * parallel typed arrays (its time, its insertion number, its owner) and an
 * array of callbacks; the heap orders slot numbers and compares times and
 * insertion numbers read from the typed arrays, with no object per event. A
 * handle (what at() returns, for cancel()) is the slot and the slot's
 * generation, bumped each time the slot is given back, so an old handle
 * never cancels a later event that reuses its slot (a slot is retired for
 * good before its generation could overflow). Cancelling only marks the
 * event; it leaves the heap when its turn comes, as before.
 *
 * Owners: an event scheduled with an owner (newOwner(): a simulated beacon's
 * clock, hal/sim/clock.ts) can be cancelled with all of that owner's pending
 * events at once (cancelOwned: power lost), so the clock keeps no table of
 * its timers.
 *
 * Runs inside XS too (the XS lanes bundle it): plain TypeScript, no Node.
 */
const SLOT_BITS = 2 ** 24;
/** generations kept below this, so a handle stays an exact integer (< 2^53) */
const MAX_GENERATION = 2 ** 28;

export type ScheduledEvent = number;

export class Scheduler {
  private t = new Float64Array(256);
  private seqOf = new Float64Array(256);
  private ownerOf = new Int32Array(256);
  private gen = new Int32Array(256);
  private fns: ((() => void) | null)[] = [];
  private heap = new Int32Array(256);
  private size = 0;
  /** slots given back, for reuse */
  private free: number[] = [];
  /** slots in use or free so far */
  private slots = 0;
  private seq = 0;
  private owners = 0;
  private time = 0;
  /** events run so far */
  executed = 0;

  now(): number {
    return this.time;
  }

  /** Runs fn at now + delay (ms); returns a handle for cancel(). `owner`: from newOwner(), for cancelOwned(). */
  at(delay: number, fn: () => void, owner = 0): ScheduledEvent {
    const s = this.slot();
    const t = this.time + Math.max(0, delay), seq = this.seq++;
    this.t[s] = t;
    this.seqOf[s] = seq;
    this.ownerOf[s] = owner;
    this.fns[s] = fn;
    // sift up
    const h = this.heap, ts = this.t, ss = this.seqOf;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1, q = h[p];
      if (ts[q] < t || (ts[q] === t && ss[q] < seq)) break;
      h[i] = q;
      i = p;
    }
    h[i] = s;
    return this.gen[s] * SLOT_BITS + s;
  }

  /** Cancels the event if it is still pending (a handle of an event run or cancelled already does nothing). */
  cancel(e: ScheduledEvent): void {
    const s = e % SLOT_BITS;
    if (s < this.slots && this.gen[s] === (e - s) / SLOT_BITS) this.fns[s] = null;
  }

  /** A new owner number (never 0) for at()'s `owner`. */
  newOwner(): number {
    return ++this.owners;
  }

  /** Cancels every pending event of `owner`. */
  cancelOwned(owner: number): void {
    const h = this.heap, own = this.ownerOf, fns = this.fns;
    for (let i = 0; i < this.size; i++) if (own[h[i]] === owner) fns[h[i]] = null;
  }

  /** Runs the next live event if it is due by `until`; false when there is none. */
  step(until: number): boolean {
    const ts = this.t;
    while (this.size > 0 && ts[this.heap[0]] <= until) {
      const s = this.pop();
      const fn = this.fns[s];
      const t = ts[s];
      this.release(s);
      if (fn === null) continue;
      this.time = t;
      this.executed++;
      fn();
      return true;
    }
    if (this.time < until) this.time = until;
    return false;
  }

  /** Runs events until the queue is empty or the next one is after `until`. */
  run(until: number): void {
    while (this.step(until));
  }

  /** A free slot (the arrays grow by doubling). */
  private slot(): number {
    const f = this.free.pop();
    if (f !== undefined) return f;
    const s = this.slots++;
    if (s === this.t.length) {
      const n = s * 2;
      this.t = grow(this.t, new Float64Array(n));
      this.seqOf = grow(this.seqOf, new Float64Array(n));
      this.ownerOf = grow(this.ownerOf, new Int32Array(n));
      this.gen = grow(this.gen, new Int32Array(n));
      this.heap = grow(this.heap, new Int32Array(n));
    }
    if (s >= SLOT_BITS) throw new Error("scheduler: too many pending events");
    return s;
  }

  /** Gives a slot back: its handle is void from now on. */
  private release(s: number): void {
    this.fns[s] = null;
    if (++this.gen[s] < MAX_GENERATION) this.free.push(s);
  }

  private pop(): number {
    const h = this.heap, ts = this.t, ss = this.seqOf;
    const top = h[0];
    const n = --this.size;
    if (n > 0) {
      const last = h[n], lt = ts[last], ls = ss[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i, mt = lt, ms = ls;
        if (l < n) {
          const c = h[l], ct = ts[c];
          if (ct < mt || (ct === mt && ss[c] < ms)) { m = l; mt = ct; ms = ss[c]; }
        }
        if (r < n) {
          const c = h[r], ct = ts[c];
          if (ct < mt || (ct === mt && ss[c] < ms)) m = r;
        }
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

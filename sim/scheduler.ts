/**
 * Virtual time for a whole simulation: a binary heap of events ordered by
 * (time, insertion order), so a run is deterministic. Nothing waits on the
 * wall clock: run() jumps from event to event.
 */
interface Event {
  t: number;
  seq: number;
  fn: () => void;
  live: boolean;
}

export class Scheduler {
  private heap: Event[] = [];
  private seq = 0;
  private time = 0;
  /** events run so far */
  executed = 0;

  now(): number {
    return this.time;
  }

  /** Runs fn at now + delay (ms); returns a handle for cancel(). */
  at(delay: number, fn: () => void): Event {
    const e: Event = { t: this.time + Math.max(0, delay), seq: this.seq++, fn, live: true };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
    return e;
  }

  cancel(e: Event): void {
    e.live = false;
  }

  /** Runs the next live event if it is due by `until`; false when there is none. */
  step(until: number): boolean {
    const h = this.heap;
    while (h.length > 0 && h[0].t <= until) {
      const e = this.pop();
      if (!e.live) continue;
      this.time = e.t;
      this.executed++;
      e.fn();
      return true;
    }
    if (this.time < until) this.time = until;
    return false;
  }

  /** Runs events until the queue is empty or the next one is after `until`. */
  run(until: number): void {
    while (this.step(until));
  }

  private pop(): Event {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Event;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        let best = last;
        if (l < n && before(h[l], best)) { m = l; best = h[l]; }
        if (r < n && before(h[r], best)) { m = r; best = h[r]; }
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Event, b: Event): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export type ScheduledEvent = ReturnType<Scheduler["at"]>;

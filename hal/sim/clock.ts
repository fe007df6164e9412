/** A node's Clock over the shared virtual time; all its timers go when the node is powered off. */
import type { Clock, TimerId } from "../clock";

/** The virtual time a simulated clock runs on (the simulator's event scheduler provides it). */
export interface VirtualTime<Event = unknown> {
  now(): number;
  /** runs `fn` after `delayMs` of virtual time; the handle cancels it */
  at(delayMs: number, fn: () => void): Event;
  cancel(event: Event): void;
}

export class SimClock<Event = unknown> implements Clock {
  private readonly timers = new Map<TimerId, Event>();
  private nextId = 1;

  constructor(private readonly scheduler: VirtualTime<Event>) {}

  now(): number {
    return this.scheduler.now();
  }

  setTimeout(callback: () => void, ms: number): TimerId {
    const id = this.nextId++;
    const ev = this.scheduler.at(ms, () => {
      this.timers.delete(id);
      callback();
    });
    this.timers.set(id, ev);
    return id;
  }

  clearTimeout(id: TimerId): void {
    const ev = this.timers.get(id);
    if (ev) {
      this.scheduler.cancel(ev);
      this.timers.delete(id);
    }
  }

  /** Power off: every pending timer is dropped. */
  clearAll(): void {
    for (const ev of this.timers.values()) this.scheduler.cancel(ev);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}

/**
 * A node's Clock over the shared virtual time; all its timers go when the node
 * is powered off.
 *
 * When the virtual time has owners (sim/scheduler.ts: newOwner, cancelOwned),
 * a timer is the scheduler's event itself (its id is the event's handle + 1,
 * never 0) and power-off cancels the owner's events: no table of timers, no
 * wrapper per timer. Otherwise (the XS bridge's time) the clock keeps its
 * timers in a table, as it always did.
 */
import type { Clock, TimerId } from "../clock";

/** The virtual time a simulated clock runs on (the simulator's event scheduler provides it). */
export interface VirtualTime<Event = unknown> {
  now(): number;
  /** runs `fn` after `delayMs` of virtual time; the handle cancels it; `owner` (from newOwner) groups it for cancelOwned */
  at(delayMs: number, fn: () => void, owner?: number): Event;
  cancel(event: Event): void;
  /** a new owner number (never 0), if this time can cancel by owner */
  newOwner?(): number;
  /** cancels every pending event scheduled with `owner` */
  cancelOwned?(owner: number): void;
}

export class SimClock<Event = unknown> implements Clock {
  private readonly timers = new Map<TimerId, Event>();
  private nextId = 1;
  /** this clock's owner number on the virtual time (0: it has none; the table is used) */
  private readonly owner: number;

  constructor(private readonly scheduler: VirtualTime<Event>) {
    this.owner = scheduler.newOwner && scheduler.cancelOwned ? scheduler.newOwner() : 0;
  }

  now(): number {
    return this.scheduler.now();
  }

  setTimeout(callback: () => void, ms: number): TimerId {
    if (this.owner !== 0) return (this.scheduler.at(ms, callback, this.owner) as number) + 1;
    const id = this.nextId++;
    const ev = this.scheduler.at(ms, () => {
      this.timers.delete(id);
      callback();
    });
    this.timers.set(id, ev);
    return id;
  }

  clearTimeout(id: TimerId): void {
    if (this.owner !== 0) {
      if (id > 0) this.scheduler.cancel((id - 1) as Event);
      return;
    }
    const ev = this.timers.get(id);
    if (ev) {
      this.scheduler.cancel(ev);
      this.timers.delete(id);
    }
  }

  /** Power off: every pending timer is dropped. */
  clearAll(): void {
    if (this.owner !== 0) {
      this.scheduler.cancelOwned?.(this.owner);
      return;
    }
    for (const ev of this.timers.values()) this.scheduler.cancel(ev);
    this.timers.clear();
  }
}

/** Clock over Moddable's Timer. */
import Timer from "timer";
import type { Clock, TimerId } from "../clock";

export class ModdableClock implements Clock {
  private readonly timers = new Map<TimerId, Timer>();
  private next = 1;
  private readonly start = Date.now();

  now(): number {
    return Date.now() - this.start;
  }

  setTimeout(callback: () => void, ms: number): TimerId {
    const id = this.next++;
    this.timers.set(id, Timer.set(() => {
      this.timers.delete(id);
      callback();
    }, Math.max(0, Math.round(ms))));
    return id;
  }

  clearTimeout(id: TimerId): void {
    const t = this.timers.get(id);
    if (t) {
      Timer.clear(t);
      this.timers.delete(id);
    }
  }
}

/**
 * Clock over Moddable's Timer, with monotonic time from Time.ticks (see
 * ./monotonic: the tick counter wraps; Date.now() is wall-clock time and can
 * jump, so it is not used).
 */
import Time from "time";
import Timer from "timer";
import type { Clock, TimerId } from "../clock";
import { Monotonic } from "./monotonic";

/** Read the tick counter at least this often so a wrap (every 2^32 ms) is never missed. */
const KEEPALIVE_MS = 3_600_000;

export class ModdableClock implements Clock {
  private readonly timers = new Map<TimerId, Timer>();
  private next = 1;
  private readonly ticks = new Monotonic(() => Time.ticks);

  constructor() {
    Timer.repeat(() => this.ticks.now(), KEEPALIVE_MS);
  }

  now(): number {
    return this.ticks.now();
  }

  setTimeout(callback: () => void, ms: number): TimerId {
    const id = this.next++;
    this.timers.set(id, Timer.set(() => {
      this.timers.delete(id);
      callback();
    }, Math.max(0, Math.ceil(ms))));
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

/** Monotonic time and one-shot timers (Moddable `Timer` on the device). */
export type TimerId = number;

export interface Clock {
  /** milliseconds since boot, fractional allowed */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

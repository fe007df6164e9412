/**
 * Monotonic milliseconds from a wrapping 32-bit tick counter. Moddable's
 * Time.ticks on the ESP32 (modules/base/time/esp/modTime.c, Moddable SDK 8.2.x)
 * is modMilliseconds(), the FreeRTOS tick count in ms, handed to XS as a
 * signed 32-bit integer: it wraps every 2^32 ms (49.7 days) and reads negative
 * past 2^31 ms (24.9 days). Each reading adds the unsigned 32-bit difference
 * from the previous one, so the result never goes back and does not move with
 * wall-clock changes (Date.now() does, after SNTP or Time.set). It must be read
 * at least once every 49 days; ModdableClock reads it hourly.
 */
export class Monotonic {
  private last: number;
  private elapsed: number;

  constructor(private readonly ticks: () => number) {
    this.last = ticks() >>> 0;
    this.elapsed = this.last;
  }

  /** milliseconds since the tick counter started (boot), never decreasing */
  now(): number {
    const t = this.ticks() >>> 0;
    this.elapsed += (t - this.last) >>> 0;
    this.last = t;
    return this.elapsed;
  }
}

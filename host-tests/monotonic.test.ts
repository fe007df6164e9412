import test from "ava";
import { Monotonic } from "../hal/moddable/monotonic";

/** Time.ticks as XS sees it on the ESP32: a uint32 millisecond counter set as a signed 32-bit integer. */
const asXsInteger = (ms: number) => (ms % 2 ** 32) | 0;

test("the device clock never goes back across the signed (2^31 ms) and unsigned (2^32 ms) wraps of Time.ticks", (t) => {
  let ms = 2 ** 31 - 1500;
  const clock = new Monotonic(() => asXsInteger(ms));
  const start = clock.now();
  t.is(start, 2 ** 31 - 1500);
  const seen: number[] = [];
  for (const step of [1000, 1000, 1000, 2 ** 31 - 3000, 1000, 1000, 1000]) {
    ms += step;
    seen.push(clock.now());
  }
  for (let i = 1; i < seen.length; i++) t.true(seen[i] > seen[i - 1], `reading ${i}`);
  t.is(seen[seen.length - 1] - start, ms - (2 ** 31 - 1500));
  t.true(ms > 2 ** 32);
});

test("reading it twice without a tick passing gives the same time", (t) => {
  const clock = new Monotonic(() => -5);
  t.is(clock.now(), clock.now());
});

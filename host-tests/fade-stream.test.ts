/**
 * The fading draws' numbers (sim/fade-stream.ts, sim/fading.ts Fader.fill):
 * the same draws as one SeededRandom drawn hearer by hearer (Fader.draw),
 * whether this thread or the worker computes them.
 */
import test from "ava";
import { SeededRandom, numberAt } from "../hal/sim/random";
import { FadeStream } from "../sim/fade-stream";
import { FADING_KINDS, Fader } from "../sim/fading";

test("numberAt(state, i) is the generator's (i + 1)-th number, from any state", (t) => {
  for (const seed of [0, 1, -1, 0x7fffffff, 123456789, 0xfade ^ 77]) {
    const r = new SeededRandom(seed);
    r.next();
    const state = r.state;
    for (let i = 0; i < 2000; i++) t.is(numberAt(state, i), r.next(), `seed ${seed}, number ${i}`);
  }
  // far along the stream (the counter wraps modulo 2^32)
  const r = new SeededRandom(9);
  for (let i = 0; i < 5; i++) r.next();
  t.is(numberAt(new SeededRandom(9).state, 2 ** 32 + 5), r.next());
});

/** Frames of n hearers, each link line of sight or not, some with a fixed draw; the draws as Fader.draw gives them. */
function frames(kind: (typeof FADING_KINDS)[number], seed: number, count: number) {
  const fader = new Fader(kind, 6);
  const rand = new SeededRandom(seed);
  const shape = new SeededRandom(seed + 1);
  const out: { los: Uint8Array; fixedAt: number; want: Float64Array }[] = [];
  for (let f = 0; f < count; f++) {
    const n = 1 + Math.floor(shape.next() * 300);
    const los = Uint8Array.from({ length: n }, () => (shape.next() < 0.6 ? 1 : 0));
    const fixedAt = shape.next() < 0.3 ? Math.floor(shape.next() * n) : -1;
    const want = Float64Array.from({ length: n }, (_, k) => (k === fixedAt ? 0.5 : fader.draw(los[k], rand)));
    out.push({ los, fixedAt, want });
  }
  return { fader, state: new SeededRandom(seed).state, out };
}

test("Fader.fill from a stream on this thread draws what Fader.draw draws, hearer by hearer", (t) => {
  for (const kind of FADING_KINDS) {
    const { fader, state, out } = frames(kind, 31, 300);
    const stream = new FadeStream(state, false);
    t.false(stream.threaded);
    for (const { los, fixedAt, want } of out) {
      const got = new Float64Array(los.length);
      fader.fill(got, los, los.reduce((c, x) => c + x, 0), los.length, stream, fixedAt, 0.5);
      t.deepEqual(got, want, kind);
    }
  }
});

test("with the worker ahead, the same draws (its numbers are this thread's, to the bit)", async (t) => {
  for (const kind of ["rayleigh", "rician"] as const) {
    const { fader, state, out } = frames(kind, 77, 600);
    const stream = new FadeStream(state, true);
    t.true(stream.threaded);
    t.is(stream.produced, 0, "no worker before the first take");
    t.is(stream.take(0), 0);
    // let the worker fill its ring: what follows reads its numbers, not this thread's
    for (let i = 0; i < 500 && stream.produced < 60_000; i++) await new Promise((r) => setTimeout(r, 10));
    t.true(stream.produced >= 60_000, `the worker computed ${stream.produced} numbers`);
    let fromWorker = 0;
    for (const { los, fixedAt, want } of out) {
      // what the next take will be: count the frames read from the worker's ring
      const count = los.length + (kind === "rician" ? los.reduce((c, x) => c + x, 0) : 0) - (fixedAt < 0 ? 0 : kind === "rician" && los[fixedAt] === 1 ? 2 : 1);
      if (stream.has(stream.take(0), count)) fromWorker++;
      const got = new Float64Array(los.length);
      fader.fill(got, los, los.reduce((c, x) => c + x, 0), los.length, stream, fixedAt, 0.5);
      t.deepEqual(got, want, kind);
    }
    t.true(fromWorker > 200, `${fromWorker} of 600 frames read from the worker's ring`);
  }
});

/**
 * The numbers behind the medium's fading draws (sim/fading.ts Fader.fill),
 * computed ahead on a second thread when the site is large.
 *
 * Rules: the fading draws have a random stream of their own (sim/medium.ts),
 * one mulberry32 stream (hal/sim/random.ts) that nothing else reads, so its
 * i-th number u_i is a function of the stream's first state and i alone
 * (numberAt). A draw needs two things of a number: −ln max(u, 1e-300) (a
 * Rayleigh draw, and the radius of a Rician one) and cos(2π·u) (a Rician
 * draw's phase, from the number after its radius's). This file hands them out
 * in stream order, index by index, as `log` and `cos` of a ring: a worker
 * thread computes both for every number ahead of the medium; a frame whose
 * numbers it has not reached yet the medium draws itself from numberAt,
 * with the same expressions (and only the logarithm or cosine it needs).
 * The values are the same bits whoever computes them, so the draws, and the
 * run, are the same with or without the worker, whatever the threads' timing:
 * the worker only moves the logarithms and cosines (a sixth of a large run's
 * time) to another core.
 *
 * The worker: started at the first draw of a medium of at least
 * WORKER_MIN_STATIONS stations (D2D_FADE_WORKER=0 never starts it, =1 always
 * does; a medium that never sends costs no thread); it stays at most RING
 * numbers ahead of what the medium has taken, sleeps while the ring is full,
 * and exits after IDLE_EXIT_MS of wall time without the medium taking a
 * number (the medium then computes the rest itself). It never keeps the
 * process alive (unref). Node only (worker_threads, SharedArrayBuffer).
 */
import { Worker } from "node:worker_threads";

export const WORKER_MIN_STATIONS = 100;
/** numbers in the ring (a power of two) */
const RING = 1 << 16;
const IDLE_EXIT_MS = 5000;
/** how often the worker is told what was taken, in numbers (far below RING) */
const PUBLISH = 4096;

/** The worker, as source: numberAt's arithmetic and the two values, written out (a test compares it with numberAt). */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { sab, state, ring, idleExitMs } = workerData;
const ctl = new BigInt64Array(sab, 0, 2); // [0] numbers produced (all below are in the ring), [1] numbers taken
const log = new Float64Array(sab, 16, ring), cos = new Float64Array(sab, 16 + 8 * ring, ring);
const mask = ring - 1, CHUNK = 1024, STEP = 0x6d2b79f5;
let next = 0, idle = 0;
for (;;) {
  const taken = Number(Atomics.load(ctl, 1));
  if (next < taken) next = taken;
  if (next + CHUNK > taken + ring) {
    if (Atomics.wait(ctl, 1, BigInt(taken), 2) === "timed-out" && (idle += 2) >= idleExitMs) break;
    continue;
  }
  idle = 0;
  let c = (state + Math.imul(next % 4294967296, STEP)) | 0;
  for (let k = 0; k < CHUNK; k++, next++) {
    c = (c + STEP) | 0;
    let t = Math.imul(c ^ (c >>> 15), c | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    log[next & mask] = -Math.log(Math.max(u, 1e-300));
    cos[next & mask] = Math.cos(2 * Math.PI * u);
  }
  Atomics.store(ctl, 0, BigInt(next));
}
`;

/** Whether a medium of `stations` stations computes its fading numbers on a worker. */
export function wantsWorker(stations: number): boolean {
  const env = typeof process !== "undefined" ? process.env.D2D_FADE_WORKER : undefined;
  if (env === "0") return false;
  if (env === "1") return true;
  return stations >= WORKER_MIN_STATIONS;
}

export class FadeStream {
  /** per number, by index & mask: −ln max(u, 1e-300) and cos(2π·u) (empty until the worker starts) */
  log: Float64Array<ArrayBufferLike> = new Float64Array(0);
  cos: Float64Array<ArrayBufferLike> = new Float64Array(0);
  readonly mask = RING - 1;
  /** the index of the next number to hand out */
  private next = 0;
  private ctl: BigInt64Array<ArrayBufferLike> = new BigInt64Array(2);
  /** numbers known to be in the ring (all below this index) */
  private inRing = 0;
  /** numbers taken, as last told to the worker */
  private told = 0;
  private worker: Worker | null = null;

  /** `ahead`: start a worker at the first take() (a medium that never sends costs no thread). */
  constructor(readonly state: number, private ahead: boolean) {}

  /** Whether a worker computes ahead, or will from the first take(). */
  get threaded(): boolean {
    return this.ahead || this.worker !== null;
  }

  /** How many numbers the worker has computed so far (0 without one): for the tests. */
  get produced(): number {
    return this.worker === null ? 0 : Number(Atomics.load(this.ctl, 0));
  }

  /**
   * Takes the next `count` numbers: returns the index of the first. Whether
   * the ring holds them all (has()) is up to the worker; if it does not, the
   * caller computes them itself from numberAt(state, i), with the same
   * expressions (sim/fading.ts).
   */
  take(count: number): number {
    if (this.ahead) this.start();
    const first = this.next;
    this.next = first + count;
    // Told every PUBLISH numbers (the worker may then run ahead to what was taken + RING, never over what is taken now).
    if (this.worker !== null && first - this.told >= PUBLISH) {
      this.told = first;
      Atomics.store(this.ctl, 1, BigInt(first));
    }
    return first;
  }

  /** The worker and its ring (the ring only with a worker: without one, has() is always false and nothing reads it). */
  private start(): void {
    this.ahead = false;
    const sab = new SharedArrayBuffer(16 + 16 * RING);
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, state: this.state, ring: RING, idleExitMs: IDLE_EXIT_MS } });
      worker.unref();
      // A worker that fails leaves the numbers to this thread: the same values.
      worker.on("error", () => {});
      this.worker = worker;
      this.ctl = new BigInt64Array(sab, 0, 2);
      this.log = new Float64Array(sab, 16, RING);
      this.cos = new Float64Array(sab, 16 + 8 * RING, RING);
    } catch {
      this.worker = null;
    }
  }

  /** Whether the ring holds numbers [first, first + count) of a take() (log[i & mask], cos[i & mask]) until the next take. */
  has(first: number, count: number): boolean {
    const end = first + count;
    if (end > this.inRing && this.worker !== null) this.inRing = Number(Atomics.load(this.ctl, 0));
    return end <= this.inRing;
  }
}

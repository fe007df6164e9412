/**
 * Responder orders carried to every connected beacon, reliably: each order a
 * beacon holds is re-broadcast on its own Trickle timer (forwarding/trickle.ts,
 * RFC 6206), instead of being flooded once and hoped for.
 *
 * Rules:
 * - A beacon holds the last ORDER_SLOTS orders it originated or received (the
 *   oldest is forgotten first), each as the frame it relays (one hop more).
 * - Each held order has a Trickle timer, Imin = ORDER_IMIN_MS, Imax =
 *   ORDER_IMAX_MS, redundancy k = `floodRedundancy`: in each interval the
 *   order is broadcast once at a random point of its second half, unless k
 *   copies of it were heard first (a neighbourhood where every beacon has it
 *   stays quiet: one broadcast from each of k beacons per interval at most).
 * - An inconsistency resets every held order's timer to ORDER_RESET_MS: a
 *   neighbour this beacon did not know appears (a beacon booted, or a cut
 *   healed; it may have missed the order), or a neighbour's HELLO says a
 *   digest of the orders it holds (digest(), SPEC §4.1) other than this
 *   beacon's: RFC 6206's summary, without which a beacon at the edge of an
 *   order's spread repeated it once a minute at Imax to a neighbour that had
 *   never heard it (tunnel B: the far half of the chain never got an order
 *   given two minutes before the end). Each held order is sent early so at
 *   most ORDER_NUDGES times: digests can disagree for good (two beacons
 *   that evicted different orders, one that took an order late and holds
 *   it after its neighbours let it go, one that got it at hop limit 0 and
 *   does not hold it), and a reset on every HELLO of such a neighbour sent
 *   an order every 2–4 s for its whole life instead of once a minute.
 *   ORDER_RESET_MS, not Imin: a newcomer is not an emergency of
 *   milliseconds, and in a dense site many beacons hear it at once — over a second their copies are heard and k of them silence the
 *   rest, where 50–100 ms windows would only collide. A new order starts at
 *   Imin by itself.
 * - An order is kept until ORDER_TTL_MS after it was first heard; then its
 *   timer stops and its slot is free (responders repeat what still holds).
 *   A copy of an order held, or of one over (the last DONE_MEMORY), is never
 *   taken as new, even when the dedup cache has forgotten it: otherwise each
 *   late repeat would start it again, one hop further, for another TTL.
 *
 * Timings: Imin 100 ms lets a new order cross a hop in 50–100 ms (one 47-byte
 * frame is 0.8 ms on air: the window leaves room for the k copies and their
 * contention); Imax 60 s keeps a held order's cost below one frame a minute
 * per beacon once everything is consistent; the TTL of 10 minutes covers the
 * phase of an incident an order is meant for. Engineering choices, measured
 * by the benchmark (BENCHMARKS.md: order coverage and transmissions).
 */
import type { RouterConfig } from "./config";
import type { Hal } from "../hal/index";
import type { Transmitter } from "./transmit";
import { Trickle } from "./trickle";

export const ORDER_SLOTS = 4;
const ORDER_IMIN_MS = 100;
const ORDER_IMAX_MS = 60_000;
const ORDER_TTL_MS = 600_000;
const ORDER_RESET_MS = 2000;
/** Early sends of one held order, by inconsistencies, over its life: on a link that delivers a third of the frames, 8 tries miss 1 time in 25 */
const ORDER_NUDGES = 8;
/** Orders remembered as over: a neighbour may repeat one for as long as its own TTL runs. */
const DONE_MEMORY = 16;

interface HeldOrder {
  key: number;
  trickle: Trickle;
  expires: number;
  /** early sends an inconsistency bought it so far (at most ORDER_NUDGES) */
  nudges: number;
}

export class Dissemination {
  private readonly held: HeldOrder[] = [];
  /** keys of orders whose time ran out (or were pushed out), so a late copy is not taken as new */
  private readonly done: number[] = [];

  constructor(private readonly cfg: RouterConfig, private readonly hal: Hal, private readonly tx: Transmitter) {}

  /** A new order (originated here, or a relay copy of one heard): held, and broadcast on its timer. */
  hold(frame: Uint8Array, priority: number, key: number): void {
    this.expire();
    // Already held (its dedup entry was pushed out by other traffic) or over: a copy, not news.
    for (const o of this.held) if (o.key === key) return o.trickle.consistent();
    if (this.done.includes(key)) return;
    if (this.held.length >= ORDER_SLOTS) this.drop(this.held[0]);
    const clock = this.hal.clock;
    const trickle = new Trickle(clock, this.hal.random, ORDER_IMIN_MS, ORDER_IMAX_MS, this.cfg.floodRedundancy, () => {
      if (clock.now() < o.expires) this.tx.enqueue(frame, priority, key, false);
      else this.drop(o);
    });
    const o: HeldOrder = { key, trickle, expires: clock.now() + ORDER_TTL_MS, nudges: 0 };
    this.held.push(o);
    trickle.start();
  }

  /** A copy of an order heard: consistent, if it is one this beacon holds. */
  heard(key: number): void {
    for (const o of this.held) if (o.key === key) o.trickle.consistent();
  }

  /** Something suggests a neighbour may lack what this beacon holds. */
  inconsistent(): void {
    // (a reset that changes nothing, the timer already that short, spends no nudge)
    for (const o of this.held) if (o.nudges < ORDER_NUDGES && o.trickle.reset(ORDER_RESET_MS)) o.nudges++;
  }

  get size(): number {
    return this.held.length;
  }

  /**
   * What this beacon's HELLOs say of the orders it holds (SPEC §4.1): the
   * XOR over them of their frame's src and seq, low 8 bits. Two neighbours
   * holding the same orders say the same; one lacking an order says
   * otherwise, and each that hears it resets its held orders' timers (one
   * in 256 differences goes unseen: Trickle's own repeats cover it).
   */
  digest(): number {
    this.expire();
    let d = 0;
    // (key = src × 2^24 + seq: its low 32 bits are seq and src's low byte; key / 2^24 truncated is src)
    for (const o of this.held) d ^= o.key ^ (o.key / 0x1000000);
    return d & 0xff;
  }

  private expire(): void {
    const now = this.hal.clock.now();
    for (let i = this.held.length - 1; i >= 0; i--) if (this.held[i].expires <= now) this.drop(this.held[i]);
  }

  private drop(o: HeldOrder): void {
    o.trickle.stop();
    const i = this.held.indexOf(o);
    if (i >= 0) this.held.splice(i, 1);
    this.done.push(o.key);
    if (this.done.length > DONE_MEMORY) this.done.shift();
  }
}

/**
 * Transmit scheduling: one frame on the air at a time, taken from the priority
 * queue (forwarding/queue.ts), with custody, retries and the airtime budget.
 *
 * Rules, in the order decide() applies them to a queued frame:
 * - bulk waits while the airtime budget cannot pay for it (forwarding/airtime.ts);
 * - a broadcast frame goes out as it is (a flood relay, an order, a baseline's frame);
 * - a routed frame goes to the best eligible next hop not yet tried for it,
 *   at most `maxCandidates` of them (forwarding/discovery.ts chooses; eligible:
 *   downhill, near enough a gateway for the hop limit the frame has left, not
 *   busy, and for bulk not full; a feasible one, in Babel's sense, first);
 * - custody: when a route exists but the frame's next hops all failed
 *   (congestion, a dying neighbour), it is kept and tried again along the
 *   gradient after a backoff, round after round, as long as it stays queued;
 * - otherwise (no route, or none within its hop limit) it waits in the queue:
 *   store and forward, until a new route releases it. Routed frames are never
 *   flooded: a flood is no proof of delivery, and floods of frames that cannot
 *   find a way wander the site until their hop limit kills them.
 * The queue's bound and its eviction order (bulk first, SOS last) are what
 * ends a frame that never finds a way. A unicast not acknowledged is retried
 * `retries` times, then the next candidate takes over; the neighbour is told
 * (forwarding/discovery.ts judges link death). HELLOs go ahead of the queue
 * but never interrupt a transmission.
 *
 * Timings (engineering choices, measured by the benchmark, not derived):
 * backoffs are random exponential, base × (1 … 2) × 2^min(n, cap) ms, so that
 * retries spread out of the collision that caused them — base 2 ms between
 * retries to one next hop (cap 5: a full 250-byte frame is 2.5 ms on air),
 * 10 ms before a custody round (cap 8: at most 5.1 s between rounds while
 * every way fails, e.g. in a jammed zone, so a held frame costs little air).
 * A HELLO that finds the radio busy goes as soon as the frame on the air is
 * done, before the next queued frame (it used to try again 5–15 ms later,
 * and lost the radio to the queue each time: under load, HELLOs starved for
 * seconds and neighbours learnt of a dead parent, or a busy one, too late).
 */
import type { Hal } from "../hal/index";
import { LINK_BROADCAST } from "../hal/radio";
import { Priority } from "../protocol/frame";
import { AirtimeBudget, airtimeMs } from "./airtime";
import type { RouterConfig, RouterStats } from "./config";
import type { Route } from "./neighbours";
import { type Outgoing, type PriorityQueue, addTried, outgoing, triedCount, untried } from "./queue";

/** What to do with a queued frame now. */
export type Decision =
  /** it stays queued: no way on yet (store and forward), or bulk waiting for airtime */
  | { readonly kind: "hold" }
  /** unicast to this next hop, acknowledged at the link layer */
  | { readonly kind: "next-hop"; readonly to: number }
  /** broadcast: a flood relay, an order, a claim, a baseline's frame */
  | { readonly kind: "broadcast" }
  /** kept: another round along the gradient after a backoff */
  | { readonly kind: "custody" };

const HOLD: Decision = { kind: "hold" };
const BROADCAST: Decision = { kind: "broadcast" };
const CUSTODY: Decision = { kind: "custody" };

/** Backoff caps (powers of two): retries to one next hop, custody rounds. */
const RETRY_CAP = 5;
const CUSTODY_CAP = 8;
/** control frames waiting at once: a broadcast HELLO and a probe, and room for a third */
const CONTROL_WAITING = 3;

/** What transmit scheduling needs of the gradient (forwarding/discovery.ts implements it). */
export interface NextHops {
  /** neighbours known */
  readonly size: number;
  /** the route now, moving the parent: one of the gradient's update points */
  update(): Route | null;
  /** the best feasible next hop for a frame, none of `tried`, at most `hopBudget` hops from a gateway */
  nextHop(own: Route, tried: readonly number[] | null, hopBudget: number, bulk: boolean): number | undefined;
  /** a unicast to `to` was acknowledged */
  acked(to: number): void;
  /** a unicast to `to` was not */
  unanswered(to: number): void;
  /** `to` failed a frame through all its retries */
  gaveUp(to: number): void;
  /** how full the queue is (0 … 1, PriorityQueue.fill) of life-safety frames, and of all (backpressure: forwarding/discovery.ts) */
  load(lifeSafety: number, total: number): void;
}

export class Transmitter {
  private busy = false;
  /** the frame on the air now, out of the queue until its send completes */
  private inFlight: Outgoing | null = null;
  private started = false;
  private wakeTimer = 0;
  private wakeTime = 0;
  /** control frames waiting for the radio (forwarding/discovery.ts's HELLOs and probes) */
  private readonly controls: { to: number; frame: Uint8Array; done: (acked: boolean) => void }[] = [];
  private readonly budget: AirtimeBudget;

  constructor(
    private readonly cfg: RouterConfig,
    private readonly hal: Hal,
    private readonly stats: RouterStats,
    readonly queue: PriorityQueue,
    private readonly hops: NextHops,
  ) {
    this.budget = new AirtimeBudget(cfg.bulkAirtimeShare);
  }

  /** virtual or real time, ms (hal/clock.ts) */
  private now(): number {
    return this.hal.clock.now();
  }

  start(): void {
    this.started = true;
    this.budget.start(this.now());
  }

  /** `packed`: a packed frame of this node's (forwarding/pack.ts), marked so on its Outgoing. */
  enqueue(frame: Uint8Array, priority: number, key: number, routed: boolean, packed = false): void {
    const o = outgoing(frame, priority, key, routed, this.now());
    if (packed) o.packed = true;
    this.push(o);
  }

  /**
   * A broadcast frame ahead of every queued frame of its class, if there is
   * room or a less important frame to make room: it never evicts a frame of
   * its own class (a claim is worth less than the SOS held). False if dropped.
   */
  pushFront(frame: Uint8Array, priority: number, key: number): boolean {
    if (!this.queue.canTake(priority, frame.length, false)) {
      this.stats.queueDrops++;
      return false;
    }
    // Room is there, or less important frames make it (push evicts the least important first).
    this.push(outgoing(frame, priority, key, false, this.now()), true);
    return true;
  }

  /** Queues o, at the tail of its class or (`front`) at its head. */
  push(o: Outgoing, front = false): void {
    this.stats.queueDrops += this.queue.push(o, front);
    this.loaded();
    this.kick();
  }

  /** Tells the gradient how full the queue is, of life-safety frames and of all (it says busy, or full: backpressure). */
  loaded(): void {
    this.hops.load(this.queue.fill(Priority.lifeSafety), this.queue.fill());
  }

  /** A new way to a gateway: frames held in custody on the old one get a fresh chance now. */
  releaseCustody(): void {
    let released = false;
    this.queue.each((o) => {
      if (!o.routed || (o.rounds === 0 && o.tried === null)) return;
      o.rounds = 0;
      o.tried = untried(o);
      o.attempts = 0;
      o.notBefore = 0;
      released = true;
    });
    if (released) this.kick();
  }

  /**
   * Starts the next transmission if the radio is free: the first frame,
   * highest class first, that decide() lets go now. The route is looked up at
   * most once a kick, and only if a frame to be routed needs it.
   */
  kick(): void {
    if (this.busy) return;
    // HELLOs and probes first: under load, a queue that never empties must not starve them.
    if (this.controls.length > 0) return this.sendWaitingControl();
    if (!this.started) return;
    const now = this.now();
    this.budget.refill(now);
    let own: Route | null | undefined;
    const route = () => (own === undefined ? (own = this.hops.update()) : own);
    let d = HOLD as Decision;
    const o = this.queue.take((x) => x.notBefore <= now && (d = this.decide(x, route)).kind !== "hold");
    if (!o) {
      this.wakeAt(this.queue.earliest(now));
      return;
    }
    this.loaded();
    switch (d.kind) {
      case "custody":
        // Kept for a later round (notBefore ahead: not taken again now); the next frame may go.
        this.keep(o, 10);
        this.wakeAt(o.notBefore);
        this.kick();
        return;
      case "next-hop":
        this.transmit(o, d.to);
        return;
      case "broadcast":
        this.transmit(o, LINK_BROADCAST);
    }
  }

  /**
   * Sends a control frame (a HELLO) as soon as the radio is free, ahead of
   * the queue: it waits in `controls` and goes before the next data frame. A
   * newer one to the same address replaces one still waiting (a newer HELLO
   * says all the older did). At most CONTROL_WAITING wait; past that the
   * oldest is dropped (told not acknowledged).
   */
  sendControl(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const waiting = this.controls.find((c) => c.to === to);
    if (waiting) {
      waiting.frame = frame;
      waiting.done = done;
    } else {
      if (this.controls.length >= CONTROL_WAITING) this.controls.shift()!.done(false);
      this.controls.push({ to, frame, done });
    }
    this.kick();
  }

  /** HELLOs waiting for the radio. */
  get controlsWaiting(): number {
    return this.controls.length;
  }

  private sendWaitingControl(): void {
    const c = this.controls.shift()!;
    this.send(c.to, c.frame, c.done);
  }

  /** Puts a frame on the air; when the radio is done with it, `done`, then the next transmission. */
  private send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    this.busy = true;
    this.hal.radio.send(to, frame, (acked) => {
      this.busy = false;
      done(acked);
      this.kick();
    });
  }

  /** A queued frame's time on the air, ms. */
  private airtime(o: Outgoing): number {
    return airtimeMs(o.frame.length, this.hal.radio.bitrate);
  }

  private decide(o: Outgoing, route: () => Route | null): Decision {
    const bulk = o.priority === Priority.bulk;
    if (bulk) {
      const air = this.airtime(o);
      if (!this.budget.affords(air)) {
        // Not before the budget pays for it: a wake-up then (a frame held only for airtime would
        // otherwise wait for the next event: seconds on a quiet channel, where nothing else moves).
        o.notBefore = this.now() + this.budget.wait(air);
        return HOLD;
      }
    }
    if (!o.routed) return BROADCAST;
    const tried = triedCount(o);
    if (tried < this.cfg.maxCandidates) {
      const own = route();
      // The hop limit it will arrive with (SPEC §2: the high nibble of byte 1).
      const to = own ? this.hops.nextHop(own, o.tried, o.frame[1] >> 4, bulk) : undefined;
      if (to !== undefined) return { kind: "next-hop", to };
    }
    if (route() && tried > 0) return CUSTODY;
    return HOLD;
  }

  /** Every frame this node holds: queued, and the one on the air. */
  eachHeld(fn: (o: Outgoing) => void): void {
    this.queue.each(fn);
    if (this.inFlight) fn(this.inFlight);
  }

  private transmit(o: Outgoing, to: number): void {
    this.inFlight = o;
    this.budget.spend(this.airtime(o));
    this.stats.dataTx++;
    o.attempts++;
    this.send(to, o.frame, (acked) => {
      this.inFlight = null;
      this.sent(o, to, acked);
    });
  }

  private sent(o: Outgoing, to: number, acked: boolean): void {
    if (to === LINK_BROADCAST) return;
    if (acked) {
      this.hops.acked(to);
      return;
    }
    this.stats.unicastFailures++;
    this.hops.unanswered(to);
    if (o.attempts <= this.cfg.retries) {
      o.notBefore = this.backoff(o.attempts - 1, 2, RETRY_CAP);
    } else {
      // This next hop is not answering: try the next candidate.
      o.attempts = 0;
      addTried(o, to);
      this.stats.nextHopSwitches++;
      this.hops.gaveUp(to);
    }
    this.queue.unshift(o);
  }

  /** Another custody round: the frame goes back to the head of its class after a backoff. */
  private keep(o: Outgoing, base: number): void {
    o.rounds++;
    o.tried = untried(o);
    o.attempts = 0;
    o.notBefore = this.backoff(o.rounds, base, CUSTODY_CAP);
    this.queue.unshift(o);
  }

  /** Makes sure kick() runs again at time t (the earliest retry backoff to expire). */
  private wakeAt(t: number): void {
    const now = this.now();
    if (!(t > now) || t === Infinity) return;
    if (this.wakeTimer !== 0) {
      if (this.wakeTime <= t) return;
      this.hal.clock.clearTimeout(this.wakeTimer);
    }
    this.wakeTime = t;
    this.wakeTimer = this.hal.clock.setTimeout(() => {
      this.wakeTimer = 0;
      this.kick();
    }, t - now);
  }

  /** Random exponential backoff before the n-th retry: spreads retries out of a collision. */
  private backoff(n: number, base: number, cap: number): number {
    return this.now() + base * (1 + this.hal.random.next()) * Math.pow(2, Math.min(n, cap));
  }
}

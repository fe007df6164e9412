/**
 * Neighbour discovery and the gradient toward the gateways: HELLOs heard and
 * sent, the choice of parent (the next hop in use), and probing it.
 *
 * Rules:
 * - HELLOs follow a Trickle timer (forwarding/trickle.ts, RFC 6206) between
 *   `helloIntervalMs` and `helloMaxIntervalMs`, with no suppression (every
 *   neighbour must hear every node now and then). Inconsistencies, which send
 *   the interval back to its shortest: this node's route appears or
 *   disappears, its metric moves by more than 1/8 from what it advertised, a
 *   neighbour it did not know is heard (a beacon booted, or a cut healed: it
 *   learns the way in about a second), or, while this node has a way, a
 *   neighbour says it has none (it may be waiting for this node's way, or for
 *   a newer gateway number: at Imax that took 8 s a hop on a 12-hop tunnel
 *   whose links deliver a third of the frames, and the gradient reached the
 *   far end after 56 s). An insider could say no route to keep its
 *   neighbours at one HELLO a shortest interval: no more (Trickle's reset
 *   does nothing at Imin). A change that matters to the
 *   neighbours' routes (route appeared or gone, metric over 1/8 worse) is also
 *   told at once, by a triggered HELLO 20–100 ms later.
 * - Orders: a HELLO says the digest of the responder orders this node holds
 *   (`orders`, set by the strategy: forwarding/dissemination.ts digest()); a
 *   neighbour that is new, or says another digest, may lack one this node
 *   holds: onInconsistent (the held orders are sent again soon).
 * - Housekeeping, every `helloIntervalMs` (±10 %): neighbours not heard for
 *   `neighbourTimeoutMs` (longer on a weak link: forwarding/neighbours.ts) are forgotten, the parent is updated and checked for
 *   the inconsistencies above. A gateway advertises itself, 0 hops, metric 0.
 * - The parent moves only at update points: after a HELLO is recorded (a
 *   parent other than the one before it releases custody), at housekeeping,
 *   when a relayed uplink frame or a queued routed frame needs the route
 *   (forwarding/transmit.ts), and when a HELLO is sent (broadcast, a probe,
 *   a full notice: it says the route as it is now). route()
 *   only reads: observing a beacon never changes it. Hysteresis (the parent
 *   stays while within 1/8 of the best) is in forwarding/neighbours.ts.
 * - Link death, judged with hysteresis: a neighbour is dropped after
 *   `failureLimit` failed exchanges in a row — a frame unanswered through all
 *   its retries, or a probe unanswered through all of its own — or more on a
 *   weak link (as many as a live neighbour that weak would fail in a row less
 *   than once in a thousand: forwarding/neighbours.ts), and any HELLO or ACK
 *   from it forgives the run. Probing (announcing non-gateways): the parent
 *   is asked with a unicast HELLO (retried `retries` times 2–10 ms apart)
 *   when it has been silent for longer than 2.2 of its own HELLO gaps (at
 *   least 1.2 `helloIntervalMs`), or at once when a frame to it just failed;
 *   its link-layer ACK is proof of life. The silence is looked at when it
 *   would be too long, every 250 ms at the most and every shortest HELLO
 *   interval at the least (until 2026-11-23 every 250 ms: a fifth of the
 *   simulator's events on grid 600, and a wake-up a quarter second on the
 *   device).
 * - A frame's next hop (forwarding/neighbours.ts nextHop()): a neighbour whose
 *   advertised metric is below the lower of this node's route metric and the
 *   metric it last advertised (downhill), and whose hops to a gateway fit the
 *   frame's remaining hop limit; a feasible one (below) first, any downhill
 *   one only when no feasible one is there. Downhill is not feasible: a
 *   child on stale news through this node can look downhill once this
 *   node's metric has risen; a frame sent there comes back and is routed
 *   around it (forwarding/strategies/gradient.ts), and those ping-pongs made
 *   SOS frames travel twice their shortest path in a destroyed concourse.
 *   Holding frames to feasible next hops only (2026-11-22, 15 sites × 3
 *   seeds) left them queued in an SOS wave: mall A lost 40 SOS to queue
 *   overflow instead of 7; preferring them, with queues bounded by heap
 *   rather than frames (forwarding/queue.ts), lost 2 and cut transmissions
 *   per shortest hop there from 3.47 to 2.70 (2026-11-23, same runs).
 * - Feasible routes (Babel's feasibility condition, RFC 8966 §3.5.1, with
 *   the gateway's sequence number of SPEC §4.1 as Babel's seqno): for each
 *   gateway it advertised a way to (up to eight, Babel's source table), a
 *   node keeps the newest of its numbers it advertised and the least metric
 *   it advertised under it (fd); a neighbour's way to that gateway is taken
 *   as route only under a newer number, or under
 *   that one for less than fd + 16 (UNIT_COST, one expected transmission:
 *   metrics are in 1/16 of one) (forwarding/neighbours.ts
 *   feasible(): a neighbour routing through this node learnt its way from
 *   it, under that number or an older one, for at least fd + one link, and a
 *   link costs at least one unit). The gateway's own way to itself is always
 *   feasible (it passes through nobody). Without this, when a gateway
 *   died its neighbours took each other's stale ways to it, and the metrics
 *   counted up for seconds while the frames of an SOS wave went round (mall
 *   A: 8 s, queues overflowing). A way to another gateway is taken at once.
 *   With no feasible route, the node says it has none (its neighbours look
 *   elsewhere, its children hear it, and a neighbour with a way hears the
 *   inconsistency and soon sends its own, under the newer number it may have
 *   learnt since), holds its frames, and asks for a newer number (below).
 * - Asking (SPEC §4.1 ask; Babel's seqno request, RFC 8966 §3.8.2.1): a node
 *   with no feasible route asks in its HELLOs, about the first way it
 *   refuses, for a number newer than its distance's. The gateway asked
 *   about, or a node whose way has a newer number, answers soon; a node
 *   whose way to that gateway is no newer and shorter than the asker's
 *   passes the request on soon (asking about its own way, under its own
 *   number: one far ahead, forged, would hold it asking) and says it in its
 *   HELLOs for helloMaxMs (one Trickle cycle, 3-4 HELLOs after the reset: on
 *   a link that delivers a third, one of them gets through 7 times in 10),
 *   or until its way's number is newer: then it tells it soon. Soon: a
 *   triggered HELLO at most once a shortest HELLO interval for all three,
 *   else Trickle's shortest interval (soon()). Not from a sender the full
 *   table turned away (its seq unchecked: a replay). Without asking, a
 *   number travelled at each node's Trickle timer (up to 8 s a hop once
 *   quiet), and a beacon at the far end of a chain waited for one for most
 *   of a minute, its frames held (tunnel B). Adversary review 2026-11-23:
 *   without the shared limit, a key holder alternating forged requests and
 *   numbers had one relay send 110 HELLOs in 10 s. Tried
 *   2026-11-23 and not kept: a gateway's interval that never grows (Imax =
 *   Imin), so numbers come sooner. Tunnel B over 40 seeds lost 234 of 1 663
 *   callers against 352 of 1 651 (better on 25 seeds, worse on 14), but over
 *   the bench family's 8 seeds images fell short on 8 runs outside the
 *   tunnels against 2, and tunnel B's orders on 4 against 2 (npm run bench
 *   at 6af7baf: orders 81.8 % there, images short on six sites): asked
 *   for, not every gateway shouting. Before,
 *   a hold-down of two shortest HELLO intervals let any way be taken again:
 *   a retraction lost on a weak link then closed a loop (tunnel B: routes
 *   counting up to 15 hops between two beacons). After MAX_SILENCE neighbour
 *   timeouts with no feasible route, the distances are forgotten (a gateway
 *   replaced with its storage wiped numbers its way from 0 again, though a
 *   neighbour hearing it directly takes its way at once): by then every
 *   neighbour has heard the retraction, forgotten this node, or, kept alive
 *   only by ACKs to its probes, dropped the way it last heard from this node
 *   one timeout earlier (forwarding/neighbours.ts expire()). Left to the hop
 *   limit, and to a copy that comes back being routed around the neighbour
 *   that returned it (forwarding/strategies/gradient.ts): a key holder's
 *   ways (SPEC §4.1), and a site with more than eight gateways.
 * - Bulk backpressure (SPEC §4.1, full): a node whose queue holds FULL_HIGH of
 *   its capacity (frames or heap, whichever is fuller: forwarding/queue.ts)
 *   in frames of any class says full, and clears it at FULL_LOW;
 *   a full neighbour is no next hop for bulk frames (images, video), which
 *   wait where they are. Full spreads back hop by hop to the camera, whose
 *   own queue then stops taking fragments (firmware/roles/camera.ts): a
 *   108-fragment image no longer overflows the beacon at the narrowest hop
 *   (grid 150: 52 fragments evicted there within half a second). Like busy it
 *   is said for at most FULL_MAX_MS at a stretch, then not again until the
 *   queue has fallen to FULL_LOW or the node has a way again after none (LoadWord)
 *   (frames that cannot leave, or a key holder's frames with a hop limit
 *   too short to leave, must not shut bulk out for good), and a receiver
 *   lets it lapse 10 s after the last HELLO saying it. A neighbour that
 *   sends bulk while the word is said missed it, and is told by a unicast
 *   HELLO (fedBulk(), TELL_FULL_MS).
 * - Backpressure (SPEC §4.1, busy): a node whose queue holds BUSY_HIGH of
 *   its capacity in life-safety frames says busy, and clears it at BUSY_LOW
 *   (hysteresis: one HELLO each way a congestion, not one a frame), each
 *   change told at once like a route change. A busy neighbour is no next hop:
 *   frames stay with their holder, which has room, instead of being evicted
 *   at the busy one. A gateway is never busy (it consumes what it gets).
 *   Busy lasts at most BUSY_MAX_MS at a stretch (checked at housekeeping
 *   too), then not again until the queue has fallen to BUSY_LOW or the node
 *   has a way again after none: frames that cannot leave (held for a route within their
 *   hop limit, restored after a reboot) must not make a node refuse traffic
 *   for ever, and nothing would arrive to evict them while it did.
 */
import type { Hal } from "../hal/index";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import { Addr, MsgType, Priority, type FrameHeader, type ParsedFrame } from "../protocol/frame";
import { encodeMessage, messageOf } from "../protocol/message";
import type { HelloBody } from "../protocol/messages/hello";
import { countRejected, type RouterConfig, type RouterStats } from "./config";
import { HEARD_FULL, HEARD_NEW, HEARD_STALE, MAX_SILENCE, NeighbourTable, gwSeqAfter, type Route } from "./neighbours";
import type { Sequence } from "./sequence";
import { Trickle } from "./trickle";
import type { NextHops, Transmitter } from "./transmit";

const NO_METRIC = 0xffff;
/** The parent's silence is looked at no more often than this, ms; how long it may stay silent: in its own HELLO gaps, and at least in shortest HELLO intervals. */
const PROBE_CHECK_MS = 250;
const PROBE_SILENCE_GAPS = 2.2;
const PROBE_SILENCE = 1.2;
/** Busy from 1/2 of the queue in life-safety frames, until 1/4: room left for what is already on its way. */
const BUSY_HIGH = 0.5;
const BUSY_LOW = 0.25;
/** Long enough for a wave's frames to spread (a few HELLO rounds), short enough that a stuck queue costs its neighbours little. */
const BUSY_MAX_MS = 10_000;
/**
 * Full from 1/2 of the queue in frames of any class, until 1/4: the other half
 * is for what is on its way while the word spreads (a camera two hops back
 * puts a fragment on the air every ~3 ms, and a triggered HELLO leaves 20–100
 * ms later: at 3/4 the default mall still lost 30 fragments at a relay), and
 * for SOS, which evict bulk anyway.
 */
const FULL_HIGH = 0.5;
const FULL_LOW = 0.25;
/** A receiver honours busy or full for this long after the last HELLO that said it (SPEC §4.1). */
const WORD_LAPSE_MS = 10_000;
/** A camera's image crosses a site in seconds: a queue full for longer holds frames that cannot leave (no route, a hop limit too short), which must not shut bulk out for good. */
const FULL_MAX_MS = 30_000;
/**
 * A bulk frame that arrives while full is said comes from a neighbour that
 * missed the word (the HELLO lost on a weak link, or still 20–100 ms from
 * leaving): it is told by a unicast HELLO (link-layer acknowledged), at most
 * once in this long. A sender puts a fragment on the air every ~3–8 ms (its
 * 30 % airtime share, forwarding/airtime.ts), so a few more arrive before it
 * hears; a 29-byte HELLO every 20 ms is at most ~2 % of the air. Tunnel A,
 * 2026-11-23: the next hop of a camera whose route came back after a cut
 * went from 8 to 48 frames in 0.4 s before the broadcast word reached the
 * camera, and evicted 30 of its image's fragments.
 */
const TELL_FULL_MS = 20;
/**
 * Notices a full spell sends at most (the spell lasts FULL_MAX_MS at most):
 * an adversary replaying captured fragments (once the dedup cache has
 * forgotten them) under a neighbour's link address would otherwise buy a
 * HELLO every 20 ms, each holding the radio through the driver's retries
 * when not acknowledged and taking a frame seq (24 bits: SPEC §2). Eight,
 * as an order's nudges (forwarding/dissemination.ts): on a link that
 * delivers a third of the frames, eight tries all miss 1 time in 25.
 */
const FULL_NOTICES = 8;

export class Discovery implements NextHops {
  private readonly neighbours: NeighbourTable;
  /** the longest interval between two of a node's HELLOs (Trickle's Imax) */
  private readonly helloMaxMs: number;
  private tx!: Transmitter;
  private announces = false;
  /** the next hop in use, kept while it stays nearly as good as the best (no flapping) */
  private parent = 0;
  /** the metric this node last advertised: next hops must be strictly below it (loop freedom) */
  private advertised = NO_METRIC;
  /** since when this node has had no feasible route (0: it has one); its feasibility distances are the neighbour table's (fds) */
  private holdSince = 0;
  private hello!: Trickle;
  private triggerTimer = 0;
  private probing = false;
  private toldFull = -TELL_FULL_MS;
  /** full notices sent in this full spell (FULL_NOTICES) */
  private notices = 0;
  /** a neighbour's request for a newer gateway number this node passes on in its HELLOs, until `until` (SPEC §4.1 ask) */
  private asked: { gateway: number; seq: number; until: number } | null = null;
  /** when a request last made this node send a HELLO at once */
  private answered = -Infinity;
  /** what this node says in its HELLOs: its queue is half full of life-safety frames (busy), or of anything (full: no bulk to it) */
  private readonly busy = new LoadWord(BUSY_HIGH, BUSY_LOW, BUSY_MAX_MS);
  private readonly full = new LoadWord(FULL_HIGH, FULL_LOW, FULL_MAX_MS);
  /** the digest of the responder orders this node holds, said in its HELLOs (forwarding/dissemination.ts) */
  orders = () => 0;
  /** a neighbour may lack what this node holds: it is new (a beacon booted, or back across a healed cut), or its HELLO's order digest is not ours */
  onInconsistent: (() => void) | null = null;

  constructor(
    private readonly cfg: RouterConfig,
    private readonly hal: Hal,
    private readonly stats: RouterStats,
    private readonly seq: Sequence,
  ) {
    this.helloMaxMs = Math.max(cfg.helloIntervalMs, cfg.helloMaxIntervalMs);
    this.neighbours = new NeighbourTable(cfg.neighbourEntries, cfg.neighbourTimeoutMs, this.helloMaxMs, cfg.retries + 1);
  }

  /** virtual or real time, ms (hal/clock.ts) */
  private now(): number {
    return this.hal.clock.now();
  }

  private get isGateway(): boolean {
    return this.cfg.role === "gateway";
  }

  get size(): number {
    return this.neighbours.size;
  }

  /** Starts the interval, sending over `tx`; a strategy that announces also sends HELLOs and probes the parent. */
  start(tx: Transmitter, announces: boolean): void {
    this.tx = tx;
    this.announces = announces;
    this.hello = new Trickle(this.hal.clock, this.hal.random, this.cfg.helloIntervalMs, this.helloMaxMs, Infinity, () => this.sendHelloNow());
    if (announces) this.hello.start();
    this.scheduleHousekeeping(this.hal.random.next() * this.cfg.helloIntervalMs);
    if (announces && !this.isGateway) this.hal.clock.setTimeout(() => this.watchParent(), PROBE_CHECK_MS * this.hal.random.next());
  }

  /** The route this node would use now (null at a gateway or with none). Reading it changes nothing. */
  route(): Route | null {
    return this.isGateway ? null : this.neighbours.best(this.parent);
  }

  /** The route now, and the parent moved to it: called only at the update points above. */
  update(): Route | null {
    if (this.isGateway) return null;
    let r = this.route();
    const now = this.now();
    if (r) this.holdSince = 0;
    else if (!this.holdSince) this.holdSince = now;
    else if (now - this.holdSince >= MAX_SILENCE * this.cfg.neighbourTimeoutMs) {
      this.neighbours.fds.clear();
      r = this.route();
    }
    this.parent = r ? r.via : 0;
    return r;
  }

  nextHop(own: Route, tried: readonly number[] | null, hopBudget: number, bulk: boolean): number | undefined {
    return this.neighbours.nextHop(Math.min(this.advertised, own.metric), tried, hopBudget, this.now(), bulk);
  }

  acked(to: number): void {
    this.neighbours.outcome(to, true, this.now());
  }

  unanswered(to: number): void {
    this.neighbours.outcome(to, false, 0);
  }

  /** The transmit queue is this full now (0 … 1, forwarding/queue.ts fill()) of life-safety frames, and of all: busy and full are said and cleared here. */
  load(lifeSafety: number, total: number): void {
    if (this.isGateway) return;
    const now = this.now();
    const busy = this.busy.update(lifeSafety, now), full = this.full.update(total, now);
    if (full && this.full.said) this.notices = 0;
    if (busy || full) this.changed();
  }

  /**
   * A bulk frame came from `from` (unicast): if we say full, it missed the
   * word; tell it, TELL_FULL_MS after the last notice left the radio, at most
   * FULL_NOTICES a spell, and only a neighbour we know (a link address no
   * beacon answers would hold the radio through every retry). Only while no
   * other HELLO waits for the radio: one waiting to the same address would
   * have its callback replaced (a probe of the parent stuck for good), and
   * past CONTROL_WAITING the oldest is dropped (a probe counted as failed,
   * the broadcast word lost). Runs on the receive path: never throws (the
   * frame seqs can run out).
   */
  fedBulk(from: number): void {
    const now = this.now();
    if (!this.full.said || now - this.toldFull < TELL_FULL_MS || this.notices >= FULL_NOTICES || this.tx.controlsWaiting > 0 || !this.neighbours.get(from)) return;
    this.toldFull = now;
    this.notices++;
    this.stats.helloTx++;
    try {
      // Its way is advertised (the distance kept): else `from`, a child, could learn a gateway number
      // newer than the distance and later be taken for feasible, its way through us.
      this.tx.sendControl(from, this.helloFrame(this.advertise()), () => {
        this.toldFull = this.now();
      });
    } catch {
      // no HELLO: the broadcast word still goes
    }
  }

  gaveUp(to: number): void {
    if (this.neighbours.failed(to, this.cfg.failureLimit)) this.changed();
    else if (to === this.parent && this.announces) this.probe();
  }

  /** A HELLO heard (already authenticated and of our net). */
  heard(f: ParsedFrame, info: ReceiveInfo): void {
    let body: HelloBody;
    try {
      body = messageOf(f).body as HelloBody;
    } catch {
      countRejected(this.stats, "badValue");
      return;
    }
    // Our own HELLO played back, or one older than the last from that neighbour: a replay. Taken,
    // it would make this node its own parent, or forgive a dead link its failures.
    const before = this.parent;
    const status = f.header.src === this.cfg.address ? HEARD_STALE
      : this.neighbours.heard(f.header.src, info.rssi, this.now(), body.route, this.cfg.helloIntervalMs, f.header.seq, body.busy ? WORD_LAPSE_MS : 0, body.full ? WORD_LAPSE_MS : 0);
    if (status === HEARD_STALE) {
      countRejected(this.stats, "replay");
      return;
    }
    const after = this.update();
    if (after && after.via !== before) {
      // A way again after none (a healed cut): frames that could not leave may now, so busy and full
      // may be said again (LoadWord). Not on a mere change of parent: flapping parents kept them said.
      if (before === 0) this.busy.spent = this.full.spent = false;
      this.tx.releaseCustody();
    }
    // A neighbour's news may open a way for a held frame (a new route, or one within its hop limit).
    this.tx.kick();
    // Someone new (booted, or back across a healed cut): let it learn our way soon.
    if (status === HEARD_NEW) this.hello?.reset();
    else if (!body.route && (this.isGateway || this.advertised !== NO_METRIC)) this.hello?.reset();
    if (status === HEARD_NEW || body.orders !== this.orders()) this.onInconsistent?.();
    // A request this node passed on, answered: its way's number is newer than its own when it passed it on.
    // (A request is not taken from a sender the full table did not record: its seq unchecked, a replay would be.)
    const a = this.asked, ask = status !== HEARD_FULL && body.ask;
    if (a && after && after.gateway === a.gateway && gwSeqAfter(after.seq, a.seq)) {
      this.asked = null;
      this.soon();
    }
    if (ask) {
      if (this.isGateway ? ask.gateway === this.cfg.address : after?.gateway === ask.gateway && gwSeqAfter(after.seq, ask.seq)) this.soon();
      else if (after?.gateway === ask.gateway && (!body.route || body.route.hops > after.hops) && !(a && this.now() < a.until)) {
        // Under its own number, not the asker's: the first newer one ends it (a number far ahead, forged, would
        // hold it asking for its whole time, and ask the gateway again at each of its HELLOs).
        this.asked = { gateway: ask.gateway, seq: after.seq, until: this.now() + this.helloMaxMs };
        this.soon();
      }
    }
    this.check(after);
  }

  /**
   * A HELLO soon for a request (answering, passing on, telling the answer): a
   * triggered one at most once a shortest HELLO interval, else the Trickle
   * timer at its shortest (a key holder asking again and again, or feeding
   * numbers, buys no more; each gateway HELLO spends a frame seq).
   */
  private soon(): void {
    if (this.now() - this.answered < this.cfg.helloIntervalMs) this.hello.reset();
    else {
      this.answered = this.now();
      this.changed();
    }
  }

  /**
   * Tells the neighbours at once when our route appeared or went, or got more
   * than 1/8 worse than we said; a change of 1/8 the other way resets the HELLO
   * timer. Smaller swings (link estimates moving) wait for the next HELLO:
   * they cannot make a loop (next hops are judged against what each node
   * advertised), only a route a little worse than it looked.
   */
  private check(r: Route | null): void {
    if (this.isGateway || !this.announces) return;
    const had = this.advertised !== NO_METRIC;
    if (!r !== !had) this.changed();
    else if (r && r.metric > this.advertised + (this.advertised >> 3)) this.changed();
    else if (r && Math.abs(r.metric - this.advertised) > this.advertised >> 3) this.hello.reset();
  }

  /** Our way changed: a triggered HELLO 20–100 ms from now, and the Trickle timer back to its shortest. */
  private changed(): void {
    if (!this.announces) return;
    this.hello.reset();
    if (this.triggerTimer !== 0) return;
    this.triggerTimer = this.hal.clock.setTimeout(() => {
      this.triggerTimer = 0;
      this.sendHelloNow();
    }, 20 + this.hal.random.next() * 80);
  }

  private scheduleHousekeeping(delay: number): void {
    this.hal.clock.setTimeout(() => this.housekeeping(), delay);
  }

  private housekeeping(): void {
    const lost = this.neighbours.expire(this.now());
    const r = this.update();
    if (this.announces) this.check(r);
    else this.advertised = r ? r.metric : NO_METRIC;
    if (lost > 0) this.tx.kick();
    this.tx.loaded();
    const jitter = (this.hal.random.next() - 0.5) * 0.2 * this.cfg.helloIntervalMs;
    this.scheduleHousekeeping(this.cfg.helloIntervalMs + jitter);
  }

  /** A HELLO with the route as it is now; what it says becomes what this node advertised. */
  private sendHelloNow(): void {
    const route = this.advertise();
    this.advertised = this.isGateway ? 0 : route ? route.metric : NO_METRIC;
    this.stats.helloTx++;
    // HELLOs go ahead of the data queue but never interrupt a transmission.
    this.sendHello(this.helloFrame(route), LINK_BROADCAST, 0);
  }

  /** The route as it is now, for a HELLO, its feasibility distance kept (a probe's is not: probe()). */
  private advertise(): HelloBody["route"] {
    const route = advert(this.update());
    if (route) this.neighbours.advertised(route);
    return route;
  }

  /** A gateway's way to itself is numbered with the HELLO's frame seq (persisted, never reused: forwarding/sequence.ts). */
  private helloFrame(route: HelloBody["route"]): Uint8Array {
    const seq = this.seq.next();
    if (this.isGateway) route = { gateway: this.cfg.address, hops: 0, metric: 0, seq: seq & 0xffff };
    const body: HelloBody = { role: this.cfg.role, route, battery: null, ...this.cfg.position, orders: this.orders() };
    if (this.busy.said) body.busy = true;
    if (this.full.said) body.full = true;
    // Asks (SPEC §4.1): with a way, for a request it passes on; with none, for a way it may not take.
    const a = this.asked;
    if (!route) body.ask = this.neighbours.blocked();
    else if (a && a.gateway === route.gateway && this.now() < a.until) body.ask = { gateway: route.gateway, seq: route.seq };
    const h: FrameHeader = {
      type: MsgType.hello, priority: Priority.telemetry, hopLimit: 0, hops: 0, net: this.cfg.net,
      ack: false, src: this.cfg.address, dst: Addr.broadcast, seq,
    };
    return encodeMessage(h, body, this.hal.crypto.mac);
  }

  /**
   * Probes the parent once it has been silent too long; looks again when it
   * would be (no sooner than PROBE_CHECK_MS, no later than a shortest HELLO
   * interval: a parent taken on its HELLO was heard just then, so its silence
   * cannot be too long before; one housekeeping moves to may have been heard
   * long ago, and is then probed up to a shortest HELLO interval late).
   */
  private watchParent(): void {
    const p = this.parent ? this.neighbours.get(this.parent) : undefined, i = this.cfg.helloIntervalMs;
    const due = p ? p.lastHeard + Math.max(PROBE_SILENCE * i, PROBE_SILENCE_GAPS * p.gap) - this.now() : i;
    // Re-armed first: a probe that throws (frame seqs used up) must not end the watch.
    this.hal.clock.setTimeout(() => this.watchParent(), Math.min(i, Math.max(PROBE_CHECK_MS, due)));
    if (due <= 0) this.probe();
  }

  /** Asks the parent for a sign of life: a unicast HELLO, retried; its ACK is the answer. */
  private probe(): void {
    if (this.probing || !this.parent) return;
    this.probing = true;
    this.stats.probes++;
    this.stats.helloTx++;
    // Its way is not kept as advertised (feasibility distance): probes, frequent on lossy links, moved the
    // distance to the parent's newer gateway number before a broadcast said it, and neighbours still on the
    // older one were refused (tunnel B, 20 seeds, 2026-11-23: 162 of 811 SOS lost against 81). The parent
    // could later take a way through this node under the number a probe told it (SPEC §4.1, not covered).
    this.sendHello(this.helloFrame(advert(this.update())), this.parent, this.cfg.retries);
  }

  private sendHello(frame: Uint8Array, to: number, retries: number): void {
    this.tx.sendControl(to, frame, (acked) => {
      if (to === LINK_BROADCAST) return;
      this.neighbours.outcome(to, acked, this.now());
      if (acked) {
        this.probing = false;
      } else if (retries > 0) {
        this.hal.clock.setTimeout(() => this.sendHello(frame, to, retries - 1), 2 + this.hal.random.next() * 8);
      } else {
        this.probing = false;
        if (this.neighbours.failed(to, this.cfg.failureLimit)) this.changed();
      }
    });
  }
}

/** A route as a HELLO advertises it. */
function advert(r: Route | null): HelloBody["route"] {
  return r ? { gateway: r.gateway, hops: r.hops, metric: r.metric, seq: r.seq } : null;
}

/**
 * A word a HELLO says under load (busy, full): said once the queue holds
 * `high` of its capacity, cleared at `low`, and said for at most `maxMs` at a
 * stretch; then spent, not said again until the queue has fallen to `low` or
 * the node has a way to a gateway again after none (its frames may leave
 * now: a cut that heals after a minute found the word spent, and the
 * neighbours' held bulk, released at once, evicted the bulk this node held
 * for them).
 */
class LoadWord {
  said = false;
  private since = 0;
  spent = false;

  constructor(private readonly high: number, private readonly low: number, private readonly maxMs: number) {}

  /** The queue this full now (0 … 1); true if the word changed. */
  update(fill: number, now: number): boolean {
    const low = fill <= this.low;
    if (low) this.spent = false;
    const said = this.said ? !low && now - this.since < this.maxMs : fill >= this.high && !this.spent;
    if (said === this.said) return false;
    if (said) this.since = now;
    else this.spent = !low;
    this.said = said;
    return true;
  }
}

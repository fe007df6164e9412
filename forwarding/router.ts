/**
 * The router every beacon runs: HELLOs, duplicate suppression, hop limit,
 * convergecast to the nearest gateway along a gradient, managed flooding
 * when no gradient is known, per-hop acknowledgement with retries and
 * switching of next hop, priority queues, store-and-forward, an airtime
 * budget for bulk traffic, and the site-wide flood of responder instructions.
 *
 * It reaches the world only through the HAL (radio, clock, random, storage,
 * crypto, log). Strategies "flood" and "managed-flood" are the baselines the
 * benchmark compares against (blind flooding; Meshtastic-style managed flooding).
 */
import type { Hal } from "../hal/index";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import { D2DError } from "../protocol/errors";
import { Addr, MsgType, Priority, decodeFrame, relayCopy, type FrameHeader, type ParsedFrame } from "../protocol/frame";
import { encodeMessage, messageOf, type Message } from "../protocol/message";
import type { HelloBody, Role } from "../protocol/messages/hello";
import type { SitePosition } from "../protocol/messages/site-position";
import { DedupCache } from "./dedup";
import { NeighbourTable, type Route } from "./neighbours";
import { PriorityQueue, type Outgoing } from "./queue";

export type Strategy = "gradient" | "flood" | "managed-flood";

export interface RouterConfig {
  address: number;
  net: number;
  role: Role;
  position: SitePosition;
  strategy: Strategy;
  /** ms between HELLOs */
  helloIntervalMs: number;
  /** a neighbour not heard for this long is forgotten, ms */
  neighbourTimeoutMs: number;
  /** hop limit of frames this node originates */
  hopLimit: number;
  /** unicast retries to one next hop before the next candidate */
  retries: number;
  /** next hops tried per frame before falling back */
  maxCandidates: number;
  /** consecutive failed frames after which a neighbour is dropped */
  failureLimit: number;
  dedupEntries: number;
  queueFrames: number;
  neighbourEntries: number;
  /** share of airtime bulk traffic may use, 0..1 */
  bulkAirtimeShare: number;
  /** managed flood: contention slot, ms, and window sizes */
  floodSlotMs: number;
  /** instruction flood: a node stays quiet after hearing this many relays of the frame */
  floodRedundancy: number;
}

export const DEFAULT_ROUTER: Omit<RouterConfig, "address" | "net" | "role" | "position"> = {
  strategy: "gradient",
  helloIntervalMs: 1000,
  neighbourTimeoutMs: 3500,
  hopLimit: 8,
  retries: 2,
  maxCandidates: 3,
  failureLimit: 2,
  dedupEntries: 256,
  queueFrames: 48,
  neighbourEntries: 32,
  bulkAirtimeShare: 0.3,
  floodSlotMs: 1.5,
  floodRedundancy: 2,
};

export interface RouterStats {
  originated: number;
  received: number;
  rejected: Record<string, number>;
  duplicates: number;
  forwarded: number;
  /** data frames put on the air (first sends and retries), HELLOs apart */
  dataTx: number;
  helloTx: number;
  unicastFailures: number;
  nextHopSwitches: number;
  floodFallbacks: number;
  floodCancelled: number;
  queueDrops: number;
  hopLimitDrops: number;
  /** uplink frames handed back by a neighbour and routed again */
  returned: number;
  /** unicast HELLOs sent to a next hop that fell silent */
  probes: number;
  delivered: number;
}

interface FloodWait {
  timer: number;
  heard: number;
  /** a responder instruction: site-wide coverage matters, so relays stay quiet only after several copies */
  instruction: boolean;
}

const SEQ_BLOCK = 1024;
/** Flood-then-retry rounds a life-safety or instruction frame is kept for when no next hop answers. */
const CUSTODY_ROUNDS = 4;
/** decide(): the frame stays queued. */
const NOT_NOW = -1;
/** decide(): another custody round after a backoff. */
const CUSTODY = -2;
const SEQ_KEY = "d2d.seq";

export class Router {
  readonly cfg: RouterConfig;
  readonly stats: RouterStats = {
    originated: 0, received: 0, rejected: {}, duplicates: 0, forwarded: 0, dataTx: 0, helloTx: 0,
    unicastFailures: 0, nextHopSwitches: 0, floodFallbacks: 0, floodCancelled: 0, queueDrops: 0,
    hopLimitDrops: 0, returned: 0, probes: 0, delivered: 0,
  };
  /** called for every message this node originates (type, priority, dedup key): for counters and the simulator */
  onOriginate: ((type: number, priority: number, key: number) => void) | null = null;
  /** called with every message this node consumes (all uplink at a gateway; broadcasts everywhere) */
  onDeliver: ((m: Message, frame: Uint8Array, info: ReceiveInfo) => void) | null = null;

  private readonly hal: Hal;
  private readonly dedup: DedupCache;
  private readonly neighbours: NeighbourTable;
  private readonly queue: PriorityQueue;
  private readonly floods = new Map<number, FloodWait>();
  private seq = 0;
  private seqLimit = 0;
  private busy = false;
  private helloTimer = 0;
  private wakeTimer = 0;
  private wakeTime = 0;
  private probing = false;
  /** the next hop in use, kept while it stays nearly as good as the best (no flapping) */
  private parent = 0;
  /** the metric this node last advertised: next hops must be strictly below it (loop freedom) */
  private advertised = 0xffff;
  private triggeredHello = false;
  private running = false;
  /** airtime tokens for bulk traffic, ms */
  private tokens = 0;
  private tokensAt = 0;

  constructor(cfg: RouterConfig, hal: Hal) {
    this.cfg = cfg;
    this.hal = hal;
    this.dedup = new DedupCache(cfg.dedupEntries);
    this.neighbours = new NeighbourTable(cfg.neighbourEntries, cfg.neighbourTimeoutMs);
    this.queue = new PriorityQueue(cfg.queueFrames);
  }

  get isGateway(): boolean {
    return this.cfg.role === "gateway";
  }

  /** Boots: restores the sequence block, listens, starts HELLOs. */
  start(): void {
    const stored = this.hal.storage.get(SEQ_KEY);
    const base = stored && stored.length === 3 ? (stored[0] << 16) | (stored[1] << 8) | stored[2] : 0;
    this.seq = base;
    this.reserveSeqs();
    this.hal.radio.onReceive = (frame, info) => this.receive(frame, info);
    this.running = true;
    this.tokensAt = this.hal.clock.now();
    this.scheduleHello(this.hal.random.next() * this.cfg.helloIntervalMs);
    if (this.cfg.strategy === "gradient" && !this.isGateway) this.hal.clock.setTimeout(() => this.watchParent(), 250 * this.hal.random.next());
  }

  /** The route this node would use now (null at a gateway or with none). */
  route(): Route | null {
    if (this.isGateway) return null;
    const r = this.neighbours.best(this.parent);
    this.parent = r ? r.via : 0;
    return r;
  }

  get queued(): number {
    return this.queue.size;
  }

  queueByClass(): number[] {
    return this.queue.byClass();
  }

  /**
   * Sends a new message from this node. Uplink (dst any gateway) is routed;
   * broadcast is flooded over the site. Returns the frame's seq.
   */
  originate(type: number, body: unknown, opts: { priority?: number; dst?: number; ack?: boolean } = {}): number {
    const seq = this.nextSeq();
    const dst = opts.dst ?? Addr.anyGateway;
    const h: FrameHeader = {
      type, priority: opts.priority ?? defaultPriority(type), hopLimit: this.cfg.hopLimit, hops: 0,
      net: this.cfg.net, ack: opts.ack ?? false, src: this.cfg.address, dst, seq,
    };
    const frame = encodeMessage(h, body, this.hal.crypto.mac);
    const key = DedupCache.key(h.src, seq);
    this.dedup.add(key);
    this.stats.originated++;
    this.onOriginate?.(type, h.priority, key);
    if (this.isGateway && dst === Addr.anyGateway) {
      this.deliver(frame, { from: this.cfg.address, rssi: 0, broadcast: false });
      return seq;
    }
    this.enqueue(frame, h.priority, key, dst === Addr.anyGateway && this.cfg.strategy === "gradient" ? 0 : LINK_BROADCAST);
    return seq;
  }

  // ------------------------------------------------------------------ receive

  private receive(bytes: Uint8Array, info: ReceiveInfo): void {
    if (!this.running) return;
    let f: ParsedFrame;
    try {
      f = decodeFrame(bytes, this.hal.crypto.mac);
    } catch (e) {
      const reason = e instanceof D2DError ? e.reason : "internal";
      this.stats.rejected[reason] = (this.stats.rejected[reason] ?? 0) + 1;
      return;
    }
    const h = f.header;
    if (h.net !== this.cfg.net) return;
    // Our own frame comes back only when it was handed back (or flooded past us): the dedup
    // entry made when we sent it routes that below.
    this.stats.received++;
    if (h.type === MsgType.hello) {
      this.helloFrom(f, info);
      return;
    }
    const key = DedupCache.key(h.src, h.seq);
    if (!this.dedup.add(key, h.hops)) {
      this.stats.duplicates++;
      this.overheard(key);
      // An uplink frame handed back by unicast with more hops than when we first saw it
      // travelled on and came back: the way ahead failed. Route it again, around the
      // neighbour that returned it. (The same hops is only a retransmission: an ACK was lost.)
      const first = this.dedup.hops(key) ?? 0;
      if (!info.broadcast && h.hops > first && h.dst === Addr.anyGateway && !this.isGateway && this.cfg.strategy === "gradient") {
        this.returned(bytes, h, key, info.from);
      }
      return;
    }
    const uplink = h.dst === Addr.anyGateway;
    if ((uplink && this.isGateway) || h.dst === this.cfg.address || h.dst === Addr.broadcast) this.deliver(bytes, info, f);
    if ((uplink && this.isGateway) || h.dst === this.cfg.address) return;
    if (h.hopLimit === 0) {
      this.stats.hopLimitDrops++;
      return;
    }
    const next = relayCopy(bytes, this.hal.crypto.mac);
    this.stats.forwarded++;
    if (uplink && this.cfg.strategy === "gradient" && (this.route() || !info.broadcast)) {
      this.enqueue(next, h.priority, key, 0);
    } else {
      this.floodRelay(next, key, h.priority, info.rssi);
    }
  }

  private returned(bytes: Uint8Array, h: FrameHeader, key: number, from: number): void {
    if (h.hopLimit === 0) {
      this.stats.hopLimitDrops++;
      return;
    }
    const queued = this.queue.find(key);
    if (queued) {
      // Still ours to send (an ACK was lost on the way out): just not to that neighbour.
      addTried(queued, from);
      return;
    }
    this.stats.returned++;
    const o = this.makeOutgoing(relayCopy(bytes, this.hal.crypto.mac), h.priority, key, 0);
    addTried(o, from);
    this.push(o);
  }

  private deliver(bytes: Uint8Array, info: ReceiveInfo, parsed?: ParsedFrame): void {
    if (!this.onDeliver) return;
    try {
      const m = parsed ? messageOf(parsed) : messageOf(decodeFrame(bytes, this.hal.crypto.mac));
      this.stats.delivered++;
      this.onDeliver(m, bytes, info);
    } catch (e) {
      const reason = e instanceof D2DError ? e.reason : "internal";
      this.stats.rejected[reason] = (this.stats.rejected[reason] ?? 0) + 1;
    }
  }

  private helloFrom(f: ParsedFrame, info: ReceiveInfo): void {
    let body: HelloBody;
    try {
      body = messageOf(f).body as HelloBody;
    } catch {
      this.stats.rejected.badValue = (this.stats.rejected.badValue ?? 0) + 1;
      return;
    }
    const before = this.route();
    this.neighbours.heard(f.header.src, info.rssi, this.hal.clock.now(), body.route);
    const after = this.route();
    if (after && (!before || after.via !== before.via)) this.routeChanged();
    if (!before && after) this.kick();
    // Tell the neighbours soon when our way changes or gets worse than we said.
    if ((after && before && after.via !== before.via) || (after ? after.metric : 0xffff) > this.advertised) this.triggerHello();
  }

  /**
   * A new way to a gateway: frames that used up their custody rounds on the old
   * one (store and forward) get fresh chances on it.
   */
  private routeChanged(): void {
    let released = false;
    this.queue.each((o) => {
      if (o.linkTo !== 0 || o.rounds < CUSTODY_ROUNDS) return;
      o.rounds = 0;
      o.tried = null;
      o.attempts = 0;
      o.notBefore = 0;
      released = true;
    });
    if (released) this.kick();
  }

  // ------------------------------------------------------------------ flooding

  /**
   * Relays a broadcast (or an uplink frame with no gradient) by flooding. Blind:
   * at once. Managed: after a contention delay that is shorter for weak links
   * (they reach further), cancelled if others are heard relaying it first.
   */
  private floodRelay(frame: Uint8Array, key: number, priority: number, rssi: number): void {
    if (this.cfg.strategy === "flood") {
      const jitter = this.hal.random.next() * 2;
      this.hal.clock.setTimeout(() => this.enqueue(frame, priority, key, LINK_BROADCAST), jitter);
      return;
    }
    // Contention window by link quality, as Meshtastic does by SNR: 3 slots when weak, up to 8 when strong.
    const strength = Math.min(1, Math.max(0, (rssi + 95) / 40));
    const window = 3 + Math.round(strength * 5);
    const delay = (Math.floor(this.hal.random.next() * window) + 1) * this.cfg.floodSlotMs;
    const wait: FloodWait = { timer: 0, heard: 0, instruction: priority === Priority.instruction };
    wait.timer = this.hal.clock.setTimeout(() => {
      this.floods.delete(key);
      this.enqueue(frame, priority, key, LINK_BROADCAST);
    }, delay);
    this.floods.set(key, wait);
  }

  /** Heard a frame we have seen: a pending flood relay of it may be cancelled. */
  private overheard(key: number): void {
    const w = this.floods.get(key);
    if (!w) return;
    w.heard++;
    const quietAfter = this.cfg.strategy === "gradient" && w.instruction ? this.cfg.floodRedundancy : 1;
    if (w.heard >= quietAfter) {
      this.hal.clock.clearTimeout(w.timer);
      this.floods.delete(key);
      this.stats.floodCancelled++;
    }
  }

  // ------------------------------------------------------------------ sending

  private enqueue(frame: Uint8Array, priority: number, key: number, linkTo: number): void {
    this.push(this.makeOutgoing(frame, priority, key, linkTo));
  }

  private makeOutgoing(frame: Uint8Array, priority: number, key: number, linkTo: number): Outgoing {
    return { frame, priority, key, linkTo, tried: null, attempts: 0, flooded: false, notBefore: 0, rounds: 0 };
  }

  private push(o: Outgoing): void {
    const evicted = this.queue.push(o);
    if (evicted) this.stats.queueDrops++;
    this.kick();
  }

  /**
   * Starts the next transmission if the radio is free: the first frame,
   * highest class first, that decide() lets go now. The route is looked up at
   * most once a kick, and only if a frame to be routed needs it.
   */
  private kick(): void {
    if (this.busy || !this.running) return;
    this.refillTokens();
    const now = this.hal.clock.now();
    let own: Route | null | undefined;
    const route = () => (own === undefined ? (own = this.route()) : own);
    let step = NOT_NOW;
    const o = this.queue.take((x) => x.notBefore <= now && (step = this.decide(x, route)) !== NOT_NOW);
    if (!o) {
      this.wakeAt(this.queue.earliest());
      return;
    }
    if (step === CUSTODY) {
      // A route exists but its next hops just failed (congestion, a dying neighbour):
      // keep the frame and try the gradient again after a backoff.
      o.rounds++;
      o.tried = null;
      o.attempts = 0;
      o.notBefore = this.backoff(o.rounds, 10);
      this.queue.unshift(o);
      this.wakeAt(o.notBefore);
      return;
    }
    if (step === LINK_BROADCAST && o.linkTo === 0) {
      // No gradient at all (or it kept failing): life-safety traffic is flooded rather than held.
      this.stats.floodFallbacks++;
      o.flooded = true;
    }
    this.transmit(o, step);
  }

  /**
   * What to do with a queued frame now: the link address to send it to
   * (broadcast for a flood), CUSTODY for another round after a backoff, or
   * NOT_NOW: it stays queued (store and forward; bulk waiting for airtime).
   */
  private decide(o: Outgoing, route: () => Route | null): number {
    if (o.priority === Priority.bulk && this.tokens < this.airtimeMs(o.frame)) return NOT_NOW;
    if (o.linkTo !== 0) return o.linkTo;
    const tried = triedCount(o);
    if (tried < this.cfg.maxCandidates) {
      const own = route();
      // Feasibility: a next hop's advertised metric must be below the one this node last
      // advertised, so no neighbour can be routing through us on stale news (no loops).
      const c = own ? this.neighbours.candidates(Math.min(this.advertised, own.metric), o.tried, 1) : [];
      if (c.length > 0) return c[0];
    }
    if (route() && o.rounds < CUSTODY_ROUNDS && tried > 0) return CUSTODY;
    if (o.priority <= Priority.instruction && this.neighbours.size > 0 && !o.flooded) return LINK_BROADCAST;
    return NOT_NOW;
  }

  /** Makes sure kick() runs again at time t (the earliest retry backoff to expire). */
  private wakeAt(t: number): void {
    const now = this.hal.clock.now();
    if (!(t > now) || t === Infinity) return;
    if (this.wakeTimer !== 0 && this.wakeTime <= t) return;
    if (this.wakeTimer !== 0) this.hal.clock.clearTimeout(this.wakeTimer);
    this.wakeTime = t;
    this.wakeTimer = this.hal.clock.setTimeout(() => {
      this.wakeTimer = 0;
      this.kick();
    }, t - now);
  }

  /** Random exponential backoff before the n-th retry: spreads retries out of a collision. */
  private backoff(n: number, base: number): number {
    return this.hal.clock.now() + base * (1 + this.hal.random.next()) * Math.pow(2, Math.min(n, 5));
  }

  private transmit(o: Outgoing, to: number): void {
    this.busy = true;
    this.tokens -= this.airtimeMs(o.frame);
    this.stats.dataTx++;
    o.attempts++;
    this.hal.radio.send(to, o.frame, (acked) => {
      this.busy = false;
      if (!this.running) return;
      if (to === LINK_BROADCAST && o.linkTo === 0 && o.priority <= Priority.instruction && o.rounds < CUSTODY_ROUNDS) {
        // A flood fallback is no proof of delivery: keep custody and try the gradient again later.
        o.rounds++;
        o.flooded = false;
        o.tried = null;
        o.attempts = 0;
        o.notBefore = this.backoff(o.rounds, 25);
        this.queue.unshift(o);
      } else if (to === LINK_BROADCAST || acked) {
        if (to !== LINK_BROADCAST) {
          this.neighbours.succeeded(to);
          this.neighbours.outcome(to, true);
        }
      } else {
        this.stats.unicastFailures++;
        this.neighbours.outcome(to, false);
        if (o.attempts <= this.cfg.retries) {
          o.notBefore = this.backoff(o.attempts - 1, 2);
          this.queue.unshift(o);
        } else {
          // This next hop is not answering: try the next candidate.
          o.attempts = 0;
          addTried(o, to);
          this.stats.nextHopSwitches++;
          if (this.neighbours.failed(to, this.cfg.failureLimit)) this.triggerHello();
          this.queue.unshift(o);
        }
      }
      this.kick();
    });
  }

  private airtimeMs(frame: Uint8Array): number {
    // 802.11b long preamble + ESP-NOW/MAC framing (43 bytes), at the link's bit rate.
    return 0.192 + ((frame.length + 43) * 8 * 1000) / this.hal.radio.bitrate;
  }

  private refillTokens(): void {
    const now = this.hal.clock.now();
    const cap = 1000 * this.cfg.bulkAirtimeShare;
    this.tokens = Math.min(cap, this.tokens + (now - this.tokensAt) * this.cfg.bulkAirtimeShare);
    this.tokensAt = now;
  }

  // ------------------------------------------------------------------ HELLO

  private scheduleHello(delay: number): void {
    this.helloTimer = this.hal.clock.setTimeout(() => this.hello(), delay);
  }

  private triggerHello(): void {
    if (this.triggeredHello || !this.running) return;
    this.triggeredHello = true;
    this.hal.clock.clearTimeout(this.helloTimer);
    this.scheduleHello(20 + this.hal.random.next() * 80);
  }

  private hello(): void {
    this.triggeredHello = false;
    const now = this.hal.clock.now();
    const lost = this.neighbours.expire(now);
    const r = this.route();
    const route = this.isGateway
      ? { gateway: this.cfg.address, hops: 0, metric: 0 }
      : r ? { gateway: r.gateway, hops: r.hops, metric: r.metric } : null;
    this.advertised = route ? route.metric : 0xffff;
    if (this.cfg.strategy === "gradient") {
      const frame = this.helloFrame(route);
      this.stats.helloTx++;
      // HELLOs go ahead of the data queue but never interrupt a transmission.
      this.sendHello(frame, LINK_BROADCAST);
    }
    if (lost > 0) this.kick();
    const jitter = (this.hal.random.next() - 0.5) * 0.2 * this.cfg.helloIntervalMs;
    this.scheduleHello(this.cfg.helloIntervalMs + jitter);
  }

  private helloFrame(route: HelloBody["route"]): Uint8Array {
    const body: HelloBody = { role: this.cfg.role, route, battery: null, ...this.cfg.position };
    const h: FrameHeader = {
      type: MsgType.hello, priority: Priority.telemetry, hopLimit: 0, hops: 0, net: this.cfg.net,
      ack: false, src: this.cfg.address, dst: Addr.broadcast, seq: this.nextSeq(),
    };
    return encodeMessage(h, body, this.hal.crypto.mac);
  }

  /**
   * Every 250 ms: if our next hop has missed a HELLO, ask it directly with a
   * unicast HELLO. Its link-layer ACK is proof of life; silence through the
   * retries drops it at once instead of at the neighbour timeout.
   */
  private watchParent(): void {
    if (!this.running) return;
    const p = this.parent ? this.neighbours.get(this.parent) : undefined;
    if (p && !this.probing && this.hal.clock.now() - p.lastHeard > 1.2 * this.cfg.helloIntervalMs) {
      this.probing = true;
      this.stats.probes++;
      const r = this.route();
      this.sendHello(this.helloFrame(r ? { gateway: r.gateway, hops: r.hops, metric: r.metric } : null), p.address, this.cfg.retries);
    }
    this.hal.clock.setTimeout(() => this.watchParent(), 250);
  }

  private sendHello(frame: Uint8Array, to: number, retries = 0): void {
    if (!this.running) return;
    if (this.busy) {
      this.hal.clock.setTimeout(() => this.sendHello(frame, to, retries), 5 + this.hal.random.next() * 10);
      return;
    }
    this.busy = true;
    this.hal.radio.send(to, frame, (acked) => {
      this.busy = false;
      if (to !== LINK_BROADCAST) {
        this.neighbours.outcome(to, acked);
        if (acked) {
          this.neighbours.touch(to, this.hal.clock.now());
          this.probing = false;
        } else if (retries > 0) {
          this.hal.clock.setTimeout(() => this.sendHello(frame, to, retries - 1), 2 + this.hal.random.next() * 8);
        } else {
          this.probing = false;
          if (this.neighbours.failed(to, 1)) this.triggerHello();
        }
      }
      this.kick();
    });
  }

  // ------------------------------------------------------------------ sequence numbers

  private nextSeq(): number {
    if (this.seq >= this.seqLimit) this.reserveSeqs();
    return this.seq++;
  }

  /** Reserves the next block of seqs in storage, so a reboot never reuses one. */
  private reserveSeqs(): void {
    const limit = Math.min(0xffffff, this.seq + SEQ_BLOCK);
    this.hal.storage.set(SEQ_KEY, Uint8Array.of(limit >>> 16, (limit >>> 8) & 255, limit & 255));
    this.seqLimit = limit;
  }
}

function addTried(o: Outgoing, address: number): void {
  if (!o.tried) o.tried = [address];
  else if (!o.tried.includes(address)) o.tried.push(address);
}

function triedCount(o: Outgoing): number {
  return o.tried ? o.tried.length : 0;
}

function defaultPriority(type: number): number {
  switch (type) {
    case MsgType.sos: return Priority.lifeSafety;
    case MsgType.instruction: return Priority.instruction;
    case MsgType.media: return Priority.bulk;
    default: return Priority.telemetry;
  }
}


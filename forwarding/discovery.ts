/**
 * Neighbour discovery and the gradient toward the gateways: HELLOs heard and
 * sent, the choice of parent (the next hop in use), and probing it.
 *
 * Rules:
 * - Interval: every `helloIntervalMs` (±10 % jitter, the first at a random
 *   phase) the node forgets neighbours not heard for `neighbourTimeoutMs`,
 *   updates its parent, and records the metric it advertises. With a strategy
 *   that announces (the gradient) it broadcasts a HELLO with that route; a
 *   gateway advertises itself, 0 hops, metric 0.
 * - A HELLO heard updates its sender's entry. If the parent changes, or the
 *   route gets worse than advertised, a triggered HELLO goes out 20–100 ms
 *   later instead of at the next interval (once until that interval).
 * - The parent moves only at update points: before and after a HELLO is
 *   recorded, at the interval, when a relayed uplink frame or a queued routed
 *   frame needs the route (forwarding/transmit.ts), and when probing. route()
 *   only reads: observing a beacon never changes it. Hysteresis (the parent
 *   stays while within 1/8 of the best) is in forwarding/neighbours.ts.
 * - Probing (announcing non-gateways): every 250 ms, if the parent has not
 *   been heard for 1.2 intervals, it is asked with a unicast HELLO, retried
 *   `retries` times 2–10 ms apart; its link-layer ACK is proof of life, and
 *   silence drops it at once instead of at the neighbour timeout.
 * - Feasibility (no loops): a next hop's advertised metric must be below the
 *   lower of this node's route metric and the metric it last advertised, so no
 *   neighbour can be routing through this node on stale news.
 */
import type { Hal } from "../hal/index";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import { Addr, MsgType, Priority, type FrameHeader, type ParsedFrame } from "../protocol/frame";
import { encodeMessage, messageOf } from "../protocol/message";
import type { HelloBody } from "../protocol/messages/hello";
import { countRejected, type RouterConfig, type RouterStats } from "./config";
import { NeighbourTable, type Route } from "./neighbours";
import type { Sequence } from "./sequence";
import type { NextHops, Transmitter } from "./transmit";

const NO_METRIC = 0xffff;
/** How often the parent is checked, ms, and how long it may stay silent, in HELLO intervals. */
const PROBE_CHECK_MS = 250;
const PROBE_SILENCE = 1.2;

export class Discovery implements NextHops {
  private readonly neighbours: NeighbourTable;
  private tx!: Transmitter;
  private announces = false;
  /** the next hop in use, kept while it stays nearly as good as the best (no flapping) */
  private parent = 0;
  /** the metric this node last advertised: next hops must be strictly below it (loop freedom) */
  private advertised = NO_METRIC;
  private helloTimer = 0;
  private triggered = false;
  private probing = false;

  constructor(
    private readonly cfg: RouterConfig,
    private readonly hal: Hal,
    private readonly stats: RouterStats,
    private readonly seq: Sequence,
  ) {
    this.neighbours = new NeighbourTable(cfg.neighbourEntries, cfg.neighbourTimeoutMs);
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
    this.scheduleHello(this.hal.random.next() * this.cfg.helloIntervalMs);
    if (announces && !this.isGateway) this.hal.clock.setTimeout(() => this.watchParent(), PROBE_CHECK_MS * this.hal.random.next());
  }

  /** The route this node would use now (null at a gateway or with none). Reading it changes nothing. */
  route(): Route | null {
    return this.isGateway ? null : this.neighbours.best(this.parent);
  }

  /** The route now, and the parent moved to it: called only at the update points above. */
  update(): Route | null {
    if (this.isGateway) return null;
    const r = this.neighbours.best(this.parent);
    this.parent = r ? r.via : 0;
    return r;
  }

  nextHop(own: Route, tried: readonly number[] | null): number | undefined {
    return this.neighbours.candidates(Math.min(this.advertised, own.metric), tried, 1)[0];
  }

  acked(to: number): void {
    this.neighbours.succeeded(to);
    this.neighbours.outcome(to, true);
  }

  unanswered(to: number): void {
    this.neighbours.outcome(to, false);
  }

  gaveUp(to: number): void {
    if (this.neighbours.failed(to, this.cfg.failureLimit)) this.triggerHello();
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
    const before = this.update();
    this.neighbours.heard(f.header.src, info.rssi, this.hal.clock.now(), body.route);
    const after = this.update();
    if (after && (!before || after.via !== before.via)) this.tx.releaseCustody();
    if (!before && after) this.tx.kick();
    // Tell the neighbours soon when our way changes or gets worse than we said.
    if ((after && before && after.via !== before.via) || (after ? after.metric : NO_METRIC) > this.advertised) this.triggerHello();
  }

  private scheduleHello(delay: number): void {
    this.helloTimer = this.hal.clock.setTimeout(() => this.interval(), delay);
  }

  private triggerHello(): void {
    if (this.triggered) return;
    this.triggered = true;
    this.hal.clock.clearTimeout(this.helloTimer);
    this.scheduleHello(20 + this.hal.random.next() * 80);
  }

  private interval(): void {
    this.triggered = false;
    const lost = this.neighbours.expire(this.hal.clock.now());
    const r = this.update();
    const route = this.isGateway ? { gateway: this.cfg.address, hops: 0, metric: 0 } : advert(r);
    this.advertised = route ? route.metric : NO_METRIC;
    if (this.announces) {
      const frame = this.helloFrame(route);
      this.stats.helloTx++;
      // HELLOs go ahead of the data queue but never interrupt a transmission.
      this.sendHello(frame, LINK_BROADCAST, 0);
    }
    if (lost > 0) this.tx.kick();
    const jitter = (this.hal.random.next() - 0.5) * 0.2 * this.cfg.helloIntervalMs;
    this.scheduleHello(this.cfg.helloIntervalMs + jitter);
  }

  private helloFrame(route: HelloBody["route"]): Uint8Array {
    const body: HelloBody = { role: this.cfg.role, route, battery: null, ...this.cfg.position };
    const h: FrameHeader = {
      type: MsgType.hello, priority: Priority.telemetry, hopLimit: 0, hops: 0, net: this.cfg.net,
      ack: false, src: this.cfg.address, dst: Addr.broadcast, seq: this.seq.next(),
    };
    return encodeMessage(h, body, this.hal.crypto.mac);
  }

  private watchParent(): void {
    const p = this.parent ? this.neighbours.get(this.parent) : undefined;
    if (p && !this.probing && this.hal.clock.now() - p.lastHeard > PROBE_SILENCE * this.cfg.helloIntervalMs) {
      this.probing = true;
      this.stats.probes++;
      this.sendHello(this.helloFrame(advert(this.update())), p.address, this.cfg.retries);
    }
    this.hal.clock.setTimeout(() => this.watchParent(), PROBE_CHECK_MS);
  }

  private sendHello(frame: Uint8Array, to: number, retries: number): void {
    this.tx.sendControl(to, frame, (acked) => {
      if (to === LINK_BROADCAST) return;
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
    });
  }
}

/** A route as a HELLO advertises it. */
function advert(r: Route | null): HelloBody["route"] {
  return r ? { gateway: r.gateway, hops: r.hops, metric: r.metric } : null;
}

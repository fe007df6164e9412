/**
 * The router every beacon runs, assembled from its parts:
 *
 *   pipeline.ts    receive and originate: decode → net → dedup → deliver → relay?
 *   pack.ts        phone SOS packed into one frame instead of evicted (a full queue)
 *   discovery.ts   HELLOs, neighbours, the parent and probing: the gradient
 *   transmit.ts    the queue, next hops, retries, custody, backoff, airtime budget
 *   strategy.ts    how frames cross the mesh: the gradient on a beacon; the
 *                  simulator adds the flooding baselines it compares against
 *                  (strategies/baselines.ts), chosen once from the configuration
 *   sequence.ts    sequence numbers that survive a reboot
 *   custody.ts     life-safety frames held in custody, kept across a reboot
 *   trickle.ts     the Trickle timer of HELLOs and of orders (dissemination.ts)
 *   events.ts      what it publishes (delivered, originated, merged) and the read-only probe
 *
 * It reaches the world only through the HAL (radio, clock, random, storage,
 * crypto, log), and the rest of the beacon reaches it only through
 * originate(), its events and its probe.
 */
import type { Hal } from "../hal/index";
import { type RouterConfig, type RouterStats, type StrategyName, newStats } from "./config";
import { CustodyStore } from "./custody";
import { DedupCache } from "./dedup";
import { Discovery } from "./discovery";
import type { RouterListener, RouterProbe } from "./events";
import type { Route } from "./neighbours";
import { type OriginateOptions, Pipeline } from "./pipeline";
import { PriorityQueue } from "./queue";
import { Sequence } from "./sequence";
import type { ForwardingStrategy, StrategyParts } from "./strategy";
import { Gradient } from "./strategies/gradient";
import { Transmitter } from "./transmit";

export { DEFAULT_ROUTER, type RouterConfig, type RouterSettings, type RouterStats, type StrategyName } from "./config";

/** The strategies a build carries, by name. */
export type Strategies = Partial<Record<StrategyName, (parts: StrategyParts) => ForwardingStrategy>>;

/** A beacon's build: the gradient only (the baselines are the simulator's, and would cost the device's code budget). */
export const ON_DEVICE: Strategies = { gradient: (p) => new Gradient(p) };

export class Router implements RouterProbe {
  readonly cfg: RouterConfig;
  readonly stats: RouterStats = newStats();
  private readonly hal: Hal;
  private readonly seq: Sequence;
  private readonly discovery: Discovery;
  private readonly tx: Transmitter;
  private readonly strategy: ForwardingStrategy;
  private readonly pipeline: Pipeline;
  private readonly custody: CustodyStore | null;

  /** `listeners` get the router's events, in this order (forwarding/events.ts). */
  constructor(cfg: RouterConfig, hal: Hal, listeners: readonly RouterListener[] = [], strategies: Strategies = ON_DEVICE) {
    this.cfg = cfg;
    this.hal = hal;
    const make = strategies[cfg.strategy];
    if (!make) throw new RangeError(`strategy ${String(cfg.strategy)} not in this build`);
    const stats = this.stats;
    const seq = (this.seq = new Sequence(hal.storage));
    const discovery = (this.discovery = new Discovery(cfg, hal, stats, seq));
    const tx = (this.tx = new Transmitter(cfg, hal, stats, new PriorityQueue(cfg.queueFrames, cfg.queueBytes), discovery));
    const dedup = new DedupCache(cfg.dedupEntries);
    const strategy = (this.strategy = make({ cfg, hal, stats, tx, discovery, dedup }));
    this.pipeline = new Pipeline(cfg, hal, stats, seq, discovery, tx, strategy, listeners, dedup);
    // Custody across a reboot is for strategies that hold frames (the gradient); the floods hold none.
    this.custody = strategy.routesUplink && cfg.role !== "gateway" ? new CustodyStore(hal.storage, hal.clock, (fn) => tx.eachHeld(fn)) : null;
  }

  /** Boots: restores the sequence block and the frames held in custody, listens, starts the timers (and HELLOs). */
  start(): void {
    this.seq.restore();
    if (this.custody) {
      for (const f of this.custody.restore()) if (this.pipeline.adopt(f)) this.stats.restored++;
      this.custody.start();
    }
    this.hal.radio.onReceive = (frame, info) => this.pipeline.receive(frame, info);
    this.tx.start();
    this.discovery.start(this.tx, this.strategy.announces);
  }

  /**
   * Sends a new message from this node. Uplink (dst any gateway, the default)
   * is routed or flooded as the strategy says; a broadcast goes as the
   * strategy says (the gradient: orders by Trickle, anything else to the
   * neighbours only). Returns the frame's seq.
   */
  originate(type: number, body: unknown, opts: OriginateOptions = {}): number {
    return this.pipeline.originate(type, body, opts);
  }

  /** The route this node would use now (null at a gateway or with none). Reading it changes nothing. */
  route(): Route | null {
    return this.discovery.route();
  }

  get queued(): number {
    return this.tx.queue.size;
  }

  queueByClass(): number[] {
    return this.tx.queue.byClass();
  }
}

/**
 * How frames cross the mesh: one strategy per router, chosen once from the
 * configuration when the router is built (forwarding/router.ts), each a small
 * object in forwarding/strategies/ with its rules in its header:
 *
 *   gradient       ours: uplink hop by hop toward the nearest gateway, orders by
 *                  Trickle (dissemination.ts), nothing else relayed
 *                  (strategies/gradient.ts)
 *   flood          the baseline: every node rebroadcasts every new frame once
 *                  (strategies/flood.ts)
 *   managed-flood  the Meshtastic-style baseline: rebroadcast after a contention
 *                  delay, cancelled when another relay is heard first
 *                  (strategies/managed-flood.ts)
 *
 * The receive pipeline (forwarding/pipeline.ts) does what every strategy
 * shares — authenticate, drop other nets, deduplicate, deliver, enforce the
 * hop limit, re-seal — and hands the strategy what is left to decide.
 */
import type { Hal } from "../hal/index";
import type { ReceiveInfo } from "../hal/radio";
import type { FrameHeader } from "../protocol/frame";
import type { RouterConfig, RouterStats, StrategyName } from "./config";
import type { DedupCache } from "./dedup";
import type { Discovery } from "./discovery";
import type { Transmitter } from "./transmit";

export interface ForwardingStrategy {
  readonly name: StrategyName;
  /** This node announces itself with HELLOs and probes its next hop: it builds the gradient. */
  readonly announces: boolean;
  /** Uplink this node originates goes along the gradient; otherwise it is flooded. */
  readonly routesUplink: boolean;
  /**
   * A new frame to pass on: not only for this node, hop limit left, `copy`
   * already re-sealed with one more hop. `key` is its (src, seq) dedup key.
   */
  relay(copy: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo): void;
  /** A copy of a frame seen before, as received; `firstHops`: the hops it had when first seen. */
  duplicate(bytes: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo, firstHops: number): void;
  /**
   * A frame this node originated (not uplink at a gateway, which is delivered
   * at once). Optional: without it, or when it returns false, the frame is
   * queued, routed if it is uplink and the strategy routes uplink, else broadcast.
   */
  originate?(frame: Uint8Array, h: FrameHeader, key: number): boolean;
}

/** What a strategy is built from. */
export interface StrategyParts {
  cfg: RouterConfig;
  hal: Hal;
  stats: RouterStats;
  tx: Transmitter;
  discovery: Discovery;
  /** the frames seen (shared with the receive pipeline) */
  dedup: DedupCache;
}

/**
 * The router's settings, their defaults, and the counters every part of the
 * forwarding layer adds to.
 *
 * The defaults are engineering choices, not derived values; `npm run bench`
 * measures them on the default mall (BENCHMARKS.md) and the scenario README
 * lists them. What follows from them: a HELLO (26 bytes) is 0.74 ms on air at
 * 1 Mbit/s (forwarding/airtime.ts), so one a second costs a beacon under 0.1 %
 * of the channel; with the interval jittered by ±10 %, a 3.5 s neighbour
 * timeout forgets a neighbour that missed three HELLOs in a row (at this
 * node's first interval tick past 3.5 s without one).
 */
import type { Role } from "../protocol/messages/hello";
import type { SitePosition } from "../protocol/messages/site-position";

/** The forwarding strategies (forwarding/strategies/): ours, and the two baselines the benchmark compares against. */
export type StrategyName = "gradient" | "flood" | "managed-flood";

export interface RouterConfig {
  address: number;
  net: number;
  role: Role;
  position: SitePosition;
  strategy: StrategyName;
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
  /** managed flood: contention slot, ms */
  floodSlotMs: number;
  /** instruction flood: a node stays quiet after hearing this many relays of the frame */
  floodRedundancy: number;
}

/** What a beacon's identity does not decide. */
export type RouterSettings = Omit<RouterConfig, "address" | "net" | "role" | "position">;

export const DEFAULT_ROUTER: RouterSettings = {
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

export function newStats(): RouterStats {
  return {
    originated: 0, received: 0, rejected: {}, duplicates: 0, forwarded: 0, dataTx: 0, helloTx: 0,
    unicastFailures: 0, nextHopSwitches: 0, floodFallbacks: 0, floodCancelled: 0, queueDrops: 0,
    hopLimitDrops: 0, returned: 0, probes: 0, delivered: 0,
  };
}

/** Counts a frame or message refused, by its error reason. */
export function countRejected(stats: RouterStats, reason: string): void {
  stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
}

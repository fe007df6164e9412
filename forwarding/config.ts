/**
 * The router's settings, their defaults, and the counters every part of the
 * forwarding layer adds to.
 *
 * The defaults are engineering choices, not derived values; `npm run bench`
 * measures them on the default mall and on a fixed family of generated sites
 * (BENCHMARKS.md), and the scenario README lists them. What follows from them:
 * - HELLOs follow a Trickle timer (RFC 6206): the interval starts at
 *   `helloIntervalMs` (1 s) after any change and doubles while nothing
 *   changes, up to `helloMaxIntervalMs` (8 s); a HELLO (29 bytes, 0.77 ms on
 *   air at 1 Mbit/s) then costs a quiet beacon under 0.01 % of the channel.
 * - A neighbour not heard for `neighbourTimeoutMs` (30 s, more than three of
 *   the longest HELLO intervals) is forgotten; a dead next hop is found much
 *   sooner, by the unicasts and probes it fails to answer (`failureLimit`
 *   failed exchanges in a row, each several link-layer attempts: under 25 %
 *   loss each way an exchange of 3 attempts fails with p ≈ 0.08, three in a
 *   row ≈ 6e-4, so a live link is seldom declared dead). Both are floors: on
 *   a weaker link the table waits for a silence or a run that a live
 *   neighbour would show less than once in a thousand (forwarding/neighbours.ts:
 *   up to 16 exchanges, up to four timeouts).
 * - The transmit queue is bounded by the heap its frames cost (`queueBytes`,
 *   forwarding/queue.ts): 25 824 B is 48 frames of the largest size (250 B
 *   plus 288 B of XS overhead each), the relay's heap budget (issue 4,
 *   BENCHMARKS.md); `queueFrames` 80 bounds the queue's scans. An SOS frame
 *   is 22 B (a beacon's own) or 28 B (one phone's), 310-316 B queued, so the
 *   heap would take 81-83 of them: a wave of single SOS frames stops at 80
 *   (under 25 300 B), within three of what the heap allows.
 * - `hopLimit` 15 is the most the header's 4-bit field carries (SPEC §2):
 *   routed frames go strictly downhill (forwarding/neighbours.ts), so the
 *   limit is a safety net, not a reach limit, and deep sites (a 14-hop tunnel)
 *   stay reachable.
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
  /** shortest (Trickle Imin) interval between HELLOs, ms: after any change */
  helloIntervalMs: number;
  /** longest (Trickle Imax) interval between HELLOs, ms: while nothing changes */
  helloMaxIntervalMs: number;
  /** a neighbour not heard for this long is forgotten, ms (on a good link; up to four times it on a weak one: forwarding/neighbours.ts) */
  neighbourTimeoutMs: number;
  /** hop limit of frames this node originates */
  hopLimit: number;
  /** unicast retries to one next hop before the next candidate */
  retries: number;
  /** next hops tried per frame before falling back */
  maxCandidates: number;
  /** failed exchanges in a row after which a neighbour is dropped (on a good link; up to 16 on a weak one: forwarding/neighbours.ts) */
  failureLimit: number;
  dedupEntries: number;
  /** the transmit queue holds at most this many frames … */
  queueFrames: number;
  /** … and at most this much heap, bytes: each frame's length plus its XS overhead (forwarding/queue.ts) */
  queueBytes: number;
  neighbourEntries: number;
  /** share of airtime bulk traffic may use, 0..1 */
  bulkAirtimeShare: number;
  /** managed flood: contention slot, ms */
  floodSlotMs: number;
  /** orders (Trickle's k, forwarding/dissemination.ts) and the managed-flood baseline: a node stays quiet after hearing this many copies */
  floodRedundancy: number;
}

/** What a beacon's identity does not decide. */
export type RouterSettings = Omit<RouterConfig, "address" | "net" | "role" | "position">;

export const DEFAULT_ROUTER: RouterSettings = {
  strategy: "gradient",
  helloIntervalMs: 1000,
  helloMaxIntervalMs: 8000,
  neighbourTimeoutMs: 30_000,
  hopLimit: 15,
  retries: 2,
  maxCandidates: 3,
  failureLimit: 3,
  dedupEntries: 256,
  queueFrames: 80,
  queueBytes: 25_824,
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
  floodCancelled: number;
  queueDrops: number;
  hopLimitDrops: number;
  /** uplink frames that came back (routes moved under them) and were taken again (strategies/gradient.ts) */
  returned: number;
  /** unicast HELLOs sent to a next hop that fell silent */
  probes: number;
  delivered: number;
  /** frames held in custody before a reboot, queued again at boot */
  restored: number;
  /** phone-SOS frames packed into frames of this node's instead of evicting one (forwarding/pack.ts) */
  packed: number;
}

export function newStats(): RouterStats {
  return {
    originated: 0, received: 0, rejected: {}, duplicates: 0, forwarded: 0, dataTx: 0, helloTx: 0,
    unicastFailures: 0, nextHopSwitches: 0, floodCancelled: 0, queueDrops: 0,
    hopLimitDrops: 0, returned: 0, probes: 0, delivered: 0, restored: 0, packed: 0,
  };
}

/** Counts a frame or message refused, by its error reason. */
export function countRejected(stats: RouterStats, reason: string): void {
  stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
}

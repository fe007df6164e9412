/**
 * The scenario's `router` section (sim/scenarios/README.md): overrides of the
 * router's settings (forwarding/config.ts), each checked against the range in
 * which the router does what its name says.
 *
 * Rules, from how forwarding/ uses each one:
 *  - HELLOs follow a Trickle timer (forwarding/trickle.ts) from
 *    helloIntervalMs (Imin, 50 … 60 000) up to helloMaxIntervalMs (Imax,
 *    Imin … 600 000): at 0 the timer re-arms itself at the same instant for
 *    ever. A HELLO falls in the second half of its interval, so two of them
 *    can be up to 1.5 × Imax apart: neighbourTimeoutMs (… 3 600 000) must
 *    exceed that, else a neighbour is forgotten between two of its HELLOs;
 *  - hopLimit 1 … 15: the frame header's 4-bit field, hopLimit + hops ≤ 15
 *    (protocol/SPEC.md §2, MAX_HOPS); 0 would never leave the first hop;
 *  - retries 0 … 15, maxCandidates 1 … 64, failureLimit 1 … 255: counts of
 *    transmissions and next hops (transmit.ts, neighbours.ts);
 *  - dedupEntries 1 … 65 536, queueFrames 1 … 4 096, neighbourEntries
 *    1 … 1 024: table sizes, allocated once (a ring of 0 entries never
 *    advances: the dedup cache spins); floodRedundancy 1 … 255;
 *  - queueBytes 538 … 2 203 648: the transmit queue's heap (forwarding/queue.ts),
 *    from one frame of the largest size with its overhead (less, and a
 *    250-byte fragment could never be queued) to 4 096 of them;
 *  - bulkAirtimeShare 0 … 1 (a share; 0: no bulk at all); floodSlotMs
 *    0.02 … 1 000 (the DCF slot is 20 µs);
 *  - integers wherever the router counts.
 */
import { DEFAULT_ROUTER, type RouterSettings } from "../forwarding/router";
import { QUEUED_FRAME_OVERHEAD } from "../forwarding/queue";
import { MAX_FRAME, MAX_HOPS } from "../protocol/frame";
import { type Obj, ScenarioError, int, known, num, obj } from "./scenario-fields";

type Key = Exclude<keyof RouterSettings, "strategy">;

/** Each numeric setting: its range, and whether it counts (an integer). */
export const ROUTER_RANGES: Record<Key, { min: number; max: number; integer: boolean }> = {
  helloIntervalMs: { min: 50, max: 60_000, integer: false },
  helloMaxIntervalMs: { min: 50, max: 600_000, integer: false },
  neighbourTimeoutMs: { min: 50, max: 3_600_000, integer: false },
  hopLimit: { min: 1, max: MAX_HOPS, integer: true },
  retries: { min: 0, max: 15, integer: true },
  maxCandidates: { min: 1, max: 64, integer: true },
  failureLimit: { min: 1, max: 255, integer: true },
  dedupEntries: { min: 1, max: 65_536, integer: true },
  queueFrames: { min: 1, max: 4096, integer: true },
  queueBytes: { min: MAX_FRAME + QUEUED_FRAME_OVERHEAD, max: 4096 * (MAX_FRAME + QUEUED_FRAME_OVERHEAD), integer: true },
  neighbourEntries: { min: 1, max: 1024, integer: true },
  bulkAirtimeShare: { min: 0, max: 1, integer: false },
  floodSlotMs: { min: 0.02, max: 1000, integer: false },
  floodRedundancy: { min: 1, max: 255, integer: true },
};

export const STRATEGIES = ["gradient", "flood", "managed-flood"] as const;

/** The scenario's router overrides (absent: none), every value checked. */
export function parseRouter(v: unknown): Partial<RouterSettings> {
  const path = "scenario.router";
  const o: Obj = v === undefined ? {} : obj(v, path);
  known(o, ["strategy", ...Object.keys(ROUTER_RANGES)], path);
  const out: Partial<RouterSettings> = {};
  if (o.strategy !== undefined) {
    if (!(STRATEGIES as readonly unknown[]).includes(o.strategy)) throw new ScenarioError(`${path}.strategy must be one of ${STRATEGIES.join(", ")}`);
    out.strategy = o.strategy as RouterSettings["strategy"];
  }
  for (const [k, r] of Object.entries(ROUTER_RANGES) as [Key, (typeof ROUTER_RANGES)[Key]][]) {
    if (o[k] === undefined) continue;
    out[k] = r.integer ? int(o, k, path, r.min, r.max) : num(o, k, path, r.min, r.max);
  }
  const merged = { ...DEFAULT_ROUTER, ...out };
  const imin = merged.helloIntervalMs, imax = merged.helloMaxIntervalMs ?? imin, timeout = merged.neighbourTimeoutMs;
  if (imax < imin) {
    const which = out.helloMaxIntervalMs !== undefined ? "helloMaxIntervalMs" : "helloIntervalMs";
    throw new ScenarioError(`${path}.${which}: helloMaxIntervalMs (${imax}) must be at least helloIntervalMs (${imin})`);
  }
  if (!(timeout > 1.5 * imax)) {
    const which = out.neighbourTimeoutMs !== undefined ? "neighbourTimeoutMs" : "helloMaxIntervalMs";
    throw new ScenarioError(`${path}.${which}: neighbourTimeoutMs (${timeout}) must be more than 1.5 × helloMaxIntervalMs (${imax}), the longest gap between two HELLOs`);
  }
  return out;
}

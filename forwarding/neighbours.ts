/**
 * What a node knows of its neighbours and their way to a gateway, learnt from
 * HELLOs and from link-layer acknowledgements. Costs are in 1/16 of an
 * expected transmission, as HELLO's gwMetric.
 */
export interface Neighbour {
  address: number;
  /** last proof of life: a HELLO or a link-layer ACK, ms */
  lastHeard: number;
  /** when its last HELLO came, ms */
  lastHello: number;
  /**
   * the time between its last two HELLOs, ms: its Trickle interval, as far as
   * this node can tell; at most 1.5 `maxGapMs` (two HELLOs of a Trickle timer
   * at its longest interval are at most that far apart: a longer gap heard is
   * HELLOs lost on the way, and a parent silent for 2.2 such gaps was probed a
   * minute late, default mall seed 1)
   */
  gap: number;
  /** the frame seq of its last HELLO: an older or equal one is a replay */
  seq: number;
  /** smoothed RSSI, dBm */
  rssi: number;
  /** consecutive unicast failures to it */
  failures: number;
  /** `prr` as it was before the first unanswered attempt of the current run (0: no run): what judges the run (failuresToDeath) */
  runPrr: number;
  /** estimated chance a unicast to it is acknowledged: an RSSI prior, then learnt from ACKs */
  prr: number;
  /** its advertised route, if any */
  gateway: number;
  hops: number;
  metric: number;
  /** the gateway's sequence number its route was learnt under (SPEC §4.1) */
  gwSeq: number;
  hasRoute: boolean;
  /**
   * its last HELLO said its queue is nearly full of life-safety frames: no
   * routed frames to it until this time, ms. A node says busy for 10 s at
   * most (SPEC §4.1), so the word lapses then here too: a busy HELLO followed
   * by HELLOs that never arrive (a weak link) must not keep the way shut.
   */
  busyUntil: number;
  /** its last HELLO said its queue is nearly full: no bulk frames to it until then, ms (lapses like busyUntil) */
  fullUntil: number;
}

export interface Route {
  via: number;
  gateway: number;
  hops: number;
  metric: number;
  /** the gateway's sequence number the way was learnt under */
  seq: number;
}

export const HEARD_FULL = 0;
export const HEARD_KNOWN = 1;
export const HEARD_NEW = 2;
/** not newer than the last HELLO heard from it: a replay (or a copy), ignored */
export const HEARD_STALE = 3;

/** Whether `bits`-bit sequence number a is after b (serial number arithmetic, RFC 1982): up to half the space ahead. */
function serialAfter(a: number, b: number, bits: number): boolean {
  const d = (a - b) & ((1 << bits) - 1);
  return d !== 0 && d < 1 << (bits - 1);
}

/** Whether a frame's 24-bit sequence number a is after b (SPEC §2). */
export function seqAfter(a: number, b: number): boolean {
  return serialAfter(a, b, 24);
}

/** Whether a gateway's 16-bit route sequence number a is after b (HELLO's gwSeq: SPEC §4.1). */
export function gwSeqAfter(a: number, b: number): boolean {
  return serialAfter(a, b, 16);
}

/** One transmission in good conditions. */
export const UNIT_COST = 16;

/**
 * Prior delivery ratio from RSSI, for a link not yet measured. The ESP32
 * receives 1 Mbps DSSS down to −98 dBm (Espressif, ESP32 datasheet, 8 % PER);
 * indoors a link's power fades frame to frame, and a Rayleigh-faded link
 * needs ~18 dB over that to deliver ~95 % of its frames (the fade that deep
 * comes 1 time in 60), ~3 dB to deliver a fifth. Between, linear in dB. The
 * estimate is then learnt from the link's own ACKs.
 */
export function prrPrior(rssi: number): number {
  if (rssi >= -80) return 0.95;
  // (also a NaN from a radio: an estimate must stay a number, or the neighbour would never expire)
  if (!(rssi > -95)) return 0.2;
  return 0.2 + ((rssi + 95) / 15) * 0.75;
}

/** Link cost = expected transmissions (ETX = 1 / delivery ratio), in 1/16 units, at most 16 transmissions. */
export function linkCost(n: Neighbour): number {
  return Math.min(16 * UNIT_COST, Math.round(UNIT_COST / Math.max(n.prr, 1 / 16)));
}

/** Weight of the newest ACK outcome in the delivery-ratio estimate (slow: a burst of collisions must not swing routes). */
const PRR_ALPHA = 0.08;
/** The estimate never falls below this: a link's cost is bounded at 16 transmissions, and a link that recovers can be seen to. */
const PRR_FLOOR = 1 / 16;

/**
 * The chance a live neighbour is taken for dead, by its silence or by the
 * exchanges it fails, that the table aims at. The configured floors (three
 * failed exchanges of three attempts, 30 s of silence) keep under it on links
 * that deliver more than about 54 % (failures) and 84 % (silence) of attempts;
 * on a weaker link the same chance needs a longer run, up to MAX_FAILURES
 * exchanges and MAX_SILENCE timeouts, and beyond those bounds the chance is
 * higher (about 4.5 % of runs on a link at the estimate's floor, 1/16). The
 * issue's tunnel: a chain of links delivering a third of their frames lost
 * its gateway every few seconds to runs of three failures and to 30 s without
 * a HELLO, and with it the way for everything behind.
 */
const FALSE_DEATH = 1e-3;
const MAX_FAILURES = 16;
export const MAX_SILENCE = 4;

/** Independent tries that a live neighbour, answering a share `prr` of them, all fails with a chance of FALSE_DEATH. */
function triesToDeath(prr: number): number {
  return Math.log(FALSE_DEATH) / Math.log(1 - Math.min(prr, 0.99));
}

/**
 * Failed exchanges in a row after which a neighbour is dropped: enough that a
 * live one, answering a share `prr` of attempts, fails that many exchanges
 * of `attempts` attempts with a chance under FALSE_DEATH, up to MAX_FAILURES;
 * never fewer than `limit` (the configured floor, which may be higher).
 */
export function failuresToDeath(limit: number, prr: number, attempts: number): number {
  return Math.max(limit, Math.min(MAX_FAILURES, Math.ceil(triesToDeath(prr) / attempts)));
}

/**
 * Silence after which a neighbour is dropped: long enough that a live one,
 * sending a HELLO about every `maxGapMs` (its longest Trickle interval; a gap
 * can reach 1.5 times it) heard with a chance of about `prr` each, goes
 * unheard that long with a chance under FALSE_DEATH; at least `timeoutMs`, at
 * most MAX_SILENCE times it. `prr` is the better of the link's estimate from
 * our unicasts and the RSSI prior: our own failed unicasts to a neighbour
 * that is gone must not stretch the time it is mourned.
 */
export function silenceToDeath(timeoutMs: number, maxGapMs: number, prr: number): number {
  return Math.min(MAX_SILENCE * timeoutMs, Math.max(timeoutMs, maxGapMs * triesToDeath(prr)));
}

/** Gateways whose feasibility distance is kept (Babel's source table): a site has a few; ways to a ninth are taken unchecked (a key holder inventing gateways gains nothing over what its own ways can do). */
const MAX_GATEWAYS = 8;

/** Neighbours remembered after they leave the table, so one that comes back soon is not news, and its old HELLOs are still replays. */
const GONE_MEMORY = 16;

export class NeighbourTable {
  /** in the order they came in (a Map's order, without its iterator: best() and nextHop() walk it for every HELLO heard and every frame sent) */
  private readonly table: Neighbour[] = [];
  /** addresses that left the table lately, when, and the seq of their last HELLO (oldest first, at most GONE_MEMORY) */
  private readonly gone: { address: number; at: number; seq: number }[] = [];
  /**
   * Feasibility distances (Babel's, RFC 8966 §3.5.1, with the gateway's
   * sequence number of SPEC §4.1 as Babel's seqno), one a gateway this node
   * advertised a way to (advertised()): gateway address → the newest of that
   * gateway's numbers it advertised × 65 536 + the least metric it advertised
   * under it. Cleared by forwarding/discovery.ts when they must be forgotten.
   */
  readonly fds = new Map<number, number>();

  /** `maxGapMs`: the longest interval between a neighbour's HELLOs (helloMaxIntervalMs; 0: every neighbour gets `timeoutMs`); `attempts`: link-layer attempts in one exchange (retries + 1) */
  constructor(readonly capacity: number, readonly timeoutMs: number, readonly maxGapMs = 0, readonly attempts = 1) {}

  get size(): number {
    return this.table.length;
  }

  get(address: number): Neighbour | undefined {
    for (const n of this.table) if (n.address === address) return n;
    return undefined;
  }

  /**
   * Records a HELLO: HEARD_NEW for a neighbour not in the table and not
   * heard within the timeout (a beacon that booted, or is back after a cut
   * or a long silence), HEARD_KNOWN for one that was (or left the table
   * lately: dropped after failures on a lossy link, evicted), HEARD_FULL
   * when the table is full of stronger neighbours (nothing recorded), HEARD_STALE for a seq not after
   * the last one heard from it, in the table or gone within MAX_SILENCE
   * timeouts (a replay: taken, a recording would bring a dead neighbour
   * back; the gone list is bounded, and a replay protection that outlives it
   * is issue 10's). `firstGap` is the gap
   * assumed before a second HELLO shows the neighbour's own.
   */
  heard(address: number, rssi: number, now: number, route: { gateway: number; hops: number; metric: number; seq: number } | null, firstGap: number, seq: number, busyFor = 0, fullFor = 0): number {
    let n = this.get(address);
    let status = HEARD_KNOWN;
    if (n && !seqAfter(seq, n.seq)) return HEARD_STALE;
    if (!n) {
      let g: { at: number; seq: number } | undefined;
      for (const x of this.gone) if (x.address === address) g = x;
      // For as long as a neighbour can be mourned: a beacon whose seq started again (storage wiped,
      // a replacement under the same address) is shut out that long, not until it counts past the old.
      if (g && now - g.at <= MAX_SILENCE * this.timeoutMs && !seqAfter(seq, g.seq)) return HEARD_STALE;
      if (this.table.length >= this.capacity && !this.evictWeakest(rssi)) return HEARD_FULL;
      n = { address, lastHeard: now, lastHello: now, gap: firstGap, seq, rssi, failures: 0, runPrr: 0, prr: prrPrior(rssi), gateway: 0, hops: 255, metric: 0xffff, gwSeq: 0, hasRoute: false, busyUntil: 0, fullUntil: 0 };
      this.table.push(n);
      status = g && now - g.at <= this.timeoutMs ? HEARD_KNOWN : HEARD_NEW;
    } else {
      n.gap = Math.min(now - n.lastHello, this.maxGapMs > 0 ? 1.5 * this.maxGapMs : Infinity);
      n.lastHello = now;
    }
    n.seq = seq;
    // A HELLO is proof of life: a run of failed unicasts to it is forgiven.
    n.failures = 0;
    n.runPrr = 0;
    n.lastHeard = now;
    n.rssi = n.rssi * 0.7 + rssi * 0.3;
    n.busyUntil = now + busyFor;
    n.fullUntil = now + fullFor;
    if (route) {
      n.gateway = route.gateway;
      n.hops = route.hops;
      n.metric = route.metric;
      n.gwSeq = route.seq;
      n.hasRoute = true;
    } else {
      n.hasRoute = false;
    }
    return status;
  }

  /**
   * This node advertised `r`: its gateway's distance is set by a newer number
   * or a lower metric under the same one, never moved back to an older number
   * (the gateway heard directly may say one, feasible() takes its way: a
   * gateway restarted with its storage wiped, or a HELLO of the gateway's
   * heard late). A ninth gateway gets none (its ways are taken as ways to a
   * gateway never advertised).
   */
  advertised(r: { gateway: number; metric: number; seq: number }): void {
    const f = this.fds.get(r.gateway), v = r.seq * 65536 + r.metric;
    if (f === undefined ? this.fds.size < MAX_GATEWAYS : gwSeqAfter(r.seq, f >>> 16) || (r.seq === f >>> 16 && v < f)) this.fds.set(r.gateway, v);
  }

  /**
   * Whether the way a neighbour advertises cannot run through this node: it is
   * the gateway itself (its way to itself passes nowhere), or to a gateway this
   * node holds no distance for, or under a newer number than the one held, or
   * under that number for less than the least metric this node advertised
   * plus UNIT_COST. A neighbour whose way passes through this node learnt it
   * from this node's HELLOs: under a number this node had advertised (never
   * after the newest), and under the newest for at least what this node
   * advertised with it plus one link, which costs at least UNIT_COST
   * (linkCost: a delivery ratio of at most 1). The slack of one unit costs no
   * loop, and lets a parent's metric rise by a link's worth without the route
   * being dropped.
   */
  private feasible(n: Neighbour): boolean {
    const f = this.fds.get(n.gateway);
    return f === undefined || n.address === n.gateway || gwSeqAfter(n.gwSeq, f >>> 16) || (n.gwSeq === f >>> 16 && n.metric < (f & 0xffff) + UNIT_COST);
  }

  /**
   * One unicast's outcome: feeds the delivery-ratio estimate; the first
   * unanswered one after an answer starts a run, judged by the estimate
   * before it. An ACK is proof of life (at `now`) and forgives the run.
   */
  outcome(address: number, acked: boolean, now: number): void {
    const n = this.get(address);
    if (!n) return;
    if (acked) {
      n.runPrr = 0;
      n.failures = 0;
      n.lastHeard = now;
    } else if (n.runPrr === 0) n.runPrr = n.prr;
    n.prr = Math.max(PRR_FLOOR, n.prr * (1 - PRR_ALPHA) + (acked ? PRR_ALPHA : 0));
  }

  /**
   * An exchange with the neighbour failed (a frame or a probe unanswered through
   * all its attempts); after a run as long as failuresToDeath says for the
   * link as it was before the run (runPrr; the estimate falls with each
   * failure: judged by it, a run would never end), it is dropped.
   */
  failed(address: number, limit: number): boolean {
    const n = this.get(address);
    if (!n) return false;
    n.failures++;
    if (n.failures >= failuresToDeath(limit, n.runPrr || n.prr, this.attempts)) {
      this.remove(n);
      return true;
    }
    return false;
  }

  /**
   * Drops neighbours silent for longer than silenceToDeath allows their link;
   * returns how many. A neighbour kept alive by ACKs alone (its HELLOs lost,
   * our probes answered) loses its way after MAX_SILENCE − 1 timeouts without
   * a HELLO: it may have said since that it has none, and a neighbour with no
   * way forgets its feasibility distances after MAX_SILENCE timeouts, from
   * when a way through this node is feasible to it (forwarding/discovery.ts).
   * By then this node must not be holding the way it last heard.
   */
  expire(now: number): number {
    let k = 0;
    for (let i = 0; i < this.table.length; i++) {
      const n = this.table[i], silent = now - n.lastHeard;
      // (never below timeoutMs: the logarithms only for the few silent that long)
      if (silent > this.timeoutMs && silent > silenceToDeath(this.timeoutMs, this.maxGapMs, Math.max(n.prr, prrPrior(n.rssi)))) {
        // (in place: the next neighbour moves into position i)
        this.removeAt(i--);
        k++;
      } else if (now - n.lastHello > (MAX_SILENCE - 1) * this.timeoutMs) n.hasRoute = false;
    }
    return k;
  }

  /**
   * A way a neighbour offers that this node may not take (feasible() refuses
   * it): its gateway and this node's distance's number, a newer one of which
   * would make it feasible (what a HELLO with no route asks for: SPEC §4.1);
   * the first in the table, or undefined.
   */
  blocked(): { gateway: number; seq: number } | undefined {
    for (const n of this.table) if (n.hasRoute && n.hops < 15 && !this.feasible(n)) return { gateway: n.gateway, seq: this.fds.get(n.gateway)! >>> 16 };
    return undefined;
  }

  /**
   * The best route through a neighbour, or null. Hysteresis: the current next
   * hop `keep` stays while its route is within 1/8 of the best, so routes do not
   * flap on small swings of the estimates. Only feasible ways are looked at
   * (feasible(), forwarding/discovery.ts).
   */
  best(keep = 0): Route | null {
    // (neighbours, not routes, until the end: nothing allocated a neighbour)
    let best: Neighbour | null = null, bm = 0, kept: Neighbour | null = null, km = 0;
    for (const n of this.table) {
      if (!n.hasRoute || n.hops >= 15 || !this.feasible(n)) continue;
      const m = Math.min(0xfffe, n.metric + linkCost(n));
      if (!best || m < bm || (m === bm && (n.hops < best.hops || (n.hops === best.hops && n.address < best.address)))) {
        best = n;
        bm = m;
      }
      if (n.address === keep) {
        kept = n;
        km = m;
      }
    }
    if (kept && km <= bm + (bm >> 3)) {
      best = kept;
      bm = km;
    }
    return best && { via: best.address, gateway: best.gateway, hops: best.hops + 1, metric: bm, seq: best.gwSeq };
  }

  /**
   * The best next hop toward a gateway (a feasible() one before any other,
   * then least advertised metric plus link cost, then lowest address), or
   * undefined: among neighbours whose advertised metric is strictly below
   * `ownMetric` (the frame goes downhill: forwarding/discovery.ts), whose way is no longer than the frame may still go
   * (`hopBudget`: the hop limit it will arrive with; a neighbour h hops from a
   * gateway needs h), not in `exclude`, not busy at `now`, and for a `bulk`
   * frame not full (backpressure: SPEC §4.1). One pass, nothing allocated: it
   * runs for every frame sent.
   */
  nextHop(ownMetric: number, exclude: readonly number[] | null, hopBudget: number, now: number, bulk = false): number | undefined {
    let to: number | undefined, best = Infinity;
    for (const n of this.table) {
      if (!n.hasRoute || n.busyUntil > now || (bulk && n.fullUntil > now) || n.metric >= ownMetric || n.hops > hopBudget || (exclude !== null && exclude.includes(n.address))) continue;
      // A way that may run back through this node only when no other is there (held instead, frames overflowed queues in a wave).
      const m = n.metric + linkCost(n) + (this.feasible(n) ? 0 : 0x10000);
      if (m < best || (m === best && n.address < to!)) {
        best = m;
        to = n.address;
      }
    }
    return to;
  }

  /**
   * Makes room for a newcomer heard at `rssi` in one frame. A full table (a
   * dense site: every beacon hears more than `capacity`) seats it in place
   * of its weakest neighbour (smoothed RSSI) if that one is weaker, and the
   * newcomer is news (HEARD_NEW) unless it was heard within the timeout. One frame's power
   * fades, so two neighbours of equal strength at the edge of the table evict
   * each other on lucky frames, and each comes back as news, resetting the
   * HELLO timer: grid 600's first 60 s had 37 700 newcomers, 6 000 of the
   * timer's resets, and HELLOs about equal to data frames.
   *
   * That churn is load-bearing. Tried 2026-11-23 (mall A and station A, 8
   * seeds each; the 15 bench sites × 3 seeds; tunnel B 20 seeds), each quieter
   * on the grids and each losing more of mall A's SOS (a gateway lost, then a
   * wave), against this rule's 612 SOS copies and 3 SOS lost:
   * - a newcomer seated in a full table is no news, and seated only 10 dB over
   *   the weakest (a frame of an equal neighbour beats its smoothed RSSI by
   *   6 dB 1 time in 7, by 10 dB 1 in 44: the smoothed value is a mean of dB,
   *   ~2.5 dB under the mean power), or over the weakest without a way for a
   *   newcomer with one: HELLO/data on grid 300 and 600 1.1 → 0.5, grid 600
   *   60 s 33 800 → 25 300 HELLOs; mall A 1 412 copies, 10 SOS lost;
   * - the same without the margin: 914 copies, 5 SOS (HELLOs 31 400);
   * - seats by the worth of the way a neighbour offers (dearest way out,
   *   none dearest): 1 259 copies, 12 SOS;
   * - the margin alone: 1 508 copies, 24 SOS.
   * Frequent HELLOs, whatever resets them, are what mall A's wave lives on;
   * a quieter table needs what they supply some other way first (SPEC §4.1:
   * newer gateway numbers, which only HELLOs carry, unblock routes refused as
   * infeasible).
   */
  private evictWeakest(rssi: number): boolean {
    let weakest: Neighbour | undefined;
    for (const n of this.table) if (!weakest || n.rssi < weakest.rssi) weakest = n;
    if (!weakest || weakest.rssi >= rssi) return false;
    this.remove(weakest);
    return true;
  }

  private remove(n: Neighbour): void {
    const i = this.table.indexOf(n);
    if (i >= 0) this.removeAt(i);
  }

  /** Drops the neighbour at position i of the table (one there) and remembers it as gone. */
  private removeAt(i: number): void {
    const n = this.table.splice(i, 1)[0];
    if (this.gone.length >= GONE_MEMORY) this.gone.shift();
    // A neighbour that went silent was last heard at lastHeard; one dropped for failures, too.
    this.gone.push({ address: n.address, at: n.lastHeard, seq: n.seq });
  }
}

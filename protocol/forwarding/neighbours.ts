/**
 * What a node knows of its neighbours and their way to a gateway, learnt from
 * HELLOs and from link-layer acknowledgements. Costs are in 1/16 of an
 * expected transmission, as HELLO's gwMetric.
 */
export interface Neighbour {
  address: number;
  lastHeard: number;
  /** smoothed RSSI, dBm */
  rssi: number;
  /** consecutive unicast failures to it */
  failures: number;
  /** its advertised route, if any */
  gateway: number;
  hops: number;
  metric: number;
  hasRoute: boolean;
}

export interface Route {
  via: number;
  gateway: number;
  hops: number;
  metric: number;
}

/** One transmission in good conditions. */
export const UNIT_COST = 16;

/** Link cost from RSSI and recent failures: 1 transmission when strong, more near the sensitivity floor. */
export function linkCost(n: Neighbour): number {
  const weak = Math.max(0, -78 - n.rssi);
  return UNIT_COST + Math.round(weak * 3) + n.failures * 2 * UNIT_COST;
}

export class NeighbourTable {
  private readonly table = new Map<number, Neighbour>();

  constructor(readonly capacity: number, readonly timeoutMs: number) {}

  get size(): number {
    return this.table.size;
  }

  get(address: number): Neighbour | undefined {
    return this.table.get(address);
  }

  all(): IterableIterator<Neighbour> {
    return this.table.values();
  }

  /** Records a HELLO; returns false if the table is full of fresher neighbours. */
  heard(address: number, rssi: number, now: number, route: { gateway: number; hops: number; metric: number } | null): boolean {
    let n = this.table.get(address);
    if (!n) {
      if (this.table.size >= this.capacity && !this.evictWeakest(rssi)) return false;
      n = { address, lastHeard: now, rssi, failures: 0, gateway: 0, hops: 255, metric: 0xffff, hasRoute: false };
      this.table.set(address, n);
    }
    n.lastHeard = now;
    n.rssi = n.rssi * 0.7 + rssi * 0.3;
    if (route) {
      n.gateway = route.gateway;
      n.hops = route.hops;
      n.metric = route.metric;
      n.hasRoute = true;
    } else {
      n.hasRoute = false;
    }
    return true;
  }

  /** A unicast to the neighbour failed after its retries; after `limit` in a row it is dropped. */
  failed(address: number, limit: number): boolean {
    const n = this.table.get(address);
    if (!n) return false;
    n.failures++;
    if (n.failures >= limit) {
      this.table.delete(address);
      return true;
    }
    return false;
  }

  succeeded(address: number): void {
    const n = this.table.get(address);
    if (n) n.failures = 0;
  }

  /** Drops neighbours not heard within the timeout; returns how many. */
  expire(now: number): number {
    let k = 0;
    for (const [a, n] of this.table) {
      if (now - n.lastHeard > this.timeoutMs) {
        this.table.delete(a);
        k++;
      }
    }
    return k;
  }

  /** The best route through a neighbour, or null. */
  best(): Route | null {
    let best: Route | null = null;
    for (const n of this.table.values()) {
      if (!n.hasRoute || n.hops >= 15) continue;
      const metric = Math.min(0xfffe, n.metric + linkCost(n));
      if (!best || metric < best.metric || (metric === best.metric && (n.hops + 1 < best.hops || (n.hops + 1 === best.hops && n.address < best.via)))) {
        best = { via: n.address, gateway: n.gateway, hops: n.hops + 1, metric };
      }
    }
    return best;
  }

  /**
   * Next hops toward a gateway, best first: neighbours whose advertised metric
   * is strictly below `ownMetric` (so the frame always goes downhill: no loops).
   */
  candidates(ownMetric: number, exclude: ReadonlySet<number>, max: number): number[] {
    const list: { a: number; m: number }[] = [];
    for (const n of this.table.values()) {
      if (!n.hasRoute || n.metric >= ownMetric || exclude.has(n.address)) continue;
      list.push({ a: n.address, m: n.metric + linkCost(n) });
    }
    list.sort((x, y) => x.m - y.m || x.a - y.a);
    return list.slice(0, max).map((x) => x.a);
  }

  private evictWeakest(rssi: number): boolean {
    let weakest: Neighbour | undefined;
    for (const n of this.table.values()) if (!weakest || n.rssi < weakest.rssi) weakest = n;
    if (!weakest || weakest.rssi >= rssi) return false;
    this.table.delete(weakest.address);
    return true;
  }
}

/**
 * What was physically reachable in a run: sites are judged on what could get
 * through by the end of the run; anything unreachable is counted and shown
 * (sim/report.ts), never silently left out.
 *
 * Rules:
 * - A snapshot is taken whenever the world recomputes its topology (boot,
 *   beacons dying or coming back, a jammer starting or stopping: sim/world.ts);
 *   between two snapshots nothing that decides a path changes.
 * - A link a → b is usable when the medium expects it to deliver at least
 *   USABLE_PRR of the frames a sends (Medium.linkPrr, a 28-byte frame: an SOS;
 *   asked as Medium.linkPrrAtLeast, which gives the same answer cheaper).
 *   Why 0.2 and not goodLink's 0.9: reachability asks whether any router could
 *   get a message through, not whether the path is comfortable. A link that
 *   delivers one frame in five passes a frame within 21 tries 99 % of the
 *   time, which a store-and-forward router with retries and time can afford;
 *   below that the link is mostly noise and a message over it is luck. Setting
 *   the bar low makes "reachable" generous, so "delivered of reachable" cannot
 *   flatter a router by leaving hard paths out.
 * - A beacon is connected in a snapshot when a chain of usable links leads
 *   from it to a live gateway (a gateway is connected while alive).
 * - A message is reachable when its source was connected in some snapshot in
 *   force between its origination and the end of the run (the one in force
 *   when it was originated included); a phone SOS when some beacon that heard
 *   it was; an image when its camera was. A message that arrived was
 *   reachable, whatever the snapshots say (the report counts it so).
 * - An instruction's connected beacons are those a chain of usable links led
 *   to from its gateway in some snapshot between its sending and the end.
 */
import type { BeaconSpec } from "./scenario";

export const USABLE_PRR = 0.2;

/** What a snapshot reads of the world (sim/world.ts). */
export interface TopologySource {
  medium: { linkPrrAtLeast(a: number, b: number, now: number, threshold: number): boolean; neighbourIds(id: number): readonly number[] };
  alive(): { spec: BeaconSpec }[];
}

export class Reachability {
  /** per beacon: when its latest connected stretch ended (Infinity while connected); absent: never connected */
  private readonly connectedUntil = new Map<number, number>();
  /** instructions' gateways and the beacons each has reached over usable links since it was sent */
  private readonly watches: { gateway: number; connected: Set<number> }[] = [];
  private last: { world: TopologySource; now: number } | null = null;
  snapshots = 0;

  /** A new topology: who is connected to a gateway, and what each watched gateway reaches. */
  snapshot(world: TopologySource, now: number): void {
    this.snapshots++;
    this.last = { world, now };
    const live = world.alive();
    const isLive = new Set(live.map((b) => b.spec.id));
    const gateways = live.filter((b) => b.spec.role === "gateway").map((b) => b.spec.id);
    // upstream: b is connected when b → a is usable and a is
    const connected = this.spread(world, gateways, isLive, (from, to) => world.medium.linkPrrAtLeast(to, from, now, USABLE_PRR));
    for (const [id, until] of this.connectedUntil) if (until === Infinity && !connected.has(id)) this.connectedUntil.set(id, now);
    for (const id of connected) this.connectedUntil.set(id, Infinity);
    for (const w of this.watches) this.reachFrom(w);
  }

  /** Whether `id` was connected at some snapshot in force from `at` to the end of the run. */
  reachable(id: number, at: number): boolean {
    return (this.connectedUntil.get(id) ?? -Infinity) > at;
  }

  /** From now on, every beacon that gateway's instructions could reach over usable links is added to the set returned. */
  watch(gateway: number): Set<number> {
    const w = { gateway, connected: new Set<number>() };
    this.watches.push(w);
    this.reachFrom(w);
    return w.connected;
  }

  private reachFrom(w: { gateway: number; connected: Set<number> }): void {
    if (!this.last) return;
    const { world, now } = this.last;
    const isLive = new Set(world.alive().map((b) => b.spec.id));
    if (!isLive.has(w.gateway)) return;
    // downstream: b is reached when a → b is usable and a is reached
    for (const id of this.spread(world, [w.gateway], isLive, (from, to) => world.medium.linkPrrAtLeast(from, to, now, USABLE_PRR))) {
      if (id !== w.gateway) w.connected.add(id);
    }
  }

  /** Breadth-first over usable links from the roots, through live beacons. */
  private spread(world: TopologySource, roots: number[], isLive: Set<number>, usable: (from: number, to: number) => boolean): Set<number> {
    const seen = new Set(roots);
    let frontier = roots;
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const a of frontier) {
        for (const b of world.medium.neighbourIds(a)) {
          if (seen.has(b) || !isLive.has(b) || !usable(a, b)) continue;
          seen.add(b);
          next.push(b);
        }
      }
      frontier = next;
    }
    return seen;
  }
}

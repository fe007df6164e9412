/**
 * A generated site's static topology, for its tests and its README: hop
 * distance from every beacon to the nearest gateway over good links
 * (Medium.goodLink) at the start of the run, everyone alive, no jammer, the
 * crowd spread as sim/world.ts spreads it, with the scenario's random frame
 * loss and background interference set aside (they are not the site's
 * geometry).
 */
import { Medium } from "../medium";
import { parseScenario } from "../scenario";
import { Scheduler } from "../scheduler";

export interface SiteTopology {
  /** hops to the nearest gateway by beacon id; beacons with no path are absent */
  hops: Map<number, number>;
  maxHops: number;
  /** good links between beacons on different floors */
  crossFloorLinks: number;
}

export function siteTopology(json: unknown): SiteTopology {
  const s = parseScenario(json);
  const crowdPerM2 = s.phones.count / (s.site.width * s.site.depth * s.site.floors.length);
  const medium = new Medium(new Scheduler(), s.beacons, s.site.walls, { ...s.radio, frameLoss: 0, interferenceDutyCycle: 0 }, s.seed ^ 0x3d2d, () => {}, () => crowdPerM2);
  const hops = new Map<number, number>();
  let frontier = s.beacons.filter((b) => b.role === "gateway").map((b) => b.id);
  for (const g of frontier) hops.set(g, 0);
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const a of frontier) {
      for (const b of medium.neighbourIds(a)) {
        if (hops.has(b) || !medium.goodLink(b, a, 0)) continue;
        hops.set(b, d);
        next.push(b);
      }
    }
    frontier = next;
  }
  const floor = new Map(s.beacons.map((b) => [b.id, b.floor]));
  let crossFloorLinks = 0;
  for (const a of s.beacons) for (const b of medium.neighbourIds(a.id)) if (a.id < b && floor.get(b) !== a.floor && medium.goodLink(a.id, b, 0)) crossFloorLinks++;
  return { hops, maxHops: Math.max(0, ...hops.values()), crossFloorLinks };
}

/**
 * What the site benchmark keeps of one run's report (sim/report.ts): the
 * figures tools/bench-sites.ts compares across sites and strategies. Ratios
 * are of what was physically reachable (sim/reachability.ts); NaN where
 * nothing of that kind was sent (it then counts as neither met nor failed).
 */
import type { Report } from "../sim/report";

export interface Job { site: number; strategy: string; durationS?: number }

export interface SiteRun {
  job: Job;
  name: string;
  beacons: number;
  gateways: number;
  phones: number;
  /** each SOS once (Report.lifeSafety) */
  lifeSafety: { originated: number; reachable: number; delivered: number; ofReachable: number };
  /** SOS frames, every copy counted (the life-safety class) */
  sosFrames: { originated: number; reachable: number; delivered: number; ofReachable: number };
  phoneSos: { heard: number; reachable: number; delivered: number; ofReachable: number };
  /** the worst sent order's coverage of the beacons connected to its gateway */
  orders: number;
  /** complete images / images whose camera could reach a gateway */
  images: { sent: number; reachable: number; complete: number; ofReachable: number };
  sosP95Ms: number;
  txPerShortestHop: number;
  helloPerData: number;
  unreachable: Report["reachability"]["unreachable"];
  wallS: number;
}

export function summarise(job: Job, r: Report): SiteRun {
  const ls = r.lifeSafety, frames = r.classes["life-safety"];
  const orders = r.instructions.filter((i) => i.gatewayAlive && i.connected > 0).map((i) => i.coverageOfConnected);
  const images = r.images.filter((i) => i.reachable);
  const complete = images.filter((i) => i.complete).length;
  return {
    job, name: r.scenario, beacons: r.nodes.beacons, gateways: r.nodes.gateways, phones: r.nodes.phones,
    lifeSafety: { originated: ls.messages, reachable: ls.reachable, delivered: ls.delivered, ofReachable: ls.ratioOfReachable },
    sosFrames: { originated: frames.originated, reachable: frames.reachable, delivered: frames.delivered, ofReachable: frames.ratioOfReachable },
    phoneSos: { heard: r.phoneSos.heard, reachable: r.phoneSos.reachable, delivered: r.phoneSos.delivered, ofReachable: r.phoneSos.ratioOfReachable },
    orders: orders.length ? Math.min(...orders) : NaN,
    images: { sent: r.images.length, reachable: images.length, complete, ofReachable: images.length ? complete / images.length : NaN },
    sosP95Ms: ls.latencyMs.p95,
    // no delivered message had a good-link path when it was originated: nothing to compare against
    txPerShortestHop: r.efficiency.shortestHops > 0 ? r.efficiency.txPerShortestHop : NaN,
    helloPerData: r.efficiency.helloTx / Math.max(1, r.efficiency.dataTx),
    unreachable: r.reachability.unreachable,
    wallS: r.wallS,
  };
}

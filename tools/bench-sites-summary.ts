/**
 * What the site benchmark keeps of one run's report (sim/report.ts): the
 * figures tools/bench-sites.ts compares across sites and strategies. Ratios
 * are of what was physically reachable (sim/reachability.ts); NaN where
 * nothing of that kind was sent (it then counts as neither met nor failed).
 */
import type { Report } from "../sim/report";

export interface Job { site: number; strategy: string; durationS?: number; seedOffset?: number }

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
  /** carried / copies: Report.phoneSos's (frames originated for the heard phone SOS that were carried) */
  phoneSos: { heard: number; reachable: number; delivered: number; ofReachable: number; carried: number; copies: number };
  /** the worst sent order's coverage of the beacons connected to its gateway */
  orders: number;
  /** complete images / images whose camera could reach a gateway */
  images: { sent: number; reachable: number; complete: number; ofReachable: number };
  sosP95Ms: number;
  txPerShortestHop: number;
  helloPerData: number;
  unreachable: Report["reachability"]["unreachable"];
  wallS: number;
  /** runs combined into this one (combine()); 1 for a single run */
  seeds: number;
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
    phoneSos: { heard: r.phoneSos.heard, reachable: r.phoneSos.reachable, delivered: r.phoneSos.delivered, ofReachable: r.phoneSos.ratioOfReachable, carried: r.phoneSos.carried, copies: r.phoneSos.copies },
    orders: orders.length ? Math.min(...orders) : NaN,
    images: { sent: r.images.length, reachable: images.length, complete, ofReachable: images.length ? complete / images.length : NaN },
    sosP95Ms: ls.latencyMs.p95,
    // no delivered message had a good-link path when it was originated: nothing to compare against
    txPerShortestHop: r.efficiency.shortestHops > 0 ? r.efficiency.txPerShortestHop : NaN,
    helloPerData: r.efficiency.helloTx / Math.max(1, r.efficiency.dataTx),
    unreachable: r.reachability.unreachable,
    wallS: r.wallS,
    seeds: 1,
  };
}

/**
 * Runs of one site and strategy under several simulation seeds, as one: the
 * counts are summed and the ratios taken of the sums (so a site's figure
 * weighs every SOS, image and caller of every seed alike); the worst order's
 * coverage is the worst of any seed; the SOS p95 the highest; transmissions
 * per hop and HELLO per data the means.
 */
export function combine(runs: SiteRun[]): SiteRun {
  const [first] = runs;
  const sum = (f: (r: SiteRun) => number) => runs.reduce((s, r) => s + f(r), 0);
  const ratio = (delivered: number, reachable: number) => (reachable ? delivered / reachable : NaN);
  const counts = (f: (r: SiteRun) => { originated: number; reachable: number; delivered: number }) => {
    const reachable = sum((r) => f(r).reachable), delivered = sum((r) => f(r).delivered);
    return { originated: sum((r) => f(r).originated), reachable, delivered, ofReachable: ratio(delivered, reachable) };
  };
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const phoneReachable = sum((r) => r.phoneSos.reachable), phoneDelivered = sum((r) => r.phoneSos.delivered);
  const imgReachable = sum((r) => r.images.reachable), imgComplete = sum((r) => r.images.complete);
  const orders = finite(runs.map((r) => r.orders)), p95 = finite(runs.map((r) => r.sosP95Ms));
  return {
    ...first,
    lifeSafety: counts((r) => r.lifeSafety),
    sosFrames: counts((r) => r.sosFrames),
    phoneSos: { heard: sum((r) => r.phoneSos.heard), reachable: phoneReachable, delivered: phoneDelivered, ofReachable: ratio(phoneDelivered, phoneReachable), carried: sum((r) => r.phoneSos.carried), copies: sum((r) => r.phoneSos.copies) },
    orders: orders.length ? Math.min(...orders) : NaN,
    images: { sent: sum((r) => r.images.sent), reachable: imgReachable, complete: imgComplete, ofReachable: ratio(imgComplete, imgReachable) },
    sosP95Ms: p95.length ? Math.max(...p95) : NaN,
    txPerShortestHop: mean(finite(runs.map((r) => r.txPerShortestHop))),
    helloPerData: mean(finite(runs.map((r) => r.helloPerData))),
    unreachable: {
      messages: sum((r) => r.unreachable.messages), lifeSafety: sum((r) => r.unreachable.lifeSafety),
      phoneSos: sum((r) => r.unreachable.phoneSos), images: sum((r) => r.unreachable.images),
    },
    wallS: sum((r) => r.wallS),
    seeds: runs.length,
  };
}

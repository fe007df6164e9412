/**
 * The incident parameters every kind of site shares (run length, people,
 * loss, SOS waves, destruction, cut, jammer, orders, images): what a site's
 * params give, else drawn from the seed within the kind's ranges (each kind's
 * file states them); and the scenario JSON a finished site becomes.
 *
 * Rules: every value is drawn whether or not it is given (SiteBuilder.param),
 * in the order of this file, so giving one parameter changes no other draw.
 * Durations are whole multiples of 30 s; phone counts whole tens; the
 * destruction, cut and jammer come at the times SiteBuilder.timeline states.
 */
import { SiteBuilder, attackS } from "./builder";
import { type Environment, radioJson } from "./radio";
import type { ScenarioJson, SiteParams, SosWave } from "./types";

type Range = readonly [number, number];

export interface IncidentRanges {
  durationS: Range;
  phones: Range;
  /** share of time the background 2.4 GHz interference is on (sim/sites/radio.ts) */
  interference: Range;
  censusIntervalS: number;
  /** share of the phones in the first SOS wave (the second is half of it) */
  sosShare: number;
  /** chance of a destruction, its band's share of the plan, the share of its beacons lost, and the chance a gateway goes too */
  destroy: { chance: number; zoneShare: Range; share: Range; gateway: number };
  cutChance: number;
  jamChance: number;
  orders: Range;
  images: Range;
}

export interface Incident {
  durationS: number;
  phones: number;
  frameLoss: number;
  interference: number;
  censusIntervalS: number;
  sos: SosWave[];
  orders: number;
  images: number;
}

/** Resolves the incident's parameters and writes the drawn destroy/cut/jam back into `b.p` for the timeline. */
export function incident(b: SiteBuilder, r: IncidentRanges): Incident {
  const p = b.p;
  const durationS = b.param(p.durationS, () => 30 * b.int(r.durationS[0] / 30, r.durationS[1] / 30));
  const phones = b.param(p.phones, () => 10 * b.int(r.phones[0] / 10, r.phones[1] / 10));
  const interference = b.param(p.interference, () => Math.round(b.uniform(r.interference[0], r.interference[1]) * 100) / 100);
  const frameLoss = p.frameLoss ?? 0;
  const censusIntervalS = b.param(p.censusIntervalS, () => r.censusIntervalS);
  const tA = attackS(durationS);
  const destroy = b.param(p.destroy, () => {
    const on = b.rand.next() < r.destroy.chance;
    const d = { t: tA, zoneShare: round2(b.uniform(...r.destroy.zoneShare)), share: round2(b.uniform(...r.destroy.share)), gateway: b.rand.next() < r.destroy.gateway };
    return on ? d : null;
  });
  const cut = b.param(p.cut, () => (b.rand.next() < r.cutChance ? { t: tA + 20, healAfterS: 50, widthM: 0 } : null));
  const jam = b.param(p.jam, () => (b.rand.next() < r.jamChance ? { t: tA + 15, durationS: 60, powerDbm: -60 } : null));
  const orders = b.param(p.orders, () => b.int(r.orders[0], r.orders[1]));
  const images = b.param(p.images, () => b.int(r.images[0], r.images[1]));
  const sos = p.sos ?? b.defaultSos(durationS, phones, r.sosShare);
  b.p.destroy = destroy;
  b.p.cut = cut;
  b.p.jam = jam;
  return { durationS, phones, frameLoss, interference, censusIntervalS, sos, orders, images };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The finished site as scenario JSON (sim/scenarios/README.md). */
export function toScenario(b: SiteBuilder, env: Environment, inc: Incident, txPowerDbm: number, name: string, description: string): ScenarioJson {
  return {
    name: b.p.name ?? name,
    description,
    durationS: inc.durationS,
    seed: b.p.seed,
    net: b.p.seed % 32,
    site: { width: b.plan.width, depth: b.plan.depth, floors: b.plan.floors, walls: b.walls },
    radio: radioJson(env, inc.frameLoss, inc.interference, b.p.fading, txPowerDbm),
    ble: { txPowerDbm: 0, sensitivityDbm: -90, detectProbability: 0.9 },
    router: {},
    beacons: b.beacons,
    phones: { count: inc.phones },
    traffic: { censusIntervalS: inc.censusIntervalS, positionIntervalS: 60, helloWarmupS: 5 },
    events: b.events,
  };
}

/**
 * What every kind of generated site shares: the seeded draws, beacons and
 * walls as the plan is laid out, and the incident's timeline.
 *
 * Rules: one seeded stream (hal/sim/random.ts) per site, drawn in a fixed
 * order, so a seed gives the same JSON byte for byte. Beacon ids count from 1
 * in the order beacons are placed. Positions are kept inside the plan and
 * rounded to 0.1 m.
 *
 * The incident (timeline()): the attack comes at 60 s (after the routes have
 * formed: helloWarmupS is 5 s), or at a fifth of the run if that is sooner.
 * With it: the first SOS wave, the destruction (a band across the plan on one
 * floor loses a share of its beacons; a gateway is knocked out if asked and
 * another remains). 20 s later the cut (every beacon of a band across the site
 * loses power, and comes back `healAfterS` later: healed); 15 s after the
 * attack a jammer (a fifth of a floor) for its duration. Orders every 60 s
 * from 30 s after the attack, from a gateway that is never knocked out;
 * images from 40 s after the attack, 50 s apart; the second SOS wave halfway
 * between the attack and the end. Nothing starts in the last 30 s, so what is
 * sent has time to arrive.
 */
import { SeededRandom } from "../../hal/sim/random";
import type { BeaconJson, EventJson, Material, SiteParams, SosWave, WallJson } from "./types";
import { PARSER_KNOWS } from "./radio";

const ACTIONS = ["evacuate", "shelter-in-place", "evacuate", "all-clear"] as const;
const ORDER_TEXT = ["Leave by the nearest exit away from the incident.", "Stay where you are, away from doors.", "Use the west exit.", "Danger over: wait for responders."];

export interface Plan { width: number; depth: number; floors: number[] }

export class SiteBuilder {
  readonly rand: SeededRandom;
  readonly beacons: BeaconJson[] = [];
  readonly walls: WallJson[] = [];
  readonly events: EventJson[] = [];

  /** the plan, set by the kind once it has drawn its size */
  plan: Plan = { width: 1, depth: 1, floors: [0] };

  constructor(readonly p: SiteParams) {
    this.rand = new SeededRandom(p.seed ^ 0x51735);
  }

  /** A uniform draw in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + this.rand.next() * (hi - lo);
  }

  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand.next() * (hi - lo + 1));
  }

  /** The value given, else a draw (always drawn, so the stream does not depend on what was given). */
  param<T>(given: T | undefined, draw: () => T): T {
    const d = draw();
    return given === undefined ? d : given;
  }

  beacon(role: BeaconJson["role"], floor: number, x: number, y: number): number {
    const id = this.beacons.length + 1;
    const r = (v: number, max: number) => Math.round(Math.min(max, Math.max(0, v)) * 10) / 10;
    this.beacons.push({ id, role, floor, x: r(x, this.plan.width), y: r(y, this.plan.depth) });
    return id;
  }

  wall(floor: number, x0: number, y0: number, x1: number, y1: number, material: Material): void {
    const w: WallJson = { floor, x0, y0, x1, y1 };
    if (PARSER_KNOWS.material) w.material = material;
    this.walls.push(w);
  }

  gateways(): BeaconJson[] {
    return this.beacons.filter((b) => b.role === "gateway");
  }

  relays(): BeaconJson[] {
    return this.beacons.filter((b) => b.role === "relay");
  }

  /** Turns `n` relays, spread over the list, into cameras; returns their ids. */
  cameras(n: number): number[] {
    const relays = this.relays();
    const ids: number[] = [];
    for (let i = 0; i < n && relays.length > 0; i++) {
      const b = relays[Math.floor(((i + 0.5) / n) * relays.length) % relays.length];
      if (b.role === "relay") { b.role = "camera"; ids.push(b.id); }
    }
    return ids;
  }

  /** The incident, as the header says. `destroyFloor`: where the destruction and the jammer strike. */
  timeline(o: { durationS: number; phones: number; sos: SosWave[]; destroyFloor: number; cameras: number[]; orders: number; cutWidthM: number }): void {
    const { p, plan } = this;
    const D = o.durationS;
    const tA = Math.min(60, Math.round(D / 5));
    const last = D - 30;
    const gws = this.gateways();
    const ev = (e: EventJson) => { if (e.t <= last) this.events.push(e); };
    for (const w of o.sos) ev({ t: w.t, type: "sos", count: Math.min(w.count, o.phones), repeats: w.repeats ?? 3, intervalS: w.intervalS ?? 15 });
    if (p.destroy) {
      const d = p.destroy;
      const w = plan.width * d.zoneShare;
      const x0 = Math.round(this.uniform(0, plan.width - w) * 10) / 10;
      ev({ t: d.t, type: "destroy", zone: { floor: o.destroyFloor, x0, y0: 0, x1: Math.round((x0 + w) * 10) / 10, y1: plan.depth }, share: d.share });
      // the last gateway is knocked out; orders come from the first
      if (d.gateway && gws.length > 1) ev({ t: d.t, type: "destroy", beacons: [gws[gws.length - 1].id] });
    }
    if (p.cut) {
      const c = p.cut;
      const width = c.widthM > 0 ? c.widthM : o.cutWidthM;
      const x0 = plan.width * 0.5 - width / 2 + this.uniform(-0.15, 0.15) * plan.width;
      const band = this.beacons.filter((b) => b.role !== "gateway" && b.x >= x0 && b.x <= x0 + width).map((b) => b.id);
      if (band.length > 0 && c.t + c.healAfterS <= last) {
        ev({ t: c.t, type: "destroy", beacons: band });
        ev({ t: c.t + c.healAfterS, type: "reboot", beacons: band });
      }
    }
    if (p.jam) {
      const j = p.jam;
      const w = plan.width / Math.sqrt(5), h = plan.depth / Math.sqrt(5);
      const x0 = Math.round(this.uniform(0, plan.width - w)), y0 = Math.round(this.uniform(0, plan.depth - h));
      ev({ t: j.t, type: "jam", zone: { floor: o.destroyFloor, x0, y0, x1: Math.round(x0 + w), y1: Math.round(y0 + h) }, untilS: Math.min(last, j.t + j.durationS), powerDbm: j.powerDbm });
    }
    for (let i = 0; i < o.orders; i++) {
      const k = i % ACTIONS.length;
      ev({ t: tA + 30 + 60 * i, type: "instruction", from: gws[0].id, id: i + 1, action: ACTIONS[k], zone: i + 1, ...(ACTIONS[k] === "evacuate" ? { via: 1 } : {}), text: ORDER_TEXT[k] });
    }
    o.cameras.forEach((cam, i) => ev({ t: tA + 40 + 50 * i, type: "image", camera: cam, bytes: 10_000 + 5_000 * this.int(0, 4) }));
    this.events.sort((a, b) => a.t - b.t);
  }

  /** The default SOS waves: a share of the people with the attack, a smaller one halfway to the end. */
  defaultSos(durationS: number, phones: number, firstShare: number): SosWave[] {
    const tA = Math.min(60, Math.round(durationS / 5));
    return [
      { t: tA, count: Math.max(1, Math.round(phones * firstShare)), repeats: 3, intervalS: 15 },
      { t: Math.round(tA + (durationS - tA) / 2), count: Math.max(1, Math.round(phones * firstShare * 0.5)), repeats: 2, intervalS: 15 },
    ];
  }
}

/** The attack's time for a run of that length (SiteBuilder.timeline). */
export const attackS = (durationS: number): number => Math.min(60, Math.round(durationS / 5));

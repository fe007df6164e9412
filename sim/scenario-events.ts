/**
 * The scenario's timeline, `events` (sim/scenarios/README.md, "Events"): each
 * event checked against the rest of the file.
 *
 * Rules: an event happens within the run (0 ≤ t ≤ durationS); its zones are
 * on one of the site's floors and overlap the plan (a `move` zone lies inside
 * it: people stay on the plan); the beacons it names exist (a `destroy` may
 * name gateways; a zone destroy spares them unless `gateways: true`); an
 * instruction comes from a gateway and is a line the gateway takes (SPEC
 * §12); images and streams come from camera beacons, an image is at most
 * 900 000 bytes (under the 4 095 fragments of a media object) and a stream
 * queues at most 64 MB in all (frames × frameBytes); sos and move pick from
 * the phones there are (1 … phones.count).
 *
 * Timings: `t`, a jammer's `untilS` (≥ t), a stream's `durationS` and an
 * SOS's `intervalS` are seconds.
 */
import { hostLineRefusal } from "../protocol/host-line";
import { ACTIONS, type Action } from "../protocol/messages/instruction";
import type { Zone } from "./geometry";
import type { BeaconSpec } from "./scenario";
import { type Obj, ScenarioError, bool, int, known, num, obj, str } from "./scenario-fields";

export type EventSpec =
  | { t: number; type: "destroy"; beacons?: number[]; zone?: Zone; share?: number; gateways?: boolean }
  | { t: number; type: "reboot"; beacons: number[] | "destroyed"; share?: number }
  | { t: number; type: "jam"; zone: Zone; untilS: number; powerDbm: number }
  | { t: number; type: "sos"; count: number; repeats: number; intervalS: number }
  | { t: number; type: "move"; count: number; to: Zone }
  | { t: number; type: "instruction"; from: number; id: number; action: Action; zone: number; via?: number; text?: string }
  | { t: number; type: "image"; camera: number; bytes: number }
  | { t: number; type: "stream"; camera: number; fps: number; frameBytes: number; durationS: number };

/** What an event is checked against. */
export interface EventContext {
  durationS: number;
  site: { width: number; depth: number; floors: readonly number[] };
  beacons: readonly BeaconSpec[];
  phones: number;
}

export const EVENT_TYPES = ["destroy", "reboot", "jam", "sos", "move", "instruction", "image", "stream"] as const;
const MAX_IMAGE_BYTES = 900_000;
const MAX_STREAM_BYTES = 64 * 1024 * 1024;

/** A zone `{floor, x0, y0, x1, y1}`, on one of the site's floors; `inside`: within the plan, else overlapping it. */
export function parseZone(v: unknown, path: string, site: EventContext["site"], inside: boolean): Zone {
  const o = obj(v, path);
  known(o, ["floor", "x0", "y0", "x1", "y1"], path);
  const z = { floor: int(o, "floor", path, -127, 127), x0: num(o, "x0", path, -1e4, 1e4), y0: num(o, "y0", path, -1e4, 1e4), x1: num(o, "x1", path, -1e4, 1e4), y1: num(o, "y1", path, -1e4, 1e4) };
  if (z.x1 < z.x0 || z.y1 < z.y0) throw new ScenarioError(`${path} must have x0 ≤ x1 and y0 ≤ y1`);
  if (!site.floors.includes(z.floor)) throw new ScenarioError(`${path}.floor ${z.floor} is not one of scenario.site.floors`);
  if (inside && (z.x0 < 0 || z.y0 < 0 || z.x1 > site.width || z.y1 > site.depth)) {
    throw new ScenarioError(`${path} must lie inside the site (0 ≤ x0, x1 ≤ ${site.width}, 0 ≤ y0, y1 ≤ ${site.depth})`);
  }
  if (z.x1 < 0 || z.y1 < 0 || z.x0 > site.width || z.y0 > site.depth) {
    throw new ScenarioError(`${path} lies outside the site (${site.width} m × ${site.depth} m)`);
  }
  return z;
}

function beaconList(v: unknown, path: string, c: EventContext, role?: (b: BeaconSpec) => boolean): number[] {
  if (!Array.isArray(v)) throw new ScenarioError(`${path} must be a list of beacon ids`);
  return v.map((x, i) => {
    const b = c.beacons.find((s) => s.id === x);
    if (typeof x !== "number" || !b) throw new ScenarioError(`${path}[${i}] is not a beacon id`);
    if (role && !role(b)) throw new ScenarioError(`${path}[${i}] (${x}) cannot be named here`);
    return x;
  });
}

function beaconOf(o: Obj, k: string, p: string, c: EventContext, role: string, what: string): number {
  const id = int(o, k, p, 1, 0xfffd);
  if (!c.beacons.some((b) => b.id === id && b.role === role)) throw new ScenarioError(`${p}.${k} must be ${what}'s id`);
  return id;
}

function phoneCount(o: Obj, p: string, c: EventContext): number {
  if (c.phones < 1) throw new ScenarioError(`${p}: there are no phones (scenario.phones.count is 0)`);
  return int(o, "count", p, 1, c.phones);
}

/** One event of the timeline, at path `p`. */
export function parseEvent(v: unknown, p: string, c: EventContext): EventSpec {
  const o = obj(v, p);
  const t = num(o, "t", p, 0, c.durationS);
  const type = str(o, "type", p);
  switch (type) {
    case "destroy": {
      known(o, ["t", "type", "beacons", "zone", "share", "gateways"], p);
      if ((o.beacons === undefined) === (o.zone === undefined)) throw new ScenarioError(`${p} needs either beacons or zone`);
      if (o.beacons !== undefined && (o.share !== undefined || o.gateways !== undefined)) throw new ScenarioError(`${p}: share and gateways go with a zone, not with beacons`);
      return {
        t, type,
        beacons: o.beacons === undefined ? undefined : beaconList(o.beacons, `${p}.beacons`, c),
        zone: o.zone === undefined ? undefined : parseZone(o.zone, `${p}.zone`, c.site, false),
        share: num(o, "share", p, 0, 1, 1),
        gateways: bool(o, "gateways", p, false),
      };
    }
    case "reboot":
      known(o, ["t", "type", "beacons", "share"], p);
      return { t, type, beacons: o.beacons === "destroyed" ? "destroyed" : beaconList(o.beacons, `${p}.beacons`, c), share: num(o, "share", p, 0, 1, 1) };
    case "jam":
      known(o, ["t", "type", "zone", "untilS", "powerDbm"], p);
      return { t, type, zone: parseZone(o.zone, `${p}.zone`, c.site, false), untilS: num(o, "untilS", p, t, 86_400), powerDbm: num(o, "powerDbm", p, -120, 30) };
    case "sos":
      known(o, ["t", "type", "count", "repeats", "intervalS"], p);
      return { t, type, count: phoneCount(o, p, c), repeats: int(o, "repeats", p, 1, 100, 1), intervalS: num(o, "intervalS", p, 0.1, 3600, 15) };
    case "move":
      known(o, ["t", "type", "count", "to"], p);
      return { t, type, count: phoneCount(o, p, c), to: parseZone(o.to, `${p}.to`, c.site, true) };
    case "instruction": {
      known(o, ["t", "type", "from", "id", "action", "zone", "via", "text"], p);
      const from = beaconOf(o, "from", p, c, "gateway", "a gateway");
      const action = str(o, "action", p);
      if (!(ACTIONS as readonly string[]).includes(action)) throw new ScenarioError(`${p}.action must be one of ${ACTIONS.join(", ")}`);
      const ev = {
        t, type, from, id: int(o, "id", p, 0, 0xffffffff), action: action as Action, zone: int(o, "zone", p, 0, 0xffff),
        via: o.via === undefined ? undefined : int(o, "via", p, 0, 0xffff), text: o.text === undefined ? undefined : str(o, "text", p),
      } as const;
      // The order reaches the gateway as a host line (SPEC §12): one the gateway would refuse is an error here, not a silent no-op.
      const refused = hostLineRefusal({ id: ev.id, action: ev.action, zone: ev.zone, via: ev.via, text: ev.text });
      if (refused) throw new ScenarioError(`${p}: the gateway would refuse this order (${refused})`);
      return ev;
    }
    case "image": {
      known(o, ["t", "type", "camera", "bytes"], p);
      return { t, type, camera: beaconOf(o, "camera", p, c, "camera", "a camera beacon"), bytes: int(o, "bytes", p, 1, MAX_IMAGE_BYTES) };
    }
    case "stream": {
      known(o, ["t", "type", "camera", "fps", "frameBytes", "durationS"], p);
      const ev = {
        t, type, camera: beaconOf(o, "camera", p, c, "camera", "a camera beacon"), fps: num(o, "fps", p, 0.01, 30),
        frameBytes: int(o, "frameBytes", p, 1, MAX_IMAGE_BYTES), durationS: num(o, "durationS", p, 0.01, 86_400),
      } as const;
      const total = Math.floor(ev.durationS * ev.fps) * ev.frameBytes;
      if (total > MAX_STREAM_BYTES) throw new ScenarioError(`${p}: fps × durationS × frameBytes is ${total} bytes, over the ${MAX_STREAM_BYTES} a stream may queue`);
      return ev;
    }
    default:
      throw new ScenarioError(`${p}.type must be one of ${EVENT_TYPES.join(", ")}`);
  }
}

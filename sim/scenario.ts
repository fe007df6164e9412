/**
 * Scenario files: the site, its beacons, the people, the traffic and the
 * timeline of an incident. Format documented in sim/scenarios/README.md.
 * parseScenario checks every field and names the first bad one.
 */
import type { RadioModel } from "./radio-model";
import type { Wall, Zone } from "./geometry";
import type { RouterConfig } from "../forwarding/router";
import { ROLES, type Role } from "../protocol/messages/hello";
import { COORD_MAX_M } from "../protocol/messages/site-position";
import { type EventSpec, parseEvent } from "./scenario-events";
import { type Obj, ScenarioError, arr, int, known, num, obj, str } from "./scenario-fields";
import { parseRouter } from "./scenario-router";
import { parseRadio, parseWall } from "./scenario-radio";

export { ScenarioError } from "./scenario-fields";
export type { EventSpec } from "./scenario-events";

export interface BeaconSpec { id: number; role: Role; floor: number; x: number; y: number }

export interface Scenario {
  name: string;
  description: string;
  durationS: number;
  seed: number;
  net: number;
  site: { width: number; depth: number; floors: number[]; walls: Wall[] };
  radio: Partial<RadioModel>;
  ble: { txPowerDbm: number; sensitivityDbm: number; detectProbability: number };
  router: Partial<Omit<RouterConfig, "address" | "net" | "role" | "position">>;
  beacons: BeaconSpec[];
  phones: { count: number };
  traffic: { censusIntervalS: number; positionIntervalS: number; helloWarmupS: number };
  events: EventSpec[];
}

function zone(v: unknown, path: string): Zone {
  const o = obj(v, path);
  known(o, ["floor", "x0", "y0", "x1", "y1"], path);
  const z = { floor: int(o, "floor", path, -20, 100), x0: num(o, "x0", path, -1e4, 1e4), y0: num(o, "y0", path, -1e4, 1e4), x1: num(o, "x1", path, -1e4, 1e4), y1: num(o, "y1", path, -1e4, 1e4) };
  if (z.x1 < z.x0 || z.y1 < z.y0) throw new ScenarioError(`${path} must have x0 ≤ x1 and y0 ≤ y1`);
  return z;
}


export function parseScenario(json: unknown): Scenario {
  const o = obj(json, "scenario");
  known(o, ["name", "description", "durationS", "seed", "net", "site", "radio", "ble", "router", "beacons", "phones", "traffic", "events"], "scenario");
  const site = obj(o.site, "scenario.site");
  known(site, ["width", "depth", "floors", "walls"], "scenario.site");
  const floors = arr(site, "floors", "scenario.site").map((f, i, all) => {
    if (typeof f !== "number" || !Number.isInteger(f) || f < -20 || f > 100) throw new ScenarioError(`scenario.site.floors[${i}] must be an integer in -20..100`);
    if (all.indexOf(f) !== i) throw new ScenarioError(`scenario.site.floors[${i}] ${f} is listed twice`);
    return f;
  });
  if (floors.length === 0) throw new ScenarioError("scenario.site.floors must list at least one floor");
  // Positions go on the air in decimetres (SPEC §4.1, COORD_MAX_M): the plan must fit.
  const width = num(site, "width", "scenario.site", 1, COORD_MAX_M), depth = num(site, "depth", "scenario.site", 1, COORD_MAX_M);
  const walls = (site.walls === undefined ? [] : arr(site, "walls", "scenario.site")).map((w, i) => parseWall(w, `scenario.site.walls[${i}]`, zone));
  const radio = parseRadio(o.radio);
  const router = parseRouter(o.router);
  const ble = o.ble === undefined ? {} : obj(o.ble, "scenario.ble");
  known(ble, ["txPowerDbm", "sensitivityDbm", "detectProbability"], "scenario.ble");
  const ids = new Set<number>();
  const beacons = arr(o, "beacons", "scenario").map((b, i) => {
    const p = `scenario.beacons[${i}]`;
    const bo = obj(b, p);
    known(bo, ["id", "role", "floor", "x", "y"], p);
    const role = str(bo, "role", p);
    if (!(ROLES as readonly string[]).includes(role)) throw new ScenarioError(`${p}.role must be one of ${ROLES.join(", ")}`);
    const floor = int(bo, "floor", p, -20, 100);
    if (!floors.includes(floor)) throw new ScenarioError(`${p}.floor ${floor} is not one of scenario.site.floors`);
    const id = int(bo, "id", p, 1, 0xfffd);
    if (ids.has(id)) throw new ScenarioError(`${p}.id ${id} is used twice`);
    ids.add(id);
    return { id, role: role as Role, floor, x: num(bo, "x", p, 0, width), y: num(bo, "y", p, 0, depth) };
  });
  if (!beacons.some((b) => b.role === "gateway")) throw new ScenarioError("scenario.beacons must include at least one gateway");
  const phones = obj(o.phones ?? { count: 0 }, "scenario.phones");
  known(phones, ["count"], "scenario.phones");
  const traffic = obj(o.traffic ?? {}, "scenario.traffic");
  known(traffic, ["censusIntervalS", "positionIntervalS", "helloWarmupS"], "scenario.traffic");
  const durationS = num(o, "durationS", "scenario", 1, 86_400);
  const phoneCount = int(phones, "count", "scenario.phones", 0, 100_000);
  const context = { durationS, site: { width, depth, floors }, beacons, phones: phoneCount };
  const events = (o.events === undefined ? [] : arr(o, "events", "scenario")).map((e, i) => parseEvent(e, `scenario.events[${i}]`, context));
  return {
    name: str(o, "name", "scenario", "unnamed"),
    description: str(o, "description", "scenario", ""),
    durationS,
    seed: int(o, "seed", "scenario", 0, 0xffffffff, 1),
    net: int(o, "net", "scenario", 0, 31, 0),
    site: { width, depth, floors, walls },
    radio,
    ble: {
      txPowerDbm: num(ble, "txPowerDbm", "scenario.ble", -40, 20, 0),
      sensitivityDbm: num(ble, "sensitivityDbm", "scenario.ble", -110, -40, -90),
      detectProbability: num(ble, "detectProbability", "scenario.ble", 0, 1, 0.9),
    },
    router,
    beacons,
    phones: { count: phoneCount },
    traffic: {
      censusIntervalS: num(traffic, "censusIntervalS", "scenario.traffic", 1, 86_400, 30),
      positionIntervalS: num(traffic, "positionIntervalS", "scenario.traffic", 1, 86_400, 60),
      helloWarmupS: num(traffic, "helloWarmupS", "scenario.traffic", 0, 600, 5),
    },
    events,
  };
}

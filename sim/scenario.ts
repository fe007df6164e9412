/**
 * Scenario files: the site, its beacons, the people, the traffic and the
 * timeline of an incident. Format documented in sim/scenarios/README.md.
 * parseScenario checks every field and names the first bad one.
 */
import type { RadioModel } from "./radio-model";
import type { Wall, Zone } from "./geometry";
import type { RouterConfig } from "../forwarding/router";
import { ROLES, type Role } from "../protocol/messages/hello";
import { ACTIONS, type Action } from "../protocol/messages/instruction";
import { hostLineRefusal } from "../protocol/host-line";

export class ScenarioError extends Error {}

export interface BeaconSpec { id: number; role: Role; floor: number; x: number; y: number }

export type EventSpec =
  | { t: number; type: "destroy"; beacons?: number[]; zone?: Zone; share?: number }
  | { t: number; type: "reboot"; beacons: number[] | "destroyed"; share?: number }
  | { t: number; type: "jam"; zone: Zone; untilS: number; powerDbm: number }
  | { t: number; type: "sos"; count: number; repeats: number; intervalS: number }
  | { t: number; type: "move"; count: number; to: Zone }
  | { t: number; type: "instruction"; from: number; id: number; action: Action; zone: number; via?: number; text?: string }
  | { t: number; type: "image"; camera: number; bytes: number }
  | { t: number; type: "stream"; camera: number; fps: number; frameBytes: number; durationS: number };

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

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ScenarioError(`${path} must be an object`);
  return v as Obj;
}
function num(o: Obj, k: string, path: string, min: number, max: number, dflt?: number): number {
  const v = o[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) throw new ScenarioError(`${path}.${k} must be a number in ${min}..${max}`);
  return v;
}
function int(o: Obj, k: string, path: string, min: number, max: number, dflt?: number): number {
  const v = num(o, k, path, min, max, dflt);
  if (!Number.isInteger(v)) throw new ScenarioError(`${path}.${k} must be an integer in ${min}..${max}`);
  return v;
}
function str(o: Obj, k: string, path: string, dflt?: string): string {
  const v = o[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "string") throw new ScenarioError(`${path}.${k} must be text`);
  return v;
}
function arr(o: Obj, k: string, path: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new ScenarioError(`${path}.${k} must be a list`);
  return v;
}
function known(o: Obj, keys: string[], path: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ScenarioError(`${path}.${k} is not a known field (known: ${keys.join(", ")})`);
}
function zone(v: unknown, path: string): Zone {
  const o = obj(v, path);
  known(o, ["floor", "x0", "y0", "x1", "y1"], path);
  const z = { floor: int(o, "floor", path, -20, 100), x0: num(o, "x0", path, -1e4, 1e4), y0: num(o, "y0", path, -1e4, 1e4), x1: num(o, "x1", path, -1e4, 1e4), y1: num(o, "y1", path, -1e4, 1e4) };
  if (z.x1 < z.x0 || z.y1 < z.y0) throw new ScenarioError(`${path} must have x0 ≤ x1 and y0 ≤ y1`);
  return z;
}

const RADIO_KEYS = ["txPowerDbm", "pl0Db", "exponent", "wallLossDb", "floorLossDb", "shadowingSigmaDb", "noiseDbm", "sensitivityDbm", "sinrThresholdDb", "ccaThresholdDbm", "frameLoss", "bitrate"];
const ROUTER_KEYS = ["strategy", "helloIntervalMs", "neighbourTimeoutMs", "hopLimit", "retries", "maxCandidates", "failureLimit", "dedupEntries", "queueFrames", "neighbourEntries", "bulkAirtimeShare", "floodSlotMs", "floodRedundancy"];

export function parseScenario(json: unknown): Scenario {
  const o = obj(json, "scenario");
  known(o, ["name", "description", "durationS", "seed", "net", "site", "radio", "ble", "router", "beacons", "phones", "traffic", "events"], "scenario");
  const site = obj(o.site, "scenario.site");
  known(site, ["width", "depth", "floors", "walls"], "scenario.site");
  const floors = arr(site, "floors", "scenario.site").map((f, i) => {
    if (typeof f !== "number" || !Number.isInteger(f)) throw new ScenarioError(`scenario.site.floors[${i}] must be an integer`);
    return f;
  });
  if (floors.length === 0) throw new ScenarioError("scenario.site.floors must list at least one floor");
  const walls = (site.walls === undefined ? [] : arr(site, "walls", "scenario.site")).map((w, i) => zoneToWall(zone(w, `scenario.site.walls[${i}]`)));
  const radio: Obj = o.radio === undefined ? {} : obj(o.radio, "scenario.radio");
  known(radio, RADIO_KEYS, "scenario.radio");
  for (const k of Object.keys(radio)) num(radio, k, "scenario.radio", -1e9, 1e9);
  if (radio.frameLoss !== undefined) num(radio, "frameLoss", "scenario.radio", 0, 0.99);
  const router: Obj = o.router === undefined ? {} : obj(o.router, "scenario.router");
  known(router, ROUTER_KEYS, "scenario.router");
  if (router.strategy !== undefined && !["gradient", "flood", "managed-flood"].includes(router.strategy as string)) {
    throw new ScenarioError("scenario.router.strategy must be gradient, flood or managed-flood");
  }
  for (const k of Object.keys(router)) if (k !== "strategy") num(router, k, "scenario.router", 0, 1e7);
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
    return { id, role: role as Role, floor, x: num(bo, "x", p, 0, num(site, "width", "scenario.site", 1, 1e4)), y: num(bo, "y", p, 0, num(site, "depth", "scenario.site", 1, 1e4)) };
  });
  if (!beacons.some((b) => b.role === "gateway")) throw new ScenarioError("scenario.beacons must include at least one gateway");
  const phones = obj(o.phones ?? { count: 0 }, "scenario.phones");
  known(phones, ["count"], "scenario.phones");
  const traffic = obj(o.traffic ?? {}, "scenario.traffic");
  known(traffic, ["censusIntervalS", "positionIntervalS", "helloWarmupS"], "scenario.traffic");
  const events = (o.events === undefined ? [] : arr(o, "events", "scenario")).map((e, i) => parseEvent(e, `scenario.events[${i}]`, ids, beacons));
  return {
    name: str(o, "name", "scenario", "unnamed"),
    description: str(o, "description", "scenario", ""),
    durationS: num(o, "durationS", "scenario", 1, 86_400),
    seed: int(o, "seed", "scenario", 0, 0xffffffff, 1),
    net: int(o, "net", "scenario", 0, 31, 0),
    site: { width: num(site, "width", "scenario.site", 1, 1e4), depth: num(site, "depth", "scenario.site", 1, 1e4), floors, walls },
    radio: radio as Partial<RadioModel>,
    ble: {
      txPowerDbm: num(ble, "txPowerDbm", "scenario.ble", -40, 20, 0),
      sensitivityDbm: num(ble, "sensitivityDbm", "scenario.ble", -110, -40, -90),
      detectProbability: num(ble, "detectProbability", "scenario.ble", 0, 1, 0.9),
    },
    router: router as Scenario["router"],
    beacons,
    phones: { count: int(phones, "count", "scenario.phones", 0, 100_000) },
    traffic: {
      censusIntervalS: num(traffic, "censusIntervalS", "scenario.traffic", 1, 86_400, 30),
      positionIntervalS: num(traffic, "positionIntervalS", "scenario.traffic", 1, 86_400, 60),
      helloWarmupS: num(traffic, "helloWarmupS", "scenario.traffic", 0, 600, 5),
    },
    events,
  };
}

function zoneToWall(z: Zone): Wall {
  return { floor: z.floor, x0: z.x0, y0: z.y0, x1: z.x1, y1: z.y1 };
}

function beaconList(v: unknown, path: string, ids: Set<number>): number[] {
  if (!Array.isArray(v)) throw new ScenarioError(`${path} must be a list of beacon ids`);
  return v.map((x, i) => {
    if (typeof x !== "number" || !ids.has(x)) throw new ScenarioError(`${path}[${i}] is not a beacon id`);
    return x;
  });
}

function parseEvent(v: unknown, p: string, ids: Set<number>, beacons: BeaconSpec[]): EventSpec {
  const o = obj(v, p);
  const t = num(o, "t", p, 0, 86_400);
  const type = str(o, "type", p);
  switch (type) {
    case "destroy": {
      known(o, ["t", "type", "beacons", "zone", "share"], p);
      if ((o.beacons === undefined) === (o.zone === undefined)) throw new ScenarioError(`${p} needs either beacons or zone`);
      return {
        t, type,
        beacons: o.beacons === undefined ? undefined : beaconList(o.beacons, `${p}.beacons`, ids),
        zone: o.zone === undefined ? undefined : zone(o.zone, `${p}.zone`),
        share: num(o, "share", p, 0, 1, 1),
      };
    }
    case "reboot":
      known(o, ["t", "type", "beacons", "share"], p);
      return { t, type, beacons: o.beacons === "destroyed" ? "destroyed" : beaconList(o.beacons, `${p}.beacons`, ids), share: num(o, "share", p, 0, 1, 1) };
    case "jam":
      known(o, ["t", "type", "zone", "untilS", "powerDbm"], p);
      return { t, type, zone: zone(o.zone, `${p}.zone`), untilS: num(o, "untilS", p, t, 86_400), powerDbm: num(o, "powerDbm", p, -120, 30) };
    case "sos":
      known(o, ["t", "type", "count", "repeats", "intervalS"], p);
      return { t, type, count: int(o, "count", p, 0, 100_000), repeats: int(o, "repeats", p, 1, 100, 1), intervalS: num(o, "intervalS", p, 0.1, 3600, 15) };
    case "move":
      known(o, ["t", "type", "count", "to"], p);
      return { t, type, count: int(o, "count", p, 0, 100_000), to: zone(o.to, `${p}.to`) };
    case "instruction": {
      known(o, ["t", "type", "from", "id", "action", "zone", "via", "text"], p);
      const from = int(o, "from", p, 1, 0xfffd);
      if (!beacons.some((b) => b.id === from && b.role === "gateway")) throw new ScenarioError(`${p}.from must be a gateway's id`);
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
      const camera = int(o, "camera", p, 1, 0xfffd);
      if (!beacons.some((b) => b.id === camera && b.role === "camera")) throw new ScenarioError(`${p}.camera must be a camera beacon's id`);
      return { t, type, camera, bytes: int(o, "bytes", p, 1, 900_000) };
    }
    case "stream": {
      known(o, ["t", "type", "camera", "fps", "frameBytes", "durationS"], p);
      const camera = int(o, "camera", p, 1, 0xfffd);
      if (!beacons.some((b) => b.id === camera && b.role === "camera")) throw new ScenarioError(`${p}.camera must be a camera beacon's id`);
      return { t, type, camera, fps: num(o, "fps", p, 0.01, 30), frameBytes: int(o, "frameBytes", p, 1, 900_000), durationS: num(o, "durationS", p, 0.01, 86_400) };
    }
    default:
      throw new ScenarioError(`${p}.type must be one of destroy, reboot, jam, sos, move, instruction, image, stream`);
  }
}

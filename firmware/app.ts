/**
 * Boot: read the provisioning, build the router, start the role. A beacon
 * that is not (or badly) provisioned says so once, keeps its radio silent and
 * waits: it never crash-loops and never transmits with a made-up identity.
 */
import type { BleAdvertiser, BleScanner } from "../hal/ble";
import type { Camera } from "../hal/camera";
import type { HostLink } from "../hal/host-link";
import type { MemorySource } from "../hal/memory";
import type { Clock, Crypto, KeyValueStore, Log, RadioLink, Random } from "../hal/index";
import type { RouterListener } from "../forwarding/events";
import { DEFAULT_ROUTER, Router, type RouterSettings, type Strategies } from "../forwarding/router";
import { MsgType } from "../protocol/frame";
import type { InstructionBody } from "../protocol/messages/instruction";
import type { PositionBody } from "../protocol/messages/position";
import type { SosBody } from "../protocol/messages/sos";
import { Dispatch } from "./dispatch";
import { TokenBucket } from "./rate-limit";
import { type Provisioning, loadProvisioning } from "./provisioning";
import { CameraRole } from "./roles/camera";
import { GatewayRole } from "./roles/gateway";
import { PhoneListener } from "./roles/phone-listener";
import { PhoneAccessPoint } from "./roles/phone-access-point";

/** What the platform (hal/moddable on the device, hal/sim on the desktop) hands the firmware. */
export interface Platform {
  radio: RadioLink;
  clock: Clock;
  random: Random;
  storage: KeyValueStore;
  log: Log;
  /** crypto keyed with the network key from provisioning */
  crypto(key: Uint8Array): Crypto;
  ble?: BleScanner;
  /** for a phone access point: advertising to phones (then it does not scan) */
  advertiser?: BleAdvertiser;
  host?: HostLink;
  camera?: Camera;
  /** memory in use, logged in the health line */
  memory?: MemorySource;
}

/** How often a beacon logs its health line (queue, neighbours' best route, memory). */
export const HEALTH_INTERVAL_MS = 5 * 60_000;

export interface FirmwareOptions {
  router?: Partial<RouterSettings>;
  censusIntervalS?: number;
  /** a camera node captures and sends an image this often (0: only when asked) */
  captureIntervalS?: number;
  /** observers of the router's events, after the firmware's own (the simulator, tests) */
  listeners?: readonly RouterListener[];
  /** the strategies to choose from (the simulator adds its baselines); default: the device's */
  strategies?: Strategies;
}

export interface Beacon {
  prov: Provisioning;
  router: Router;
  /** position reports this beacon may send: POSITION_RATE a second, POSITION_BURST at once */
  positions: TokenBucket;
  clock: Clock;
  gateway?: GatewayRole;
  camera?: CameraRole;
  phones?: PhoneListener;
  accessPoint?: PhoneAccessPoint;
}

/**
 * Position reports a beacon may send: one every 2 s on average, 10 at once.
 * Positions are refreshed, not owed: in a packed hall (3000 phones around 30
 * beacons) the site's position traffic stays at beacons / 2 frames a second
 * instead of growing with the crowd; what is shed is counted.
 */
export const POSITION_RATE = 0.5;
export const POSITION_BURST = 10;

/**
 * A position fix for a device from a positioning source (none on the ESP32 yet;
 * the simulator's stand-in, sim/positioning.ts, feeds it): sent uplink as a
 * POSITION message (SPEC §4.4) if the beacon's budget allows. Returns the
 * frame's sequence number, or −1 when shed. A function, not a per-beacon
 * closure, so a beacon's heap pays nothing for it.
 */
export function reportPosition(beacon: Beacon, fix: PositionBody): number {
  if (!beacon.positions.take(beacon.clock.now())) return -1;
  return beacon.router.originate(MsgType.position, fix);
}

export type BootResult = { ok: true; beacon: Beacon } | { ok: false; reason: string };

/** Reads the provisioning from storage, then starts the beacon (the simulator's and the tests' entry). */
export function boot(platform: Platform, opts: FirmwareOptions = {}): BootResult {
  const loaded = loadProvisioning(platform.storage);
  if (!loaded.ok) {
    platform.log.error(`d2d: ${loaded.reason}; radio off until provisioned (see README, "Provisioning a beacon")`);
    return loaded;
  }
  return { ok: true, beacon: start(platform, loaded.prov, opts) };
}

/** Starts a beacon whose provisioning the caller has loaded and checked (the device's main, which needs it for the radio). */
export function start(platform: Platform, prov: Provisioning, opts: FirmwareOptions = {}): Beacon {
  const { clock, log, random } = platform;
  const hal = { radio: platform.radio, clock, random, storage: platform.storage, log, crypto: platform.crypto(prov.key) };
  const position = { floor: prov.floor, x: prov.x, y: prov.y };
  // The roles that consume messages, from the provisioning and what the platform has.
  const host = prov.role === "gateway" ? platform.host : undefined;
  const advertiser = prov.role === "phone-ap" ? platform.advertiser : undefined;
  // What the router delivers goes to those roles through the dispatch table. A beacon
  // with none (a relay, a camera) does not listen, and its router decodes nothing to deliver.
  // A beacon that scans for phones listens for other beacons' phone-SOS claims.
  const dispatch = new Dispatch();
  const scanner = prov.role !== "gateway" && !advertiser ? platform.ble : undefined;
  const listeners = host || advertiser || scanner ? [dispatch.listener, ...(opts.listeners ?? [])] : opts.listeners ?? [];
  const router = new Router({
    ...DEFAULT_ROUTER, ...opts.router,
    address: prov.address, net: prov.net, role: prov.role, position,
  }, hal, listeners, opts.strategies);
  const beacon: Beacon = { prov, router, positions: new TokenBucket(POSITION_RATE, POSITION_BURST), clock };
  if (prov.role === "gateway") {
    if (!host) {
      log.error("d2d: gateway without a host link; running as a relay");
    } else {
      const gateway = (beacon.gateway = new GatewayRole(router, host));
      // The sink: every message a gateway consumes goes to its host, whatever its type.
      dispatch.on("any", (_m, frame, info) => gateway.consume(frame, info.rssi));
      gateway.start();
    }
  }
  if (prov.role === "camera") {
    if (platform.camera) {
      const camera = (beacon.camera = new CameraRole(router, platform.camera, clock));
      const every = (opts.captureIntervalS ?? 0) * 1000;
      if (every > 0) {
        const tick = () => {
          if (!camera.captureImage()) log.warn("d2d: camera gave no image");
          clock.setTimeout(tick, every);
        };
        clock.setTimeout(tick, every * (0.5 + random.next()));
      }
    } else log.warn("d2d: camera role without a camera; relaying only");
  }
  if (advertiser) {
    // One BLE role per app: an access point advertises to phones; the relays around it scan.
    const ap = (beacon.accessPoint = new PhoneAccessPoint(advertiser, prov.address, position));
    dispatch.on(MsgType.instruction, (m) => ap.instruction(m.body as InstructionBody));
    ap.start();
  } else if (scanner) {
    const phones = (beacon.phones = new PhoneListener(router, scanner, clock, random, { censusIntervalS: opts.censusIntervalS ?? 30 }));
    dispatch.on(MsgType.sos, (m) => phones.claim(m.body as SosBody, m.header.hopLimit, m.header.dst, m.header.src));
    phones.start();
  }
  router.start();
  log.info(`d2d: ${prov.role} ${prov.address} on net ${prov.net}, floor ${prov.floor} at (${prov.x}, ${prov.y})`);
  const health = () => {
    const r = router.route(); // read-only: logging the route does not move it
    const m = platform.memory?.();
    const s = platform.radio.stats?.();
    log.info(`d2d: health queue ${router.queued}, route ${r ? `via ${r.via} (${r.hops} hops)` : "none"}` +
      (m ? `, heap ${m.slots + m.chunks} B, free ${m.free} B` : "") +
      (s ? `, radio overflow ${s.rxOverflow}, send timeouts ${s.sendTimeouts}` : ""));
    clock.setTimeout(health, HEALTH_INTERVAL_MS);
  };
  clock.setTimeout(health, HEALTH_INTERVAL_MS);
  return beacon;
}

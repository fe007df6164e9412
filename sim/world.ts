/**
 * The site's beacons and the air between them: every beacon boots the real
 * firmware (firmware/app.ts) over its simulated platform (sim/platform.ts) on
 * the shared medium (sim/medium.ts); the timeline powers beacons off and on
 * and jams the air; the topology is what the metrics compare routes against.
 *
 * Rules: a beacon is provisioned (its storage written) before its first boot
 * and boots from that record, as on the device. Losing power stops its clock,
 * silences its radio and drops its program; a reboot keeps its storage (so it
 * never reuses a sequence number) and gets a fresh random stream, drawn from
 * the run's. Every beacon shares the run's network key and one crypto (which
 * counts the HMACs computed and reused). A gateway's host link is the
 * responders' console: what the gateway delivers goes to the observer, and
 * instructions come in as the host lines of SPEC §12 (instruct()). The world
 * is watched only through the routers' events and probes, the host links and
 * the frames on air, never by calling into routing.
 *
 * Topology: hop distance from each live beacon to the nearest live gateway
 * over good links (Medium.goodLink), recomputed at boot, when beacons die or
 * come back, and when a jammer starts or stops: a breadth-first search that
 * tries only each beacon's radio neighbours (Medium.neighbourIds), so it costs
 * the links, not N² checks. Who routes through a beacon is likewise asked of
 * its radio neighbours only (a route's next hop is a station heard).
 */
import { boot, type Beacon as Firmware } from "../firmware/app";
import type { RouterEvent, RouterProbe } from "../forwarding/events";
import type { RouterSettings } from "../forwarding/router";
import { WITH_BASELINES } from "../forwarding/strategies/baselines";
import { SimBleScanner } from "../hal/sim/ble";
import { SimCrypto } from "../hal/sim/crypto";
import type { SeededRandom } from "../hal/sim/random";
import type { MemoryStore } from "../hal/sim/storage";
import { parseFrame, type FrameHeader } from "../protocol/frame";
import { instructionLine } from "../protocol/host-line";
import { messageOf, type Message } from "../protocol/message";
import type { InstructionBody } from "../protocol/messages/instruction";
import { utf8Encode } from "../protocol/utf8";
import type { Zone } from "./geometry";
import { Medium } from "./medium";
import { simPlatform, type SimPlatform } from "./platform";
import type { BeaconSpec, Scenario } from "./scenario";
import type { Scheduler } from "./scheduler";

const NETWORK_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 ^ i);

/** What the world reports as it runs (sim/metrics.ts). */
export interface WorldObserver {
  /** a message a beacon originated, with the beacon's hop distance to a gateway then (−1: none) */
  originated(src: BeaconSpec, header: FrameHeader, key: number, shortestHops: number, frame: Uint8Array, packed?: boolean): void;
  /** a message a beacon consumed (a gateway's, as its host link got it) */
  delivered(at: BeaconSpec, message: Message): void;
  /** a message whose SOS travel on in frame `into` (forwarding/pack.ts): delivered or lost with it */
  merged?(key: number, into: number): void;
  /** a frame put on the air */
  onAir(frame: Uint8Array): void;
  /** the topology was recomputed (sim/reachability.ts takes its snapshot) */
  topology?(world: World): void;
}

export interface SimBeacon {
  readonly spec: BeaconSpec;
  /** position in scenario.beacons, for per-beacon tables */
  readonly index: number;
  /** the BLE scanner the firmware listens on; the people hand it what the beacon hears */
  readonly ble: SimBleScanner;
  alive: boolean;
  /** when it last lost power (ms), −1 if never */
  destroyedAt: number;
  /** the running firmware, while powered */
  firmware: Firmware | null;
  /** the router's read-only view, while powered */
  probe: RouterProbe | null;
  platform: SimPlatform | null;
  /** kept across reboots; null before the first boot */
  storage: MemoryStore | null;
  /** a gateway's host link, host side: bytes from the responders' console to the gateway (while powered) */
  fromHost: ((bytes: Uint8Array, count: number) => void) | null;
}

export class World {
  readonly medium: Medium;
  readonly crypto = new SimCrypto(NETWORK_KEY);
  readonly beacons = new Map<number, SimBeacon>();
  private hopsToGateway = new Map<number, number>();
  /** the gateways, in scenario order */
  private readonly gateways: SimBeacon[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly scheduler: Scheduler,
    private readonly rand: SeededRandom,
    seed: number,
    private readonly router: RouterSettings,
    private readonly observer: WorldObserver,
  ) {
    const stations = scenario.beacons.map((b) => ({ id: b.id, floor: b.floor, x: b.x, y: b.y }));
    // The crowd's density for body loss (sim/materials.ts): the phones are spread over every floor of the plan.
    const crowdPerM2 = scenario.phones.count / (scenario.site.width * scenario.site.depth * scenario.site.floors.length);
    this.medium = new Medium(scheduler, stations, scenario.site.walls, scenario.radio, seed ^ 0x3d2d, (frame) => observer.onAir(frame), () => crowdPerM2);
    for (const spec of scenario.beacons) {
      this.beacons.set(spec.id, {
        spec, index: this.beacons.size, ble: new SimBleScanner(), alive: true, destroyedAt: -1,
        firmware: null, probe: null, platform: null, storage: null, fromHost: null,
      });
    }
    for (const b of this.beacons.values()) if (b.spec.role === "gateway") this.gateways.push(b);
  }

  /** Powers every beacon up, in scenario order. */
  bootAll(): void {
    for (const b of this.beacons.values()) this.boot(b);
    this.updateTopology();
  }

  /** Powers a beacon up: the real firmware boots from its stored provisioning over the simulated HAL. */
  boot(b: SimBeacon): void {
    const { spec } = b;
    const radio = this.medium.radio(spec.id);
    radio.reset();
    this.medium.setAlive(spec.id, true);
    // Provisioned once, before the first boot; a reboot finds the storage as the beacon left it.
    const provisioning = b.storage ? undefined : { address: spec.id, net: this.scenario.net, role: spec.role, floor: spec.floor, x: spec.x, y: spec.y, key: NETWORK_KEY };
    const platform = simPlatform({
      time: this.scheduler,
      address: spec.id,
      radio,
      random: this.rand.fork(spec.id + 7919 * (b.destroyedAt + 2)),
      storage: b.storage ?? undefined,
      provisioning,
      crypto: () => this.crypto,
      ble: b.ble,
      host: {
        deliver: (frame) => this.observer.delivered(spec, messageOf(parseFrame(frame))),
        answer: () => {}, // the console reads no answers: a refused line shows as an instruction that reached nobody
        listen: (onBytes) => {
          b.fromHost = onBytes;
          return true;
        },
      },
      camera: { capture: () => undefined },
    });
    b.platform = platform;
    b.storage = platform.storage;
    const r = boot(platform, {
      router: this.router,
      censusIntervalS: this.scenario.traffic.censusIntervalS,
      // Observation only: what each beacon originates, and what non-gateways consume (instructions);
      // a gateway's deliveries are observed at its host link, above.
      listeners: [(e) => this.observe(spec, e)],
      // the simulator compares the gradient against the flooding baselines
      strategies: WITH_BASELINES,
    });
    if (!r.ok) throw new Error(`beacon ${spec.id} failed to boot: ${r.reason}`);
    b.firmware = r.beacon;
    b.probe = r.beacon.router;
    b.alive = true;
  }

  /** Cuts a beacon's power: its timers, its radio and its program are gone; its storage stays. */
  destroy(b: SimBeacon): void {
    if (!b.alive) return;
    b.alive = false;
    b.destroyedAt = this.scheduler.now();
    b.platform?.clock.clearAll();
    b.platform = null;
    this.medium.setAlive(b.spec.id, false);
    this.medium.radio(b.spec.id).reset();
    b.probe = null;
    b.firmware = null;
    b.fromHost = null;
  }

  alive(): SimBeacon[] {
    const out: SimBeacon[] = [];
    for (const b of this.beacons.values()) if (b.alive) out.push(b);
    return out;
  }

  /** A live beacon's probe (null when it is off or unknown). */
  probe(id: number): RouterProbe | null {
    const b = this.beacons.get(id);
    return b?.alive ? b.probe : null;
  }

  /** The live beacons whose route goes through `id` now. */
  routingVia(id: number): number[] {
    const out: SimBeacon[] = [];
    for (const n of this.medium.neighbourIds(id)) {
      const b = this.beacons.get(n);
      if (b?.alive && b.probe?.route()?.via === id) out.push(b);
    }
    return out.sort((a, b) => a.index - b.index).map((b) => b.spec.id);
  }

  /** A jammer over the zone from now until `untilMs`. */
  jam(zone: Zone, powerDbm: number, untilMs: number): void {
    const now = this.scheduler.now();
    this.medium.addJam({ ...zone, powerDbm, from: now, until: untilMs });
    this.updateTopology();
    this.scheduler.at(untilMs - now, () => this.updateTopology());
  }

  /** The responders type an instruction at a live gateway's host link (one INSTRUCT line); false if it is off. */
  instruct(gateway: number, body: InstructionBody): boolean {
    const toGateway = this.beacons.get(gateway)?.fromHost;
    if (!toGateway) return false;
    const line = utf8Encode(instructionLine(body) + "\n");
    toGateway(line, line.length);
    return true;
  }

  /** Hop distance from every live beacon to the nearest live gateway over good links. */
  updateTopology(): void {
    const now = this.scheduler.now();
    const dist = new Map<number, number>();
    let frontier = this.gateways.filter((b) => b.alive).map((b) => b.spec.id);
    for (const g of frontier) dist.set(g, 0);
    let d = 0;
    while (frontier.length > 0) {
      d++;
      const next: number[] = [];
      for (const a of frontier) {
        for (const b of this.medium.neighbourIds(a)) {
          // goodLink is false when either end is dead
          if (dist.has(b) || !this.medium.goodLink(a, b, now)) continue;
          dist.set(b, d);
          next.push(b);
        }
      }
      frontier = next;
    }
    this.hopsToGateway = dist;
    this.observer.topology?.(this);
  }

  private observe(spec: BeaconSpec, e: RouterEvent): void {
    if (e.kind === "originated") this.observer.originated(spec, e.header, e.key, this.hopsToGateway.get(spec.id) ?? -1, e.frame, e.packed);
    else if (e.kind === "merged") this.observer.merged?.(e.key, e.into);
    else if (spec.role !== "gateway") this.observer.delivered(spec, e.message);
  }
}

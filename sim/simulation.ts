/**
 * A whole incident in simulated time: beacons running the real Router over
 * simulated HAL twins, phones heard over BLE, traffic, and the scenario's
 * timeline. Collects what the report needs; deterministic for a seed.
 */
import { boot, type Beacon as Firmware } from "../firmware/app";
import { SimBleScanner } from "../hal/sim/ble";
import { parseFrame, MsgType, Addr } from "../protocol/frame";
import { DedupCache } from "../forwarding/dedup";
import type { RouterEvent, RouterProbe } from "../forwarding/events";
import { DEFAULT_ROUTER, type RouterSettings, type StrategyName } from "../forwarding/router";
import { Reassembler, mediaKey } from "../protocol/fragment";
import { messageOf, type Message } from "../protocol/message";
import { COMPANY_ID, encodePhoneSos } from "../protocol/phone-adv";
import type { MediaBody } from "../protocol/messages/media";
import type { SosBody } from "../protocol/messages/sos";
import type { InstructionBody } from "../protocol/messages/instruction";
import { SimCrypto } from "../hal/sim/crypto";
import type { LogLine } from "../hal/sim/log";
import { SeededRandom } from "../hal/sim/random";
import { Scheduler } from "./scheduler";
import type { MemoryStore } from "../hal/sim/storage";
import { simPlatform, type SimPlatform } from "./platform";
import { Medium, type Station } from "./medium";
import type { BeaconSpec, Scenario } from "./scenario";
import { clampTo, inZone, pointIn, siteZone } from "./geometry";

const NETWORK_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 ^ i);

interface Beacon {
  spec: BeaconSpec;
  /** position in scenario.beacons, for per-beacon tables */
  index: number;
  /** the platform of the running firmware (its clock stops when the beacon loses power) */
  platform: SimPlatform | null;
  /** kept across reboots; null before the first boot */
  storage: MemoryStore | null;
  /** the BLE scanner the firmware listens on; the simulation hands it what the beacon hears */
  ble: SimBleScanner;
  firmware: Firmware | null;
  /** the router's read-only view: how the simulation observes routing */
  probe: RouterProbe | null;
  alive: boolean;
  destroyedAt: number;
}

/** A phone's BLE address, from its id (random static address bits set). */
function phoneAddress(id: number): Uint8Array {
  return Uint8Array.of(0xc0 | ((id >>> 26) & 0x3f), (id >>> 18) & 255, (id >>> 10) & 255, (id >>> 2) & 255, id & 3, 0x5a);
}

interface Phone {
  id: number; floor: number; x: number; y: number; seq: number;
  /** BLE RSSI at each beacon (by beacon index), computed on first use; cleared when the phone moves */
  rssi: Float64Array;
}

export interface Originated {
  key: number;
  type: number;
  priority: number;
  src: number;
  at: number;
  shortest: number;
  deliveredAt: number;
  hops: number;
}

export interface PhoneSos { phone: number; seq: number; at: number; heard: boolean; deliveredAt: number }

export interface InstructionRun { id: number; at: number; from: number; eligible: Set<number>; reached: Map<number, number> }

/** One media object (a still image, or one frame of a video stream) sent by a camera. */
export interface ImageRun {
  camera: number; kind: "image" | "video"; stream: number; frame: number; bytes: number; count: number;
  at: number; delivered: Set<number>; completeAt: number;
}

export interface RepairRun { dead: number; at: number; affected: Map<number, number> }

export class Simulation {
  readonly scheduler = new Scheduler();
  readonly medium: Medium;
  readonly log: LogLine[] = [];
  readonly beacons = new Map<number, Beacon>();
  readonly phones: Phone[] = [];
  readonly originated = new Map<number, Originated>();
  readonly phoneSos = new Map<string, PhoneSos>();
  readonly instructions: InstructionRun[] = [];
  readonly images: ImageRun[] = [];
  readonly repairs: RepairRun[] = [];
  readonly txByKey = new Map<number, number>();
  dataTx = 0;
  helloTx = 0;
  readonly crypto = new SimCrypto(NETWORK_KEY);
  private readonly rand: SeededRandom;
  private readonly reassembly = new Reassembler({ maxObjects: 16, maxPerSource: 4, maxBytes: 512 * 1024, maxObjectBytes: 256 * 1024, timeoutMs: 120_000 });
  private hopsToGateway = new Map<number, number>();
  private readonly routerCfg: RouterSettings;

  constructor(readonly scenario: Scenario, readonly seed: number, strategy?: StrategyName) {
    this.rand = new SeededRandom(seed);
    this.routerCfg = { ...DEFAULT_ROUTER, ...scenario.router, ...(strategy ? { strategy } : {}) };
    const stations: Station[] = scenario.beacons.map((b) => ({ id: b.id, floor: b.floor, x: b.x, y: b.y }));
    this.medium = new Medium(this.scheduler, stations, scenario.site.walls, scenario.radio, seed ^ 0x3d2d);
    this.medium.onTransmit = (_from, _to, frame) => this.countTx(frame);
    for (const spec of scenario.beacons) {
      const b: Beacon = { spec, index: this.beacons.size, platform: null, storage: null, ble: new SimBleScanner(), firmware: null, probe: null, alive: true, destroyedAt: -1 };
      this.beacons.set(spec.id, b);
    }
    const pr = this.rand.fork(1);
    for (let i = 0; i < scenario.phones.count; i++) {
      const floor = scenario.site.floors[Math.floor(pr.next() * scenario.site.floors.length)];
      const id = Math.floor(pr.next() * 0xffffffff) >>> 0;
      const { x, y } = pointIn(siteZone(scenario.site, floor), () => pr.next());
      this.phones.push({ id, floor, x, y, seq: 0, rssi: new Float64Array(scenario.beacons.length).fill(NaN) });
    }
  }

  get strategy(): StrategyName {
    return this.routerCfg.strategy;
  }

  /** Runs the scenario to its end. */
  run(): void {
    for (const b of this.beacons.values()) this.boot(b);
    this.updateTopology();
    this.scheduleTraffic();
    for (const e of this.scenario.events) this.scheduler.at(e.t * 1000, () => this.apply(e));
    this.scheduler.run(this.scenario.durationS * 1000);
  }

  // ------------------------------------------------------------------ nodes

  /** Powers a beacon up: the real firmware boots from its stored provisioning over the simulated HAL. */
  private boot(b: Beacon): void {
    const radio = this.medium.radio(b.spec.id);
    radio.reset();
    this.medium.setAlive(b.spec.id, true);
    const spec = b.spec;
    const platform = simPlatform({
      time: this.scheduler,
      address: spec.id,
      radio,
      random: this.rand.fork(spec.id + 7919 * (b.destroyedAt + 2)),
      // Provisioned before the first boot; a reboot finds the storage as the beacon left it.
      ...(b.storage ? { storage: b.storage } : { provisioning: { address: spec.id, net: this.scenario.net, role: spec.role, floor: spec.floor, x: spec.x, y: spec.y, key: NETWORK_KEY } }),
      log: this.log,
      crypto: () => this.crypto,
      ble: b.ble,
      // The timeline's instructions reach the gateway through instruct(), not host lines.
      host: { deliver: (frame) => this.delivered(b, messageOf(parseFrame(frame))), answer: () => {}, listen: () => false },
      camera: { capture: () => undefined },
    });
    b.platform = platform;
    b.storage = platform.storage;
    const r = boot(platform, {
      router: this.routerCfg,
      censusIntervalS: this.scenario.traffic.censusIntervalS,
      // Observation only: what each beacon originates, and what non-gateways consume (instructions);
      // a gateway's deliveries are observed at its host link, above.
      listeners: [(e) => this.observe(b, e)],
    });
    if (!r.ok) throw new Error(`beacon ${b.spec.id} failed to boot: ${r.reason}`);
    b.firmware = r.beacon;
    b.probe = r.beacon.router;
    b.alive = true;
  }

  private destroy(b: Beacon): void {
    if (!b.alive) return;
    b.alive = false;
    b.destroyedAt = this.scheduler.now();
    b.platform?.clock.clearAll();
    b.platform = null;
    this.medium.setAlive(b.spec.id, false);
    this.medium.radio(b.spec.id).reset();
    b.probe = null;
    b.firmware = null;
  }

  private alive(): Beacon[] {
    return [...this.beacons.values()].filter((b) => b.alive);
  }

  private pickShare<T>(items: T[], share: number): T[] {
    const n = Math.round(items.length * share);
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  // ------------------------------------------------------------------ events

  private apply(e: Scenario["events"][number]): void {
    const now = this.scheduler.now();
    switch (e.type) {
      case "destroy": {
        const pool = [...this.beacons.values()].filter((b) => b.alive && b.spec.role !== "gateway" && (e.beacons ? e.beacons.includes(b.spec.id) : e.zone !== undefined && inZone(b.spec, e.zone)));
        const victims = e.beacons ? pool : this.pickShare(pool, e.share ?? 1);
        for (const v of victims) {
          const affected = new Map<number, number>();
          for (const b of this.alive()) if (b.probe?.route()?.via === v.spec.id) affected.set(b.spec.id, -1);
          this.destroy(v);
          this.repairs.push({ dead: v.spec.id, at: now, affected });
        }
        this.updateTopology();
        this.watchRepairs();
        break;
      }
      case "reboot": {
        const pool = [...this.beacons.values()].filter((b) => !b.alive && (e.beacons === "destroyed" || e.beacons.includes(b.spec.id)));
        for (const b of this.pickShare(pool, e.share ?? 1)) this.boot(b);
        this.updateTopology();
        break;
      }
      case "jam":
        this.medium.addJam({ ...e.zone, powerDbm: e.powerDbm, from: now, until: e.untilS * 1000 });
        this.updateTopology();
        this.scheduler.at(e.untilS * 1000 - now, () => this.updateTopology());
        break;
      case "sos":
        for (const p of this.pickShare(this.phones, Math.min(1, e.count / Math.max(1, this.phones.length)))) {
          for (let r = 0; r < e.repeats; r++) this.scheduler.at(r * e.intervalS * 1000 + this.rand.next() * 500, () => this.phoneSosNow(p));
        }
        break;
      case "move":
        for (const p of this.pickShare(this.phones, Math.min(1, e.count / Math.max(1, this.phones.length)))) {
          p.rssi.fill(NaN);
          p.floor = e.to.floor;
          ({ x: p.x, y: p.y } = pointIn(e.to, () => this.rand.next()));
        }
        break;
      case "instruction": {
        const g = this.beacons.get(e.from);
        if (!g?.alive || !g.firmware) break;
        const body: InstructionBody = { id: e.id, action: e.action, zone: e.zone };
        if (e.via !== undefined) body.via = e.via;
        if (e.text !== undefined) body.text = e.text;
        const eligible = new Set(this.alive().filter((b) => b.spec.id !== e.from).map((b) => b.spec.id));
        this.instructions.push({ id: e.id, at: now, from: e.from, eligible, reached: new Map() });
        if (g.firmware.gateway) g.firmware.gateway.instruct(body);
        else g.firmware.router.originate(MsgType.instruction, body, { dst: Addr.broadcast });
        break;
      }
      case "image":
        this.sendMedia(e.camera, "image", e.bytes);
        break;
      case "stream": {
        const frames = Math.floor(e.durationS * e.fps);
        for (let i = 0; i < frames; i++) this.scheduler.at((i * 1000) / e.fps, () => this.sendMedia(e.camera, "video", e.frameBytes));
        break;
      }
    }
  }

  // ------------------------------------------------------------------ traffic

  /**
   * Phones advertise all the time; the simulation delivers, to every beacon,
   * one sighting of each phone it hears every few seconds (the firmware counts
   * them into its census), and a position report for each phone from the
   * beacon hearing it best (positioning is not in the firmware yet).
   */
  private scheduleTraffic(): void {
    const t0 = this.scenario.traffic.helloWarmupS * 1000;
    const sweep = Math.min(10_000, this.scenario.traffic.censusIntervalS * 1000 / 2);
    const position = this.scenario.traffic.positionIntervalS * 1000;
    for (const b of this.beacons.values()) {
      if (b.spec.role === "gateway") continue;
      const tick = () => {
        this.presence(b);
        this.scheduler.at(sweep, tick);
      };
      this.scheduler.at(t0 + this.rand.next() * sweep, tick);
    }
    for (const p of this.phones) {
      const tick = () => {
        this.position(p);
        this.scheduler.at(position, tick);
      };
      this.scheduler.at(t0 + this.rand.next() * position, tick);
    }
  }

  /** The phone's BLE signal at the beacon: path loss through walls and floors, computed once per position. */
  private bleRssi(p: Phone, b: Beacon): number {
    let r = p.rssi[b.index];
    if (r !== r) {
      r = p.rssi[b.index] = this.scenario.ble.txPowerDbm - this.medium.pathLossDb({ id: 0, floor: p.floor, x: p.x, y: p.y }, b.spec);
    }
    return r;
  }

  private hears(p: Phone, b: Beacon): number | null {
    const rssi = this.bleRssi(p, b);
    if (rssi < this.scenario.ble.sensitivityDbm || this.rand.next() >= this.scenario.ble.detectProbability) return null;
    return rssi;
  }

  private presence(b: Beacon): void {
    if (!b.alive || !b.ble.listening) return;
    for (const p of this.phones) {
      const rssi = this.hears(p, b);
      if (rssi !== null) b.ble.hear({ address: phoneAddress(p.id), rssi });
    }
  }

  private position(p: Phone): void {
    let best: Beacon | null = null, bestRssi = -Infinity;
    for (const b of this.beacons.values()) {
      if (!b.alive || b.spec.role === "gateway") continue;
      const r = this.bleRssi(p, b);
      if (r > bestRssi) { bestRssi = r; best = b; }
    }
    if (!best || bestRssi < this.scenario.ble.sensitivityDbm) return;
    const dx = (this.rand.next() - 0.5) * 4, dy = (this.rand.next() - 0.5) * 4;
    const { x, y } = clampTo(siteZone(this.scenario.site, p.floor), p.x + dx, p.y + dy);
    best.firmware?.router.originate(MsgType.position, { device: p.id, floor: p.floor, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, accuracy: 3 });
  }

  /** A phone advertises an SOS; every live beacon that hears it gets the advertisement. */
  private phoneSosNow(p: Phone): void {
    p.seq = (p.seq + 1) & 255;
    const rec: PhoneSos = { phone: p.id, seq: p.seq, at: this.scheduler.now(), heard: false, deliveredAt: -1 };
    this.phoneSos.set(`${p.id}:${p.seq}`, rec);
    const adv = encodePhoneSos({
      phone: p.id, seq: p.seq,
      sos: { floor: p.floor, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, accuracy: 5, trapped: null, injured: 1, attackers: null, flags: ["medical"] },
    });
    for (const b of this.beacons.values()) {
      if (!b.alive || b.spec.role === "gateway" || !b.ble.listening) continue;
      const rssi = this.hears(p, b);
      if (rssi === null) continue;
      rec.heard = true;
      b.ble.hear({ address: phoneAddress(p.id), rssi, manufacturer: { company: COMPANY_ID, data: adv } });
    }
  }

  /** The camera application asked to send an image or a video frame: the firmware's camera role does it. */
  private sendMedia(cameraId: number, kind: "image" | "video", bytes: number): void {
    const cam = this.beacons.get(cameraId);
    const role = cam?.alive ? cam.firmware?.camera : undefined;
    if (!role) return;
    const data = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) data[i] = (i * 131 + cameraId) & 255;
    const at = this.scheduler.now();
    const id = role.send(data, kind);
    this.images.push({ camera: cameraId, kind, stream: id.stream, frame: id.frame, bytes, count: id.fragments, at, delivered: new Set(), completeAt: -1 });
  }

  private observe(b: Beacon, e: RouterEvent): void {
    if (e.kind === "originated") this.recordOrigin(b, e.header.type, e.header.priority, e.key);
    else if (b.spec.role !== "gateway") this.delivered(b, e.message);
  }

  private recordOrigin(b: Beacon, type: number, priority: number, key: number): void {
    if (type === MsgType.hello || type === MsgType.instruction || type === MsgType.ack) return;
    this.originated.set(key, { key, type, priority, src: b.spec.id, at: this.scheduler.now(), shortest: this.hopsToGateway.get(b.spec.id) ?? -1, deliveredAt: -1, hops: -1 });
  }

  // ------------------------------------------------------------------ delivery and accounting

  private delivered(b: Beacon, m: Message): void {
    const h = m.header;
    const now = this.scheduler.now();
    if (h.type === MsgType.instruction) {
      const id = (m.body as InstructionBody).id;
      const run = this.instructions.find((r) => r.id === id);
      if (run && !run.reached.has(b.spec.id)) run.reached.set(b.spec.id, now - run.at);
      return;
    }
    if (b.spec.role !== "gateway") return;
    const key = DedupCache.key(h.src, h.seq);
    const o = this.originated.get(key);
    if (o && o.deliveredAt < 0) {
      o.deliveredAt = now;
      o.hops = h.hops;
    }
    if (h.type === MsgType.sos) {
      const p = (m.body as SosBody).phone;
      if (p) {
        const rec = this.phoneSos.get(`${p.id}:${p.seq}`);
        if (rec && rec.deliveredAt < 0) rec.deliveredAt = now;
      }
    } else if (h.type === MsgType.media) {
      const mb = m.body as MediaBody;
      const run = this.images.find((r) => r.camera === h.src && r.stream === mb.stream && r.frame === mb.frame && r.kind === mb.kind);
      if (run) {
        run.delivered.add(mb.index);
        try {
          const res = this.reassembly.add(mediaKey(h.src, mb.stream, mb.kind, mb.frame), h.src, mb.index, mb.count, mb.data, now, 250);
          if (res.status === "complete" && run.completeAt < 0) run.completeAt = now;
        } catch {
          // counted as incomplete in the report
        }
      }
    }
  }

  private countTx(frame: Uint8Array): void {
    try {
      const f = parseFrame(frame);
      if (f.header.type === MsgType.hello) {
        this.helloTx++;
        return;
      }
      this.dataTx++;
      const key = DedupCache.key(f.header.src, f.header.seq);
      this.txByKey.set(key, (this.txByKey.get(key) ?? 0) + 1);
    } catch {
      // not a frame of ours
    }
  }

  /** Hop distance from every live beacon to the nearest live gateway over good links. */
  private updateTopology(): void {
    const now = this.scheduler.now();
    const live = this.alive();
    const dist = new Map<number, number>();
    let frontier = live.filter((b) => b.spec.role === "gateway").map((b) => b.spec.id);
    for (const g of frontier) dist.set(g, 0);
    let d = 0;
    while (frontier.length > 0) {
      d++;
      const next: number[] = [];
      for (const a of frontier) {
        for (const b of live) {
          if (dist.has(b.spec.id) || !this.medium.goodLink(a, b.spec.id, now)) continue;
          dist.set(b.spec.id, d);
          next.push(b.spec.id);
        }
      }
      frontier = next;
    }
    this.hopsToGateway = dist;
  }

  /** Samples affected nodes every 20 ms until each routes around the dead beacon. */
  private watchRepairs(): void {
    const open = () => this.repairs.some((r) => [...r.affected.values()].some((v) => v < 0));
    const tick = () => {
      const now = this.scheduler.now();
      for (const r of this.repairs) {
        for (const [id, v] of r.affected) {
          if (v >= 0) continue;
          const b = this.beacons.get(id);
          if (!b?.alive || !b.probe) { r.affected.delete(id); continue; }
          const route = b.probe.route();
          if (route && route.via !== r.dead && this.beacons.get(route.via)?.alive) r.affected.set(id, now - r.at);
          else if (now - r.at > 60_000) r.affected.set(id, Infinity);
        }
      }
      if (open()) this.scheduler.at(20, tick);
    };
    this.scheduler.at(20, tick);
  }
}


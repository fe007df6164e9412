/**
 * The people on site and their phones: where they are, what their phones
 * advertise over BLE, and which beacons hear it.
 *
 * Rules: phones are placed uniformly over the floors and move only when the
 * timeline moves them. A phone's BLE signal at a beacon is the radio model's
 * path loss (sim/radio-model.ts, no shadowing) from the BLE transmit power.
 * A beacon hears an advertisement when that signal is at least the BLE
 * sensitivity and its scan catches it (detectProbability, drawn each time).
 * Which beacons are in range of a phone, and its signal at each, is worked
 * out once per position through a spatial index (sim/ble-range.ts), never by
 * trying every beacon; each beacon keeps the phones in its range, in phone
 * order, so a scan walks only those and draws its random numbers exactly as
 * a walk over every phone would. What a phone says reaches the firmware
 * only through the beacon's BLE scanner, as on the device: presence (the
 * census counts it) and SOS advertisements (protocol/phone-adv.ts). Gateways
 * do not scan. Phone positions, which the firmware does not compute yet, come
 * from the stand-in in sim/positioning.ts, through the loudest beacon.
 *
 * Timings (the scenario's `traffic`): from helloWarmupS on, each scanning
 * beacon hears one advertisement of each phone in range every
 * min(10 s, censusIntervalS / 2), at a random phase (phones advertise far
 * more often; the census counts each phone once a window); each phone's
 * position is reported every positionIntervalS, at a random phase. An SOS is
 * advertised `repeats` times, intervalS apart, the first within 0.5 s of its
 * event.
 */
import type { SeededRandom } from "../hal/sim/random";
import { COMPANY_ID, encodePhoneSos } from "../protocol/phone-adv";
import { BleRangeIndex } from "./ble-range";
import { type Zone, pointIn, siteZone } from "./geometry";
import type { Metrics } from "./metrics";
import type { Positioning } from "./positioning";
import type { RadioModel } from "./radio-model";
import type { Scenario } from "./scenario";
import type { Scheduler } from "./scheduler";
import type { SimBeacon, World } from "./world";

export interface Phone {
  id: number; floor: number; x: number; y: number;
  /** its place in People.phones */
  index: number;
  /** the sequence number of its last SOS */
  seq: number;
  /** the beacons that can hear it (signal ≥ the BLE sensitivity), by beacon index, ascending: worked out when it is placed or moves */
  near: Int32Array;
  /** its signal at each of them, dBm */
  nearRssi: Float64Array;
}

/** A phone's BLE address, from its id (random static address bits set). */
export function phoneAddress(id: number): Uint8Array {
  return Uint8Array.of(0xc0 | ((id >>> 26) & 0x3f), (id >>> 18) & 255, (id >>> 10) & 255, (id >>> 2) & 255, id & 3, 0x5a);
}

export class People {
  readonly phones: Phone[] = [];
  private readonly ble: Scenario["ble"];
  private readonly index: BleRangeIndex;
  /** by beacon index: the phones it can hear (their index, ascending) and their signal there; typed arrays, which cost the collector nothing */
  private readonly hearable: { phones: Int32Array; rssi: Float64Array }[];
  private readonly byIndex: SimBeacon[];

  constructor(
    private readonly scenario: Scenario,
    private readonly scheduler: Scheduler,
    private readonly rand: SeededRandom,
    private readonly world: World,
    private readonly radio: RadioModel,
    private readonly positioning: Positioning,
    private readonly metrics: Metrics,
  ) {
    this.ble = scenario.ble;
    this.byIndex = [...world.beacons.values()];
    this.hearable = this.byIndex.map(() => ({ phones: new Int32Array(0), rssi: new Float64Array(0) }));
    this.index = new BleRangeIndex(radio, scenario.site.walls, scenario.ble, this.byIndex.map((b) => ({ index: b.index, floor: b.spec.floor, x: b.spec.x, y: b.spec.y })), scenario.site);
    const place = rand.fork(1);
    const { floors } = scenario.site;
    for (let i = 0; i < scenario.phones.count; i++) {
      const floor = floors[Math.floor(place.next() * floors.length)];
      const id = Math.floor(place.next() * 0xffffffff) >>> 0;
      const { x, y } = pointIn(siteZone(scenario.site, floor), () => place.next());
      const p: Phone = { id, floor, x, y, index: i, seq: 0, near: new Int32Array(0), nearRssi: new Float64Array(0) };
      this.phones.push(p);
      this.locate(p);
    }
    this.refile(this.phones, this.byIndex.map((b) => b.index));
  }

  /** The phones a beacon can hear, in phone order, with their signal there (read-only: for the tests). */
  hearableBy(b: SimBeacon): { phone: Phone; rssi: number }[] {
    const h = this.hearable[b.index];
    return Array.from(h.phones, (k, i) => ({ phone: this.phones[k], rssi: h.rssi[i] }));
  }

  /** Works out the beacons in range of the phone where it is now (through the spatial index). */
  private locate(p: Phone): void {
    const near = this.index.inRange(p);
    p.near = Int32Array.from(near, (n) => n.beacon.index);
    p.nearRssi = Float64Array.from(near, (n) => n.rssi);
  }

  /** Files `moved` phones (and only those changed) with the beacons in `beacons` (indices): each beacon's list rebuilt in phone order. */
  private refile(moved: readonly Phone[], beacons: Iterable<number>): void {
    const isMoved = new Set(moved.map((p) => p.index));
    const add = new Map<number, [number, number][]>();
    for (const p of moved) {
      for (let k = 0; k < p.near.length; k++) {
        const list = add.get(p.near[k]);
        if (list) list.push([p.index, p.nearRssi[k]]);
        else add.set(p.near[k], [[p.index, p.nearRssi[k]]]);
      }
    }
    for (const b of beacons) {
      const h = this.hearable[b];
      const entries: [number, number][] = [];
      for (let k = 0; k < h.phones.length; k++) if (!isMoved.has(h.phones[k])) entries.push([h.phones[k], h.rssi[k]]);
      for (const e of add.get(b) ?? []) entries.push(e);
      entries.sort((x, y) => x[0] - y[0]);
      this.hearable[b] = { phones: Int32Array.from(entries, (e) => e[0]), rssi: Float64Array.from(entries, (e) => e[1]) };
    }
  }

  /** Starts the phones' background traffic: presence at every scanning beacon, and position reports. */
  start(): void {
    const t0 = this.scenario.traffic.helloWarmupS * 1000;
    const sweep = Math.min(10_000, this.scenario.traffic.censusIntervalS * 1000 / 2);
    const position = this.scenario.traffic.positionIntervalS * 1000;
    for (const b of this.world.beacons.values()) {
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

  /** These phones call for help: each advertises an SOS `repeats` times, `intervalS` apart. */
  callForHelp(phones: Phone[], repeats: number, intervalS: number): void {
    for (const p of phones) {
      for (let r = 0; r < repeats; r++) this.scheduler.at(r * intervalS * 1000 + this.rand.next() * 500, () => this.advertiseSos(p));
    }
  }

  /** These people move to random points of the zone. */
  moveTo(phones: Phone[], to: Zone): void {
    const touched = new Set<number>();
    for (const p of phones) {
      for (const b of p.near) touched.add(b);
      p.floor = to.floor;
      ({ x: p.x, y: p.y } = pointIn(to, () => this.rand.next()));
      this.locate(p);
      for (const b of p.near) touched.add(b);
    }
    this.refile(phones, touched);
  }

  /** Whether a scan catches an advertisement of a phone in range (detectProbability, drawn each time). */
  private caught(): boolean {
    return this.rand.next() < this.ble.detectProbability;
  }

  /** One scan window of a beacon: a sighting of each phone it hears. */
  private presence(b: SimBeacon): void {
    if (!b.alive || !b.ble.listening) return;
    const { phones, rssi } = this.hearable[b.index];
    for (let i = 0; i < phones.length; i++) {
      if (this.caught()) b.ble.hear({ address: phoneAddress(this.phones[phones[i]].id), rssi: rssi[i] });
    }
  }

  /** The beacon hearing the phone loudest reports its position (sim/positioning.ts). */
  private position(p: Phone): void {
    let best: SimBeacon | null = null, bestRssi = -Infinity;
    for (let k = 0; k < p.near.length; k++) {
      const b = this.byIndex[p.near[k]];
      if (!b.alive || b.spec.role === "gateway") continue;
      if (p.nearRssi[k] > bestRssi) { bestRssi = p.nearRssi[k]; best = b; }
    }
    if (!best?.firmware) return;
    this.positioning.report(best.firmware, p);
  }

  /** A phone advertises an SOS; every live beacon that hears it gets the advertisement. */
  private advertiseSos(p: Phone): void {
    p.seq = (p.seq + 1) & 255;
    const rec = this.metrics.phoneSosSent(p.id, p.seq);
    const adv = encodePhoneSos({
      phone: p.id, seq: p.seq,
      sos: { floor: p.floor, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, accuracy: 5, trapped: null, injured: 1, attackers: null, flags: ["medical"] },
    });
    for (let k = 0; k < p.near.length; k++) {
      const b = this.byIndex[p.near[k]], rssi = p.nearRssi[k];
      if (!b.alive || b.spec.role === "gateway" || !b.ble.listening || !this.caught()) continue;
      rec.heard = true;
      rec.heardBy.push(b.spec.id);
      b.ble.hear({ address: phoneAddress(p.id), rssi, manufacturer: { company: COMPANY_ID, data: adv } });
    }
  }
}

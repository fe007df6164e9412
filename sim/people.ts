/**
 * The people on site and their phones: where they are, what their phones
 * advertise over BLE, and which beacons hear it.
 *
 * Rules: phones are placed uniformly over the floors and move only when the
 * timeline moves them. A phone's BLE signal at a beacon is the radio model's
 * path loss (sim/radio-model.ts, no shadowing) from the BLE transmit power,
 * computed once per position and beacon. A beacon hears an advertisement when
 * that signal is at least the BLE sensitivity and its scan catches it
 * (detectProbability, drawn each time). What a phone says reaches the firmware
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
import { type Zone, pointIn, siteZone } from "./geometry";
import type { Metrics } from "./metrics";
import type { Positioning } from "./positioning";
import { pathLossDb, type RadioModel } from "./radio-model";
import type { Scenario } from "./scenario";
import type { Scheduler } from "./scheduler";
import type { SimBeacon, World } from "./world";

export interface Phone {
  id: number; floor: number; x: number; y: number;
  /** the sequence number of its last SOS */
  seq: number;
  /** BLE signal at each beacon (by beacon index), computed on first use; cleared when the phone moves */
  rssi: Float64Array;
}

/** A phone's BLE address, from its id (random static address bits set). */
function phoneAddress(id: number): Uint8Array {
  return Uint8Array.of(0xc0 | ((id >>> 26) & 0x3f), (id >>> 18) & 255, (id >>> 10) & 255, (id >>> 2) & 255, id & 3, 0x5a);
}

export class People {
  readonly phones: Phone[] = [];
  private readonly ble: Scenario["ble"];

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
    const place = rand.fork(1);
    const { floors } = scenario.site;
    for (let i = 0; i < scenario.phones.count; i++) {
      const floor = floors[Math.floor(place.next() * floors.length)];
      const id = Math.floor(place.next() * 0xffffffff) >>> 0;
      const { x, y } = pointIn(siteZone(scenario.site, floor), () => place.next());
      this.phones.push({ id, floor, x, y, seq: 0, rssi: new Float64Array(scenario.beacons.length).fill(NaN) });
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
    for (const p of phones) {
      p.rssi.fill(NaN);
      p.floor = to.floor;
      ({ x: p.x, y: p.y } = pointIn(to, () => this.rand.next()));
    }
  }

  /** The phone's BLE signal at the beacon: path loss through walls and floors, computed once per position. */
  private bleRssi(p: Phone, b: SimBeacon): number {
    let r = p.rssi[b.index];
    if (r !== r) {
      r = p.rssi[b.index] = this.ble.txPowerDbm - pathLossDb(this.radio, this.scenario.site.walls, p, b.spec);
    }
    return r;
  }

  /** The signal a beacon's scan catches the phone at, or null. */
  private hears(p: Phone, b: SimBeacon): number | null {
    const rssi = this.bleRssi(p, b);
    if (rssi < this.ble.sensitivityDbm || this.rand.next() >= this.ble.detectProbability) return null;
    return rssi;
  }

  /** One scan window of a beacon: a sighting of each phone it hears. */
  private presence(b: SimBeacon): void {
    if (!b.alive || !b.ble.listening) return;
    for (const p of this.phones) {
      const rssi = this.hears(p, b);
      if (rssi !== null) b.ble.hear({ address: phoneAddress(p.id), rssi });
    }
  }

  /** The beacon hearing the phone loudest reports its position (sim/positioning.ts). */
  private position(p: Phone): void {
    let best: SimBeacon | null = null, bestRssi = -Infinity;
    for (const b of this.world.beacons.values()) {
      if (!b.alive || b.spec.role === "gateway") continue;
      const r = this.bleRssi(p, b);
      if (r > bestRssi) { bestRssi = r; best = b; }
    }
    if (!best?.firmware || bestRssi < this.ble.sensitivityDbm) return;
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
    for (const b of this.world.beacons.values()) {
      if (!b.alive || b.spec.role === "gateway" || !b.ble.listening) continue;
      const rssi = this.hears(p, b);
      if (rssi === null) continue;
      rec.heard = true;
      rec.heardBy.push(b.spec.id);
      b.ble.hear({ address: phoneAddress(p.id), rssi, manufacturer: { company: COMPANY_ID, data: adv } });
    }
  }
}

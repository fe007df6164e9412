/**
 * What a beacon does with the phones it hears over BLE: counts them for the
 * census, and hands their SOS advertisements to the carrier
 * (firmware/roles/phone-sos.ts: each phone SOS carried a bounded number of
 * times however many beacons hear it).
 */
import type { BleAdvertisement, BleScanner } from "../../hal/ble";
import type { Clock } from "../../hal/clock";
import type { Random } from "../../hal/random";
import type { Router } from "../../forwarding/router";
import { MsgType } from "../../protocol/frame";
import { COMPANY_ID, clampRssi, decodePhoneSos } from "../../protocol/phone-adv";
import { CENSUS_MAX_DEVICES } from "../../protocol/messages/census";
import type { SosBody } from "../../protocol/messages/sos";
import { PhoneSosCarrier } from "./phone-sos";

export interface PhoneListenerConfig {
  /** seconds between censuses */
  censusIntervalS: number;
}

/** 32-bit FNV-1a of a BLE address: the census's short device id. */
export function deviceId(address: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < address.length; i++) h = Math.imul(h ^ address[i], 0x01000193) >>> 0;
  return h >>> 0;
}

/** Distinct devices remembered per census window; more are counted but not listed. */
const WINDOW_DEVICES = 256;

export class PhoneListener {
  private heard = new Map<number, number>();
  private overflow = 0;
  private readonly sos: PhoneSosCarrier;
  private timer = 0;

  constructor(private readonly router: Router, private readonly ble: BleScanner, private readonly clock: Clock, private readonly random: Random, private readonly cfg: PhoneListenerConfig) {
    this.sos = new PhoneSosCarrier(router, clock, random);
  }

  start(): void {
    this.ble.onAdvertisement = (adv) => this.advertisement(adv);
    this.ble.start();
    // A random first phase: beacons booted together must not report together.
    this.schedule(0.5 + this.random.next());
  }

  stop(): void {
    this.ble.stop();
    this.clock.clearTimeout(this.timer);
    this.sos.stop();
  }

  advertisement(adv: BleAdvertisement): void {
    const id = deviceId(adv.address);
    const rssi = clampRssi(adv.rssi);
    const prev = this.heard.get(id);
    if (prev === undefined) {
      if (this.heard.size < WINDOW_DEVICES) this.heard.set(id, rssi);
      else this.overflow++;
    } else if (rssi > prev) this.heard.set(id, rssi);
    const m = adv.manufacturer;
    if (m && m.company === COMPANY_ID) this.phoneSos(m.data, adv.rssi);
  }

  private phoneSos(data: Uint8Array, rssi: number): void {
    let p;
    try {
      p = decodePhoneSos(data);
    } catch {
      return; // not ours, or damaged: a phone's advertisement is no reason to stop
    }
    this.sos.heard(data, p.phone, p.seq, rssi);
  }

  /** A claim the router delivered (an SOS broadcast with hop limit 0): see firmware/roles/phone-sos.ts. */
  claim(sos: SosBody, hopLimit: number, dst: number, src: number): void {
    this.sos.claim(sos, hopLimit, dst, src);
  }

  private census(): void {
    const devices = [...this.heard].map(([id, rssi]) => ({ id, rssi })).sort((a, b) => b.rssi - a.rssi).slice(0, CENSUS_MAX_DEVICES);
    this.router.originate(MsgType.census, { count: this.heard.size + this.overflow, window: this.cfg.censusIntervalS, devices });
    this.heard = new Map();
    this.overflow = 0;
    // ±10 % each period keeps reports from drifting back into step.
    this.schedule(0.9 + 0.2 * this.random.next());
  }

  /** The next census in `periods` census intervals. */
  private schedule(periods: number): void {
    this.timer = this.clock.setTimeout(() => this.census(), periods * this.cfg.censusIntervalS * 1000);
  }
}

/**
 * What a beacon does with the phones it hears over BLE: counts them for the
 * census, and re-originates their SOS advertisements into the mesh (once per
 * phone SOS, the loudest-hearing beacon first).
 */
import type { BleAdvertisement, BleScanner } from "../../hal/ble";
import type { Clock } from "../../hal/clock";
import type { Random } from "../../hal/random";
import type { Router } from "../../forwarding/router";
import { MsgType } from "../../protocol/frame";
import { COMPANY_ID, decodePhoneSos, sosFromPhone } from "../../protocol/phone-adv";
import { CENSUS_MAX_DEVICES } from "../../protocol/messages/census";

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

const SOS_MEMORY = 64;
/** Distinct devices remembered per census window; more are counted but not listed. */
const WINDOW_DEVICES = 256;

export class PhoneListener {
  private heard = new Map<number, number>();
  private overflow = 0;
  private readonly recentSos: number[] = [];
  private timer = 0;

  constructor(private readonly router: Router, private readonly ble: BleScanner, private readonly clock: Clock, private readonly random: Random, private readonly cfg: PhoneListenerConfig) {}

  start(): void {
    this.ble.onAdvertisement = (adv) => this.advertisement(adv);
    this.ble.start();
    // A random first phase: beacons booted together must not report together.
    this.timer = this.clock.setTimeout(() => this.census(), (0.5 + this.random.next()) * this.cfg.censusIntervalS * 1000);
  }

  stop(): void {
    this.ble.stop();
    this.clock.clearTimeout(this.timer);
  }

  advertisement(adv: BleAdvertisement): void {
    const id = deviceId(adv.address);
    const rssi = Math.max(-128, Math.min(127, Math.round(adv.rssi)));
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
    const key = p.phone * 256 + p.seq;
    if (this.recentSos.includes(key)) return;
    this.recentSos.push(key);
    if (this.recentSos.length > SOS_MEMORY) this.recentSos.shift();
    // The beacon that hears the phone loudest speaks first (others may still add their copy).
    const delay = Math.max(0, -50 - rssi) * 0.5;
    const body = sosFromPhone(p, rssi);
    this.clock.setTimeout(() => this.router.originate(MsgType.sos, body), delay);
  }

  private census(): void {
    const devices = [...this.heard].map(([id, rssi]) => ({ id, rssi })).sort((a, b) => b.rssi - a.rssi).slice(0, CENSUS_MAX_DEVICES);
    this.router.originate(MsgType.census, { count: this.heard.size + this.overflow, window: this.cfg.censusIntervalS, devices });
    this.heard = new Map();
    this.overflow = 0;
    // ±10 % each period keeps reports from drifting back into step.
    this.timer = this.clock.setTimeout(() => this.census(), (0.9 + 0.2 * this.random.next()) * this.cfg.censusIntervalS * 1000);
  }
}

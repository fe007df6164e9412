/**
 * What a beacon does with the phones it hears over BLE: counts them for the
 * census, and carries their SOS advertisements into the mesh — a bounded
 * number of times per SOS, however many beacons hear it.
 *
 * Rules for a phone's SOS (phone id, phone seq):
 * - Every beacon that hears it waits, the louder it heard the phone the
 *   shorter: 4 ms per dB below −45 dBm, at most 200 ms, plus 0–8 ms of jitter
 *   (beacons that heard it alike must not fire together).
 * - When its wait ends, it originates the SOS uplink (routed, acknowledged
 *   hop by hop) and a claim: the same SOS broadcast once with hop limit 0, so
 *   that only its neighbours hear it and none relays it.
 * - A beacon that hears SOS_COPIES claims for that SOS (before or during its
 *   wait) stays quiet: the SOS is carried SOS_COPIES times, by the beacons
 *   that heard the phone best, along their own (usually distinct) ways to a
 *   gateway. Beacons that do not hear each other's claims each carry it: the
 *   bound is per radio neighbourhood, which is what keeps a packed hall (30
 *   beacons hearing one phone) from sending 30 copies.
 * - A gateway that hears a claim delivers it like any SOS (the console
 *   merges copies by phone id and seq).
 * Claims need the network key like every frame: an outsider cannot silence a
 * phone's SOS with forged claims; an insider could (issue 10).
 */
import type { BleAdvertisement, BleScanner } from "../../hal/ble";
import type { Clock } from "../../hal/clock";
import type { Random } from "../../hal/random";
import type { Router } from "../../forwarding/router";
import { Addr, MsgType } from "../../protocol/frame";
import { COMPANY_ID, decodePhoneSos, sosFromPhone } from "../../protocol/phone-adv";
import { CENSUS_MAX_DEVICES } from "../../protocol/messages/census";
import type { SosBody } from "../../protocol/messages/sos";

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

/** Phone SOS remembered (heard, claimed or carried), oldest forgotten first. */
const SOS_MEMORY = 64;
/** Copies of one phone SOS a radio neighbourhood carries. */
export const SOS_COPIES = 2;
/** The wait before carrying a phone SOS: per dB below the loudest, its cap, and its jitter, ms. */
const SOS_WAIT_PER_DB = 4;
const SOS_WAIT_MAX = 200;
const SOS_JITTER = 8;

/** What this beacon knows of one phone SOS. */
interface PhoneSosState {
  key: number;
  /** claims heard from other beacons */
  claims: number;
  /** the wait's timer, while waiting; 0 once carried, cancelled or only claimed */
  timer: number;
}
/** Distinct devices remembered per census window; more are counted but not listed. */
const WINDOW_DEVICES = 256;

export class PhoneListener {
  private heard = new Map<number, number>();
  private overflow = 0;
  private readonly recentSos: PhoneSosState[] = [];
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
    const known = this.state(p.phone * 256 + p.seq);
    if (known.timer !== 0 || known.claims >= SOS_COPIES || known.claims < 0) return;
    // The beacon that hears the phone loudest speaks first; the others wait for its claim.
    const delay = Math.min(SOS_WAIT_MAX, Math.max(0, -45 - rssi) * SOS_WAIT_PER_DB) + this.random.next() * SOS_JITTER;
    const body = sosFromPhone(p, rssi);
    known.timer = this.clock.setTimeout(() => this.carry(known, body), delay);
  }

  /** A claim heard: another beacon carries this phone SOS (an SOS broadcast with hop limit 0). */
  claim(sos: SosBody, hopLimit: number, dst: number): void {
    if (!sos.phone || hopLimit !== 0 || dst !== Addr.broadcast) return;
    const s = this.state(sos.phone.id * 256 + sos.phone.seq);
    if (s.claims < 0) return;
    s.claims++;
    if (s.claims >= SOS_COPIES && s.timer !== 0) {
      this.clock.clearTimeout(s.timer);
      s.timer = 0;
    }
  }

  /** Carries a phone SOS: uplink, and the claim its neighbours hear. claims = −1 marks it carried. */
  private carry(s: PhoneSosState, body: SosBody): void {
    s.timer = 0;
    s.claims = -1;
    this.router.originate(MsgType.sos, body);
    this.router.originate(MsgType.sos, body, { dst: Addr.broadcast, hopLimit: 0 });
  }

  /** The state of a phone SOS, made if new (the oldest forgotten, its wait ended). */
  private state(key: number): PhoneSosState {
    for (const s of this.recentSos) if (s.key === key) return s;
    const s: PhoneSosState = { key, claims: 0, timer: 0 };
    this.recentSos.push(s);
    if (this.recentSos.length > SOS_MEMORY) {
      const old = this.recentSos.shift() as PhoneSosState;
      if (old.timer !== 0) this.clock.clearTimeout(old.timer);
    }
    return s;
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

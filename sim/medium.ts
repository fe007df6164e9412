/**
 * The shared 2.4 GHz channel the simulated beacons talk on (ESP-NOW at
 * 1 Mbps): who hears whom, collisions, carrier sense and link-layer ACKs.
 *
 * Rules: received power is the transmit power less the path loss
 * (sim/radio-model.ts) plus log-normal shadowing, drawn once per link when the
 * medium is built. A frame is received when its signal over noise plus every
 * overlapping transmission (and any jammer) clears the SINR threshold:
 * collisions and the capture effect follow from that; then it survives the
 * scenario's random frame loss. Half duplex: a station transmitting hears
 * nothing. Senders sense the carrier and back off; unicast frames are
 * acknowledged at the link layer, as ESP-NOW does.
 *
 * Timings: airtime from forwarding/airtime.ts (the router's own function);
 * carrier sense and backoff are 802.11 DCF's (SIFS 10 µs, DIFS 50 µs, slots of
 * 20 µs, contention window 15 … 1023, 7 attempts); an ACK is 14 bytes after
 * the PHY preamble. A send of a live station always completes within 415 ms
 * (access()).
 */
import { SimRadio } from "../hal/sim/radio";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import type { Scheduler } from "./scheduler";
import { SeededRandom } from "../hal/sim/random";
import { FRAMING_BYTES, PHY_MS, airtimeMs } from "../forwarding/airtime";
import { implementationLossDb, packetErrorRate } from "./per";

const FADING_ONE = [1];
import { type Wall, type Zone, inZone } from "./geometry";
import { DEFAULT_RADIO, type RadioModel, dbmToMw, pathLossDb } from "./radio-model";

const SIFS_MS = 0.01;
const DIFS_MS = 0.05;
const SLOT_MS = 0.02;
const ACK_MS = PHY_MS + (14 * 8) / 1000;
const CW_MIN = 15;
const CW_MAX = 1023;
const CSMA_ATTEMPTS = 7;

export interface Station {
  id: number;
  floor: number;
  x: number;
  y: number;
}

/** A jammer: every station in its zone hears `powerDbm` of interference from `from` until `until` (ms). */
export interface Jam extends Zone {
  powerDbm: number;
  from: number;
  until: number;
}

interface Tx {
  from: number;
  to: number;
  frame: Uint8Array;
  start: number;
  end: number;
}

interface Node {
  station: Station;
  radio: SimRadio;
  alive: boolean;
  /** linear mW received from each other node (0 when negligible) */
  gain: Float64Array;
  /** nodes that can hear this one above the noise floor minus margin */
  hearers: number[];
  txUntil: number;
  /** airtime of transmissions heard above CCA, and own, ms */
  busyMs: number;
}

export interface MediumStats {
  transmissions: number;
  collisions: number;
  csmaGiveUps: number;
}

export class Medium {
  readonly model: RadioModel;

  /** the PHY bit rate (RadioMedium, for the stations' SimRadio) */
  get bitrate(): number {
    return this.model.bitrate;
  }
  readonly stats: MediumStats = { transmissions: 0, collisions: 0, csmaGiveUps: 0 };
  private readonly nodes: Node[] = [];
  private readonly index = new Map<number, number>();
  private active: Tx[] = [];
  private readonly jams: Jam[] = [];
  private readonly rand: SeededRandom;

  constructor(
    private readonly scheduler: Scheduler,
    stations: Station[],
    private readonly walls: Wall[],
    model: Partial<RadioModel>,
    seed: number,
    /** told of every frame put on the air (the simulator's accounting) */
    private readonly onAir: (frame: Uint8Array, from: number, to: number) => void = () => {},
  ) {
    this.model = { ...DEFAULT_RADIO, ...model };
    this.rand = new SeededRandom(seed);
    const shadow = new SeededRandom(seed ^ 0x5eed);
    stations.forEach((s, i) => {
      this.index.set(s.id, i);
      this.nodes.push({ station: s, radio: new SimRadio(this, s.id), alive: true, gain: new Float64Array(stations.length), hearers: [], txUntil: 0, busyMs: 0 });
    });
    const floorMw = dbmToMw(this.model.noiseDbm - 10);
    for (let i = 0; i < stations.length; i++) {
      for (let j = i + 1; j < stations.length; j++) {
        const rx = this.model.txPowerDbm - this.pathLossDb(stations[i], stations[j]) + shadow.normal() * this.model.shadowingSigmaDb;
        const mw = dbmToMw(rx);
        if (mw < floorMw) continue;
        this.nodes[i].gain[j] = mw;
        this.nodes[j].gain[i] = mw;
        this.nodes[i].hearers.push(j);
        this.nodes[j].hearers.push(i);
      }
    }
  }

  /** Path loss between two points of the site, dB (sim/radio-model.ts). */
  pathLossDb(a: Station, b: Station): number {
    return pathLossDb(this.model, this.walls, a, b);
  }

  radio(id: number): SimRadio {
    return this.nodes[this.index.get(id) as number].radio;
  }

  /** Received power from a to b, dBm (−Infinity when out of range). */
  rssi(a: number, b: number): number {
    const g = this.nodes[this.index.get(a) as number].gain[this.index.get(b) as number];
    return g > 0 ? 10 * Math.log10(g) : -Infinity;
  }

  setAlive(id: number, alive: boolean): void {
    this.nodes[this.index.get(id) as number].alive = alive;
  }

  addJam(j: Jam): void {
    this.jams.push(j);
  }

  /**
   * Expected delivery probability of one frame of `bytes` from a to b at `now`:
   * the packet-error curve (sim/per.ts) averaged over the fading, with noise and
   * any jammer at b but no other traffic; 0 if either end is dead.
   */
  linkPrr(a: number, b: number, now: number, bytes = 28): number {
    const ia = this.index.get(a) as number, ib = this.index.get(b) as number;
    if (!this.nodes[ia].alive || !this.nodes[ib].alive) return 0;
    const s = this.nodes[ia].gain[ib];
    if (!(s > 0)) return 0;
    const noise = dbmToMw(this.model.noiseDbm) + this.jamMw(this.nodes[ib].station, now);
    const loss = Math.pow(10, implementationLossDb(this.model.sensitivityDbm, this.model.noiseDbm) / 10);
    const psdu = bytes + FRAMING_BYTES;
    let sum = 0;
    for (const g of FADING_ONE) sum += 1 - packetErrorRate((s * g) / noise, psdu, loss);
    return (sum / FADING_ONE.length) * (1 - this.model.frameLoss);
  }

  /** Links good enough to count as one hop (for shortest-path accounting): linkPrr ≥ 0.9. */
  goodLink(a: number, b: number, now: number): boolean {
    return this.linkPrr(a, b, now) >= 0.9;
  }

  /** Ids of the stations whose mean signal reaches station `id` at all (above the noise floor less 10 dB). */
  neighbourIds(id: number): readonly number[] {
    const n = this.nodes[this.index.get(id) as number];
    return n.hearers.map((j) => this.nodes[j].station.id);
  }

  /** Mean share of time each live station senses the channel busy (own transmissions included). */
  channelLoad(durationMs: number): number {
    const live = this.nodes.filter((n) => n.alive);
    return live.reduce((s, n) => s + n.busyMs, 0) / Math.max(1, live.length) / durationMs;
  }

  // ------------------------------------------------------------ transmission

  /** Runs fn after the event under way, in virtual time (a SimRadio's refusals). */
  later(fn: () => void): void {
    this.scheduler.at(0, fn);
  }

  /**
   * Called by a SimRadio: carrier sense, backoff, then the frame on air. `done`
   * always comes for a live station, within 415 ms: CSMA_ATTEMPTS backoffs at
   * most (each waits out ≤ 50 ms of busy carrier or jamming, DIFS and ≤ 1023
   * slots: ≤ 411.4 ms with the first wait), then it gives up (done(false)) or
   * sends (a 250-byte frame and its ACK: 2.9 ms). A station that loses power
   * meanwhile never gets it (SimRadio.reset).
   */
  access(from: number, to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const i = this.index.get(from) as number;
    let cw = CW_MIN;
    let attempt = 0;
    const tryNow = () => {
      const n = this.nodes[i];
      if (!n.alive) return;
      const now = this.scheduler.now();
      if (this.senseBusy(i, now)) {
        attempt++;
        if (attempt > CSMA_ATTEMPTS) {
          this.stats.csmaGiveUps++;
          done(false);
          return;
        }
        cw = Math.min(CW_MAX, cw * 2 + 1);
        const busyUntil = this.busyUntil(i, now);
        this.scheduler.at(busyUntil - now + DIFS_MS + Math.floor(this.rand.next() * (cw + 1)) * SLOT_MS, tryNow);
        return;
      }
      this.start(i, to, frame, done);
    };
    this.scheduler.at(DIFS_MS + Math.floor(this.rand.next() * (CW_MIN + 1)) * SLOT_MS, tryNow);
  }

  private start(i: number, to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const now = this.scheduler.now();
    const n = this.nodes[i];
    const dur = airtimeMs(frame.length, this.model.bitrate);
    // -1: broadcast; -2: an address no station has (nobody receives it, no ACK comes).
    const tx: Tx = { from: i, to: to === LINK_BROADCAST ? -1 : (this.index.get(to) ?? -2), frame, start: now, end: now + dur };
    this.active.push(tx);
    n.txUntil = tx.end;
    n.busyMs += dur;
    this.stats.transmissions++;
    this.onAir(frame, n.station.id, to);
    for (const j of n.hearers) if (n.gain[j] >= dbmToMw(this.model.ccaThresholdDbm)) this.nodes[j].busyMs += dur;
    this.scheduler.at(dur, () => this.finish(tx, done));
  }

  private finish(tx: Tx, done: (acked: boolean) => void): void {
    const sender = this.nodes[tx.from];
    const now = this.scheduler.now();
    let acked = false;
    for (const j of sender.hearers) {
      if (tx.to !== -1 && j !== tx.to) continue;
      const ok = this.receivedAt(tx, j);
      if (!ok) continue;
      const r = this.nodes[j];
      const info: ReceiveInfo = { from: sender.station.id, rssi: 10 * Math.log10(sender.gain[j]), broadcast: tx.to === -1 };
      if (tx.to >= 0) {
        // Random loss models interference bursts per unit of airtime: the short ACK is hit
        // in proportion to its time on air, 1 − (1 − p)^(t_ack / t_frame).
        const ackLoss = 1 - Math.pow(1 - this.model.frameLoss, ACK_MS / (tx.end - tx.start));
        acked = this.rand.next() >= ackLoss && r.txUntil <= now;
      }
      r.radio.deliver(tx.frame, info);
    }
    this.active = this.active.filter((t) => t !== tx && t.end > now - 20);
    if (tx.to === -1) {
      done(true);
    } else {
      // The link-layer ACK follows after SIFS: the sender's radio is held for it either way.
      this.scheduler.at(SIFS_MS + ACK_MS, () => done(acked));
    }
  }

  private receivedAt(tx: Tx, j: number): boolean {
    const r = this.nodes[j];
    if (!r.alive) return false;
    // Half duplex: a station transmitting during the frame hears nothing of it.
    if (this.active.some((t) => t.from === j && t.start < tx.end && t.end > tx.start)) return false;
    const s = this.nodes[tx.from].gain[j];
    if (10 * Math.log10(s) < this.model.sensitivityDbm) return false;
    let interference = dbmToMw(this.model.noiseDbm) + this.jamMw(r.station, tx.start) + this.jamMw(r.station, tx.end);
    let collided = false;
    for (const t of this.active) {
      if (t === tx || t.start >= tx.end || t.end <= tx.start) continue;
      const g = this.nodes[t.from].gain[j];
      if (g > 0) {
        interference += g;
        collided = true;
      }
    }
    const sinrDb = 10 * Math.log10(s / interference);
    if (sinrDb < this.model.sinrThresholdDb) {
      if (collided) this.stats.collisions++;
      return false;
    }
    return this.rand.next() >= this.model.frameLoss;
  }

  private senseBusy(i: number, now: number): boolean {
    const cca = dbmToMw(this.model.ccaThresholdDbm);
    if (this.jamMw(this.nodes[i].station, now) >= cca) return true;
    for (const t of this.active) if (t.end > now && t.from !== i && this.nodes[t.from].gain[i] >= cca) return true;
    return false;
  }

  private busyUntil(i: number, now: number): number {
    let until = now;
    for (const t of this.active) if (t.end > until && this.nodes[t.from].gain[i] > 0) until = t.end;
    for (const j of this.jams) if (j.from <= now && j.until > now && inZone(this.nodes[i].station, j)) until = Math.max(until, Math.min(j.until, now + 50));
    return until;
  }

  private jamMw(s: Station, t: number): number {
    let mw = 0;
    for (const j of this.jams) if (j.from <= t && j.until > t && inZone(s, j)) mw += dbmToMw(j.powerDbm);
    return mw;
  }
}

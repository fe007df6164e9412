/**
 * The shared 2.4 GHz channel the simulated beacons talk on (ESP-NOW at
 * 1 Mbps): who hears whom, preamble lock, packet errors, carrier sense and
 * link-layer ACKs.
 *
 * Rules:
 * - Mean received power per link: sim/links.ts (path loss, walls, floors,
 *   crowd, shadowing). Each frame sees its own fading at each station
 *   (sim/fading.ts), drawn when first needed and kept for the frame, so a
 *   frame interferes at a station with the power it would be received with.
 * - Preamble lock (802.11b receivers synchronise on the first preamble they
 *   detect and stay with it: no capture of a later frame): when a frame
 *   starts, every station that hears it, is not transmitting and is not
 *   already locked on a frame locks on it if its SINR at that instant is at
 *   least the PLCP's 50 % point (the 192-bit preamble and header decode one
 *   time in two: DETECT in the constructor). A later frame, however strong,
 *   only interferes. Starting to transmit drops the lock (half duplex).
 * - Reception: a station locked on a frame receives it with the probability of
 *   the packet-error curve (sim/per.ts) over the frame's stretches of constant
 *   SINR: noise, every overlapping transmission at its faded power, jammers
 *   for the part of the frame they overlap (each counted once), and the
 *   background interference bursts (sim/radio-model.ts), times 1 − frameLoss.
 *   A loss is a collision when the same draw would have survived without the
 *   other transmissions; a frame a station missed because it was locked on
 *   another, though strong enough to lock, is a collision too.
 * - ACKs: the addressee of a unicast frame it received sends a 14-byte ACK
 *   SIFS after the frame. The ACK is a transmission like any other (it
 *   interferes, locks, holds the carrier), over the reverse link with the
 *   same fading as its frame (the channel is reciprocal and the < 3 ms
 *   exchange is well within the coherence time, sim/fading.ts); the sender
 *   gets it if it locked on it and the same reception rule passes at its end.
 * - Carrier sense on mean power (no fading) at ccaThresholdDbm, and jammers.
 *
 * Timings: airtime from forwarding/airtime.ts (the router's own function);
 * carrier sense and backoff are 802.11 DCF's (SIFS 10 µs, DIFS 50 µs, slots of
 * 20 µs, contention window 15 … 1023, 7 attempts); an ACK is 14 bytes after
 * the PHY preamble at 1 Mbit/s. A send of a live station always completes
 * within 415 ms (access()).
 *
 * Random streams, all from the seed: backoff (as before), fading, background
 * bursts and reception draws each have their own, so adding one does not
 * shift another.
 */
import { SimRadio } from "../hal/sim/radio";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import type { Scheduler } from "./scheduler";
import { SeededRandom } from "../hal/sim/random";
import { FRAMING_BYTES, PHY_MS, airtimeMs } from "../forwarding/airtime";
import { type Wall, type Zone, inZone } from "./geometry";
import { DEFAULT_RADIO, INTERFERENCE_BURST_MS, type RadioModel, dbmToMw, pathLossDb } from "./radio-model";
import { type Interference, frameSurvival, implementationLossDb, logSurvival, sinrForPerDb } from "./per";
import { fadingGain, quadrature } from "./fading";
import { type LinkTable, type Station, buildLinks } from "./links";

export type { Station } from "./links";

const SIFS_MS = 0.01;
const DIFS_MS = 0.05;
const SLOT_MS = 0.02;
const ACK_BYTES = 14;
const ACK_MS = PHY_MS + (ACK_BYTES * 8) / 1000;
const CW_MIN = 15;
const CW_MAX = 1023;
const CSMA_ATTEMPTS = 7;

/** A jammer: every station in its zone hears `powerDbm` of interference from `from` until `until` (ms). */
export interface Jam extends Zone {
  powerDbm: number;
  from: number;
  until: number;
}

interface Tx {
  from: number;
  /** station index; -1 broadcast, -2 an address no station has */
  to: number;
  frame: Uint8Array | null;
  start: number;
  end: number;
  /** fading power gain at each station, drawn when first needed */
  fades: Map<number, number>;
  /** stations that locked on it, and those of them that dropped the lock to transmit */
  lockedBy: number[];
  dropped: Set<number> | null;
  /** addressees that could have locked on it but were locked on another frame */
  missed: number;
}

interface Node {
  station: Station;
  radio: SimRadio;
  alive: boolean;
  txUntil: number;
  /** the frame this station's receiver is locked on */
  lock: Tx | null;
  /** airtime of transmissions heard above CCA, and own, ms */
  busyMs: number;
}

export interface MediumStats {
  transmissions: number;
  collisions: number;
  csmaGiveUps: number;
  /** ACKs sent, and those the sender did not get */
  acks: number;
  acksLost: number;
}

export class Medium {
  readonly model: RadioModel;

  /** the PHY bit rate (RadioMedium, for the stations' SimRadio) */
  get bitrate(): number {
    return this.model.bitrate;
  }
  readonly stats: MediumStats = { transmissions: 0, collisions: 0, csmaGiveUps: 0, acks: 0, acksLost: 0 };
  private readonly nodes: Node[] = [];
  private readonly index = new Map<number, number>();
  private readonly links: LinkTable;
  private active: Tx[] = [];
  private readonly jams: Jam[] = [];
  private readonly rand: SeededRandom;
  private readonly fadeRand: SeededRandom;
  private readonly burstRand: SeededRandom;
  private readonly rxRand: SeededRandom;
  private readonly noiseMw: number;
  private readonly lossLinear: number;
  private readonly detectSinr: number;
  private readonly prrCache = new Map<string, number>();

  constructor(
    private readonly scheduler: Scheduler,
    stations: Station[],
    private readonly walls: Wall[],
    model: Partial<RadioModel>,
    seed: number,
    /** told of every frame put on the air (the simulator's accounting) */
    private readonly onAir: (frame: Uint8Array, from: number, to: number) => void = () => {},
    /** people per m² on each floor (crowd loss, sim/materials.ts) */
    private readonly crowdPerM2: (floor: number) => number = () => 0,
  ) {
    this.model = { ...DEFAULT_RADIO, ...model };
    this.rand = new SeededRandom(seed);
    const streams = new SeededRandom(seed ^ 0xfade);
    this.fadeRand = streams.fork(1);
    this.burstRand = streams.fork(2);
    this.rxRand = streams.fork(3);
    stations.forEach((s, i) => {
      this.index.set(s.id, i);
      this.nodes.push({ station: s, radio: new SimRadio(this, s.id), alive: true, txUntil: 0, lock: null, busyMs: 0 });
    });
    this.links = buildLinks(stations, walls, this.model, seed, crowdPerM2);
    this.noiseMw = dbmToMw(this.model.noiseDbm);
    const lossDb = implementationLossDb(this.model.sensitivityDbm, this.model.noiseDbm);
    this.lossLinear = Math.pow(10, lossDb / 10);
    this.detectSinr = Math.pow(10, sinrForPerDb(0.5, 0, lossDb) / 10);
  }

  /** Mean path loss between two points of the site, dB (sim/radio-model.ts; no shadowing). */
  pathLossDb(a: Station, b: Station): number {
    return pathLossDb(this.model, this.walls, a, b, a.floor === b.floor ? this.crowdPerM2(a.floor) : 0);
  }

  radio(id: number): SimRadio {
    return this.nodes[this.at(id)].radio;
  }

  /** Mean received power from a to b, dBm (−Infinity when out of range). */
  rssi(a: number, b: number): number {
    const g = this.links.gain[this.at(a)][this.at(b)];
    return g > 0 ? 10 * Math.log10(g) : -Infinity;
  }

  setAlive(id: number, alive: boolean): void {
    const n = this.nodes[this.at(id)];
    n.alive = alive;
    if (!alive) n.lock = null;
  }

  addJam(j: Jam): void {
    this.jams.push(j);
    this.prrCache.clear();
  }

  /**
   * Expected delivery probability of one frame of `bytes` from a to b at `now`:
   * the packet-error curve averaged over the link's fading, with noise, any
   * jammer at b and the background bursts, but no other traffic; 0 if either
   * end is dead. A burst is taken to cover min(burst, frame) of the frame.
   */
  linkPrr(a: number, b: number, now: number, bytes = 28): number {
    const ia = this.at(a), ib = this.at(b);
    if (!this.nodes[ia].alive || !this.nodes[ib].alive) return 0;
    const s = this.links.gain[ia][ib];
    if (!(s > 0)) return 0;
    const jam = this.jamMw(this.nodes[ib].station, now);
    const key = `${ia},${ib},${bytes},${jam}`;
    const hit = this.prrCache.get(key);
    if (hit !== undefined) return hit;
    const m = this.model;
    const dur = airtimeMs(bytes, m.bitrate);
    const noise = this.noiseMw + jam;
    const bursts = this.burstRate() * (dur + INTERFERENCE_BURST_MS);
    const p0 = Math.exp(-bursts);
    const kind = m.fading === "rician" && !this.links.los[ia][ib] ? "rayleigh" : m.fading;
    const q = quadrature(kind, m.ricianKDb);
    // Closed form of frameSurvival for these stretches: the PLCP, the payload, and the payload's part under a burst.
    const plcpBits = PHY_MS * 1000, payloadBits = ((dur - PHY_MS) * m.bitrate) / 1000;
    const burstBits = (Math.min(INTERFERENCE_BURST_MS, dur - PHY_MS) * m.bitrate) / 1000;
    const payGain = 11e6 / m.bitrate, burstNoise = noise + dbmToMw(m.interferenceDbm);
    let sum = 0;
    for (const g of q) {
      const sg = s * g;
      const head = logSurvival(sg / noise, plcpBits, this.lossLinear);
      const clean = Math.exp(head + logSurvival(sg / noise, payloadBits, this.lossLinear, payGain));
      if (p0 >= 1) {
        sum += clean;
        continue;
      }
      const hit = Math.exp(head + logSurvival(sg / noise, payloadBits - burstBits, this.lossLinear, payGain) + logSurvival(sg / burstNoise, burstBits, this.lossLinear, payGain));
      sum += p0 * clean + (1 - p0) * hit;
    }
    const prr = (sum / q.length) * (1 - m.frameLoss);
    this.prrCache.set(key, prr);
    return prr;
  }

  /** Links good enough to count as one hop in the shortest-path accounting (sim/world.ts): linkPrr ≥ 0.9. */
  goodLink(a: number, b: number, now: number): boolean {
    return this.linkPrr(a, b, now) >= 0.9;
  }

  /** Ids of the stations whose mean signal reaches station `id` at all (above the noise floor less 10 dB, sim/links.ts). */
  neighbourIds(id: number): readonly number[] {
    return this.links.hearers[this.at(id)].map((j) => this.nodes[j].station.id);
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
    const i = this.at(from);
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
      const dur = airtimeMs(frame.length, this.model.bitrate);
      // -1: broadcast; -2: an address no station has (nobody receives it, no ACK comes).
      const tx = this.transmit(i, to === LINK_BROADCAST ? -1 : (this.index.get(to) ?? -2), frame, dur);
      this.stats.transmissions++;
      this.onAir(frame, n.station.id, to);
      this.scheduler.at(dur, () => this.finish(tx, done));
    };
    this.scheduler.at(DIFS_MS + Math.floor(this.rand.next() * (CW_MIN + 1)) * SLOT_MS, tryNow);
  }

  /** Puts a transmission on the air: the sender drops any lock, its hearers lock on it if they can. */
  private transmit(i: number, to: number, frame: Uint8Array | null, dur: number, fades = new Map<number, number>()): Tx {
    const now = this.scheduler.now();
    const n = this.nodes[i];
    const tx: Tx = { from: i, to, frame, start: now, end: now + dur, fades, lockedBy: [], dropped: null, missed: 0 };
    n.txUntil = tx.end;
    // Half duplex: a station that starts to transmit loses the frame it was receiving.
    if (n.lock && n.lock.end > now) (n.lock.dropped ??= new Set()).add(i);
    n.lock = null;
    n.busyMs += dur;
    const cca = dbmToMw(this.model.ccaThresholdDbm);
    for (const j of this.links.hearers[i]) {
      const r = this.nodes[j];
      if (this.links.gain[i][j] >= cca) r.busyMs += dur;
      if (!r.alive || r.txUntil > now) continue;
      const locked = r.lock !== null && r.lock.end > now;
      const s = this.links.gain[i][j] * this.fade(tx, j);
      if (!locked && s >= this.detectSinr * this.interferenceAt(j, now, tx)) {
        r.lock = tx;
        tx.lockedBy.push(j);
      } else if (locked && (to === j || to === -1) && s >= this.detectSinr * (this.noiseMw + this.jamMw(r.station, now))) tx.missed++;
    }
    this.active.push(tx);
    return tx;
  }

  private finish(tx: Tx, done: (acked: boolean) => void): void {
    const now = this.scheduler.now();
    let receivedBy = -1;
    for (const j of tx.lockedBy) {
      const r = this.nodes[j];
      if (r.lock === tx) r.lock = null;
      if (tx.to !== -1 && j !== tx.to) continue;
      if (!r.alive || tx.dropped?.has(j) || !this.survives(tx, j)) continue;
      const s = this.links.gain[tx.from][j] * this.fade(tx, j);
      const info: ReceiveInfo = { from: this.nodes[tx.from].station.id, rssi: 10 * Math.log10(s), broadcast: tx.to === -1 };
      if (tx.to >= 0) receivedBy = j;
      r.radio.deliver(tx.frame as Uint8Array, info);
    }
    this.stats.collisions += tx.missed;
    this.active = this.active.filter((t) => t.end > now - 20);
    if (tx.to === -1) done(true);
    else if (receivedBy < 0) this.scheduler.at(SIFS_MS + ACK_MS, () => done(false));
    else this.scheduler.at(SIFS_MS, () => this.ack(tx, receivedBy, done));
  }

  /** The addressee's ACK, SIFS after the frame, over the same fading (reciprocity). */
  private ack(tx: Tx, j: number, done: (acked: boolean) => void): void {
    const r = this.nodes[j], now = this.scheduler.now();
    if (!r.alive || r.txUntil > now) {
      this.scheduler.at(ACK_MS, () => done(false));
      return;
    }
    this.stats.acks++;
    const ack = this.transmit(j, tx.from, null, ACK_MS, new Map([[tx.from, this.fade(tx, j)]]));
    this.scheduler.at(ACK_MS, () => {
      const sender = this.nodes[tx.from];
      const got = ack.lockedBy.includes(tx.from) && !ack.dropped?.has(tx.from) && sender.alive && this.survives(ack, tx.from);
      for (const k of ack.lockedBy) if (this.nodes[k].lock === ack) this.nodes[k].lock = null;
      if (!got) this.stats.acksLost++;
      done(got);
    });
  }

  /** The reception draw of station j locked on tx (packet-error curve over the frame's stretches, then frameLoss). */
  private survives(tx: Tx, j: number): boolean {
    const r = this.nodes[j];
    const s = this.links.gain[tx.from][j] * this.fade(tx, j);
    const noise: Interference[] = [];
    for (const jam of this.jams) {
      if (jam.from < tx.end && jam.until > tx.start && inZone(r.station, jam)) noise.push({ from: jam.from, to: jam.until, mw: dbmToMw(jam.powerDbm) });
    }
    const lambda = this.burstRate();
    if (lambda > 0) {
      // Bursts overlapping the frame: Poisson, mean λ·(T + burst); each starts uniformly in [start − burst, end).
      const span = tx.end - tx.start + INTERFERENCE_BURST_MS;
      const p = Math.exp(-lambda * span);
      let u = this.burstRand.next(), cdf = p, pk = p;
      for (let k = 0; u > cdf && k < 50; k++) {
        const from = tx.start - INTERFERENCE_BURST_MS + this.burstRand.next() * span;
        noise.push({ from, to: from + INTERFERENCE_BURST_MS, mw: dbmToMw(this.model.interferenceDbm) });
        pk *= (lambda * span) / (k + 1);
        cdf += pk;
      }
    }
    const traffic: Interference[] = [];
    for (const t of this.active) {
      if (t === tx || t.start >= tx.end || t.end <= tx.start) continue;
      const g = this.links.gain[t.from][j];
      if (g > 0) traffic.push({ from: t.start, to: t.end, mw: g * this.fade(t, j) });
    }
    const m = this.model;
    const keep = 1 - m.frameLoss;
    const withAll = frameSurvival(tx.start, tx.end, PHY_MS, m.bitrate, s, this.noiseMw, noise.concat(traffic), this.lossLinear) * keep;
    const u = this.rxRand.next();
    if (u < withAll) return true;
    if (traffic.length > 0 && u < frameSurvival(tx.start, tx.end, PHY_MS, m.bitrate, s, this.noiseMw, noise, this.lossLinear) * keep) this.stats.collisions++;
    return false;
  }

  /** Noise, jamming and every other transmission on the air at j at `now`, mW (for preamble detection). */
  private interferenceAt(j: number, now: number, except: Tx): number {
    let i = this.noiseMw + this.jamMw(this.nodes[j].station, now);
    for (const t of this.active) {
      if (t === except || t.end <= now || t.start > now) continue;
      const g = this.links.gain[t.from][j];
      if (g > 0) i += g * this.fade(t, j);
    }
    return i;
  }

  private fade(tx: Tx, j: number): number {
    let g = tx.fades.get(j);
    if (g === undefined) {
      const m = this.model;
      const kind = m.fading === "rician" && !this.links.los[tx.from][j] ? "rayleigh" : m.fading;
      g = fadingGain(kind, m.ricianKDb, this.fadeRand);
      tx.fades.set(j, g);
    }
    return g;
  }

  /** Background bursts per ms: a Poisson rate whose bursts cover `interferenceDutyCycle` of the time. */
  private burstRate(): number {
    const d = this.model.interferenceDutyCycle;
    return d > 0 ? -Math.log1p(-Math.min(d, 0.999)) / INTERFERENCE_BURST_MS : 0;
  }

  private senseBusy(i: number, now: number): boolean {
    // A receiver locked on a frame reports the medium busy (802.11 PHY-CCA.indication stays BUSY while receiving).
    const lock = this.nodes[i].lock;
    if (lock && lock.end > now) return true;
    const cca = dbmToMw(this.model.ccaThresholdDbm);
    if (this.jamMw(this.nodes[i].station, now) >= cca) return true;
    for (const t of this.active) if (t.end > now && t.from !== i && this.links.gain[t.from][i] >= cca) return true;
    return false;
  }

  private busyUntil(i: number, now: number): number {
    const lock = this.nodes[i].lock;
    let until = lock && lock.end > now ? lock.end : now;
    for (const t of this.active) if (t.end > until && this.links.gain[t.from][i] > 0) until = t.end;
    for (const j of this.jams) if (j.from <= now && j.until > now && inZone(this.nodes[i].station, j)) until = Math.max(until, Math.min(j.until, now + 50));
    return until;
  }

  /** Jamming at a station at instant t (from ≤ t < until), mW: each jammer once. */
  private jamMw(s: Station, t: number): number {
    let mw = 0;
    for (const j of this.jams) if (j.from <= t && j.until > t && inZone(s, j)) mw += dbmToMw(j.powerDbm);
    return mw;
  }

  private at(id: number): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`no station ${id} on the medium`);
    return i;
  }
}

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
 * - Carrier sense: busy while the station transmits (its own ACK: a station
 *   that ACKs a frame starts nothing until the ACK is off the air, then waits
 *   DIFS and a backoff like any sender), while its receiver is locked on a
 *   frame, on mean power (no fading) at ccaThresholdDbm, jammers, and the
 *   NAV: a unicast heard at or above CCA, or locked on, holds the station
 *   off until its ACK is over (sim/air.ts navUntil; without it, a station
 *   whose countdown ended just after the frame sent on top of the ACK). (Until
 *   2026-11-22 the own ACK was missed: a station sent its next frame on top
 *   of its ACK, and a fifth of the mall's unicasts met a receiver locked on
 *   that ACK.)
 *
 * Timings: airtime from forwarding/airtime.ts (the router's own function);
 * carrier sense and backoff are 802.11 DCF's (SIFS 10 µs, DIFS 50 µs, slots of
 * 20 µs, contention window 15 … 1023, doubled on a missed ACK, reset after 7
 * misses in a row; a countdown frozen while the air is busy; the NAV); an
 * ACK is 14 bytes after the PHY preamble at 1 Mbit/s. A send of a live
 * station always completes within 475 ms (access()). (Until 2026-11-22 a station
 * that found the air busy drew a new backoff from a doubled window, up to 7
 * times, then gave up: a station with one frame lost every round to a
 * neighbour's burst, and a full HELLO was heard 340 ms late in the mall.)
 *
 * Random streams, all from the seed: backoff (as before), fading, background
 * bursts and reception draws each have their own, so adding one does not
 * shift another. The fading stream's numbers are handed out by
 * sim/fade-stream.ts (on a large site a worker thread computes their
 * logarithms and cosines ahead: the same numbers).
 *
 * Where the work is: sim/air.ts keeps what is on the air at each station as
 * running sums (interference, carrier, lock, the stretches a locked receiver
 * sees), so a frame costs O(its hearers) at its start and at its end, whatever
 * else is on the air; sim/reception.ts is the reception draw; sim/link-prr.ts
 * the expected delivery of a link; sim/jams.ts the jammers.
 */
import { SimRadio } from "../hal/sim/radio";
import { LINK_BROADCAST, type ReceiveInfo } from "../hal/radio";
import type { Scheduler } from "./scheduler";
import { SeededRandom } from "../hal/sim/random";
import { PHY_MS, airtimeMs } from "../forwarding/airtime";
import type { Wall } from "./geometry";
import { DEFAULT_RADIO, type RadioModel, dbmToMw, pathLossDb } from "./radio-model";
import { implementationLossDb, sinrForPerDb } from "./per";
import { Fader } from "./fading";
import { FadeStream, wantsWorker } from "./fade-stream";
import { type LinkTable, type Station, buildLinks } from "./links";
import { Air, type Stretches, type Tx } from "./air";
import { COLLIDED, RECEIVED, Reception } from "./reception";
import { type Jam, type JamOn, jamMw, jamOn, jammedUntil } from "./jams";
import { PRR_MARGIN, expectedPrr, prrBounds } from "./link-prr";

export type { Station } from "./links";
export type { Jam } from "./jams";

const SIFS_MS = 0.01;
const DIFS_MS = 0.05;
const SLOT_MS = 0.02;
const ACK_BYTES = 14;
const ACK_MS = PHY_MS + (ACK_BYTES * 8) / 1000;
const CW_MIN = 15;
const CW_MAX = 1023;
/** dot11ShortRetryLimit: misses in a row after which the window is reset */
const SHORT_RETRY_LIMIT = 7;
/** a station still waiting for the air after this long gives the frame up (done(false)): a bound for the router's send timeout, not a DCF rule */
const ACCESS_GIVE_UP_MS = 400;

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
  private readonly stations: Station[];
  private readonly radios: SimRadio[];
  private readonly index = new Map<number, number>();
  private readonly links: LinkTable;
  private readonly air: Air;
  private readonly reception: Reception;
  private readonly jams: JamOn[] = [];
  private readonly rand: SeededRandom;
  /** each station's contention window, and its unicasts missed in a row (access()) */
  private readonly cw: Int32Array;
  private readonly misses: Uint8Array;
  private readonly lastTo: Int32Array;
  private readonly noiseMw: number;
  private readonly lossLinear: number;
  private readonly prrCache = new Map<number | string, number>();
  private readonly boundsCache = new Map<number | string, [number, number]>();
  /** the link linkPrr or linkPrrAtLeast is asking about (locate()) */
  private readonly query = { gain: 0, los: false, jam: 0, bytes: 0, key: 0 as number | string };
  private neighbours: (readonly number[] | undefined)[] = [];

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
    const fadeRand = streams.fork(1);
    const burstRand = streams.fork(2);
    const rxRand = streams.fork(3);
    this.stations = stations.slice();
    this.cw = new Int32Array(stations.length).fill(CW_MIN);
    this.misses = new Uint8Array(stations.length);
    this.lastTo = new Int32Array(stations.length).fill(-1);
    this.radios = stations.map((s, i) => {
      this.index.set(s.id, i);
      return new SimRadio(this, s.id);
    });
    this.links = buildLinks(stations, walls, this.model, seed, crowdPerM2);
    this.noiseMw = dbmToMw(this.model.noiseDbm);
    const lossDb = implementationLossDb(this.model.sensitivityDbm, this.model.noiseDbm);
    this.lossLinear = Math.pow(10, lossDb / 10);
    const detectSinr = Math.pow(10, sinrForPerDb(0.5, 0, lossDb) / 10);
    const jamAt = (j: number, t: number) => jamMw(this.jams, this.stations[j], t);
    const fader = new Fader(this.model.fading, this.model.ricianKDb);
    this.air = new Air(stations.length, this.links, fader, new FadeStream(fadeRand.state, wantsWorker(stations.length)), this.noiseMw, detectSinr, dbmToMw(this.model.ccaThresholdDbm), this.jams, jamAt);
    this.reception = new Reception(this.model, this.noiseMw, this.lossLinear, this.jams, burstRand, rxRand);
  }

  /** Mean path loss between two points of the site, dB (sim/radio-model.ts; no shadowing). */
  pathLossDb(a: Station, b: Station): number {
    return pathLossDb(this.model, this.walls, a, b, a.floor === b.floor ? this.crowdPerM2(a.floor) : 0);
  }

  radio(id: number): SimRadio {
    return this.radios[this.at(id)];
  }

  /** Mean received power from a to b, dBm (−Infinity when out of range). */
  rssi(a: number, b: number): number {
    const g = this.links.gain[this.at(a)][this.at(b)];
    return g > 0 ? 10 * Math.log10(g) : -Infinity;
  }

  setAlive(id: number, alive: boolean): void {
    const i = this.at(id);
    this.air.setAlive(i, alive);
  }

  addJam(j: Jam): void {
    this.jams.push(jamOn(j));
    this.prrCache.clear();
    this.boundsCache.clear();
  }

  /**
   * Expected delivery probability of one frame of `bytes` from a to b at `now`:
   * the packet-error curve averaged over the link's fading, with noise, any
   * jammer at b and the background bursts, but no other traffic; 0 if either
   * end is dead (sim/link-prr.ts).
   */
  linkPrr(a: number, b: number, now: number, bytes = 28): number {
    return this.locate(a, b, now, bytes) ? this.exactPrr() : 0;
  }

  /**
   * Whether linkPrr(a, b, now, bytes) ≥ threshold: the same answer, from the
   * bounds of sim/link-prr.ts when they clear the threshold by PRR_MARGIN (a
   * link far from it costs two points of the fading average, not 256), else
   * from linkPrr's own value.
   */
  linkPrrAtLeast(a: number, b: number, now: number, threshold: number, bytes = 28): boolean {
    if (!this.locate(a, b, now, bytes)) return 0 >= threshold;
    const q = this.query;
    const hit = this.prrCache.get(q.key);
    if (hit !== undefined) return hit >= threshold;
    let bounds = this.boundsCache.get(q.key);
    if (bounds === undefined) {
      bounds = prrBounds(this.model, q.gain, q.los, this.noiseMw, q.jam, bytes, this.lossLinear, this.reception.burstRate);
      this.boundsCache.set(q.key, bounds);
    }
    if (bounds[0] * (1 - PRR_MARGIN) >= threshold) return true;
    if (bounds[1] * (1 + PRR_MARGIN) < threshold) return false;
    return this.exactPrr() >= threshold;
  }

  /**
   * What linkPrr and linkPrrAtLeast both need of a link, into `query` (one
   * object reused: reachability asks this for every link of every snapshot):
   * false when either end is dead or the link does not exist (its value is 0).
   */
  private locate(a: number, b: number, now: number, bytes: number): boolean {
    const ia = this.at(a), ib = this.at(b);
    if (this.air.alive[ia] === 0 || this.air.alive[ib] === 0) return false;
    const gain = this.links.gain[ia][ib];
    if (!(gain > 0)) return false;
    const q = this.query;
    q.gain = gain;
    q.los = this.links.los[ia][ib] === 1;
    q.jam = this.jams.length === 0 ? 0 : jamMw(this.jams, this.stations[ib], now);
    q.bytes = bytes;
    q.key = this.prrKey(ia, ib, q.jam, bytes);
    return true;
  }

  /** The expected delivery of the link `query` holds: cached, else averaged over the fading (sim/link-prr.ts). */
  private exactPrr(): number {
    const q = this.query;
    const hit = this.prrCache.get(q.key);
    if (hit !== undefined) return hit;
    const prr = expectedPrr(this.model, q.gain, q.los, this.noiseMw, q.jam, q.bytes, this.lossLinear, this.reception.burstRate);
    this.prrCache.set(q.key, prr);
    return prr;
  }

  /** Links good enough to count as one hop in the shortest-path accounting (sim/world.ts): linkPrr ≥ 0.9. */
  goodLink(a: number, b: number, now: number): boolean {
    return this.linkPrrAtLeast(a, b, now, 0.9);
  }

  /**
   * The cache key of a link's expected delivery: without jamming, a link's
   * value depends only on its mean gain and line of sight, the same both ways
   * (sim/links.ts), so a → b and b → a share one key.
   */
  private prrKey(ia: number, ib: number, jam: number, bytes: number): number | string {
    if (jam !== 0 || !(bytes >= 0 && bytes < 4096 && Number.isInteger(bytes))) return `${ia},${ib},${bytes},${jam}`;
    const lo = Math.min(ia, ib), hi = Math.max(ia, ib);
    return (lo * this.stations.length + hi) * 4096 + bytes;
  }

  /** Ids of the stations whose mean signal reaches station `id` at all (above the noise floor less 10 dB, sim/links.ts). */
  neighbourIds(id: number): readonly number[] {
    const i = this.at(id);
    return (this.neighbours[i] ??= Array.from(this.links.near[i], (j) => this.stations[j].id));
  }

  /** Mean share of time each live station senses the channel busy (own transmissions included). */
  channelLoad(durationMs: number): number {
    let sum = 0, live = 0;
    for (let i = 0; i < this.stations.length; i++) {
      if (this.air.alive[i] === 0) continue;
      live++;
      sum += this.air.busyMs[i];
    }
    return sum / Math.max(1, live) / durationMs;
  }

  // ------------------------------------------------------------ transmission

  /** Runs fn after the event under way, in virtual time (a SimRadio's refusals). */
  later(fn: () => void): void {
    this.scheduler.at(0, fn);
  }

  /**
   * Called by a SimRadio: 802.11 DCF, then the frame on air. The station
   * draws a backoff of 0..CW slots and counts it down over idle air after
   * DIFS; while the carrier is busy the count is frozen, and it resumes with
   * what is left DIFS after the air goes quiet (IEEE 802.11-2020 §10.3.4.3),
   * so a station that waits keeps its place instead of drawing again, and a
   * burst of another's frames cannot starve it. CW is the station's: it
   * doubles (15, 31 … 1023) each time a unicast gets no ACK (a collision, as
   * the MAC sees it), and is back to 15 after an ACK, a broadcast,
   * SHORT_RETRY_LIMIT misses in a row, or a send to another address (a new
   * frame: the router's retries of one frame to one next hop stand for the
   * MAC's, forwarding/transmit.ts). 15 is ERP/OFDM's aCWmin, which the ESP32
   * uses (802.11b DSSS alone would use 31): the model's choice.
   *
   * The countdown is looked at when it should end. If the carrier went busy
   * since it began (air.spellAt: the first idle-to-busy change since the
   * last quiet, a unicast and its ACK being one spell through the NAV), the
   * slots before that change are spent and the rest wait for the next quiet
   * plus DIFS; a change during DIFS spends none. Not modelled: two
   * countdowns that end in the same slot both see the air idle in 802.11
   * (aCCATime and the turnaround take most of a slot) and collide; here the
   * one whose event runs second finds the first on the air and waits (the
   * model flatters contention between stations that hear each other; a
   * sweep with the rule, 2026-11-22, is to come). Jamming freezes a
   * countdown only while it is on at such a look. `done` always comes for a
   * live station within about ACCESS_GIVE_UP_MS of waiting plus one last
   * countdown (≤ 20.5 ms) and the look-ahead past a jammer (≤ 50 ms), then
   * the frame and its ACK (2.9 ms for 250 bytes): under 475 ms; a give-up is
   * done(false). A station that loses power meanwhile never gets it
   * (SimRadio.reset).
   */
  access(from: number, to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const i = this.at(from);
    const began = this.scheduler.now();
    if (to !== this.lastTo[i]) {
      this.lastTo[i] = to;
      this.cw[i] = CW_MIN;
      this.misses[i] = 0;
    }
    let slots = Math.floor(this.rand.next() * (this.cw[i] + 1));
    let countFrom = 0;
    const wait = (quiet: number, now: number) => {
      this.air.mark(i, quiet);
      countFrom = quiet + DIFS_MS;
      this.scheduler.at(Math.max(0, countFrom + slots * SLOT_MS - now), tryNow);
    };
    const tryNow = () => {
      if (this.air.alive[i] === 0) return;
      const now = this.scheduler.now();
      const spell = this.air.spellAt[i];
      if (spell !== Infinity || this.senseBusy(i, now)) {
        if (now - began > ACCESS_GIVE_UP_MS) {
          this.stats.csmaGiveUps++;
          done(false);
          return;
        }
        // (1e-9: a slot boundary computed in floating point must not lose the slot)
        if (spell !== Infinity) slots = Math.max(0, slots - Math.floor(Math.max(0, spell - countFrom) / SLOT_MS + 1e-9));
        wait(Math.max(spell === Infinity ? now : spell, this.busyUntil(i, now)), now);
        return;
      }
      const dur = airtimeMs(frame.length, this.model.bitrate);
      // -1: broadcast; -2: an address no station has (nobody receives it, no ACK comes).
      const tx = this.air.start(i, to === LINK_BROADCAST ? -1 : (this.index.get(to) ?? -2), frame, now, dur, -1, 1, to === LINK_BROADCAST ? 0 : SIFS_MS + ACK_MS);
      this.stats.transmissions++;
      this.onAir(frame, this.stations[i].id, to);
      this.scheduler.at(dur, () => this.finish(tx, (acked) => {
        this.contention(i, acked || to === LINK_BROADCAST);
        done(acked);
      }));
    };
    wait(this.senseBusy(i, began) ? Math.max(began, this.busyUntil(i, began)) : began, began);
  }

  /** The station's contention window after a frame: back to CW_MIN on success, doubled on a miss, reset after SHORT_RETRY_LIMIT misses in a row. */
  private contention(i: number, ok: boolean): void {
    if (ok || ++this.misses[i] >= SHORT_RETRY_LIMIT) {
      this.cw[i] = CW_MIN;
      this.misses[i] = 0;
    } else this.cw[i] = Math.min(CW_MAX, this.cw[i] * 2 + 1);
  }

  /** The frame's end: off the air, each locked addressee's reception draw, then the ACK or the wait for it. */
  private finish(tx: Tx, done: (acked: boolean) => void): void {
    this.air.end(tx, this.scheduler.now());
    let receivedBy = -1, back = -1, fade = 1;
    for (let n = 0; n < tx.lockedBy.length; n++) {
      const j = tx.lockedBy[n];
      const seen = this.air.stretches(tx, j);
      this.air.unlockOne(tx, j);
      if (tx.to !== -1 && j !== tx.to) continue;
      if (this.air.alive[j] === 0 || tx.dropped?.includes(j) || seen === null || !this.receives(tx, j, seen)) continue;
      const k = tx.lockedAt[n];
      if (tx.to >= 0) {
        receivedBy = j;
        back = this.links.back[tx.from][k];
        fade = tx.fades[k];
      }
      const info: ReceiveInfo = { from: this.stations[tx.from].id, rssi: 10 * Math.log10(seen.signalMw), broadcast: tx.to === -1 };
      this.radios[j].deliver(tx.frame as Uint8Array, info);
    }
    this.stats.collisions += tx.missed;
    this.air.release(tx);
    if (tx.to === -1) done(true);
    else if (receivedBy < 0) this.scheduler.at(SIFS_MS + ACK_MS, () => done(false));
    else this.scheduler.at(SIFS_MS, () => this.ack(tx.from, receivedBy, back, fade, done));
  }

  /** The addressee j's ACK to `to`, SIFS after the frame, over the same fading (reciprocity): `back` is `to`'s place among j's hearers. */
  private ack(to: number, j: number, back: number, fade: number, done: (acked: boolean) => void): void {
    const now = this.scheduler.now();
    if (this.air.alive[j] === 0 || this.air.txUntil[j] > now) {
      this.scheduler.at(ACK_MS, () => done(false));
      return;
    }
    this.stats.acks++;
    const ack = this.air.start(j, to, null, now, ACK_MS, back, fade);
    this.scheduler.at(ACK_MS, () => {
      this.air.end(ack, this.scheduler.now());
      let got = false;
      if (ack.lockedBy.includes(to) && !ack.dropped?.includes(to) && this.air.alive[to] === 1) {
        const seen = this.air.stretches(ack, to);
        got = seen !== null && this.receives(ack, to, seen);
      }
      this.air.unlock(ack);
      this.air.release(ack);
      if (!got) this.stats.acksLost++;
      done(got);
    });
  }

  /** The reception draw of station j locked on tx (sim/reception.ts); counts a collision. */
  private receives(tx: Tx, j: number, seen: Stretches): boolean {
    const o = this.reception.draw(tx, this.stations[j], seen);
    if (o === COLLIDED) this.stats.collisions++;
    return o === RECEIVED;
  }

  private senseBusy(i: number, now: number): boolean {
    // Its own ACK on the air (half duplex: the MAC starts nothing while the PHY transmits).
    if (this.air.txUntil[i] > now) return true;
    // Virtual carrier sense: a unicast it heard reserved the air for its ACK.
    if (this.air.navUntil[i] > now) return true;
    // A receiver locked on a frame reports the medium busy (802.11 PHY-CCA.indication stays BUSY while receiving).
    if (this.air.lockEnd[i] > now) return true;
    if (this.jams.length > 0 && jamMw(this.jams, this.stations[i], now) >= dbmToMw(this.model.ccaThresholdDbm)) return true;
    return this.air.loudAt(i, now);
  }

  /** When station i's air goes (or went) quiet: its lock, its own sending, the frames it hears and jamming all over (may be before now). */
  private busyUntil(i: number, now: number): number {
    const until = Math.max(this.air.lockEnd[i], this.air.txUntil[i], this.air.quietAt(i), this.air.navUntil[i]);
    return this.jams.length === 0 ? until : Math.max(until, jammedUntil(this.jams, this.stations[i], now));
  }

  private at(id: number): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`no station ${id} on the medium`);
    return i;
  }
}

/**
 * A phone's SOS carried into the mesh a bounded number of times however many
 * beacons hear it (firmware/roles/phone-listener.ts hands it the phone SOS
 * advertisements it hears, and the claims the router delivers).
 *
 * Rules for a phone's SOS (phone id, phone seq):
 * - Every beacon that hears it waits, the louder it heard the phone the
 *   shorter: 8 ms per dB below −45 dBm, at most 400 ms, plus 0–8 ms of jitter
 *   (beacons that heard it alike must not fire together). A claim must cross
 *   the air before the next beacon's wait ends, also under load: at 8 ms a dB,
 *   beacons 2 dB apart leave it 16 ms, six 250-byte frames' time. In a
 *   wave the wait stretches by 1 + w/SOS_BATCH_MAX (w: SOS already waiting
 *   here): 40 callers at once are 120 claims' worth of air on one channel,
 *   and a claim must still cross it before a fainter beacon's wait ends.
 *   Each beacon stretches by what it hears itself, so beacons that hear a
 *   wave differently may carry out of order (a copy more, never one less).
 *   At most ×STRETCH_MAX: advertisements are unauthenticated, and a radio
 *   faking a wave must not hold real callers back for seconds.
 * - When its wait ends, it originates a claim — the same SOS broadcast once
 *   with hop limit 0, ahead of its queued SOS, so that only its neighbours
 *   hear it, at once, and none relays it — and then the SOS uplink (routed,
 *   acknowledged hop by hop).
 * - Batches: the SOS whose waits end within SOS_BATCH_AHEAD of the first go
 *   with it, up to SOS_BATCH_MAX to a frame (SPEC §4.2), claim and uplink
 *   alike. In a 400-caller wave a beacon carries tens of callers within one
 *   wait; one frame each was two frames a caller on one 1 Mbps channel, and
 *   the claims came too late to silence anybody. 16 ms ahead is the same
 *   2 dB the waits leave a claim to cross the air (stretched like them): an
 *   SOS carried early is one a beacon at most 2 dB louder would have
 *   carried, never a fainter beacon's turn taken from a much louder one.
 * - A beacon that hears claims for that SOS from SOS_COPIES different beacons
 *   (before or during its wait) stays quiet (one beacon claiming twice counts
 *   once, so one insider cannot silence a neighbourhood alone): the SOS is carried SOS_COPIES times, by the beacons
 *   that heard the phone best, along their own (usually distinct) ways to a
 *   gateway. Beacons that do not hear each other's claims each carry it: the
 *   bound is per radio neighbourhood, which is what keeps a packed hall (30
 *   beacons hearing one phone) from sending 30 copies.
 * - A gateway that hears a claim delivers it like any SOS (the console
 *   merges copies by phone id and seq).
 * - Fixed memory: SOS_MEMORY phone SOS (key, claims, when due, the
 *   advertisement's bytes) in typed arrays, the oldest not waiting forgotten
 *   first. If every one is waiting (a storm: more than SOS_MEMORY callers
 *   within one wait, all heard here), the faintest wait gives way to a louder
 *   newcomer, and a newcomer fainter than every wait is not kept: this beacon
 *   then carries the SOS_MEMORY callers it hears best. Each caller is heard
 *   loudest by the beacons nearest to it, and in a 400-caller wave over 30
 *   beacons each is nearest to about 13: the callers a beacon lets go are
 *   those other beacons hear better. (Carrying every overflow at once instead
 *   made a 400-caller wave ten times the traffic and lost more.) One timer,
 *   for the wait due first.
 *
 * Measured, 2026-11-23: across a whole site, mall A and station A (their own
 * seeds, 200-caller waves) carry a phone SOS in a mean of about five frames
 * (the bench's "frames that carried each"; the bound is SOS_COPIES per radio
 * neighbourhood, so a phone heard in two neighbourhoods rightly has four).
 * In mall A's wave, of the neighbours with a strong link (≥ 0.9 delivery) to
 * a claimer, 46 % received its claim, 42 % were already receiving another
 * frame when it began (one the claimer's carrier sense did not catch; a
 * receiver keeps the first preamble: sim/reception.ts), 8 % lost it to a
 * collision and 4 % to fading; so most of them heard fewer than SOS_COPIES
 * claims and carried it too. Tried and not kept, on mall A (3 callers of
 * 6 400 lost over 8 seeds without them): a second claim 10–30 ms after the
 * first (9 % fewer frames on one seed, and 2 of its 800 callers lost against
 * none); SOS_COPIES = 1 (31 of 800 callers lost on one seed, to full queues;
 * with packing, forwarding/pack.ts, still 57 over 8 seeds, and tunnel B 147
 * of 807 against 81: the second copy carries callers past wandering and lossy
 * chains, not only past full queues, though station A's transmissions per
 * shortest hop fell from 2.26 to 1.40);
 * a copy relayed through a waiting beacon counted as a claim (no change:
 * copies rarely pass a beacon that still waits). Merging copies at relays
 * (forwarding/queue.ts) cut transmissions a hop by up to a quarter but lost
 * more SOS on tunnel B.
 *
 * Claims need the network key like every frame: an outsider cannot silence a
 * phone's SOS with forged claims. An insider can: the key is the network's,
 * so it can forge claims from two sources, and a batch claim names 14
 * callers (per-beacon keys: issue 10).
 */
import type { Clock } from "../../hal/clock";
import type { Random } from "../../hal/random";
import type { Router } from "../../forwarding/router";
import { Addr, MsgType } from "../../protocol/frame";
import { PHONE_SOS_BYTES, clampRssi, decodePhoneSos, sosFromPhone } from "../../protocol/phone-adv";
import { SOS_BATCH_MAX, type SosBody } from "../../protocol/messages/sos";

/** Copies of one phone SOS a radio neighbourhood carries. */
export const SOS_COPIES = 2;
/** Phone SOS remembered at once. */
export const SOS_MEMORY = 128;
const SOS_WAIT_PER_DB = 8;
const SOS_WAIT_MAX = 400;
const SOS_JITTER = 8;
const SOS_BATCH_AHEAD = 16;
/** 3: a wave of 28 waiting; a 400 ms wait at most 1.2 s */
const STRETCH_MAX = 3;
const CARRIED = -1;

export class PhoneSosCarrier {
  private readonly keys = new Float64Array(SOS_MEMORY).fill(-1);
  /** claims heard; CARRIED once this beacon carried it */
  private readonly claims = new Int8Array(SOS_MEMORY);
  /** when its wait ends, ms; 0 when not waiting */
  private readonly due = new Float64Array(SOS_MEMORY);
  private readonly rssi = new Int8Array(SOS_MEMORY);
  /** the first claimer of each (its address), so a second claim from it does not count */
  private readonly claimer = new Uint16Array(SOS_MEMORY);
  private readonly adv = new Uint8Array(SOS_MEMORY * PHONE_SOS_BYTES);
  private next = 0;
  /** slots waiting (due ≠ 0): how big the storm around this beacon is */
  private waiting = 0;
  private timer = 0;
  private timerAt = Infinity;

  constructor(private readonly router: Router, private readonly clock: Clock, private readonly random: Random) {}

  /** A phone SOS advertisement heard at `rssi` (its bytes already decoded once by the caller: `phone`, `seq`). */
  heard(data: Uint8Array, phone: number, seq: number, rssi: number): void {
    if (data.length !== PHONE_SOS_BYTES) return;
    const i = this.slot(phone * 256 + seq, rssi), claimed = this.claims[i];
    if (i < 0 || this.due[i] !== 0 || claimed >= SOS_COPIES || claimed === CARRIED) return;
    this.adv.set(data, i * PHONE_SOS_BYTES);
    this.rssi[i] = clampRssi(rssi);
    // The beacon that hears the phone loudest speaks first; the others wait for its claim.
    const scale = this.stretch();
    const wait = (Math.min(SOS_WAIT_MAX, Math.max(0, -45 - rssi) * SOS_WAIT_PER_DB) + this.random.next() * SOS_JITTER) * scale;
    this.setDue(i, this.clock.now() + Math.max(wait, 0.001));
    this.arm();
  }

  /**
   * A claim heard from beacon `src`: it carries these phones' SOS (an SOS
   * broadcast with hop limit 0, one phone or a batch). A claim for an SOS
   * not heard here takes a free slot, never a waiting one.
   */
  claim(sos: SosBody, hopLimit: number, dst: number, src: number): void {
    if (!sos.phone || hopLimit !== 0 || dst !== Addr.broadcast) return;
    this.claimOne(sos, src);
    if (sos.more) for (const m of sos.more) this.claimOne(m, src);
  }

  private claimOne(sos: SosBody, src: number): void {
    if (!sos.phone) return;
    const i = this.slot(sos.phone.id * 256 + sos.phone.seq, -Infinity), claims = this.claims;
    if (i < 0 || claims[i] === CARRIED) return;
    if (claims[i] > 0 && this.claimer[i] === src) return;
    if (claims[i] === 0) this.claimer[i] = src;
    if (claims[i] < 127) claims[i]++;
    if (claims[i] >= SOS_COPIES) this.setDue(i, 0);
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = 0;
    this.timerAt = Infinity;
  }

  /** The SOS in slot i, now carried by this beacon (null if its bytes do not decode: checked when heard, cannot happen). */
  private take(i: number): SosBody | null {
    this.setDue(i, 0);
    this.claims[i] = CARRIED;
    try {
      return sosFromPhone(decodePhoneSos(this.adv.subarray(i * PHONE_SOS_BYTES, (i + 1) * PHONE_SOS_BYTES)), this.rssi[i]);
    } catch {
      return null;
    }
  }

  /** Carries a batch: the claim its neighbours hear, then the uplink. */
  private carry(batch: SosBody[]): void {
    const body = batch[0];
    if (batch.length > 1) body.more = batch.slice(1);
    this.router.originate(MsgType.sos, body, { dst: Addr.broadcast, hopLimit: 0, front: true });
    this.router.originate(MsgType.sos, body);
  }

  /**
   * The slot of a phone SOS, made if new (see the rules for which is
   * forgotten); −1 when every slot waits on a louder phone than `rssi`.
   */
  private slot(key: number, rssi: number): number {
    for (let i = 0; i < SOS_MEMORY; i++) if (this.keys[i] === key) return i;
    let i = -1;
    for (let k = 0; k < SOS_MEMORY && i < 0; k++) {
      const j = (this.next + k) % SOS_MEMORY;
      if (this.due[j] === 0) i = j;
    }
    if (i < 0) {
      // Every slot waits: the faintest gives way, if the newcomer is louder.
      const heard = this.rssi;
      i = 0;
      for (let j = 1; j < SOS_MEMORY; j++) if (heard[j] < heard[i]) i = j;
      if (heard[i] >= rssi) return -1;
    }
    this.next = (i + 1) % SOS_MEMORY;
    this.keys[i] = key;
    this.claims[i] = 0;
    this.setDue(i, 0);
    return i;
  }

  /** How far waits stretch in a wave: 1 + w/SOS_BATCH_MAX, at most STRETCH_MAX (fake adverts must not delay real callers without bound). */
  private stretch(): number {
    return Math.min(STRETCH_MAX, 1 + this.waiting / SOS_BATCH_MAX);
  }

  private setDue(i: number, t: number): void {
    this.waiting += (t !== 0 ? 1 : 0) - (this.due[i] !== 0 ? 1 : 0);
    this.due[i] = t;
  }

  /** The one timer, for the wait due first. */
  private arm(): void {
    const due = this.due;
    let first = Infinity;
    for (let i = 0; i < SOS_MEMORY; i++) if (due[i] !== 0 && due[i] < first) first = due[i];
    if (first === Infinity || first >= this.timerAt) return;
    if (this.timer !== 0) this.clock.clearTimeout(this.timer);
    this.timerAt = first;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, first - this.clock.now()));
  }

  private fire(): void {
    this.timer = 0;
    this.timerAt = Infinity;
    const until = this.clock.now() + SOS_BATCH_AHEAD * this.stretch();
    const due = this.due;
    let batch: SosBody[] = [];
    for (let i = 0; i < SOS_MEMORY; i++) {
      if (due[i] === 0 || due[i] > until) continue;
      const body = this.take(i);
      if (body) batch.push(body);
      if (batch.length === SOS_BATCH_MAX) {
        this.carry(batch);
        batch = [];
      }
    }
    if (batch.length > 0) this.carry(batch);
    this.arm();
  }
}

/**
 * What is on the air at each station of the medium (sim/medium.ts): frames
 * starting and ending, preamble lock, carrier sense, and the interference a
 * locked receiver sees over its frame.
 *
 * Rules (the model is the medium's header's; this file is how it is kept):
 * - A frame draws its fading at every station that hears it when it starts
 *   (sim/fading.ts Fader.fill, from the numbers of sim/fade-stream.ts),
 *   stored in the order of links.near[from]; an ACK takes its
 *   frame's draw over the reverse link. Drawing when the frame starts rather
 *   than when first needed changes which random number a draw gets, not the
 *   draws' distribution (each is independent).
 * - Each station keeps running sums of the frames on air it hears: their faded
 *   power (mW), how many, how many at or above the CCA level, and the latest end
 *   of any. A frame adds itself at its start and takes itself off at its end
 *   (the end event: Medium.finish, the ACK's end), so a station's interference
 *   is read in O(1) instead of by scanning the frames of the last 20 ms; the sum
 *   is reset to exactly 0 whenever a station hears nothing.
 * - Lock: when a frame starts, a live station that hears it, is not
 *   transmitting and is not locked on a frame still on air locks on it if its
 *   faded power ≥ DETECT × (noise + jamming + the other frames' power there).
 *   A station locked on another frame counts a miss when the new frame is for
 *   it (or broadcast) and strong enough to lock over noise and jamming alone.
 * - While locked on a frame it will draw the reception of (its addressee, or
 *   any locker of a broadcast: a "receiving" lock), a station records the
 *   other frames' power each time it changes (a frame starting or ending
 *   there): reception (sim/reception.ts) reads these stretches. A lock whose
 *   frame has ended but whose end event has not run yet keeps its stretches
 *   (frozen into the frame) if a new lock or the station's own transmission
 *   takes the receiver at that instant. A lock on a unicast for another
 *   station holds the receiver all the same (it cannot lock on anything
 *   else, and carrier sense reads it busy) but records nothing and is not in
 *   the frame's lockedBy: nobody draws a reception from it. It simply runs
 *   out at the frame's end (lockEnd ≤ now reads as unlocked everywhere), so
 *   the frame's end event need not visit it. (Most locks are of this kind:
 *   at 600 beacons, 11 in 12.)
 * - Simultaneity: a frame is on the air over [start, end). Times fall on a
 *   microsecond lattice (slots, SIFS, DIFS, 8 µs a byte), so a frame often
 *   starts at the very instant another ends, and the scheduler may run the
 *   start before the end event: before a frame starts and before carrier
 *   sense, every frame whose end is due is taken off the air (a heap of the
 *   frames on air by end; the end event then finds it done).
 */
import type { FadeStream } from "./fade-stream";
import type { Fader } from "./fading";
import type { LinkTable } from "./links";

export interface Tx {
  from: number;
  /** station index; -1 broadcast, -2 an address no station has */
  to: number;
  frame: Uint8Array | null;
  start: number;
  end: number;
  /** fading power gain at each station of links.near[from], in that order */
  fades: Float64Array;
  /** stations with a receiving lock on it (its addressee, any locker of a broadcast), and their positions in links.near[from] (NO_LOCKERS, shared, until the first) */
  lockedBy: number[];
  lockedAt: number[];
  /** lockers that dropped the lock to transmit */
  dropped: number[] | null;
  /** addressees that could have locked on it but were locked on another frame */
  missed: number;
  /** lock state of lockers taken by another frame at the instant this one ended (rare) */
  frozen: Stretches[] | null;
  /** taken off the air */
  off: boolean;
}

/** The interference a station saw over the frame it locked on: `baseMw` from the start, then `mw[k]` from `at[k]`, k < count. */
export interface Stretches {
  station: number;
  /** the locked frame's own faded power there, mW */
  signalMw: number;
  baseMw: number;
  at: Float64Array;
  mw: Float64Array;
  count: number;
  /** whether any other frame was on the air there during the lock */
  traffic: boolean;
}

/** A frame's lockedBy and lockedAt before its first receiving locker (never written: most frames are unicasts with one locker or none). */
const NO_LOCKERS: number[] = [];

export class Air {
  readonly alive: Uint8Array;
  readonly txUntil: Float64Array;
  /** airtime of transmissions heard at or above CCA, and own, ms */
  readonly busyMs: Float64Array;
  /** the first time station j's carrier went from idle to busy (its own sending, a frame heard at or above CCA or locked on) at or after markAt[j] (Infinity: not since), ms: where a DCF countdown froze (sim/medium.ts access()) */
  readonly spellAt: Float64Array;
  private readonly markAt: Float64Array;
  /** until when station j's NAV holds it off the air: a unicast's Duration (SIFS + its ACK) past the frame's end, set in every station that heard the frame at or above CCA or locked on it (IEEE 802.11-2020 §10.3.2.4; NAV + DIFS is EIFS, what one that heard it and could not decode it waits) */
  readonly navUntil: Float64Array;
  /** the frame each station's receiver is locked on, and that frame's end (0: none; ≤ now: the lock has run out) */
  readonly lock: (Tx | null)[];
  readonly lockEnd: Float64Array;
  /** the end of station j's lock when it is a receiving one (it records stretches; it is in its frame's lockedBy), else 0 */
  private readonly recvEnd: Float64Array;
  /** until when station j can lock on nothing: the end of its own transmission, Infinity while it is dead */
  private readonly deafUntil: Float64Array;
  private readonly sum: Float64Array;
  private readonly heard: Int32Array;
  private readonly loud: Int32Array;
  private readonly heardUntil: Float64Array;
  /** per station, its current lock's stretches (reused from lock to lock) */
  private readonly rx: Stretches[];
  /** per sender, a fading buffer of a finished frame, for its next one */
  private readonly spare: (Float64Array | null)[];
  /** per sender, how many of its links are line of sight (Fader.fill) */
  private readonly losCount: Int32Array;
  /** the frames on air (and some already off), a min-heap by end */
  private readonly onAir: Tx[] = [];

  constructor(
    n: number,
    private readonly links: LinkTable,
    private readonly fader: Fader,
    private readonly fadeNumbers: FadeStream,
    private readonly noiseMw: number,
    private readonly detectSinr: number,
    private readonly ccaMw: number,
    /** the jammers (read when there are any) and jamming at station j at instant t, mW */
    private readonly jams: readonly { from: number; until: number }[],
    private readonly jamMw: (j: number, t: number) => number,
  ) {
    this.alive = new Uint8Array(n).fill(1);
    this.txUntil = new Float64Array(n);
    this.busyMs = new Float64Array(n);
    this.spellAt = new Float64Array(n).fill(Infinity);
    this.markAt = new Float64Array(n);
    this.navUntil = new Float64Array(n);
    this.lock = new Array<Tx | null>(n).fill(null);
    this.lockEnd = new Float64Array(n);
    this.recvEnd = new Float64Array(n);
    this.deafUntil = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.heard = new Int32Array(n);
    this.loud = new Int32Array(n);
    this.heardUntil = new Float64Array(n);
    this.rx = Array.from({ length: n }, (_, station) => ({ station, signalMw: 0, baseMw: 0, at: new Float64Array(8), mw: new Float64Array(8), count: 0, traffic: false }));
    this.spare = new Array<Float64Array | null>(n).fill(null);
    this.losCount = Int32Array.from(links.nearLos, (los) => los.reduce((c, x) => c + x, 0));
  }

  /**
   * Puts a frame on the air at `now`: the sender drops any lock (half duplex),
   * each hearer locks on it if it can. `fixedAt` ≥ 0: the position in
   * near[from] whose draw is `fixedFade` (an ACK's sender, reciprocity).
   * `navMs`: what the frame's Duration field reserves after its end (a
   * unicast: SIFS and its ACK; 0 for a broadcast or an ACK).
   */
  start(from: number, to: number, frame: Uint8Array | null, now: number, dur: number, fixedAt = -1, fixedFade = 1, navMs = 0): Tx {
    this.retire(now);
    const near = this.links.near[from], gains = this.links.nearGain[from], los = this.links.nearLos[from];
    const end = now + dur;
    let fades = this.spare[from];
    if (fades === null) fades = new Float64Array(near.length);
    else this.spare[from] = null;
    const tx: Tx = { from, to, frame, start: now, end, fades, lockedBy: NO_LOCKERS, lockedAt: NO_LOCKERS, dropped: null, missed: 0, frozen: null, off: false };
    const lock = this.lock, lockEnd = this.lockEnd, recvEnd = this.recvEnd, deafUntil = this.deafUntil, busyMs = this.busyMs, sum = this.sum, heard = this.heard, loud = this.loud, heardUntil = this.heardUntil;
    if (this.carrierIdle(from, now)) this.spell(from, now);
    this.txUntil[from] = end;
    if (this.alive[from] === 1) deafUntil[from] = end;
    const mine = lock[from];
    if (mine !== null && recvEnd[from] !== 0) {
      if (mine.end > now) (mine.dropped ??= []).push(from);
      else this.freeze(mine, from);
    }
    lock[from] = null;
    lockEnd[from] = 0;
    recvEnd[from] = 0;
    busyMs[from] += dur;
    const cca = this.ccaMw, detect = this.detectSinr, noise = this.noiseMw, jammed = this.jammedAt(now);
    // Every hearer's draw, in near order (one batch: the same numbers as one draw a hearer).
    this.fader.fill(fades, los, this.losCount[from], near.length, this.fadeNumbers, fixedAt, fixedFade);
    for (let k = 0; k < near.length; k++) {
      const j = near[k], g = gains[k];
      const p = g * fades[k];
      // Its carrier goes busy here if it was idle until now and this frame is loud or it locks on it
      // (below; the idle test only then: most hearers do neither).
      const loudHere = g >= cca;
      if (loudHere) {
        busyMs[j] += dur;
        if (this.carrierIdle(j, now)) this.spell(j, now);
        loud[j]++;
        if (navMs > 0) this.navUntil[j] = Math.max(this.navUntil[j], end + navMs);
      }
      if (end > heardUntil[j]) heardUntil[j] = end;
      const locked = lockEnd[j] > now;
      if (deafUntil[j] <= now) {
        const floor = jammed ? noise + this.jamMw(j, now) : noise;
        if (!locked) {
          if (p >= detect * (floor + sum[j])) {
            // (a loud frame's spell is taken above; nothing of j's carrier has moved since, unless it was loud)
            if (!loudHere && this.carrierIdle(j, now)) this.spell(j, now);
            const held = lock[j];
            if (held !== null && recvEnd[j] !== 0) this.freeze(held, j);
            lock[j] = tx;
            lockEnd[j] = end;
            if (navMs > 0) this.navUntil[j] = Math.max(this.navUntil[j], end + navMs);
            if (to === j || to === -1) {
              recvEnd[j] = end;
              const r = this.rx[j];
              r.signalMw = p;
              r.baseMw = heard[j] > 0 ? sum[j] : 0;
              r.traffic = heard[j] > 0;
              r.count = 0;
              if (tx.lockedBy === NO_LOCKERS) {
                tx.lockedBy = [j];
                tx.lockedAt = [k];
              } else {
                tx.lockedBy.push(j);
                tx.lockedAt.push(k);
              }
            } else recvEnd[j] = 0;
          }
        } else if ((to === j || to === -1) && p >= detect * floor) tx.missed++;
      }
      sum[j] += p;
      heard[j]++;
      if (locked && recvEnd[j] !== 0) this.step(j, now);
    }
    this.push(tx);
    return tx;
  }

  /** Station j's carrier is idle at `now` as far as the air goes: nothing loud, no lock, not sending, no NAV (jamming is the medium's to add). */
  private carrierIdle(j: number, now: number): boolean {
    return this.loud[j] === 0 && this.lockEnd[j] <= now && this.txUntil[j] <= now && this.navUntil[j] <= now;
  }

  /** From `at` on, station j's first idle-to-busy change is recorded in spellAt (forgetting any before). */
  mark(j: number, at: number): void {
    this.markAt[j] = at;
    this.spellAt[j] = Infinity;
  }

  private spell(j: number, now: number): void {
    if (now >= this.markAt[j] && this.spellAt[j] === Infinity) this.spellAt[j] = now;
  }

  /** Takes a frame off the air (its end event) unless it already is; its lockers keep their lock until the caller clears it. */
  end(tx: Tx, now: number): void {
    if (tx.off) return;
    tx.off = true;
    const near = this.links.near[tx.from], gains = this.links.nearGain[tx.from], fades = tx.fades, cca = this.ccaMw;
    const lock = this.lock, recvEnd = this.recvEnd, sum = this.sum, heard = this.heard, loud = this.loud;
    for (let k = 0; k < near.length; k++) {
      const j = near[k], g = gains[k];
      if (--heard[j] === 0) sum[j] = 0;
      else sum[j] -= g * fades[k];
      if (g >= cca) loud[j]--;
      if (recvEnd[j] > now && lock[j] !== tx) this.step(j, now);
    }
  }

  /** Gives a finished frame's fading buffer back for its sender's next frame (the caller is done with tx.fades). */
  release(tx: Tx): void {
    if (tx.off && this.spare[tx.from] === null) this.spare[tx.from] = tx.fades;
  }

  /** Ends the lock of every station still locked on tx. */
  unlock(tx: Tx): void {
    for (const j of tx.lockedBy) this.unlockOne(tx, j);
  }

  /** Ends station j's lock if it is on tx. */
  unlockOne(tx: Tx, j: number): void {
    if (this.lock[j] !== tx) return;
    this.lock[j] = null;
    this.lockEnd[j] = 0;
    this.recvEnd[j] = 0;
  }

  /** A station powers up or down; one that loses power loses its lock. */
  setAlive(j: number, alive: boolean): void {
    this.alive[j] = alive ? 1 : 0;
    this.deafUntil[j] = alive ? this.txUntil[j] : Infinity;
    if (!alive) {
      this.lock[j] = null;
      this.lockEnd[j] = 0;
      this.recvEnd[j] = 0;
    }
  }

  /** The stretches station j saw over tx, on which it had a receiving lock (null if it lost that state: it cannot have). */
  stretches(tx: Tx, j: number): Stretches | null {
    if (this.lock[j] === tx && this.recvEnd[j] !== 0) return this.rx[j];
    return tx.frozen?.find((s) => s.station === j) ?? null;
  }

  /** Carrier sense at `now`: a frame on air heard at or above CCA. */
  loudAt(j: number, now: number): boolean {
    this.retire(now);
    return this.loud[j] > 0;
  }

  /** Whether any jammer is on at `now` (only then is jamming looked up station by station). */
  private jammedAt(now: number): boolean {
    for (const j of this.jams) if (j.from <= now && j.until > now) return true;
    return false;
  }

  /** Takes off the air every frame whose end is due at `now` (its end event may come later in this instant). */
  private retire(now: number): void {
    const h = this.onAir;
    while (h.length > 0 && h[0].end <= now) this.end(this.pop(), now);
  }

  private push(tx: Tx): void {
    const h = this.onAir;
    let i = h.length;
    h.push(tx);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].end <= tx.end) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = tx;
  }

  private pop(): Tx {
    const h = this.onAir;
    const top = h[0], last = h.pop() as Tx;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i, best = last.end;
        if (l < n && h[l].end < best) { m = l; best = h[l].end; }
        if (r < n && h[r].end < best) m = r;
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }

  /** When the last frame heard at j ends (≤ now: none on air). */
  quietAt(j: number): number {
    return this.heardUntil[j];
  }

  private step(j: number, now: number): void {
    const r = this.rx[j];
    r.traffic = true;
    if (r.count === r.at.length) {
      const at = new Float64Array(r.count * 2), mw = new Float64Array(r.count * 2);
      at.set(r.at);
      mw.set(r.mw);
      r.at = at;
      r.mw = mw;
    }
    r.at[r.count] = now;
    r.mw[r.count++] = this.heard[j] > 1 ? Math.max(0, this.sum[j] - r.signalMw) : 0;
  }

  /** Keeps station j's stretches of its receiving lock on `held` with that frame (the receiver is taken before held's end event). */
  private freeze(held: Tx, j: number): void {
    const r = this.rx[j];
    (held.frozen ??= []).push({ station: j, signalMw: r.signalMw, baseMw: r.baseMw, at: r.at.slice(0, r.count), mw: r.mw.slice(0, r.count), count: r.count, traffic: r.traffic });
  }
}

/**
 * Reception at one station locked on a frame (sim/medium.ts, sim/air.ts): the
 * draw that decides whether the frame survives, and whether a loss was a
 * collision.
 *
 * Rules: the frame survives with the probability of the packet-error curve
 * (sim/per.ts) over its stretches of constant SINR — noise, the other frames
 * on the air there at their faded power (the stretches sim/air.ts recorded),
 * each jammer at the station for the part of the frame it overlaps (each
 * counted once), and the background bursts (sim/radio-model.ts) — times
 * 1 − frameLoss. A loss is a collision when the same draw would have survived
 * without the other frames.
 *
 * Random streams: the bursts and the reception draw have their own (given).
 */
import type { SeededRandom } from "../hal/sim/random";
import { PHY_MS } from "../forwarding/airtime";
import type { Stretches, Tx } from "./air";
import { type JamOn, jamsAt } from "./jams";
import { type Interference, PROCESSING_GAIN } from "./per";
import { INTERFERENCE_BURST_MS, type RadioModel, dbmToMw } from "./radio-model";
import type { Station } from "./links";

/** What a reception draw gave: received, lost, or lost to a collision. */
export const RECEIVED = 0, LOST = 1, COLLIDED = 2;
export type Outcome = typeof RECEIVED | typeof LOST | typeof COLLIDED;

export class Reception {
  /** background bursts per ms: a Poisson rate whose bursts cover `interferenceDutyCycle` of the time */
  readonly burstRate: number;
  private readonly burstMw: number;

  constructor(
    private readonly model: RadioModel,
    private readonly noiseMw: number,
    private readonly lossLinear: number,
    private readonly jams: readonly JamOn[],
    private readonly burstRand: SeededRandom,
    private readonly rxRand: SeededRandom,
  ) {
    const d = model.interferenceDutyCycle;
    this.burstRate = d > 0 ? -Math.log1p(-Math.min(d, 0.999)) / INTERFERENCE_BURST_MS : 0;
    this.burstMw = dbmToMw(model.interferenceDbm);
  }

  /** The reception draw at `station` (the stretches it saw over tx). */
  draw(tx: Tx, station: Station, seen: Stretches): Outcome {
    const noise: Interference[] = jamsAt(this.jams, station, tx.start, tx.end);
    const lambda = this.burstRate;
    if (lambda > 0) {
      // Bursts overlapping the frame: Poisson, mean λ·(T + burst); each starts uniformly in [start − burst, end).
      const span = tx.end - tx.start + INTERFERENCE_BURST_MS;
      const p = Math.exp(-lambda * span);
      let u = this.burstRand.next(), cdf = p, pk = p;
      for (let k = 0; u > cdf && k < 50; k++) {
        const from = tx.start - INTERFERENCE_BURST_MS + this.burstRand.next() * span;
        noise.push({ from, to: from + INTERFERENCE_BURST_MS, mw: this.burstMw });
        pk *= (lambda * span) / (k + 1);
        cdf += pk;
      }
    }
    const m = this.model;
    const keep = 1 - m.frameLoss;
    const withAll = Math.exp(this.logSurvival(tx, seen.signalMw, seen.traffic ? seen : null, noise)) * keep;
    const u = this.rxRand.next();
    if (u < withAll) return RECEIVED;
    if (seen.traffic && u < Math.exp(this.logSurvival(tx, seen.signalMw, null, noise)) * keep) return COLLIDED;
    return LOST;
  }

  /**
   * ln of the frame's survival (sim/per.ts frameSurvival, over the same
   * stretches): the PLCP at 1 Mbit/s and the rest at the bitrate, each stretch
   * between two changes of the traffic or an edge of a `hits` interval at
   * noise + traffic + the hits covering it. Walks the traffic's steps (in time
   * order) and the few hits' edges together, with no sort of the traffic.
   */
  private logSurvival(tx: Tx, signalMw: number, traffic: Stretches | null, hits: readonly Interference[]): number {
    const start = tx.start, end = tx.end, plcpEnd = start + PHY_MS, bitrate = this.model.bitrate;
    const cuts = CUTS;
    let nc = 0;
    if (plcpEnd < end) cuts[nc++] = plcpEnd;
    for (const h of hits) {
      if (h.from > start && h.from < end) cuts[nc++] = h.from;
      if (h.to > start && h.to < end) cuts[nc++] = h.to;
    }
    for (let x = 1; x < nc; x++) {
      const v = cuts[x];
      let y = x - 1;
      for (; y >= 0 && cuts[y] > v; y--) cuts[y + 1] = cuts[y];
      cuts[y + 1] = v;
    }
    const count = traffic === null ? 0 : traffic.count;
    const at = traffic === null ? NONE : traffic.at, mw = traffic === null ? NONE : traffic.mw;
    let a = start, tv = traffic === null ? 0 : traffic.baseMw, ti = 0, ci = 0, ln = 0;
    for (;;) {
      while (ti < count && at[ti] <= a) tv = mw[ti++];
      while (ci < nc && cuts[ci] <= a) ci++;
      let b = end;
      if (ti < count && at[ti] < b) b = at[ti];
      if (ci < nc && cuts[ci] < b) b = cuts[ci];
      if (b <= a) break;
      let i = this.noiseMw;
      for (const h of hits) if (h.from <= a && h.to >= b) i += h.mw;
      i += tv;
      const plcp = b <= plcpEnd;
      // logSurvival (sim/per.ts) written out: bits · ln(1 − BER), BER = ½·exp(−SINR·gain / L).
      const bits = ((b - a) * (plcp ? 1e6 : bitrate)) / 1000;
      ln += bits * Math.log1p(-(0.5 * Math.exp((-(signalMw / i) * (plcp ? PROCESSING_GAIN : 11e6 / bitrate)) / this.lossLinear)));
      a = b;
    }
    return ln;
  }
}

const CUTS: number[] = [];
const NONE: number[] = [];

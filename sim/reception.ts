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
import { type Jam, jamsAt } from "./jams";
import { type Interference, frameSurvival } from "./per";
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
    private readonly jams: readonly Jam[],
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
    const s = seen.signalMw;
    const all = seen.traffic ? noise.concat(traffic(tx, seen)) : noise;
    const withAll = frameSurvival(tx.start, tx.end, PHY_MS, m.bitrate, s, this.noiseMw, all, this.lossLinear) * keep;
    const u = this.rxRand.next();
    if (u < withAll) return RECEIVED;
    if (seen.traffic && u < frameSurvival(tx.start, tx.end, PHY_MS, m.bitrate, s, this.noiseMw, noise, this.lossLinear) * keep) return COLLIDED;
    return LOST;
  }
}

/** The others' power over the frame as back-to-back intervals (zero ones left out). */
function traffic(tx: Tx, seen: Stretches): Interference[] {
  const out: Interference[] = [];
  let from = tx.start, mw = seen.baseMw;
  for (let k = 0; k < seen.at.length; k++) {
    if (mw > 0 && seen.at[k] > from) out.push({ from, to: seen.at[k], mw });
    from = seen.at[k];
    mw = seen.mw[k];
  }
  if (mw > 0 && tx.end > from) out.push({ from, to: tx.end, mw });
  return out;
}

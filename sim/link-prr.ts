/**
 * The expected delivery probability of one frame over a link (Medium.linkPrr):
 * the packet-error curve (sim/per.ts) averaged over the link's fading
 * (sim/fading.ts quadrature), with noise, jamming at the receiver and the
 * background bursts, but no other traffic. A burst is taken to cover
 * min(burst, frame) of the frame.
 */
import { PHY_MS, airtimeMs } from "../forwarding/airtime";
import { quadrature } from "./fading";
import { logSurvival } from "./per";
import { INTERFERENCE_BURST_MS, type RadioModel, dbmToMw } from "./radio-model";

/**
 * `signalMw`: the link's mean power; `los`: line of sight (Rician applies);
 * `burstRate`: background bursts per ms (sim/reception.ts).
 */
export function expectedPrr(m: RadioModel, signalMw: number, los: boolean, noiseMw: number, jamMw: number, bytes: number, lossLinear: number, burstRate: number): number {
  const dur = airtimeMs(bytes, m.bitrate);
  const noise = noiseMw + jamMw;
  const bursts = burstRate * (dur + INTERFERENCE_BURST_MS);
  const p0 = Math.exp(-bursts);
  const kind = m.fading === "rician" && !los ? "rayleigh" : m.fading;
  const q = quadrature(kind, m.ricianKDb);
  // Closed form of frameSurvival for these stretches: the PLCP, the payload, and the payload's part under a burst.
  const plcpBits = PHY_MS * 1000, payloadBits = ((dur - PHY_MS) * m.bitrate) / 1000;
  const burstBits = (Math.min(INTERFERENCE_BURST_MS, dur - PHY_MS) * m.bitrate) / 1000;
  const payGain = 11e6 / m.bitrate, burstNoise = noise + dbmToMw(m.interferenceDbm);
  let sum = 0;
  for (const g of q) {
    const sg = signalMw * g;
    const head = logSurvival(sg / noise, plcpBits, lossLinear);
    const clean = Math.exp(head + logSurvival(sg / noise, payloadBits, lossLinear, payGain));
    if (p0 >= 1) {
      sum += clean;
      continue;
    }
    const hit = Math.exp(head + logSurvival(sg / noise, payloadBits - burstBits, lossLinear, payGain) + logSurvival(sg / burstNoise, burstBits, lossLinear, payGain));
    sum += p0 * clean + (1 - p0) * hit;
  }
  return (sum / q.length) * (1 - m.frameLoss);
}

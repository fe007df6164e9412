/**
 * The packet-error curve of the ESP32's 802.11b 1 Mbps PHY (ESP-NOW's default
 * rate): DBPSK on an 11-chip Barker code, the long PLCP preamble and header
 * sent at the same rate.
 *
 * Rules (one frame, one receiver):
 * - SINR is the signal over noise plus interference, both in the chip-rate
 *   bandwidth (11 MHz): `noiseDbm` is that floor.
 * - Despreading gains the processing gain 11 chips/bit = 10.4 dB (IEEE
 *   802.11-2020 §16, DSSS PHY: 11 Mchip/s Barker, 1 Mbit/s DBPSK), so
 *   Eb/N0 = SINR · 11 / L, with L the receiver's implementation loss.
 * - Bit error rate of DBPSK with differential detection in white noise:
 *   BER = ½ · exp(−Eb/N0) (Proakis & Salehi, Digital Communications, 5th ed.,
 *   §4.5, binary DPSK). Interference after despreading is treated as noise
 *   (the standard Gaussian approximation for spread-spectrum interference).
 * - A frame of b bits survives with probability (1 − BER)^b; where the
 *   interference changes during the frame, the product runs over the stretches
 *   of constant SINR (survival()).
 * - Calibration: IEEE 802.11 specifies DSSS receiver sensitivity as the input
 *   level giving a frame error rate of 8 % for 1024-octet PSDUs (802.11-2020
 *   §16.3.8.2); Espressif states −98 dBm for 802.11b 1 Mbps (ESP32 Series
 *   Datasheet v4.x, table "Wi-Fi Radio Characteristics — Receiver"). L is
 *   chosen so that a 1024-byte PSDU plus the 192-bit PLCP at `sensitivityDbm`
 *   over `noiseDbm` fails exactly 8 % of the time (implementationLossDb()).
 *   With the defaults (noise −100 dBm: kTB over 11 MHz is −103.6 dBm plus an
 *   assumed 3.6 dB noise figure, Espressif publishing none) L ≈ 2.1 dB; the
 *   SINR that loses 8 % of 1024-byte frames is then ≈ +2 dB.
 */

/** 802.11b long preamble + PLCP header, bits (at 1 Mbps: 192 µs). */
export const PLCP_BITS = 192;
/** Barker spreading: chips per bit. */
export const PROCESSING_GAIN = 11;
/** The PSDU length 802.11 specifies sensitivity at, bytes, and the frame error rate there. */
export const SENSITIVITY_PSDU_BYTES = 1024;
export const SENSITIVITY_PER = 0.08;

/** DBPSK bit error rate at a chip SINR (linear) after an implementation loss (linear), `gain` chips per bit. */
export function bitErrorRate(sinr: number, lossLinear: number, gain = PROCESSING_GAIN): number {
  return 0.5 * Math.exp((-sinr * gain) / lossLinear);
}

/** ln of the probability that `bits` bits all survive at a constant SINR (linear). */
export function logSurvival(sinr: number, bits: number, lossLinear: number, gain = PROCESSING_GAIN): number {
  // log1p keeps (1 − ber)^bits exact when ber is tiny.
  return bits * Math.log1p(-bitErrorRate(sinr, lossLinear, gain));
}

/** Probability that `bits` bits all survive at a constant SINR (linear). */
export function bitsSurvive(sinr: number, bits: number, lossLinear: number, gain = PROCESSING_GAIN): number {
  return Math.exp(logSurvival(sinr, bits, lossLinear, gain));
}

/** An interval of interference at a receiver: [from, to) ms at `mw`. */
export interface Interference { from: number; to: number; mw: number }

/**
 * Probability that a frame on air over [start, end) survives at a receiver:
 * the PLCP (the first PHY_MS, at 1 Mbit/s, 11 chips a bit) and the rest at
 * `bitrate` (11 Mchip/s ÷ bitrate chips a bit: exact at 1 Mbit/s, an
 * approximation at other rates), over every stretch of constant interference.
 */
export function frameSurvival(start: number, end: number, plcpMs: number, bitrate: number, signalMw: number, noiseMw: number, hits: readonly Interference[], lossLinear: number): number {
  const cuts = [start, end, Math.min(end, start + plcpMs)];
  for (const h of hits) {
    if (h.from > start && h.from < end) cuts.push(h.from);
    if (h.to > start && h.to < end) cuts.push(h.to);
  }
  cuts.sort((a, b) => a - b);
  const plcpEnd = start + plcpMs;
  let ln = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k], b = cuts[k + 1];
    if (b <= a) continue;
    let i = noiseMw;
    for (const h of hits) if (h.from <= a && h.to >= b) i += h.mw;
    const plcp = b <= plcpEnd;
    const bits = ((b - a) * (plcp ? 1e6 : bitrate)) / 1000;
    ln += logSurvival(signalMw / i, bits, lossLinear, plcp ? PROCESSING_GAIN : 11e6 / bitrate);
  }
  return Math.exp(ln);
}

/** Packet error rate of a whole frame of `psduBytes` (plus the PLCP) at a constant SINR (linear). */
export function packetErrorRate(sinr: number, psduBytes: number, lossLinear: number): number {
  return 1 - bitsSurvive(sinr, PLCP_BITS + 8 * psduBytes, lossLinear);
}

/** The implementation loss, dB, that puts the 8 % PER point of 1024-byte frames at `sensitivityDbm` over `noiseDbm`. */
export function implementationLossDb(sensitivityDbm: number, noiseDbm: number): number {
  const bits = PLCP_BITS + 8 * SENSITIVITY_PSDU_BYTES;
  // (1 − ber)^bits = 1 − PER  ⇒  ber = 1 − (1 − PER)^(1/bits); Eb/N0 = −ln(2 ber)
  const ber = -Math.expm1(Math.log1p(-SENSITIVITY_PER) / bits);
  const ebN0 = -Math.log(2 * ber);
  const snr = Math.pow(10, (sensitivityDbm - noiseDbm) / 10);
  return 10 * Math.log10((snr * PROCESSING_GAIN) / ebN0);
}

/** The chip SINR, dB, at which frames of `psduBytes` fail with probability `per` (for thresholds and tests). */
export function sinrForPerDb(per: number, psduBytes: number, lossDb: number): number {
  const bits = PLCP_BITS + 8 * psduBytes;
  const ber = -Math.expm1(Math.log1p(-per) / bits);
  const ebN0 = -Math.log(2 * ber);
  return 10 * Math.log10((ebN0 * Math.pow(10, lossDb / 10)) / PROCESSING_GAIN);
}

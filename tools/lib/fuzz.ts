/**
 * The fuzz loop: mutate valid frames and decode them two ways, (1) the receive
 * path with the real MAC, (2) structure and body without authentication (MIC
 * re-sealed after the mutation, so the parsers behind the MIC are reached).
 * Anything but a result or a D2DError is a finding, and so is a result whose
 * JSON form is out of proportion to the input bytes.
 */
import { D2DError, Reason } from "../../protocol/errors";
import { type MacFunction, micLength, parseFrame, sealFrame } from "../../protocol/frame";
import { decodeMessage, messageOf, messageToJson } from "../../protocol/message";
import { decodePhoneSos } from "../../protocol/phone-adv";
import { mutate, rng } from "./mutate";

export interface FuzzReport {
  cases: number;
  accepted: number;
  reasons: Record<string, number>;
  findings: string[];
  /** largest JSON length / input length seen on an accepted input */
  maxBlowUp: number;
}

export function fuzz(seeds: Uint8Array[], phoneSeeds: Uint8Array[], cases: number, seed: number, mac: MacFunction): FuzzReport {
  const rand = rng(seed);
  const report: FuzzReport = { cases: 0, accepted: 0, reasons: {}, findings: [], maxBlowUp: 0 };
  for (const k of Object.keys(Reason)) report.reasons[k] = 0;
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const run = (input: Uint8Array, fn: () => unknown) => {
    report.cases++;
    try {
      const out = fn();
      report.accepted++;
      if (out !== undefined) {
        const size = JSON.stringify(out).length;
        const ratio = size / Math.max(1, input.length);
        if (ratio > report.maxBlowUp) report.maxBlowUp = ratio;
        if (size > 16 * input.length + 512) report.findings.push(`blow-up ${size} chars from ${input.length} bytes: ${hex(input)}`);
      }
    } catch (e) {
      if (e instanceof D2DError) report.reasons[e.reason]++;
      else if (report.findings.length < 20) report.findings.push(`${String(e)} on ${hex(input)}`);
    }
  };
  const third = Math.floor(cases / 3);
  // Seeds are taken in turn by a counter for each path (phone, as received, re-sealed): indexed
  // by i, a frame seed whose index was 2 modulo 3 was never fuzzed when the seed count was a
  // multiple of 3 (those i are the phone cases), and one counter for both frame paths gave the
  // re-sealed path, which alternates with the other, only seeds of one parity.
  let phoneCase = 0, asReceived = 0, resealed = 0;
  for (let i = 0; i < cases; i++) {
    if (i % 3 === 2 && phoneSeeds.length) {
      const input = mutate(phoneSeeds[phoneCase++ % phoneSeeds.length], rand);
      run(input, () => decodePhoneSos(input));
      continue;
    }
    const plain = i < third || i % 3 === 0;
    const input = mutate(seeds[(plain ? asReceived++ : resealed++) % seeds.length], rand);
    if (plain) {
      run(input, () => messageToJson(decodeMessage(input, mac)));
    } else {
      // Re-seal so the mutation gets past the MIC and into the parsers.
      run(input, () => {
        const sealed = input.slice();
        const f = parseFrame(sealed);
        sealFrame(sealed, sealed.length - micLength(f.header.type), f.header.type, mac);
        return messageToJson(messageOf(f));
      });
    }
  }
  return report;
}

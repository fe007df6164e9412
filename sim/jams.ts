/**
 * Jammers on the medium (sim/medium.ts): every station in a jammer's zone
 * hears `powerDbm` of interference from `from` until `until` (ms), each jammer
 * counted once.
 */
import { type Zone, inZone } from "./geometry";
import type { Interference } from "./per";
import { dbmToMw } from "./radio-model";
import type { Station } from "./links";

/** A jammer: every station in its zone hears `powerDbm` of interference from `from` until `until` (ms). */
export interface Jam extends Zone {
  powerDbm: number;
  from: number;
  until: number;
}

/** A jammer as the medium keeps it: its power in mW too. */
export interface JamOn extends Jam {
  mw: number;
}

export function jamOn(j: Jam): JamOn {
  return { ...j, mw: dbmToMw(j.powerDbm) };
}

/** Jamming at a station at instant t (from ≤ t < until), mW: each jammer once. */
export function jamMw(jams: readonly JamOn[], s: Station, t: number): number {
  let mw = 0;
  for (let k = 0; k < jams.length; k++) {
    const j = jams[k];
    if (j.from <= t && j.until > t && inZone(s, j)) mw += j.mw;
  }
  return mw;
}

/** The jammers at a station overlapping [start, end), as intervals of interference. */
export function jamsAt(jams: readonly JamOn[], s: Station, start: number, end: number): Interference[] {
  const out: Interference[] = [];
  for (const j of jams) if (j.from < end && j.until > start && inZone(s, j)) out.push({ from: j.from, to: j.until, mw: j.mw });
  return out;
}

/** Until when jamming keeps a station's carrier busy, looking ≤ 50 ms ahead (≤ now: not jammed). */
export function jammedUntil(jams: readonly Jam[], s: Station, now: number): number {
  let until = now;
  for (const j of jams) if (j.from <= now && j.until > now && inZone(s, j)) until = Math.max(until, Math.min(j.until, now + 50));
  return until;
}

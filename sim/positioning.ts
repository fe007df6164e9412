/**
 * Phone positions, which the firmware does not compute yet: a stand-in for
 * the positioning a beacon will do, kept apart from everything that models
 * the firmware. The people (sim/people.ts) pick the beacon that hears a phone
 * loudest; this reports where the phone is from that beacon, as a POSITION
 * message (SPEC §4.4).
 *
 * Rules: the fix is the phone's true position plus an error uniform in
 * ±2 m on each axis, kept on the site plan, rounded to 0.1 m, with an
 * accuracy of 3 m; the device is the phone's id. It feeds the fix to the
 * firmware's own input for a positioning source (reportPosition), and
 * touches nothing of routing.
 * When the firmware gains positioning, this file goes and the phones'
 * advertisements feed that path instead.
 *
 * Timings: the people's position sweep (the scenario's positionIntervalS).
 */
import { type Beacon as Firmware, reportPosition } from "../firmware/app";
import type { Random } from "../hal/random";
import type { PositionBody } from "../protocol/messages/position";
import { clampTo, siteZone } from "./geometry";

export interface PhoneFix { id: number; floor: number; x: number; y: number }

export class Positioning {
  constructor(private readonly site: { width: number; depth: number }, private readonly random: Random) {}

  /** The beacon `by` reports where `phone` is. */
  report(by: Firmware, phone: PhoneFix): void {
    const dx = (this.random.next() - 0.5) * 4, dy = (this.random.next() - 0.5) * 4;
    const { x, y } = clampTo(siteZone(this.site, phone.floor), phone.x + dx, phone.y + dy);
    const body: PositionBody = { device: phone.id, floor: phone.floor, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, accuracy: 3 };
    reportPosition(by, body);
  }
}

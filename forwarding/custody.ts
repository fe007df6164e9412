/**
 * Custody across a reboot or a brown-out: the life-safety frames a beacon has
 * held for a while are kept in storage, and queued again when it boots.
 *
 * Rules:
 * - Once a second (SAVE_PERIOD_MS), the routed life-safety frames that have
 *   been queued for at least HELD_MS are written as one record, oldest first
 *   (by when queued, then key: retries reorder the queue, not the record), at
 *   most CUSTODY_FRAMES of them and CUSTODY_BYTES in all; when none are held
 *   the record is deleted. A record equal to the last one written is not
 *   written again.
 * - Each boot counts itself in storage (BOOT_KEY: one small write a boot), and
 *   the record carries the boot it was written in. At boot the record is read
 *   back only if it was written in the boot just before (a power cut or a
 *   brown-out in this incident), not one older (frames days old, maybe of
 *   another incident, are not sent again); each frame whose MIC still checks
 *   under this beacon's key goes back into the queue as routed custody, and
 *   into the dedup cache (forwarding/pipeline.ts adopt()), so a copy that
 *   comes back is a duplicate. A damaged record is ignored, never trusted.
 * Record: boot u16, frame count u8, then for each frame its length u8 and its bytes.
 *
 * Why HELD_MS: a frame that passes through in milliseconds is in custody of
 * the neighbour that sent it until its link-layer ACK, and of the next one
 * after: writing it would only wear the flash. A frame held for a second has
 * found no way on (no route, a cut, a jammer): those are the ones a power cut
 * would lose. The window in between (a frame received and lost with power
 * within a second) is the price of not writing every frame.
 *
 * Flash wear: nothing is written while frames flow. At worst (held frames
 * changing every second, for hours) one record a second of at most 1 KB: NVS
 * (Moddable `preference`, ESP-IDF nvs_flash) stores it as ≤ 33 entries of
 * 32 B, so a 4 KB page (126 entries) fills every ~4 s; with the default
 * 24 KB NVS partition (6 pages, one kept free) each page is erased about
 * every 20 s, and the flash's 100 000 erase cycles last ~3 weeks of that
 * worst case without pause. An incident lasts hours.
 */
import type { Clock } from "../hal/clock";
import type { KeyValueStore } from "../hal/storage";
import { equalPrefix, u16At } from "../protocol/bytes";
import { Priority } from "../protocol/frame";
import type { Outgoing } from "./queue";

const CUSTODY_KEY = "d2d.custody";
const BOOT_KEY = "d2d.boot";
export const CUSTODY_FRAMES = 24;
const CUSTODY_BYTES = 1024;
const SAVE_PERIOD_MS = 1000;
const HELD_MS = 1000;

export class CustodyStore {
  private last: Uint8Array | null = null;
  private boot = 0;

  /** `held`: every frame the node holds, queued or on the air (Transmitter.eachHeld) */
  constructor(private readonly storage: KeyValueStore, private readonly clock: Clock, private readonly held: (fn: (o: Outgoing) => void) => void) {}

  /** Counts this boot; the frames kept in the boot before (none otherwise). Never throws. */
  restore(): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let rec: Uint8Array | undefined;
    let previous = -1;
    try {
      const b = this.storage.get(BOOT_KEY);
      if (b && b.length === 2) previous = u16At(b, 0);
      this.boot = (previous + 1) & 0xffff;
      this.storage.set(BOOT_KEY, Uint8Array.of(this.boot >> 8, this.boot));
      rec = this.storage.get(CUSTODY_KEY);
    } catch {
      return frames;
    }
    if (!rec || rec.length < 3) return frames;
    this.last = rec;
    if (u16At(rec, 0) !== previous) return frames;
    let at = 3;
    for (let i = 0; i < rec[2] && at < rec.length; i++) {
      const n = rec[at++];
      if (n === 0 || at + n > rec.length) break;
      frames.push(rec.slice(at, at + n));
      at += n;
    }
    return frames;
  }

  start(): void {
    const tick = () => {
      this.save();
      this.clock.setTimeout(tick, SAVE_PERIOD_MS);
    };
    this.clock.setTimeout(tick, SAVE_PERIOD_MS);
  }

  /** Writes the held life-safety frames if they changed since the last write. */
  save(): void {
    const now = this.clock.now();
    const candidates: Outgoing[] = [];
    this.held((o) => {
      if (o.routed && o.priority === Priority.lifeSafety && now - o.since >= HELD_MS) candidates.push(o);
    });
    if (candidates.length === 0 && this.last === null) return;
    candidates.sort((a, b) => a.since - b.since || a.key - b.key);
    const held: Uint8Array[] = [];
    let bytes = 3;
    for (const o of candidates) {
      if (held.length >= CUSTODY_FRAMES || bytes + 1 + o.frame.length > CUSTODY_BYTES) break;
      held.push(o.frame);
      bytes += 1 + o.frame.length;
    }
    const rec = new Uint8Array(bytes);
    rec[0] = this.boot >> 8;
    rec[1] = this.boot;
    rec[2] = held.length;
    let at = 3;
    for (const f of held) {
      rec[at++] = f.length;
      rec.set(f, at);
      at += f.length;
    }
    if (this.last && this.last.length === rec.length && equalPrefix(this.last, rec, rec.length)) return;
    try {
      if (held.length === 0) {
        this.storage.delete(CUSTODY_KEY);
        this.last = null;
      } else {
        this.storage.set(CUSTODY_KEY, rec);
        this.last = rec;
      }
    } catch {
      // storage full or failing: custody goes on in RAM
    }
  }
}

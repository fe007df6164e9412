/**
 * Phone SOS packed instead of evicted when the life-safety queue is full.
 *
 * A relay between a wave of callers and a gateway gets one frame for every
 * carrier of every caller (firmware/roles/phone-sos.ts: five carriers a phone
 * SOS and 1.3 callers a frame on mall A and station A, 2026-11-23). Its queue
 * is bounded by heap (forwarding/queue.ts), and once life-safety frames fill
 * it each arriving SOS evicts the oldest: an SOS lost after the link layer
 * acknowledged it, which no sender can know.
 *
 * Rules:
 * - An arriving phone-SOS frame (uplink, FROM_PHONE entries: SPEC §4.2) that
 *   finds no room without evicting a life-safety frame is packed with the
 *   queued phone-SOS frames, oldest first, while their entries fit one frame
 *   (SOS_BATCH_MAX): one frame of this beacon's own carries them on, each
 *   phone SOS (phone id, seq) once. A frame costs 18 heap slots whatever its
 *   size (forwarding/queue.ts), so 14 single entries packed free 13 frames'
 *   room. If none fits with it, nothing is packed and the arrival evicts as
 *   before.
 * - Hops are kept: the packed frame goes on with the most hops and the least
 *   hop limit of the frames in it (hops + hop limit stays ≤ 15), so the hop
 *   limit still bounds every SOS's path: packing cannot buy a looping SOS
 *   more hops.
 * - Only entries that decode: a relay never decodes bodies (SPEC §6), so each
 *   frame is decoded here first; one that does not decode is not packed (a
 *   key holder's malformed entry would make the gateway refuse the honest
 *   ones packed with it).
 * - Not the frame on the air (its fate is the link's), not claims (hop limit
 *   0, broadcast), not a beacon's own SOS (its src says whose it is).
 * - Bounded: one frame's entries, in one buffer of 224 bytes.
 * The packed-away frames are told to the listeners (RouterEvent "merged"); the
 * gateway's host merges copies of a phone SOS by (phone id, seq) whichever
 * frame brings them.
 */
import { Addr, MsgType, type ParsedFrame } from "../protocol/frame";
import { SOS_BATCH_MAX, SOS_PHONE_BYTES, sos } from "../protocol/messages/sos";

/** Phone SOS entries gathered for one packed frame, with the hops it goes on with. */
export class Pack {
  readonly body = new Uint8Array(SOS_BATCH_MAX * SOS_PHONE_BYTES);
  n = 0;
  hopLimit = 15;
  hops = 0;

  /**
   * Adds the entries of `f` if it is an uplink phone SOS that decodes and
   * fits, with its hops as they are after `relay` more (1: a frame received,
   * to be relayed; 0: one queued, already relayed); false, and nothing added,
   * if not.
   */
  add(f: ParsedFrame, relay: number): boolean {
    const h = f.header, b = f.bytes, s = f.payloadStart, e = f.micOffset;
    if (h.type !== MsgType.sos || h.dst !== Addr.anyGateway || h.hopLimit <= relay || (e - s) / SOS_PHONE_BYTES > SOS_BATCH_MAX - this.n) return false;
    try {
      if (!sos.decode(b, s, e).phone) return false;
    } catch {
      return false;
    }
    for (let p = s; p < e; p += SOS_PHONE_BYTES) if (!this.has(b, p)) this.body.set(b.subarray(p, p + SOS_PHONE_BYTES), this.n++ * SOS_PHONE_BYTES);
    this.hopLimit = Math.min(this.hopLimit, h.hopLimit - relay);
    this.hops = Math.max(this.hops, h.hops + relay);
    return true;
  }

  /** Whether the entry at b[p..] is already in: the same phone id and seq (bytes 10–14 of an entry). */
  private has(b: Uint8Array, p: number): boolean {
    for (let q = 0; q < this.n * SOS_PHONE_BYTES; q += SOS_PHONE_BYTES) {
      let k = 10;
      while (k < 15 && this.body[q + k] === b[p + k]) k++;
      if (k === 15) return true;
    }
    return false;
  }
}

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
 *   (SOS_BATCH_MAX) with the arrival's after them: one frame of this beacon's
 *   own carries them on, each phone SOS once. A frame costs 18 heap slots
 *   whatever its size (forwarding/queue.ts), so 14 single entries packed
 *   free 13 frames' room. If none fits with it, nothing is packed and the
 *   arrival evicts as before.
 * - An arrival whose callers this node's own packed frame, queued, carries
 *   already goes no further: packing the two again would only spend a frame
 *   seq (24 bits: forwarding/sequence.ts) and gain no room, arrival after
 *   arrival while the queue stays full. Only its own: another src's queued
 *   frame with the same entries could be a key holder's (a fragment, or one
 *   whose (src, seq) the next hop already holds as seen) that goes nowhere,
 *   and the oldest queued frame is the first a full queue evicts.
 * - The packed frame is made only if it fits where its parts were without
 *   evicting a life-safety frame (it is larger than any one of them): else
 *   the arrival evicts as before.
 * - Hops are kept: the packed frame goes on with the most hops and the least
 *   hop limit of the frames in it (hops + hop limit stays ≤ 15), so the hop
 *   limit still bounds every SOS's path: packing cannot buy a looping SOS
 *   more hops. So only parts whose hop limit reaches a gateway along this
 *   node's route with a hop to spare are taken (forwarding/pipeline.ts
 *   PACK_SLACK), and nothing is packed without a route: one part with a
 *   spent hop limit (a key holder's, or one that wandered) would otherwise
 *   strand every caller packed with it, and one with no hop to spare would
 *   strand them if the route grew by one.
 * - Only entries that decode: a relay never decodes bodies (SPEC §6), so each
 *   frame is decoded here first (a beacon's own SOS is told by its flags byte
 *   before that). The arrival that does not decode is relayed as it is; a
 *   queued one is dropped (no gateway would take it: a key holder's, which
 *   would otherwise cost a decode at every arrival).
 * - The same phone SOS is its 15 bytes before the RSSI: an entry under the
 *   same phone id and seq with other content (anyone can forge an
 *   advertisement) travels beside it, not instead of it.
 * - Not the frame on the air (its fate is the link's), not claims (hop limit
 *   0, broadcast), not a beacon's own SOS (its src says whose it is), not a
 *   fragment (SOS is never fragmented by this firmware: a key holder's).
 * - Bounded: one frame's entries, in one buffer of 224 bytes, and at most one
 *   decode of each queued frame an arrival.
 * - The packed frame's seq is taken before the parts leave the queue: if
 *   this node has none (used up, or the block could not be written),
 *   nothing moves and the arrival evicts as before.
 *   A frame seq is spent only when the packed frame frees room; forged phone
 *   SOS spend seqs faster at the beacons that carry them (one each), and
 *   their budget is issue 10's.
 * Not kept across packing: the parts' custody rounds, tried next hops and
 * time queued (the packed frame starts afresh).
 * The packed-away frames are told to the listeners (RouterEvent "merged"); the
 * gateway's host merges copies of a phone SOS by (phone id, seq) whichever
 * frame brings them.
 *
 * Packing by choice (every arriving phone SOS packed with the queued ones,
 * full queue or not), measured 2026-11-23 with tools/bench-sites-run.ts over
 * the bench's offsets 0 … 7000, against packing only when full:
 * transmissions per shortest hop 2.27 → 1.18 (station A) and 2.81 → 1.39
 * (mall A), SOS p95 2.7 → 1.1 s and 5.1 → 2.8 s (medians over the seeds);
 * tunnel B over 40 seeds 297 of 1 654 callers lost against 281 of 1 647
 * (noise there: the same change read +44 on offsets 0 … 19 000 and −28 on
 * 20 000 … 39 000). But one caller lost on each of mall A and station A
 * against none: a packed frame takes the least hop limit of its parts, and
 * a part that had wandered (hops 6–11 after a gateway was lost) pulled
 * callers heard by a single beacon down to a hop limit the re-routed site
 * could not meet; held for good. Not kept. Also tried: parts within 2 of
 * each other's hop limit (mall A 22 lost on one seed: fewer merges, the
 * relay next to the gateway full and evicting), packing from a quarter-full
 * queue (mall A 5 lost, 2.07), only parts never tried (mall A 6 lost), and
 * three hops to spare instead of one when packing by choice (station A none
 * lost at 1.17, mall A 2 lost at 1.39: the same stranding), and packing by
 * choice only frames at most 2 hops out (station A none lost at 1.42, mall A
 * 5 at 1.61: full packed frames evicted at the relay next to the gateway,
 * 14 callers each; tunnel B 341 of 1 659 against 281). A packed frame needs
 * its callers' own hop budgets (the wire has one per frame), and a full
 * queue an eviction that weighs what a frame carries, before this can be
 * kept.
 */
import { Addr, MsgType, type ParsedFrame } from "../protocol/frame";
import { FROM_PHONE, SOS_BATCH_MAX, SOS_CORE_BYTES, SOS_PHONE_BYTES, sos } from "../protocol/messages/sos";

/** What check() or add() made of a frame: to be taken, not for packing, or a body no gateway would take (a key holder's: forwarding/pipeline.ts drops it). */
export const ADDED = 0, SKIPPED = 1, UNDELIVERABLE = 2;

/** Phone SOS entries gathered for one packed frame, with the hops it goes on with. */
export class Pack {
  readonly body = new Uint8Array(SOS_BATCH_MAX * SOS_PHONE_BYTES);
  n = 0;
  hopLimit = 15;
  hops = 0;
  /** entries the frame may hold: fewer while the queued parts are gathered, so that the arrival still fits after them */
  room = SOS_BATCH_MAX;

  /** `need`: the hop limit a part must still have (this node's route to a gateway and its slack: forwarding/pipeline.ts). */
  constructor(private readonly need: number) {}

  /**
   * Whether `f` may be packed: an uplink phone SOS that decodes, fits, and
   * keeps `need` hops once `relay` more are counted (1: a frame received, to
   * be relayed; 0: one queued, already relayed). Adds nothing.
   */
  check(f: ParsedFrame, relay: number): number {
    const h = f.header, b = f.bytes, s = f.payloadStart, e = f.micOffset;
    if (h.type !== MsgType.sos || h.dst !== Addr.anyGateway || h.frag || h.hopLimit - relay < Math.max(1, this.need) || (e - s) / SOS_PHONE_BYTES > this.room - this.n) return SKIPPED;
    // A beacon's own SOS (its first entry without FROM_PHONE, SPEC §4.2) is told apart before any decoding.
    if (e - s >= SOS_CORE_BYTES && (b[s + 9] & FROM_PHONE) === 0) return SKIPPED;
    try {
      if (!sos.decode(b, s, e).phone) return SKIPPED;
    } catch {
      return UNDELIVERABLE;
    }
    return ADDED;
  }

  /** Adds the entries of `f` (check() said ADDED) that are not in yet, and returns how many were new. */
  put(f: ParsedFrame, relay: number): number {
    const h = f.header, b = f.bytes;
    let fresh = 0;
    for (let p = f.payloadStart; p < f.micOffset; p += SOS_PHONE_BYTES) {
      if (this.has(b, p)) continue;
      this.body.set(b.subarray(p, p + SOS_PHONE_BYTES), this.n++ * SOS_PHONE_BYTES);
      fresh++;
    }
    this.hopLimit = Math.min(this.hopLimit, h.hopLimit - relay);
    this.hops = Math.max(this.hops, h.hops + relay);
    return fresh;
  }

  /** check(), then put() if it may be packed. */
  add(f: ParsedFrame, relay: number): number {
    const r = this.check(f, relay);
    if (r === ADDED) this.put(f, relay);
    return r;
  }

  /** Whether the entry at b[p..] is in already: the same bytes but the RSSI (the same phone's same SOS, as every carrier copies it; another content under its id and seq is not it). */
  private has(b: Uint8Array, p: number): boolean {
    for (let q = 0; q < this.n * SOS_PHONE_BYTES; q += SOS_PHONE_BYTES) {
      let k = 0;
      while (k < SOS_PHONE_BYTES - 1 && this.body[q + k] === b[p + k]) k++;
      if (k === SOS_PHONE_BYTES - 1) return true;
    }
    return false;
  }
}

/**
 * Phone SOS packed by the relays that carry them: each caller crosses a hop
 * about once, not once for each carrier.
 *
 * A relay between a wave of callers and a gateway gets one frame for every
 * carrier of every caller (firmware/roles/phone-sos.ts: five carriers a phone
 * SOS and 1.3 callers a frame on mall A and station A, 2026-11-23). Sent on
 * one by one they cost the air near the gateways two to three transmissions
 * a shortest-path hop, and once they fill a relay's queue (bounded by heap:
 * forwarding/queue.ts) each arriving SOS evicts the oldest: an SOS lost after
 * the link layer acknowledged it, which no sender can know.
 *
 * Rules:
 * - An arriving phone-SOS frame (uplink, FROM_PHONE entries: SPEC §4.2) is
 *   packed with the queued phone-SOS frames, oldest first, while their
 *   entries fit one frame (SOS_BATCH_MAX) with the arrival's after them: one
 *   frame of this beacon's own carries them on, each phone SOS once. A frame
 *   costs 18 heap slots whatever its size (forwarding/queue.ts), so 14 single
 *   entries packed free 13 frames' room. If none fits with it, it is relayed
 *   as it is.
 * - Each entry keeps its own hops left (SPEC §4.2 hopsShort): the packed
 *   frame goes with the most of them and each entry short by the difference,
 *   with the most hops of its parts as far as hops + hop limit ≤ 15 allows.
 *   So packing buys no SOS a hop it did not have (the hop limit still bounds
 *   every SOS's path: a looping one cannot be renewed by packing), and one
 *   that wandered does not pull the callers packed with it down to its hops
 *   left. Until 2026-11-23 the wire had one hop limit a frame and the packed
 *   frame took the least of its parts': packing every arrival then stranded
 *   a caller on each of mall A and station A (a part that had wandered after
 *   the gateway was lost pulled callers heard by one beacon down to a hop
 *   limit the re-routed site could not meet), so packing was kept for a full
 *   queue only.
 * - A part is taken only if every entry of it reaches a gateway along this
 *   node's route with a hop to spare (forwarding/pipeline.ts PACK_SLACK), and
 *   nothing is packed without a route: one with a hop limit spent (a key
 *   holder's, or one that wandered) stays as it is, whole. The entries' hops
 *   left are read from the raw nibbles before any decoding: a part left as
 *   it is is met again at every arrival, and a key holder's frames with an
 *   entry short must not buy a decode each time.
 * - An arrival whose callers a packed frame this node made, queued, carries
 *   already with as many hops left goes no further (carries()), full or not:
 *   packing the two again would only spend a frame seq (24 bits:
 *   forwarding/sequence.ts) and gain nothing. Only one it made (marked then:
 *   forwarding/queue.ts `packed`): any other queued frame with the same
 *   entries, even one under this node's src, could be a key holder's (a
 *   fragment, or one whose (src, seq) the next hop already holds as seen)
 *   that goes nowhere.
 * - The packed frame is made only if it fits where its parts were without
 *   evicting a life-safety frame (it is larger than any one of them): else
 *   the arrival is relayed as it is (and evicts, if the queue is full).
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
 * - Bounded: one frame's entries, in one buffer of 231 bytes (their nibbles
 *   too), and at most one decode of each queued frame an arrival (of those
 *   whose every entry has the hops: the rest cost a few byte reads); the
 *   check against this node's packed frames reuses one scratch Pack.
 * - A packed frame a neighbour handed back (a "came back" copy:
 *   forwarding/strategies/gradient.ts) is not trusted to carry an arrival:
 *   packed again with it, under a new seq, it may go to that neighbour. A
 *   key holder's forged "came back" copy from the only way on otherwise held
 *   the frame, and every caller after it, for good (adversary review,
 *   2026-11-23: 0 of 5 callers delivered).
 * - The packed frame's seq is taken before the parts leave the queue: if
 *   this node has none (used up, or the block could not be written),
 *   nothing moves and the arrival is relayed as it is.
 *   Each packing spends one of this relay's frame seqs: 2²⁴ of them last a
 *   sender of phone-SOS frames at a thousand a second (the most 1 Mbps
 *   ESP-NOW carries) about 4.6 hours. Not only a key holder: anyone can
 *   replay recorded relays' frames once they have left the dedup ring
 *   (forwarding/dedup.ts); the per-source replay window (SPEC §2.1), per-
 *   beacon keys, their rate limits and what a node does with its seqs used
 *   up (today: the next HELLO's timer throws) are issue 10's.
 * Not kept across packing: the parts' custody rounds, tried next hops and
 * time queued (the packed frame starts afresh).
 * The packed-away frames are told to the listeners (RouterEvent "merged"); the
 * gateway's host merges copies of a phone SOS by (phone id, seq) whichever
 * frame brings them.
 *
 * Measured 2026-11-23 (tools/bench-sites-run.ts), against packing a full
 * queue only (one hop limit a frame):
 * - mall A and station A, 24 seeds each (offsets 0 … 23 000): callers lost
 *   2 and 1 against 35 and 0; transmissions per shortest hop 2.80 → 1.43
 *   (mall A, bench offsets 0 … 7000) and 2.27 → 1.24 (station A); SOS p95
 *   (median over seeds) 5.5 → 2.7 s and 2.8 → 1.2 s (offsets 8000 …);
 * - the 15 bench sites and the default mall, 8 seeds each: every site but
 *   tunnel B loses no caller either way; transmissions per shortest hop
 *   lower or equal everywhere but tunnel A (1.04 → 1.35, its one seed with
 *   a shortest path); images 131 of 147 both;
 * - tunnel B, 40 seeds: 352 of 1 651 callers lost against 281 of 1 647,
 *   worse on 22 seeds, better on 12. Every loss traced there is a frame
 *   held at the far end of the chain by a beacon with no route at the end
 *   (forwarding/discovery.ts, feasibility); packing moves which frames
 *   wait where, not why they wait. Weighed against mall A's 35, kept.
 */
import { Addr, MsgType, type ParsedFrame } from "../protocol/frame";
import { FROM_PHONE, SOS_BATCH_MAX, SOS_CORE_BYTES, SOS_PHONE_BYTES, hopsShortAt, phoneEntries, shortBytes, sos } from "../protocol/messages/sos";

/** What check() or add() made of a frame: to be taken, not for packing, or a body no gateway would take (a key holder's: forwarding/pipeline.ts drops it). */
export const ADDED = 0, SKIPPED = 1, UNDELIVERABLE = 2;

/** Phone SOS entries gathered for one packed frame, each with the hops it may still travel. */
export class Pack {
  /** the entries, then their hopsShort nibbles (SPEC §4.2) */
  readonly body = new Uint8Array(SOS_BATCH_MAX * SOS_PHONE_BYTES + shortBytes(SOS_BATCH_MAX));
  /** hops each entry may still travel from here */
  private readonly left = new Uint8Array(SOS_BATCH_MAX);
  n = 0;
  hops = 0;
  /** the packed frame's hop limit: its entries' most (each keeps its own in hopsShort; an entry's only rises, so neither falls) */
  hopLimit = 0;
  /** entries the frame may hold: fewer while the queued parts are gathered, so that the arrival still fits after them */
  room = SOS_BATCH_MAX;

  /** `need`: the hops every entry of a part must still have (this node's route to a gateway and its slack: forwarding/pipeline.ts). */
  constructor(private readonly need: number) {}

  /**
   * Whether `f` may be packed: an uplink phone SOS that decodes, fits, and
   * every entry of which keeps `need` hops once `relay` more are counted (1:
   * a frame received, to be relayed; 0: one queued, already relayed). Adds
   * nothing.
   */
  check(f: ParsedFrame, relay: number): number {
    const h = f.header, b = f.bytes, s = f.payloadStart, e = f.micOffset, n = phoneEntries(s, e), need = Math.max(1, this.need);
    if (h.type !== MsgType.sos || h.dst !== Addr.anyGateway || h.frag || n > this.room - this.n) return SKIPPED;
    // A beacon's own SOS (its first entry without FROM_PHONE, SPEC §4.2) is told apart before any decoding.
    if (e - s >= SOS_CORE_BYTES && (b[s + 9] & FROM_PHONE) === 0) return SKIPPED;
    // Nibbles of the wrong length (a key holder's): no gateway would take it, and reading them would read past them.
    if (e > s + n * SOS_PHONE_BYTES && e - s - n * SOS_PHONE_BYTES !== shortBytes(n)) return UNDELIVERABLE;
    // Every entry's hops left, from the raw nibbles, before any decoding: a part that is not taken stays
    // queued and is met again at every arrival (one that is malformed is then left as it is, never decoded).
    for (let i = 0; i < n; i++) if (leftOf(f, i, relay) < need) return SKIPPED;
    try {
      if (!sos.decode(b, s, e).phone) return SKIPPED;
    } catch {
      return UNDELIVERABLE;
    }
    return ADDED;
  }

  /**
   * Adds the entries of `f` (check() said ADDED) that are not in yet, an
   * entry in already keeping the more hops of its two copies; returns how
   * many were new or got more hops.
   */
  put(f: ParsedFrame, relay: number): number {
    const h = f.header, b = f.bytes, s = f.payloadStart, e = f.micOffset;
    let gained = 0;
    for (let i = 0; i < phoneEntries(s, e); i++) {
      const p = s + i * SOS_PHONE_BYTES, left = leftOf(f, i, relay);
      let j = this.indexOf(b, p);
      if (j < 0 && this.n === SOS_BATCH_MAX) {
        // no room (only carries() meets this: check() saw to the room): new, not in
        gained++;
        continue;
      }
      if (j < 0) {
        this.body.set(b.subarray(p, p + SOS_PHONE_BYTES), (j = this.n++) * SOS_PHONE_BYTES);
        this.left[j] = 0;
      }
      if (left > this.left[j]) {
        this.left[j] = left;
        this.hopLimit = Math.max(this.hopLimit, left);
        gained++;
      }
    }
    this.hops = Math.max(this.hops, h.hops + relay);
    return gained;
  }

  /** The packed frame's hops: the most of its parts', no more than hops + hop limit ≤ 15 allows (SPEC §2.1). */
  get frameHops(): number {
    return Math.min(this.hops, 15 - this.hopLimit);
  }

  /** check(), then put() if it may be packed. */
  add(f: ParsedFrame, relay: number): number {
    const r = this.check(f, relay);
    if (r === ADDED) this.put(f, relay);
    return r;
  }

  /**
   * The packed frame's body: the entries, then their hopsShort nibbles if
   * one is short of the frame's hop limit.
   */
  bytes(): Uint8Array {
    const n = this.n, t = n * SOS_PHONE_BYTES;
    let any = 0;
    this.body.fill(0, t);
    for (let i = 0; i < n; i++) {
      const short = this.hopLimit - this.left[i];
      this.body[t + (i >> 1)] |= short << (i & 1 ? 0 : 4);
      any |= short;
    }
    return this.body.subarray(0, any ? t + shortBytes(n) : t);
  }

  /** Where the entry at b[p..] is in already, or −1: the same bytes but the RSSI (the same phone's same SOS, as every carrier copies it; another content under its id and seq is not it). */
  private indexOf(b: Uint8Array, p: number): number {
    for (let j = 0; j < this.n; j++) {
      let k = 0;
      while (k < SOS_PHONE_BYTES - 1 && this.body[j * SOS_PHONE_BYTES + k] === b[p + k]) k++;
      if (k === SOS_PHONE_BYTES - 1) return j;
    }
    return -1;
  }
}

/** Hops entry i of `f` may still travel once `relay` more are counted (SPEC §4.2 hopsShort). */
function leftOf(f: ParsedFrame, i: number, relay: number): number {
  return f.header.hopLimit - relay - hopsShortAt(f.bytes, f.payloadStart, f.micOffset, i);
}

/**
 * Whether `own`, a packed frame of this node's, queued (never any other
 * frame: forwarding/pipeline.ts), carries every entry of the arrival `f`
 * with at least the hops left `f` gives it once relayed: `f` would add it
 * nothing. `f` passed check() already. `p` is scratch (one for all calls:
 * an arrival may meet every packed frame queued).
 */
export function carries(p: Pack, own: ParsedFrame, f: ParsedFrame): boolean {
  p.n = p.hops = p.hopLimit = 0;
  p.put(own, 0);
  return p.put(f, 1) === 0;
}

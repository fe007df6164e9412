/**
 * The gradient, our strategy: convergecast to the nearest gateway along the
 * gradient the HELLOs build (forwarding/discovery.ts), with per-hop
 * acknowledgement, retries, next-hop switching and custody
 * (forwarding/transmit.ts); responder orders by Trickle
 * (forwarding/dissemination.ts); nothing else is relayed.
 *
 * Rules:
 * - It announces: HELLOs on their Trickle timer, and probing of the parent.
 * - Uplink it originates or relays is routed, never flooded: with no route it
 *   is held (store and forward) until one appears.
 * - Orders (broadcast instructions), its own and those it hears, are held and
 *   re-broadcast on their Trickle timers until every neighbourhood is
 *   consistent; a new neighbour, or a neighbour's HELLO with another
 *   digest of the orders it holds, makes them repeat soon (a few times).
 * - Nothing else is relayed: another broadcast, or a frame addressed to
 *   another beacon, is delivered where it is for and goes no further. This
 *   firmware sends no such frame (its broadcasts are orders, HELLOs and
 *   phone-SOS claims, sent with hop limit 0: firmware/roles/phone-sos.ts),
 *   and flooding what a key holder sends would only amplify it. (Until
 *   2026-11-22 they were flooded with contention, as strategies/managed-
 *   flood.ts does: 650 bytes of code that nothing used.)
 * - Came back: a copy of an uplink frame this beacon passed on that arrives
 *   again by unicast with more hops than when first seen travelled on and
 *   returned — the routes moved while it was on its way (next hops are chosen
 *   on each node's latest news), and the neighbour that sent it here has its
 *   ACK: if this beacon dropped it as a duplicate, it would be lost. It is
 *   taken into custody again and routed around that neighbour, at most to its
 *   hop limit. Copies also multiply when ACKs are lost (a sender that missed
 *   the ACK tries another next hop: two copies travel), and re-routing every
 *   copy that meets a beacon again would multiply them further: so a beacon
 *   takes back only a copy that has travelled further than any it took before
 *   (the dedup cache keeps the highest hops taken). A copy with no more hops
 *   is a retransmission after a lost ACK, or a twin: a duplicate, dropped.
 *   One that comes back while this beacon still holds its own copy merges
 *   into it: the held copy goes on with the hops and hop limit of the one that
 *   travelled further (its own contents: a key holder could send any "came
 *   back" copy), if that hop limit still reaches past this beacon's route.
 *   Kept as it was, it could reach a beacon that passed the frame on since it
 *   saw it with those hops (round the loop that brought it back here): a twin
 *   there, dropped, and the frame gone with it.
 * - The neighbour that handed it back is not tried again in that custody
 *   round; in later ones it is, if our copy has more hops than it saw (it
 *   takes it as came back, not as a twin: forwarding/queue.ts `back`). So a
 *   neighbour that is the only way on (a chain after a cut) is not shut out
 *   for good, but while its way still runs back here the frame can bounce
 *   between the two, two hops a bounce a round (20–40 ms apart), until the
 *   news reaches it or the hop limit is spent (then the frame is held where
 *   it is). Keeping it out until its way is feasible (Babel's condition)
 *   instead lost more: tunnel B over 20 seeds, 128 of 807 SOS against 90
 *   (2026-11-23; a chain's neighbours stay infeasible for seconds after it
 *   heals, and a frame held there meanwhile misses the moment).
 */
import type { ReceiveInfo } from "../../hal/radio";
import { Addr, MsgType, relayCopy, type FrameHeader } from "../../protocol/frame";
import { Dissemination } from "../dissemination";
import { addTried, outgoing } from "../queue";
import type { ForwardingStrategy, StrategyParts } from "../strategy";

export class Gradient implements ForwardingStrategy {
  readonly name = "gradient";
  readonly announces = true;
  readonly routesUplink = true;
  private readonly orders: Dissemination;

  constructor(private readonly p: StrategyParts) {
    this.orders = new Dissemination(p.cfg, p.hal, p.tx);
    p.discovery.onInconsistent = () => this.orders.inconsistent();
    p.discovery.orders = () => this.orders.digest();
  }

  originate(frame: Uint8Array, h: FrameHeader, key: number): boolean {
    if (h.dst !== Addr.broadcast || h.type !== MsgType.instruction || h.hopLimit === 0) return false;
    this.orders.hold(frame, h.priority, key);
    return true;
  }

  relay(copy: Uint8Array, h: FrameHeader, key: number): void {
    if (h.dst === Addr.anyGateway) this.p.tx.enqueue(copy, h.priority, key, true);
    else if (h.dst === Addr.broadcast && h.type === MsgType.instruction) this.orders.hold(copy, h.priority, key);
  }

  duplicate(bytes: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo, firstHops: number): void {
    this.orders.heard(key);
    if (!info.broadcast && h.hops > firstHops && h.dst === Addr.anyGateway && this.p.cfg.role !== "gateway") this.cameBack(bytes, h, key, info.from);
  }

  private cameBack(bytes: Uint8Array, h: FrameHeader, key: number, from: number): void {
    const p = this.p;
    const queued = p.tx.queue.find(key);
    // Still ours to send: not to that neighbour this round (its way ran back here); in later custody
    // rounds only if our copy has more hops than it saw (below), else it holds it as seen and would
    // acknowledge our copy and drop it (forwarding/queue.ts `back`).
    if (queued) {
      addTried(queued, from);
      queued.back = from;
    }
    if (h.hopLimit === 0) {
      if (!queued) p.stats.hopLimitDrops++;
      return;
    }
    p.dedup.raiseHops(key, h.hops);
    if (queued) {
      // Its hops and hop limit, never its contents (any key holder can send a "came back" copy),
      // and only while that hop limit still reaches a gateway from here (else it would be held for good).
      if (h.hopLimit > (p.discovery.route()?.hops ?? 15)) {
        queued.frame[1] = bytes[1];
        queued.frame = relayCopy(queued.frame, p.hal.crypto.mac);
        queued.back = 0;
      }
      return;
    }
    p.stats.returned++;
    const o = outgoing(relayCopy(bytes, p.hal.crypto.mac), h.priority, key, true, p.hal.clock.now());
    addTried(o, from);
    p.tx.push(o);
  }
}

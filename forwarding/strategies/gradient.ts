/**
 * The gradient, our strategy: convergecast to the nearest gateway along the
 * gradient the HELLOs build (forwarding/discovery.ts), with per-hop
 * acknowledgement, retries, next-hop switching and custody
 * (forwarding/transmit.ts); broadcasts by managed flood.
 *
 * Rules:
 * - It announces: HELLOs every interval, and probing of the parent.
 * - Uplink it originates is routed.
 * - A new uplink frame is routed when this node has a route, or when it came
 *   by unicast (a neighbour chose this node as next hop: it takes custody even
 *   with no route now). Heard by broadcast with no route, it is flooded.
 * - Broadcasts (responder instructions) are flooded with contention
 *   (strategies/managed-flood.ts); a node stays quiet only after hearing
 *   `floodRedundancy` relays of an instruction (site-wide coverage matters),
 *   after one relay of anything else.
 * - Handed back: a copy of an uplink frame that comes back by unicast with more
 *   hops than when first seen travelled on and returned — the way ahead
 *   failed. It is routed again, around the neighbour that returned it (and
 *   still at most to its hop limit). The same hops is only a retransmission:
 *   an ACK was lost.
 */
import type { ReceiveInfo } from "../../hal/radio";
import { Addr, relayCopy, type FrameHeader } from "../../protocol/frame";
import { addTried, outgoing } from "../queue";
import type { ForwardingStrategy, StrategyParts } from "../strategy";
import { ContentionFlood } from "./managed-flood";

export class Gradient implements ForwardingStrategy {
  readonly name = "gradient";
  readonly announces = true;
  readonly routesUplink = true;
  private readonly flood: ContentionFlood;

  constructor(private readonly p: StrategyParts) {
    this.flood = new ContentionFlood(p, p.cfg.floodRedundancy);
  }

  relay(copy: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo): void {
    if (h.dst === Addr.anyGateway && (this.p.discovery.update() || !info.broadcast)) {
      this.p.tx.enqueue(copy, h.priority, key, true);
    } else {
      this.flood.relay(copy, key, h.priority, info.rssi);
    }
  }

  duplicate(bytes: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo, firstHops: number): void {
    this.flood.overheard(key);
    if (!info.broadcast && h.hops > firstHops && h.dst === Addr.anyGateway && this.p.cfg.role !== "gateway") this.handedBack(bytes, h, key, info.from);
  }

  private handedBack(bytes: Uint8Array, h: FrameHeader, key: number, from: number): void {
    if (h.hopLimit === 0) {
      this.p.stats.hopLimitDrops++;
      return;
    }
    const queued = this.p.tx.queue.find(key);
    if (queued) {
      // Still ours to send (an ACK was lost on the way out): just not to that neighbour.
      addTried(queued, from);
      return;
    }
    this.p.stats.returned++;
    const o = outgoing(relayCopy(bytes, this.p.hal.crypto.mac), h.priority, key, true);
    addTried(o, from);
    this.p.tx.push(o);
  }
}

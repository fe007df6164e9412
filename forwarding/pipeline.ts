/**
 * The path of every frame through a beacon, linear with early returns, as a
 * mesh stack's network layer runs it.
 *
 * receive: decode and authenticate (a bad frame is counted by reason and
 * dropped) → another net's frame is dropped → a HELLO goes to neighbour
 * discovery → a frame seen before is a duplicate: the strategy hears of it
 * (it may cancel a pending rebroadcast, or route a handed-back frame again) →
 * delivered here if it is for this node (uplink at a gateway, this address, or
 * broadcast) → done if it was only for this node → dropped if its hop limit is
 * used up → a phone SOS is packed with the queued ones into a frame of this
 * node's, if any fit with it (routing strategies only: forwarding/pack.ts) →
 * re-sealed with one more hop and handed to the strategy to relay.
 *
 * originate: the next sequence number, the frame sealed and remembered in the
 * dedup cache (so it comes back only as a duplicate), published; uplink at a
 * gateway is delivered at once; anything else goes to the strategy, or is
 * queued, routed or flooded as the strategy says.
 *
 * Delivery decodes the body only if someone listens. Listeners run in the
 * order given; one that throws ends that delivery, counted as rejected.
 */
import type { Hal } from "../hal/index";
import type { ReceiveInfo } from "../hal/radio";
import { D2DError } from "../protocol/errors";
import { Addr, MsgType, Priority, decodeFrame, headerLength, micLength, parseFrame, relayCopy, type FrameHeader, type ParsedFrame } from "../protocol/frame";
import { SOS_BATCH_MAX, phoneEntries, sos } from "../protocol/messages/sos";
import { codecForType, encodeMessage, messageOf } from "../protocol/message";
import { countRejected, type RouterConfig, type RouterStats } from "./config";
import { DedupCache } from "./dedup";
import type { Discovery } from "./discovery";
import type { RouterEvent, RouterListener } from "./events";
import { ADDED, Pack, UNDELIVERABLE, carries } from "./pack";
import type { Outgoing } from "./queue";
import type { Sequence } from "./sequence";
import type { ForwardingStrategy } from "./strategy";
import type { Transmitter } from "./transmit";

/**
 * Hops every entry of a part must keep beyond this node's route to a gateway
 * to be packed (forwarding/pack.ts): it still arrives if the route grows by
 * a hop (a repair's detour) while it waits. One, not more: a frame sent with
 * the most hop limit (15) from the far end of a 14-hop tunnel has just one
 * to spare at each relay.
 */
const PACK_SLACK = 1;

export interface OriginateOptions {
  /** priority class; default: the type's (protocol/messages) */
  priority?: number;
  /** default: any gateway */
  dst?: number;
  ack?: boolean;
  /** default: the configured hop limit; 0: heard by the neighbours only, never relayed */
  hopLimit?: number;
  /** queued ahead of its class: a frame worth nothing late (a phone-SOS claim) */
  front?: boolean;
  /** hops already travelled by what it carries (a packed frame's: forwarding/pack.ts); default 0 */
  hops?: number;
  /** a frame seq taken already with this node's Sequence (packing takes it before it empties the queue); default: the next */
  seq?: number;
  /** a packed frame of this node's (forwarding/pack.ts), told as such to the listeners */
  packed?: boolean;
}

export class Pipeline {
  /** carries()'s scratch (forwarding/pack.ts): one for the node, not one for each packed frame an arrival meets */
  private readonly scratch = new Pack(0);

  constructor(
    private readonly cfg: RouterConfig,
    private readonly hal: Hal,
    private readonly stats: RouterStats,
    private readonly seq: Sequence,
    private readonly discovery: Discovery,
    private readonly tx: Transmitter,
    private readonly strategy: ForwardingStrategy,
    private readonly listeners: readonly RouterListener[],
    private readonly dedup: DedupCache,
  ) {}

  receive(bytes: Uint8Array, info: ReceiveInfo): void {
    let f: ParsedFrame;
    try {
      f = decodeFrame(bytes, this.hal.crypto.mac);
    } catch (e) {
      countRejected(this.stats, reasonOf(e));
      return;
    }
    const h = f.header;
    if (h.net !== this.cfg.net) return;
    this.stats.received++;
    if (h.type === MsgType.hello) {
      this.discovery.heard(f, info);
      return;
    }
    // Our own frame comes back only when it was handed back (or flooded past us): the dedup
    // entry made when we sent it makes it a duplicate.
    const key = DedupCache.key(h.src, h.seq);
    if (!this.dedup.add(key, h.hops)) {
      this.stats.duplicates++;
      this.strategy.duplicate(bytes, h, key, info, this.dedup.hops(key) ?? 0);
      return;
    }
    const forThisNode = (h.dst === Addr.anyGateway && this.cfg.role === "gateway") || h.dst === this.cfg.address;
    if (forThisNode || h.dst === Addr.broadcast) this.deliver(bytes, info, f);
    if (forThisNode) return;
    if (h.hopLimit === 0) {
      // Sent with hop limit 0 (hops 0): for the neighbours only, by design; else it ran out.
      if (h.hops > 0) this.stats.hopLimitDrops++;
      return;
    }
    // A phone SOS goes on packed with the queued ones, if any fit with it.
    if (h.type === MsgType.sos && h.priority === Priority.lifeSafety && this.strategy.routesUplink && this.packed(f, key)) return;
    const copy = relayCopy(bytes, this.hal.crypto.mac);
    this.stats.forwarded++;
    this.strategy.relay(copy, h, key, info);
    if (h.priority === Priority.bulk && !info.broadcast) this.discovery.fedBulk(info.from);
  }

  originate(type: number, body: unknown, opts: OriginateOptions): number {
    const seq = opts.seq ?? this.seq.next();
    const dst = opts.dst ?? Addr.anyGateway;
    const h: FrameHeader = {
      type, priority: opts.priority ?? codecForType(type).priority, hopLimit: opts.hopLimit ?? this.cfg.hopLimit, hops: opts.hops ?? 0,
      net: this.cfg.net, ack: opts.ack ?? false, src: this.cfg.address, dst, seq,
    };
    const frame = encodeMessage(h, body, this.hal.crypto.mac);
    const key = DedupCache.key(h.src, seq);
    this.dedup.add(key, h.hops);
    this.stats.originated++;
    if (this.listeners.length > 0) this.publish({ kind: "originated", header: h, key, frame, packed: opts.packed });
    if (this.cfg.role === "gateway" && dst === Addr.anyGateway) {
      this.deliver(frame, { from: this.cfg.address, rssi: 0, broadcast: false });
      return seq;
    }
    if (opts.front) this.tx.pushFront(frame, h.priority, key);
    else if (!this.strategy.originate?.(frame, h, key)) this.tx.enqueue(frame, h.priority, key, dst === Addr.anyGateway && this.strategy.routesUplink, opts.packed);
    return seq;
  }

  /**
   * A phone SOS `f`, authenticated and to be relayed: it and the queued phone
   * SOS that fit with it go on in one frame of this node's
   * (forwarding/pack.ts), or it goes no further if this node's own packed
   * frame, queued, carries all of it already with as many hops left. False
   * if it is none, or nothing fits with it (it is relayed as it is).
   */
  private packed(f: ParsedFrame, key: number): boolean {
    const route = this.discovery.route();
    if (!route) return false;
    const p = new Pack(route.hops + PACK_SLACK), parts: Outgoing[] = [], q = this.tx.queue;
    if (p.check(f, 1) !== ADDED) return false;
    // This node's own packed frame, queued, carries every caller of it already with as many hops left: another
    // would only cost a frame seq. Only its own, marked when it was made: a frame under this node's src could
    // be a key holder's that goes nowhere (its (src, seq) held as seen by the next hop). And only one no
    // neighbour handed back (forwarding/queue.ts `back`): a key holder's "came back" copy from the only way on
    // would hold it, and every caller after it, for good; packed again with the arrival it goes under a new seq.
    let carrier = 0;
    q.each((o) => {
      try {
        if (!carrier && o.packed && !o.back && carries(this.scratch, parseFrame(o.frame), f)) carrier = o.key;
      } catch {
        // a frame of ours that does not parse carries nothing
      }
    });
    if (carrier) {
      this.stats.packed++;
      this.merged(key, carrier);
      return true;
    }
    // The queued parts first, oldest first, with room left for the arrival's entries.
    p.room = SOS_BATCH_MAX - phoneEntries(f.payloadStart, f.micOffset);
    q.drain(Priority.lifeSafety, (o) => {
      let r = UNDELIVERABLE;
      try {
        r = p.add(parseFrame(o.frame), 0);
      } catch {
        // a frame of ours that does not parse: undeliverable
      }
      if (r === ADDED) parts.push(o);
      else if (r === UNDELIVERABLE) this.stats.queueDrops++;
      return r === UNDELIVERABLE;
    });
    p.room = SOS_BATCH_MAX;
    p.put(f, 1);
    // Nothing to pack with, or the packed frame itself would evict a life-safety frame: the arrival is relayed as it is.
    const body = p.bytes();
    if (parts.length === 0 || !q.canTake(Priority.lifeSafety, headerLength({ dst: Addr.anyGateway }) + body.length + micLength(MsgType.sos), false, parts)) return false;
    // The seq before the parts leave the queue: if there is none (used up, or its block cannot be written), nothing moved.
    let seq: number;
    try {
      seq = this.seq.next();
    } catch {
      return false;
    }
    q.drain(Priority.lifeSafety, (o) => parts.includes(o));
    try {
      this.originate(MsgType.sos, sos.decode(body, 0, body.length), { hopLimit: p.hopLimit, hops: p.frameHops, seq, packed: true });
    } catch {
      // Not made after all (a listener threw on it): the parts go back, at the head, and the arrival is relayed as it is.
      for (let i = parts.length; i-- > 0; ) q.unshift(parts[i]);
      return false;
    }
    const into = DedupCache.key(this.cfg.address, seq);
    this.stats.packed += parts.length + 1;
    for (const o of parts) this.merged(o.key, into);
    this.merged(key, into);
    return true;
  }

  /** Tells the listeners that the SOS of frame `key` travel on in frame `into`; a listener's failure is its own. */
  private merged(key: number, into: number): void {
    try {
      this.publish({ kind: "merged", key, into });
    } catch {
      // the frames travel on packed all the same
    }
  }

  /**
   * A frame this node held in custody before a reboot (forwarding/custody.ts):
   * queued again as routed uplink and remembered as seen. One that no longer
   * authenticates, or is not uplink of this net, is dropped. Never throws.
   */
  adopt(bytes: Uint8Array): boolean {
    let h: FrameHeader;
    try {
      h = decodeFrame(bytes, this.hal.crypto.mac).header;
    } catch {
      return false;
    }
    if (h.net !== this.cfg.net || h.dst !== Addr.anyGateway) return false;
    const key = DedupCache.key(h.src, h.seq);
    if (!this.dedup.add(key, h.hops)) return false;
    this.tx.enqueue(bytes, h.priority, key, true);
    return true;
  }

  private deliver(bytes: Uint8Array, info: ReceiveInfo, parsed?: ParsedFrame): void {
    if (this.listeners.length === 0) return;
    try {
      const message = messageOf(parsed ?? decodeFrame(bytes, this.hal.crypto.mac));
      this.stats.delivered++;
      this.publish({ kind: "delivered", message, frame: bytes, info });
    } catch (e) {
      countRejected(this.stats, reasonOf(e));
    }
  }

  private publish(e: RouterEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function reasonOf(e: unknown): string {
  return e instanceof D2DError ? e.reason : "internal";
}

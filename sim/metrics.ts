/**
 * What a run measured: everything the report (sim/report.ts) reads, and
 * nothing else of the simulation.
 *
 * Sources: messages originated and consumed, from the routers' events and the
 * gateways' host links (sim/world.ts); transmissions, from the frames on air;
 * phone SOS, responder instructions and media, as the people and the timeline
 * issue them; route repairs, by sampling the probes of the beacons that routed
 * through a beacon when it died; queue, channel and crypto counters, read once
 * when the run ends (finish()).
 *
 * Rules: a message counts as delivered at its first arrival at a gateway, with
 * the hops it had then. HELLOs, ACKs and instructions are not counted as
 * originated (instructions are measured by the beacons they reach). A
 * message's shortest path is the topology's hop count when it was originated.
 * A phone SOS counts as heard when some beacon heard its advertisement, and as
 * delivered when a gateway got an SOS carrying that phone's (id, seq). A
 * beacon's own SOS (an SOS entry without FROM_PHONE, SPEC §4.2) is recorded
 * by the frame that carries it. Life-safety messages are each SOS once: every
 * phone SOS heard and every beacon's own SOS, delivered when any frame
 * carrying it reached a gateway (copies and batches are how the mesh carries
 * an SOS, not SOS of their own: sim/report.ts). A phone SOS's copies are the
 * uplink frames originated carrying it, every carrier's (claims, broadcast
 * with hop limit 0, are not). A media
 * object is complete when a gateway could reassemble it.
 *
 * Timings: repairs are sampled every 20 ms; a beacon still routing through the
 * dead one (or through none) after 60 s counts as never repaired (Infinity).
 */
import { DedupCache } from "../forwarding/dedup";
import type { RouterProbe } from "../forwarding/events";
import type { StrategyName } from "../forwarding/router";
import { Reassembler, mediaKey } from "../protocol/fragment";
import { Addr, MsgType, parseFrame, type FrameHeader } from "../protocol/frame";
import { type Message, messageOf } from "../protocol/message";
import type { InstructionBody } from "../protocol/messages/instruction";
import type { MediaBody } from "../protocol/messages/media";
import type { SosBody } from "../protocol/messages/sos";
import { Reachability } from "./reachability";
import type { BeaconSpec, Scenario } from "./scenario";
import type { Scheduler } from "./scheduler";
import type { World, WorldObserver } from "./world";

/** A message a beacon originated (not a HELLO, ACK or instruction). */
export interface MessageRecord {
  key: number;
  type: number;
  priority: number;
  src: number;
  at: number;
  /** hops from its source to the nearest gateway over good links when it was originated (−1: none) */
  shortest: number;
  deliveredAt: number;
  hops: number;
  /** packed by relays (forwarding/pack.ts): the keys of the frames its SOS travel on in (a twin can be packed elsewhere too); delivered when the first of them is */
  into?: number[];
  /** a relay's packed frame (its router said so: forwarding/events.ts): it carries other messages' SOS, it is not one */
  carrier?: boolean;
}

/** A beacon's own SOS (not a phone's), by the frame that carries it. */
export interface OwnSosRecord { src: number; at: number; deliveredAt: number }

export interface PhoneSosRecord { phone: number; seq: number; at: number; heard: boolean; deliveredAt: number; heardBy: number[] }

/** `gatewayAlive`: false when its gateway was dead when the responders sent it (it then reaches nobody). */
/** `connected`: the beacons a chain of usable links led to from the gateway since it was sent (sim/reachability.ts) */
export interface InstructionRecord { id: number; at: number; from: number; gatewayAlive: boolean; eligible: Set<number>; reached: Map<number, number>; connected: Set<number> }

/** One media object (a still image, or one frame of a video stream) sent by a camera. */
export interface MediaRecord {
  camera: number; kind: "image" | "video"; stream: number; frame: number; bytes: number; count: number;
  at: number; delivered: Set<number>; completeAt: number;
}

/** A beacon that died, and when each beacon that routed through it routed around it (−1: not yet). */
export interface RepairRecord { dead: number; at: number; affected: Map<number, number> }

/** Counters read from the medium, the routers and the crypto when the run ends. */
export interface EndOfRun {
  channel: { load: number; transmissions: number; collisions: number; csmaGiveUps: number };
  queues: { drops: number; hopLimitDrops: number; returned: number; unicastFailures: number; nextHopSwitches: number };
  crypto: { hmacComputed: number; hmacReused: number };
}

export class Metrics implements WorldObserver {
  readonly messages = new Map<number, MessageRecord>();
  readonly phoneSos = new Map<string, PhoneSosRecord>();
  /** uplink frames originated carrying each phone SOS (the same "id:seq" keys): its copies, however many beacons carried it */
  readonly sosCopies = new Map<string, number>();
  /** beacons' own SOS, by their frame's (src, seq) key */
  readonly ownSos = new Map<number, OwnSosRecord>();
  readonly instructions: InstructionRecord[] = [];
  readonly media: MediaRecord[] = [];
  readonly repairs: RepairRecord[] = [];
  /** transmissions of each data message, by its (src, seq) key */
  readonly txByKey = new Map<number, number>();
  dataTx = 0;
  helloTx = 0;
  /** set by finish() */
  end: EndOfRun | null = null;
  /** what was physically reachable, from the world's topology snapshots */
  readonly reach = new Reachability();
  private readonly reassembly = new Reassembler({ maxObjects: 16, maxPerSource: 4, maxBytes: 512 * 1024, maxObjectBytes: 256 * 1024, timeoutMs: 120_000 });

  constructor(
    private readonly time: Scheduler,
    readonly scenario: Scenario,
    readonly seed: number,
    readonly strategy: StrategyName,
  ) {}

  // ------------------------------------------------------------ from the world

  originated(src: BeaconSpec, header: FrameHeader, key: number, shortestHops: number, frame: Uint8Array, packed = false): void {
    const type = header.type;
    if (type === MsgType.hello || type === MsgType.instruction || type === MsgType.ack) return;
    // Only uplink is owed to a gateway: a phone-SOS claim (broadcast, hop limit 0) is for the neighbours.
    if (header.dst !== Addr.anyGateway) return;
    // A relay's packed frame (forwarding/pack.ts): its SOS were counted in the frames it packed.
    const carrier = packed;
    this.messages.set(key, { key, type, priority: header.priority, src: src.id, at: this.time.now(), shortest: shortestHops, deliveredAt: -1, hops: -1, ...(carrier ? { carrier } : {}) });
    if (type !== MsgType.sos || carrier) return;
    const entries = sosEntries(messageOf(parseFrame(frame)).body as SosBody);
    if (entries.some((e) => !e.phone)) this.ownSos.set(key, { src: src.id, at: this.time.now(), deliveredAt: -1 });
    for (const e of entries) {
      if (!e.phone) continue;
      const k = `${e.phone.id}:${e.phone.seq}`;
      this.sosCopies.set(k, (this.sosCopies.get(k) ?? 0) + 1);
    }
  }

  delivered(b: BeaconSpec, m: Message): void {
    const h = m.header;
    const now = this.time.now();
    if (h.type === MsgType.instruction) {
      const id = (m.body as InstructionBody).id;
      const run = this.instructions.find((r) => r.id === id);
      if (run && !run.reached.has(b.id)) run.reached.set(b.id, now - run.at);
      return;
    }
    if (b.role !== "gateway") return;
    const o = this.messages.get(DedupCache.key(h.src, h.seq));
    if (o && o.deliveredAt < 0) {
      o.deliveredAt = now;
      o.hops = h.hops;
    }
    if (h.type === MsgType.sos) {
      // a batch (SPEC §4.2) carries several phones' SOS: each is delivered
      const own = this.ownSos.get(DedupCache.key(h.src, h.seq));
      if (own && own.deliveredAt < 0) own.deliveredAt = now;
      for (const e of sosEntries(m.body as SosBody)) {
        if (!e.phone) continue;
        const rec = this.phoneSos.get(`${e.phone.id}:${e.phone.seq}`);
        if (rec && rec.deliveredAt < 0) rec.deliveredAt = now;
      }
    } else if (h.type === MsgType.media) {
      const mb = m.body as MediaBody;
      const run = this.media.find((r) => r.camera === h.src && r.stream === mb.stream && r.frame === mb.frame && r.kind === mb.kind);
      if (run) {
        run.delivered.add(mb.index);
        try {
          const res = this.reassembly.add(mediaKey(h.src, mb.stream, mb.kind, mb.frame), h.src, mb.index, mb.count, mb.data, now, 250);
          if (res.status === "complete" && run.completeAt < 0) run.completeAt = now;
        } catch {
          // counted as incomplete in the report
        }
      }
    }
  }

  merged(key: number, into: number): void {
    const o = this.messages.get(key);
    if (o && o.deliveredAt < 0) (o.into ??= []).push(into);
  }

  onAir(frame: Uint8Array): void {
    try {
      const f = parseFrame(frame);
      if (f.header.type === MsgType.hello) {
        this.helloTx++;
        return;
      }
      this.dataTx++;
      const key = DedupCache.key(f.header.src, f.header.seq);
      this.txByKey.set(key, (this.txByKey.get(key) ?? 0) + 1);
    } catch {
      // not a frame of ours
    }
  }

  topology(world: World): void {
    this.reach.snapshot(world, this.time.now());
  }

  // ------------------------------------------------------------ from the people and the timeline

  /** A phone advertises an SOS; the caller marks it heard when a beacon hears it. */
  phoneSosSent(phone: number, seq: number): PhoneSosRecord {
    const rec: PhoneSosRecord = { phone, seq, at: this.time.now(), heard: false, deliveredAt: -1, heardBy: [] };
    this.phoneSos.set(`${phone}:${seq}`, rec);
    return rec;
  }

  /** The responders sent instruction `id` from gateway `from` (dead: `gatewayAlive` false); `eligible`: the beacons it should reach. */
  instructionSent(id: number, from: number, eligible: Set<number>, gatewayAlive: boolean): void {
    this.instructions.push({ id, at: this.time.now(), from, gatewayAlive, eligible, reached: new Map(), connected: this.reach.watch(from) });
  }

  /** A camera queued a media object, named on the air as `id`. */
  mediaSent(camera: number, kind: "image" | "video", bytes: number, id: { stream: number; frame: number; fragments: number }): void {
    this.media.push({ camera, kind, stream: id.stream, frame: id.frame, bytes, count: id.fragments, at: this.time.now(), delivered: new Set(), completeAt: -1 });
  }

  /** Beacon `dead` lost power while `affected` routed through it. */
  repairStarted(dead: number, affected: number[]): void {
    this.repairs.push({ dead, at: this.time.now(), affected: new Map(affected.map((id) => [id, -1])) });
  }

  /** Samples the affected beacons every 20 ms until each routes around its dead beacon (probe: null when off). */
  watchRepairs(probe: (id: number) => RouterProbe | null): void {
    const open = () => this.repairs.some((r) => [...r.affected.values()].some((v) => v < 0));
    const tick = () => {
      const now = this.time.now();
      for (const r of this.repairs) {
        for (const [id, v] of r.affected) {
          if (v >= 0) continue;
          const p = probe(id);
          if (!p) { r.affected.delete(id); continue; }
          const route = p.route();
          if (route && route.via !== r.dead && probe(route.via)) r.affected.set(id, now - r.at);
          else if (now - r.at > 60_000) r.affected.set(id, Infinity);
        }
      }
      if (open()) this.time.at(20, tick);
    };
    this.time.at(20, tick);
  }

  // ------------------------------------------------------------ at the end

  /** Reads the counters of the channel, of every live router and of the crypto. */
  finish(world: World): void {
    const queues = { drops: 0, hopLimitDrops: 0, returned: 0, unicastFailures: 0, nextHopSwitches: 0 };
    for (const b of world.alive()) {
      const s = b.probe?.stats;
      if (!s) continue;
      queues.drops += s.queueDrops;
      queues.unicastFailures += s.unicastFailures;
      queues.nextHopSwitches += s.nextHopSwitches;
      queues.hopLimitDrops += s.hopLimitDrops;
      queues.returned += s.returned;
    }
    const m = world.medium;
    this.end = {
      channel: { load: m.channelLoad(this.scenario.durationS * 1000), transmissions: m.stats.transmissions, collisions: m.stats.collisions, csmaGiveUps: m.stats.csmaGiveUps },
      queues,
      crypto: { hmacComputed: world.crypto.computed, hmacReused: world.crypto.reused },
    };
  }
}

/** The SOS entries of an SOS body: the first and any batched after it (SPEC §4.2). */
function sosEntries(body: SosBody): SosBody[] {
  return body.more ? [body, ...body.more] : [body];
}

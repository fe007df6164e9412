/**
 * The numbers of a finished simulation, as an object (for --json and tests)
 * and as text. Everything comes from the run's metrics (sim/metrics.ts).
 * Latencies are quantiles in ms (rounded to 0.1 ms, per hop to 0.01 ms);
 * delivery ratios are of the messages originated (phone SOS: of those a
 * beacon heard), and again of those physically reachable (sim/reachability.ts:
 * a source with a path of usable links to a live gateway at some topology
 * snapshot between origination and the end; a delivered message counts as
 * reachable). What was unreachable is counted, never left out.
 *
 * Life-safety is judged by message, each SOS once (`lifeSafety`): a phone's
 * SOS (id, seq) that a beacon heard, and a beacon's own SOS, delivered when
 * any frame carrying it reached a gateway. The class figures count frames:
 * the life-safety class includes every copy of a phone's SOS the carriers
 * send (firmware/roles/phone-sos.ts: up to two a radio neighbourhood, and
 * batches), so a copy lost while another arrived shows there, not as an SOS
 * lost. Both are reported.
 */
import { PRIORITY_NAMES, Priority } from "../protocol/frame";
import type { MessageRecord, Metrics } from "./metrics";
import { USABLE_PRR } from "./reachability";

export interface ClassReport {
  originated: number;
  delivered: number;
  ratio: number;
  /** originated while their source could reach a live gateway (or delivered) */
  reachable: number;
  /** delivered / reachable */
  ratioOfReachable: number;
  latencyMs: { p50: number; p95: number; p99: number };
  meanHops: number;
  /** delivered only after more than 10 s (held by store-and-forward, e.g. through jamming) */
  heldOver10s: number;
  /** packed by a relay (forwarding/pack.ts): delivered or lost above with the frame that carried them on (relays' packed frames are not counted as messages) */
  packed: number;
}

export interface Report {
  scenario: string;
  strategy: string;
  seed: number;
  simulatedS: number;
  wallS: number;
  speedup: number;
  /** destroyed: beacons that lost power for good or for a while, gateways included; gatewaysDestroyed: how many of them were gateways */
  nodes: { beacons: number; gateways: number; phones: number; destroyed: number; gatewaysDestroyed: number };
  /** frames by priority class (copies of an SOS are frames of their own) */
  classes: Record<string, ClassReport>;
  /** each SOS once, by whichever frame carried it: the phone SOS heard and the beacons' own SOS */
  lifeSafety: { messages: number; delivered: number; ratio: number; reachable: number; ratioOfReachable: number; latencyMs: { p50: number; p95: number; p99: number } };
  /** reachable: heard by a beacon that could reach a live gateway (or delivered); ratioOfReachable: delivered / reachable */
  /** carried: heard phone SOS that some beacon originated an uplink frame for; copies: those frames, every carrier's, across the site (SOS_COPIES is the bound per radio neighbourhood: firmware/roles/phone-sos.ts) */
  phoneSos: { sent: number; heard: number; reachable: number; delivered: number; ratio: number; ratioOfReachable: number; latencyMs: { p50: number; p95: number; p99: number }; carried: number; copies: number };
  perHopMs: { p50: number; p95: number };
  efficiency: { dataTx: number; helloTx: number; deliveredUplink: number; txPerDelivered: number; shortestHops: number; txPerShortestHop: number };
  /** gatewayAlive false: sent at a dead gateway's console, so it reached nobody */
  /** connected: beacons the gateway could reach over usable links after sending; coverageOfConnected: of those, the share reached */
  instructions: { id: number; from: number; gatewayAlive: boolean; reached: number; eligible: number; coverage: number; connected: number; coverageOfConnected: number; p95Ms: number }[];
  /** reachable: its camera could reach a live gateway after it was sent (or it arrived whole) */
  images: { camera: number; bytes: number; fragments: number; delivered: number; complete: boolean; reachable: boolean; seconds: number }[];
  /** the bar a link clears to count as usable, and what could not reach a gateway (messages: frames of every class; lifeSafety: SOS, each once) */
  reachability: { usablePrr: number; snapshots: number; unreachable: { messages: number; lifeSafety: number; phoneSos: number; images: number } };
  streams: { camera: number; stream: number; frames: number; complete: number; latencyMs: { p50: number; p95: number } }[];
  channel: { load: number; transmissions: number; collisions: number; csmaGiveUps: number };
  queues: { drops: number; hopLimitDrops: number; returned: number; unicastFailures: number; nextHopSwitches: number };
  repair: { affected: number; repaired: number; p50Ms: number; maxMs: number };
  crypto: { hmacComputed: number; hmacReused: number };
}

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/** How many uplink frames carried each heard phone SOS that some beacon carried. */
function copiesOf(heard: readonly { phone: number; seq: number }[], copies: ReadonlyMap<string, number>): { carried: number; copies: number } {
  let carried = 0, n = 0;
  for (const s of heard) {
    const c = copies.get(`${s.phone}:${s.seq}`) ?? 0;
    if (c > 0) carried++;
    n += c;
  }
  return { carried, copies: n };
}

/**
 * When o's content reached a gateway, and in which frame: o itself if it was
 * delivered; else the first delivered of the frames it was packed into
 * (forwarding/pack.ts), and theirs in turn (two copies of one frame, after a
 * lost ACK, can be packed at two relays); else o, undelivered. Never before
 * o was sent (a frame it was packed into may have arrived by a twin first).
 */
function arrival(m: Metrics, o: MessageRecord): { at: number; frame: MessageRecord } {
  if (o.deliveredAt >= 0 || !o.into) return { at: o.deliveredAt, frame: o };
  let best: MessageRecord = o;
  packedInto(m, o, (c) => {
    if (c.deliveredAt < 0) return true;
    if (best.deliveredAt < 0 || c.deliveredAt < best.deliveredAt) best = c;
    return false;
  });
  return best === o ? { at: -1, frame: o } : { at: Math.max(o.at, best.deliveredAt), frame: best };
}

/** Visits each frame o was packed into, through any chain of packings, each once; `visit` says whether to go on into the frames that one was packed into. */
function packedInto(m: Metrics, o: MessageRecord, visit: (c: MessageRecord) => boolean): void {
  const seen = new Set<number>([o.key]), todo = [...(o.into ?? [])];
  while (todo.length > 0) {
    const c = m.messages.get(todo.pop() as number);
    if (!c || seen.has(c.key)) continue;
    seen.add(c.key);
    if (visit(c) && c.into) todo.push(...c.into);
  }
}

/** Every relay's packed frame o went on in, through any chain of packings (SPEC §4.2), each once (a message it was merged into is followed, not counted: its transmissions are its own). */
function carriersOf(m: Metrics, o: MessageRecord): MessageRecord[] {
  const out: MessageRecord[] = [];
  packedInto(m, o, (c) => {
    if (c.carrier) out.push(c);
    return true;
  });
  return out;
}

export function buildReport(m: Metrics, wallS: number): Report {
  const sc = m.scenario;
  const end = m.end;
  if (!end) throw new Error("the run has not finished");
  const classes: Record<string, ClassReport> = {};
  // Messages (a relay's packed frame is none), each with when and in which frame its content arrived.
  const messages = [...m.messages.values()].filter((o) => !o.carrier);
  const arrived = new Map(messages.map((o) => [o, arrival(m, o)]));
  for (const p of [Priority.lifeSafety, Priority.telemetry, Priority.bulk]) {
    const os = messages.filter((o) => o.priority === p);
    const fate = os.map((o) => arrived.get(o)!);
    const del = os.filter((_, i) => fate[i].at >= 0);
    const lat = os.flatMap((o, i) => (fate[i].at >= 0 ? [fate[i].at - o.at] : []));
    const reachable = os.filter((o, i) => fate[i].at >= 0 || m.reach.reachable(o.src, o.at)).length;
    classes[PRIORITY_NAMES[p]] = {
      originated: os.length,
      delivered: del.length,
      ratio: os.length ? del.length / os.length : NaN,
      reachable,
      ratioOfReachable: reachable ? del.length / reachable : NaN,
      latencyMs: { p50: round(quantile(lat, 0.5)), p95: round(quantile(lat, 0.95)), p99: round(quantile(lat, 0.99)) },
      // (a packed message's: the hops of the frame that arrived, the most of its parts')
      meanHops: round(fate.reduce((s, f) => s + (f.at >= 0 ? f.frame.hops + 1 : 0), 0) / Math.max(1, del.length), 2),
      heldOver10s: lat.filter((l) => l > 10_000).length,
      packed: os.filter((o) => o.into !== undefined && o.deliveredAt < 0).length,
    };
  }
  const sos = [...m.phoneSos.values()];
  const heard = sos.filter((s) => s.heard);
  const sosDel = heard.filter((s) => s.deliveredAt >= 0);
  const sosLat = sosDel.map((s) => s.deliveredAt - s.at);
  const sosReachable = heard.filter((s) => s.deliveredAt >= 0 || s.heardBy.some((id) => m.reach.reachable(id, s.at))).length;
  const own = [...m.ownSos.values()];
  const ownDel = own.filter((s) => s.deliveredAt >= 0);
  const ownReachable = own.filter((s) => s.deliveredAt >= 0 || m.reach.reachable(s.src, s.at)).length;
  const lsMessages = heard.length + own.length, lsDelivered = sosDel.length + ownDel.length, lsReachable = sosReachable + ownReachable;
  const lsLat = [...sosLat, ...ownDel.map((s) => s.deliveredAt - s.at)];
  const images = m.media.filter((r) => r.kind === "image");
  const imageReachable = (r: (typeof images)[number]) => r.completeAt >= 0 || m.reach.reachable(r.camera, r.at);
  // Messages delivered, in their own frame or in one they were packed into.
  const uplink = messages.filter((o) => arrived.get(o)!.at >= 0);
  // Per hop: only frames that arrived themselves (a packed frame's hops began before it was made).
  const perHop = uplink.filter((o) => o.deliveredAt >= 0).map((o) => (o.deliveredAt - o.at) / (o.hops + 1));
  // Per message delivered: its shortest path, its own transmissions (a packed one's, to the relay that
  // packed it), and its share of the transmissions of every frame it was packed into (each relay's packed
  // frame shared evenly among the messages packed into it, directly or through another: so each frame's
  // transmissions are counted once, and a message with no shortest path, one unreachable over good
  // links when it was sent, takes its share out with it).
  const carried = new Map<MessageRecord, MessageRecord[]>();
  for (const o of messages) if (o.into) carried.set(o, carriersOf(m, o));
  const sharing = new Map<number, number>();
  for (const cs of carried.values()) for (const c of cs) sharing.set(c.key, (sharing.get(c.key) ?? 0) + 1);
  let tx = 0, shortest = 0;
  for (const o of uplink) {
    if (o.shortest <= 0) continue;
    shortest += o.shortest;
    tx += m.txByKey.get(o.key) ?? 0;
    for (const c of carried.get(o) ?? []) tx += (m.txByKey.get(c.key) ?? 0) / (sharing.get(c.key) as number);
  }
  const repairs = m.repairs.flatMap((r) => [...r.affected.values()]);
  const repaired = repairs.filter((v) => v >= 0 && Number.isFinite(v));
  return {
    scenario: sc.name,
    strategy: m.strategy,
    seed: m.seed,
    simulatedS: sc.durationS,
    wallS: round(wallS, 2),
    speedup: Math.round(sc.durationS / Math.max(wallS, 1e-6)),
    nodes: {
      beacons: sc.beacons.filter((b) => b.role !== "gateway").length,
      gateways: sc.beacons.filter((b) => b.role === "gateway").length,
      phones: sc.phones.count,
      destroyed: m.repairs.length,
      gatewaysDestroyed: m.repairs.filter((r) => sc.beacons.some((b) => b.id === r.dead && b.role === "gateway")).length,
    },
    classes,
    lifeSafety: {
      messages: lsMessages, delivered: lsDelivered, ratio: lsMessages ? lsDelivered / lsMessages : NaN,
      reachable: lsReachable, ratioOfReachable: lsReachable ? lsDelivered / lsReachable : NaN,
      latencyMs: { p50: round(quantile(lsLat, 0.5)), p95: round(quantile(lsLat, 0.95)), p99: round(quantile(lsLat, 0.99)) },
    },
    phoneSos: {
      sent: sos.length, heard: heard.length, reachable: sosReachable, delivered: sosDel.length,
      ratio: heard.length ? sosDel.length / heard.length : NaN,
      ratioOfReachable: sosReachable ? sosDel.length / sosReachable : NaN,
      latencyMs: { p50: round(quantile(sosLat, 0.5)), p95: round(quantile(sosLat, 0.95)), p99: round(quantile(sosLat, 0.99)) },
      ...copiesOf(heard, m.sosCopies),
    },
    perHopMs: { p50: round(quantile(perHop, 0.5), 2), p95: round(quantile(perHop, 0.95), 2) },
    efficiency: {
      dataTx: m.dataTx, helloTx: m.helloTx, deliveredUplink: uplink.length,
      txPerDelivered: round(m.dataTx / Math.max(1, uplink.length), 2),
      shortestHops: shortest,
      txPerShortestHop: round(tx / Math.max(1, shortest), 2),
    },
    instructions: m.instructions.map((r) => {
      const lat = [...r.reached.entries()].filter(([id]) => r.eligible.has(id)).map(([, v]) => v);
      const ofConnected = [...r.connected].filter((id) => r.reached.has(id)).length;
      return {
        id: r.id, from: r.from, gatewayAlive: r.gatewayAlive, reached: lat.length, eligible: r.eligible.size, coverage: round(lat.length / Math.max(1, r.eligible.size), 3),
        connected: r.connected.size, coverageOfConnected: r.connected.size ? round(ofConnected / r.connected.size, 3) : NaN, p95Ms: round(quantile(lat, 0.95)),
      };
    }),
    streams: streamsOf(m),
    images: images.map((r) => ({
      camera: r.camera, bytes: r.bytes, fragments: r.count, delivered: r.delivered.size, complete: r.completeAt >= 0, reachable: imageReachable(r),
      seconds: r.completeAt >= 0 ? round((r.completeAt - r.at) / 1000, 2) : NaN,
    })),
    channel: { ...end.channel, load: round(end.channel.load, 3) },
    queues: { ...end.queues },
    repair: { affected: repairs.length, repaired: repaired.length, p50Ms: round(quantile(repaired, 0.5)), maxMs: round(repaired.length ? Math.max(...repaired) : NaN) },
    crypto: { ...end.crypto },
    reachability: {
      usablePrr: USABLE_PRR, snapshots: m.reach.snapshots,
      unreachable: {
        messages: Object.values(classes).reduce((s, c) => s + c.originated - c.reachable, 0),
        lifeSafety: lsMessages - lsReachable,
        phoneSos: heard.length - sosReachable,
        images: images.filter((r) => !imageReachable(r)).length,
      },
    },
  };
}

function streamsOf(m: Metrics): Report["streams"] {
  const byStream = new Map<string, typeof m.media>();
  for (const r of m.media) {
    if (r.kind !== "video") continue;
    const k = `${r.camera}:${r.stream}`;
    byStream.set(k, [...(byStream.get(k) ?? []), r]);
  }
  return [...byStream.values()].map((rs) => {
    const done = rs.filter((r) => r.completeAt >= 0).map((r) => r.completeAt - r.at);
    return { camera: rs[0].camera, stream: rs[0].stream, frames: rs.length, complete: done.length, latencyMs: { p50: round(quantile(done, 0.5)), p95: round(quantile(done, 0.95)) } };
  });
}

const pct = (x: number) => (Number.isFinite(x) ? (x * 100).toFixed(x >= 0.999 && x < 1 ? 2 : 1) + " %" : "—");
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) + " ms" : "—");

export function formatReport(r: Report): string {
  const L: string[] = [];
  L.push(`${r.scenario} — strategy ${r.strategy}, seed ${r.seed}: ${r.simulatedS} s simulated in ${r.wallS} s (${r.speedup}× real time)`);
  L.push(`${r.nodes.beacons} beacons, ${r.nodes.gateways} gateways, ${r.nodes.phones} phones; ${r.nodes.destroyed} beacons destroyed` +
    (r.nodes.gatewaysDestroyed ? ` (${r.nodes.gatewaysDestroyed} of them gateways)` : ""));
  L.push("");
  const ls = r.lifeSafety;
  L.push(`life-safety: ${ls.delivered} of ${ls.messages} SOS delivered (each SOS once, by any copy): ${pct(ls.ratio)}; ${pct(ls.ratioOfReachable)} of ${ls.reachable} reachable; p50 ${ms(ls.latencyMs.p50)}, p95 ${ms(ls.latencyMs.p95)}, p99 ${ms(ls.latencyMs.p99)}`);
  L.push("");
  L.push("frames delivered to a gateway, by priority class (every copy of an SOS is a frame)");
  for (const [name, c] of Object.entries(r.classes)) {
    L.push(`  ${name.padEnd(12)} ${String(c.delivered).padStart(6)} / ${String(c.originated).padEnd(6)} ${pct(c.ratio).padStart(8)}   ${pct(c.ratioOfReachable)} of ${c.reachable} reachable   latency p50 ${ms(c.latencyMs.p50)}, p95 ${ms(c.latencyMs.p95)}, p99 ${ms(c.latencyMs.p99)}   mean hops ${c.meanHops}` +
      (c.heldOver10s ? `   (${c.heldOver10s} held > 10 s)` : "") + (c.packed ? `   (${c.packed} of them packed into relays' frames on the way)` : ""));
  }
  L.push(`  phone SOS    ${r.phoneSos.delivered} of ${r.phoneSos.heard} heard by a beacon (${r.phoneSos.sent} sent): ${pct(r.phoneSos.ratio)}; ${pct(r.phoneSos.ratioOfReachable)} of ${r.phoneSos.reachable} reachable; p50 ${ms(r.phoneSos.latencyMs.p50)}, p99 ${ms(r.phoneSos.latencyMs.p99)}; ` +
    `carried by a mean of ${r.phoneSos.carried ? round(r.phoneSos.copies / r.phoneSos.carried, 2) : "—"} frames each`);
  L.push(`  per hop      p50 ${ms(r.perHopMs.p50)}, p95 ${ms(r.perHopMs.p95)}`);
  L.push("");
  for (const i of r.instructions) {
    L.push(i.gatewayAlive
      ? `instruction ${i.id}: reached ${i.reached} of ${i.eligible} live beacons (${pct(i.coverage)}); ${pct(i.coverageOfConnected)} of the ${i.connected} connected to its gateway; p95 ${ms(i.p95Ms)}`
      : `instruction ${i.id}: not sent, its gateway ${i.from} is destroyed (0 of ${i.eligible} live beacons reached)`);
  }
  for (const v of r.streams) L.push(`video from ${v.camera}: ${v.complete} of ${v.frames} frames complete, frame latency p50 ${ms(v.latencyMs.p50)}, p95 ${ms(v.latencyMs.p95)}`);
  for (const i of r.images) L.push(`image from ${i.camera}: ${i.bytes} B in ${i.fragments} fragments, ${i.delivered} delivered, ${i.complete ? `complete in ${i.seconds} s` : i.reachable ? "incomplete" : "incomplete (its camera could not reach a gateway)"}`);
  L.push("");
  L.push(`transmissions: ${r.efficiency.dataTx} data + ${r.efficiency.helloTx} HELLO; ${r.efficiency.txPerDelivered} per delivered message; ${r.efficiency.txPerShortestHop} per shortest-path hop`);
  L.push(`channel: load ${pct(r.channel.load)} per beacon, ${r.channel.collisions} collisions, ${r.channel.csmaGiveUps} carrier-sense give-ups`);
  L.push(`queues: ${r.queues.drops} drops, ${r.queues.hopLimitDrops} at the hop limit, ${r.queues.returned} came back and taken again; ${r.queues.unicastFailures} unacknowledged sends, ${r.queues.nextHopSwitches} next-hop switches`);
  const u = r.reachability.unreachable;
  L.push(`unreachable (no path of links with PRR ≥ ${r.reachability.usablePrr} to a live gateway by the end): ${u.messages} frames, ${u.lifeSafety} SOS, ${u.phoneSos} phone SOS, ${u.images} images`);
  L.push(`route repair after a beacon died: ${r.repair.repaired} of ${r.repair.affected} neighbours re-routed, p50 ${ms(r.repair.p50Ms)}, max ${ms(r.repair.maxMs)}`);
  return L.join("\n");
}



/**
 * Phone SOS packed instead of evicted when the life-safety queue is full
 * (forwarding/pack.ts, forwarding/pipeline.ts).
 */
import test from "ava";
import { ADDED, Pack, SKIPPED, UNDELIVERABLE } from "../forwarding/pack";
import type { RouterEvent } from "../forwarding/events";
import { Addr, MsgType, Priority, encodeFrame, parseFrame } from "../protocol/frame";
import { decodeMessage, encodeMessage } from "../protocol/message";
import type { SosBody } from "../protocol/messages/sos";
import { MemoryStore } from "../hal/sim/storage";
import { hello, node } from "./support/router-node";

const mac = () => new Uint8Array(8);
const entry = (id: number, seq = 1) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq, rssi: -60 } });
const own = { floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [] };
const sosFrame = (src: number, seq: number, body: object, hopLimit = 8, hops = 2, m: (b: Uint8Array) => Uint8Array = mac, dst: number = Addr.anyGateway) =>
  encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit, hops, net: 3, ack: false, src, dst, seq }, body, m);
const batch = (ids: number[]) => ({ ...entry(ids[0]), more: ids.slice(1).map((id) => entry(id)) });
const phones = (b: SosBody) => [b, ...(b.more ?? [])].map((e) => e.phone?.id);

test("Pack: each phone SOS once, the most hops and the least hop limit (a received frame counted as relayed), fourteen entries at most", (t) => {
  const p = new Pack(1);
  t.is(p.add(parseFrame(sosFrame(5, 1, batch([500, 501]), 9, 3)), 1), ADDED, "received: hop limit 8, hops 4 once relayed");
  t.is(p.add(parseFrame(sosFrame(6, 1, batch([501, 502]), 6, 1)), 0), ADDED, "501 again: only 502 is new");
  t.is(p.n, 3);
  t.is(p.hopLimit, 6);
  t.is(p.hops, 4);
  t.true(p.hopLimit + p.hops <= 15);
  t.is(p.add(parseFrame(sosFrame(7, 1, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610, 611]))), 0), SKIPPED, "12 more would not fit with 3");
  t.is(p.n, 3, "a frame that does not fit adds nothing");
  t.is(p.add(parseFrame(sosFrame(7, 2, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610]))), 0), ADDED);
  t.is(p.n, 14);
});

test("Pack: the same phone SOS is its bytes but the RSSI; another content under the same phone id and seq travels beside it", (t) => {
  const p = new Pack(1);
  t.is(p.add(parseFrame(sosFrame(5, 1, entry(500))), 0), ADDED);
  t.is(p.add(parseFrame(sosFrame(6, 1, { ...entry(500), phone: { id: 500, seq: 1, rssi: -80 } })), 0), ADDED);
  t.is(p.n, 1, "another carrier's copy (only its RSSI differs) is the same SOS");
  t.is(p.add(parseFrame(sosFrame(7, 1, { ...entry(500), floor: 2, flags: ["hiding"] })), 0), ADDED);
  t.is(p.n, 2, "a forged advertisement under the same id and seq does not replace the caller's");
});

test("Pack: a part must still reach a gateway along this node's route", (t) => {
  const p = new Pack(4);
  t.is(p.add(parseFrame(sosFrame(5, 1, entry(500), 5, 2)), 1), ADDED, "hop limit 4 once relayed: enough for a 4-hop route");
  t.is(p.add(parseFrame(sosFrame(6, 1, entry(501), 3, 12)), 0), SKIPPED, "a spent hop limit (3) would strand everything packed with it");
  t.is(p.hopLimit, 4);
  t.is(p.n, 1);
});

test("Pack: not a beacon's own SOS, not a claim, not another type, not a frame with no hop left, not a body that does not decode", (t) => {
  const p = new Pack(1);
  t.is(p.add(parseFrame(sosFrame(5, 1, own)), 0), SKIPPED, "a beacon's own SOS: its src says whose it is");
  t.is(p.add(parseFrame(sosFrame(5, 2, entry(500), 0, 0, mac, Addr.broadcast)), 0), SKIPPED, "a claim");
  t.is(p.add(parseFrame(sosFrame(5, 3, entry(500), 1, 3)), 1), SKIPPED, "no hop left once relayed");
  const bad = sosFrame(5, 4, batch([500, 501]));
  bad[parseFrame(bad).payloadStart + 16 + 9] &= 0x7f; // the second entry without FROM_PHONE: a key holder's malformed batch
  t.is(p.add(parseFrame(bad), 0), UNDELIVERABLE, "a body the gateway would refuse is not packed with honest entries");
  const pos = encodeMessage({ type: MsgType.position, priority: Priority.telemetry, hopLimit: 8, hops: 0, net: 3, ack: false, src: 5, dst: Addr.anyGateway, seq: 5 }, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 }, mac);
  t.is(p.add(parseFrame(pos), 0), SKIPPED);
  t.is(p.n, 0);
});

/**
 * A relay with room for `room` SOS frames and a way to gateway 1 (a
 * neighbour), and the events its listeners hear. Its radio never answers, so
 * the first frame stays on the air and the rest wait in the queue.
 */
function relay(room: number, routed = true, bytes = room * (28 + 288)) {
  const events: RouterEvent[] = [];
  // queueBytes: by default what `room` frames of 28 bytes cost queued (forwarding/queue.ts queuedCost)
  const n = node(10, { queueFrames: 80, queueBytes: bytes }, new MemoryStore(), [(e) => events.push(e)]);
  if (routed) n.hear(hello(1, n.crypto.mac, { gateway: 1, hops: 0, metric: 0 }), 1);
  n.hear(sosFrame(19, 1, entry(499), 8, 1, n.crypto.mac), 19); // on the air from here on
  n.radio.sent.length = 0;
  return { ...n, events };
}

/** Relay r hears frame i (from beacon 20 + i) carrying `body`. */
const fill = (r: ReturnType<typeof relay>, i: number, body: object) => r.hear(sosFrame(20 + i, 1, body, 8, 1, r.crypto.mac), 20 + i);
/** The phone SOS that finds r's queue full (phone 503, from beacon 30). */
const arrive = (r: ReturnType<typeof relay>) => r.hear(sosFrame(30, 1, entry(503), 8, 1, r.crypto.mac), 30);
/** Nothing packed: the arrival evicted the oldest of 3, as without packing. */
function evictedAsBefore(t: { is(a: unknown, b: unknown, m?: string): void }, r: ReturnType<typeof relay>): void {
  t.is(r.router.stats.packed, 0);
  t.is(r.router.stats.queueDrops, 1, "the arrival evicted the oldest, as without packing");
  t.is(r.router.queued, 3);
}

test("a phone SOS that finds the life-safety queue full is packed with the queued ones: nothing evicted, one frame of this relay's carries every caller", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  for (let i = 0; i < 3; i++) r.hear(sosFrame(20 + i, 1, entry(500 + i), 8, 1, k), 20 + i);
  t.is(r.router.queued, 3);
  t.is(r.router.stats.queueDrops, 0);
  r.hear(sosFrame(30, 1, entry(503), 8, 1, k), 30);
  t.is(r.router.stats.queueDrops, 0, "nothing evicted");
  t.is(r.router.queued, 1, "four frames became one");
  t.is(r.router.stats.packed, 4);
  const merged = r.events.filter((e) => e.kind === "merged").map((e) => (e as { key: number }).key);
  t.is(merged.length, 4, "the three packed away and the arrival are told");
  const orig = r.events.filter((e) => e.kind === "originated" && (e as { header: { type: number } }).header.type === MsgType.sos);
  t.is(orig.length, 1);
  const h = (orig[0] as { header: { src: number; hops: number; hopLimit: number } }).header;
  t.like(h, { src: 10, hops: 2, hopLimit: 7 }, "this relay's frame, with the parts' hops (1 + this relay's) and hop limit");
  const body = decodeMessage((orig[0] as { frame: Uint8Array }).frame, k).body as SosBody;
  t.deepEqual(phones(body).sort(), [500, 501, 502, 503]);
});

test("a full queue of beacons' own SOS is not packed: the arrival evicts as before", (t) => {
  const r = relay(3);
  for (let i = 0; i < 3; i++) fill(r, i, own);
  arrive(r);
  evictedAsBefore(t, r);
});

test("packing that cannot make its frame (the frame seqs ran out) puts the parts back: the arrival evicts one as before, nothing else is lost, nothing throws", (t) => {
  const r = relay(3);
  for (let i = 0; i < 3; i++) fill(r, i, entry(500 + i));
  const keys = () => {
    const out: number[] = [];
    (r.router as unknown as { tx: { queue: { each(f: (o: { key: number }) => void): void } } }).tx.queue.each((o) => out.push(o.key));
    return out;
  };
  const before = keys();
  (r.router as unknown as { seq: { next(): number } }).seq.next = () => {
    throw new Error("sequence exhausted");
  };
  t.notThrows(() => arrive(r));
  evictedAsBefore(t, r);
  t.deepEqual(keys(), [...before.slice(1), 30 * 0x1000000 + 1], "the parts are back in their order; the oldest gave way to the arrival");
  t.false(r.events.some((e) => e.kind === "merged"));
});

test("no route, no packing: the arrival evicts as before (a hop limit cannot be judged without a way)", (t) => {
  const r = relay(3, false);
  for (let i = 0; i < 2; i++) fill(r, i, entry(500 + i));
  t.is(r.router.queued, 3, "held: no way to send them");
  arrive(r);
  evictedAsBefore(t, r);
});

test("a queued phone SOS whose body no gateway would take is dropped when packing meets it, not decoded at every arrival", (t) => {
  const r = relay(4);
  const k = r.crypto.mac;
  // A key holder's batch: a valid MIC over a second entry without FROM_PHONE (the gateway refuses it: SPEC §4.2).
  const good = parseFrame(sosFrame(20, 1, batch([500, 501]), 8, 1, k));
  const body = good.bytes.slice(good.payloadStart, good.micOffset);
  body[16 + 9] &= 0x7f;
  r.hear(encodeFrame(good.header, body, k), 20);
  for (let i = 1; i < 3; i++) r.hear(sosFrame(20 + i, 1, entry(600 + i), 8, 1, k), 20 + i);
  r.hear(sosFrame(30, 1, entry(603), 8, 1, k), 30);
  t.is(r.router.stats.queueDrops, 1, "the undeliverable batch is dropped");
  t.is(r.router.stats.packed, 3, "the two honest frames and the arrival are packed");
  t.is(r.router.queued, 1);
});

const merged = (r: ReturnType<typeof relay>) => r.events.filter((e) => e.kind === "merged").map((e) => (e as { key: number }).key);
const originatedSos = (r: ReturnType<typeof relay>) =>
  r.events.filter((e) => e.kind === "originated" && (e as { header: { type: number } }).header.type === MsgType.sos) as unknown as { header: { hopLimit: number; hops: number }; frame: Uint8Array }[];

test("an arrival whose callers this relay's own packed frame carries already goes no further: no second frame, no frame seq spent, nothing evicted", (t) => {
  const r = relay(3, true, 960); // room for the 44-byte packed frame in place of the 28-byte part
  fill(r, 0, own);
  fill(r, 1, entry(501));
  fill(r, 2, own);
  r.hear(sosFrame(30, 1, entry(502), 8, 1, r.crypto.mac), 30); // packed with 501 into a frame of relay 10's
  t.is(originatedSos(r).length, 1);
  const into = (originatedSos(r)[0] as unknown as { key: number }).key;
  t.is(Math.floor(into / 0x1000000), 10, "relay 10's own frame");
  t.is(r.router.queued, 3);
  r.hear(sosFrame(31, 1, { ...entry(502), phone: { id: 502, seq: 1, rssi: -85 } }, 8, 1, r.crypto.mac), 31); // another carrier's copy
  t.is(originatedSos(r).length, 1, "no second frame, so no frame seq spent on a copy");
  t.is(r.router.queued, 3, "the queue as it was");
  t.is(r.router.stats.queueDrops, 0, "nothing evicted");
  t.deepEqual(r.events.filter((e) => e.kind === "merged").slice(-1), [{ kind: "merged", key: 31 * 0x1000000 + 1, into }], "told as carried by the packed frame");
});

test("another beacon's queued frame that carries an arrival's callers already is packed with it, not trusted to carry them (it could be a key holder's that goes nowhere)", (t) => {
  const r = relay(3);
  fill(r, 0, own);
  fill(r, 1, entry(501));
  fill(r, 2, own);
  r.hear(sosFrame(30, 1, { ...entry(501), phone: { id: 501, seq: 1, rssi: -85 } }, 8, 1, r.crypto.mac), 30);
  const o = originatedSos(r);
  t.is(o.length, 1, "one frame of this relay's carries the caller on");
  t.deepEqual(phones(decodeMessage(o[0].frame, r.crypto.mac).body as SosBody), [501]);
  t.is(r.router.stats.queueDrops, 0);
  t.is(r.router.queued, 3);
});

test("a key holder's SOS fragment whose chunk is a caller's entry is no part: the caller's copy is not dropped as carried, nor packed with it", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  fill(r, 0, own);
  fill(r, 2, own);
  const chunk = parseFrame(sosFrame(42, 7, entry(501), 8, 1, k));
  r.hear(encodeFrame({ ...chunk.header, frag: { id: 1, index: 0, count: 2 } }, chunk.bytes.slice(chunk.payloadStart, chunk.micOffset), k), 42);
  t.is(r.router.queued, 3);
  arrive(r);
  evictedAsBefore(t, r);
  t.is(originatedSos(r).length, 0);
});

test("a queued part with no hop to spare beyond this relay's route is left as it is; the rest are packed, with the hop limit they had", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  r.hear(sosFrame(20, 1, entry(500), 2, 13, k), 20); // queued with hop limit 1: just enough for the 1-hop route, none to spare
  fill(r, 1, entry(501));
  fill(r, 2, entry(502));
  arrive(r);
  t.is(r.router.stats.queueDrops, 0);
  t.is(r.router.queued, 2, "the tight one and the packed frame");
  t.deepEqual(merged(r).sort(), [21, 22, 30].map((b) => b * 0x1000000 + 1).sort());
  const o = originatedSos(r);
  t.is(o.length, 1);
  t.like(o[0].header, { hopLimit: 7, hops: 2 }, "not pulled down to the tight part's hop limit 1");
  t.deepEqual(phones(decodeMessage(o[0].frame, k).body as SosBody), [501, 502, 503], "the queued parts first, oldest first, then the arrival");
});

test("a packed frame that would itself evict a life-safety frame is not made: the arrival evicts as before", (t) => {
  // Two beacons' own SOS (22-byte frames) and one phone SOS fill 936 of 942 bytes; packing the
  // phone SOS with the arrival frees 316 and takes 332, so it would evict a beacon's own SOS.
  const r = relay(3, true, 942);
  fill(r, 0, own);
  fill(r, 1, entry(501));
  fill(r, 2, own);
  t.is(r.router.queued, 3);
  arrive(r);
  evictedAsBefore(t, r);
  t.is(originatedSos(r).length, 0);
});

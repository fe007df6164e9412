/**
 * Phone SOS packed with the queued ones by the relay that carries them on,
 * each entry keeping its own hop budget (forwarding/pack.ts,
 * forwarding/pipeline.ts, SPEC §4.2).
 */
import test from "ava";
import { ADDED, Pack, SKIPPED, UNDELIVERABLE, carries } from "../forwarding/pack";
import type { RouterEvent } from "../forwarding/events";
import { Addr, MsgType, Priority, encodeFrame, parseFrame } from "../protocol/frame";
import { decodeMessage, encodeMessage } from "../protocol/message";
import { sos, type SosBody } from "../protocol/messages/sos";
import { MemoryStore } from "../hal/sim/storage";
import { hello, node } from "./support/router-node";

const mac = () => new Uint8Array(8);
const entry = (id: number, seq = 1) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq, rssi: -60 } });
const own = { floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [] };
const sosFrame = (src: number, seq: number, body: object, hopLimit = 8, hops = 2, m: (b: Uint8Array) => Uint8Array = mac, dst: number = Addr.anyGateway) =>
  encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit, hops, net: 3, ack: false, src, dst, seq }, body, m);
const batch = (ids: number[]) => ({ ...entry(ids[0]), more: ids.slice(1).map((id) => entry(id)) });
const phones = (b: SosBody) => [b, ...(b.more ?? [])].map((e) => e.phone?.id);

test("Pack: each phone SOS once, the most hops, fourteen entries at most; each entry its own hop limit, the frame's the most of them", (t) => {
  const p = new Pack(1);
  t.is(p.add(parseFrame(sosFrame(5, 1, batch([500, 501]), 9, 3)), 1), ADDED, "received: hop limit 8, hops 4 once relayed");
  t.is(p.add(parseFrame(sosFrame(6, 1, batch([501, 502]), 6, 1)), 0), ADDED, "501 again: only 502 is new");
  t.is(p.n, 3);
  t.is(p.hopLimit, 8, "the most of its entries': 500 and 501 may still go 8");
  t.is(p.frameHops, 4);
  const body = p.bytes();
  t.is(body.length, 3 * 16 + 2, "three entries and two bytes of nibbles");
  t.deepEqual([...body.subarray(48)], [0x00, 0x20], "500 and 501 short by 0, 502 by 2 (hop limit 6), then the odd count's 0");
  const back = sos.decode(body, 0, body.length);
  t.deepEqual(phones(back), [500, 501, 502]);
  t.deepEqual([back, ...(back.more ?? [])].map((e) => e.hopsShort), [undefined, undefined, 2]);
  t.is(p.add(parseFrame(sosFrame(7, 1, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610, 611]))), 0), SKIPPED, "12 more would not fit with 3");
  t.is(p.n, 3, "a frame that does not fit adds nothing");
  t.is(p.add(parseFrame(sosFrame(7, 2, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610]))), 0), ADDED);
  t.is(p.n, 14);
  t.is(p.bytes().length, 14 * 16 + 7, "a full packed batch: 231 bytes, a 243-byte frame");
});

test("Pack: hops + hop limit stays ≤ 15 (a part that travelled far keeps its hops only as far as a fresh entry's limit allows)", (t) => {
  const p = new Pack(1);
  p.add(parseFrame(sosFrame(5, 1, entry(500), 3, 12)), 0);
  p.add(parseFrame(sosFrame(6, 1, entry(501), 15, 0)), 1);
  t.is(p.hopLimit, 14);
  t.is(p.frameHops, 1);
  t.deepEqual([...p.bytes().subarray(32)], [0xb0], "500 may go 3: 11 short of 14 (the high nibble: the first entry)");
});

test("Pack: a copy with more hops left raises its entry's; one with fewer changes nothing", (t) => {
  const p = new Pack(1);
  t.is(p.put(parseFrame(sosFrame(5, 1, entry(500), 4, 4)), 0), 1, "new");
  t.is(p.put(parseFrame(sosFrame(6, 1, entry(500), 3, 1)), 0), 0, "fewer hops left: nothing gained");
  t.is(p.put(parseFrame(sosFrame(7, 1, entry(500), 9, 1)), 0), 1, "more hops left: gained");
  t.is(p.n, 1);
  t.is(p.hopLimit, 9);
  t.is(p.bytes().length, 16, "nothing short: no nibbles");
});

test("Pack: a part's entries are judged each by its own hops left (hopLimit − hopsShort), not by the frame's", (t) => {
  const k = mac;
  const p = new Pack(4);
  // A packed batch: 500 may go 7, 501 only 3 (short by 4).
  const packed = sosFrame(9, 1, { ...entry(500), more: [{ ...entry(501), hopsShort: 4 }] }, 7, 2, k);
  t.is(p.check(parseFrame(packed), 0), SKIPPED, "501 could not reach the 4-hop route: the part stays as it is, whole");
  const q = new Pack(3);
  t.is(q.add(parseFrame(packed), 0), ADDED);
  t.is(q.hopLimit, 7);
  t.deepEqual([...q.bytes().subarray(32)], [0x04], "501 still 4 short: packing bought it no hops");
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

const merged = (r: ReturnType<typeof relay>) => r.events.filter((e) => e.kind === "merged").map((e) => (e as { key: number }).key);
const originatedSos = (r: ReturnType<typeof relay>) =>
  r.events.filter((e) => e.kind === "originated" && (e as { header: { type: number } }).header.type === MsgType.sos) as unknown as { header: { hopLimit: number; hops: number }; frame: Uint8Array; key: number }[];
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

test("an arriving phone SOS is packed with the queued ones: one frame of this relay's carries every caller, each once", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  r.hear(sosFrame(20, 1, entry(500), 8, 1, k), 20);
  t.is(r.router.queued, 1, "nothing queued to pack with: relayed as it is");
  t.is(r.router.stats.packed, 0);
  r.hear(sosFrame(21, 1, entry(501), 8, 1, k), 21);
  t.is(r.router.queued, 1, "two frames became one");
  t.is(r.router.stats.packed, 2);
  r.hear(sosFrame(22, 1, batch([501, 502]), 8, 1, k), 22);
  r.hear(sosFrame(30, 1, entry(503), 8, 1, k), 30);
  t.is(r.router.stats.queueDrops, 0, "nothing evicted");
  t.is(r.router.queued, 1, "one frame, repacked as callers arrived");
  const o = originatedSos(r);
  t.is(o.length, 3);
  const k1 = (b: number) => b * 0x1000000 + 1;
  t.deepEqual(merged(r), [k1(20), k1(21), o[0].key, k1(22), o[1].key, k1(30)], "every frame packed away is told, this relay's earlier packed frames too");
  t.like(o[2].header, { src: 10, hops: 2, hopLimit: 7 }, "this relay's frame, with the parts' hops (1 + this relay's) and hop limit");
  t.deepEqual(o.map((x) => (x as unknown as { packed?: boolean }).packed), [true, true, true], "told to the listeners as packed frames, not messages of this relay's");
  t.deepEqual(phones(decodeMessage(o[2].frame, k).body as SosBody), [500, 501, 502, 503]);
});

test("a full queue of beacons' own SOS is not packed: the arrival evicts as before", (t) => {
  const r = relay(3);
  for (let i = 0; i < 3; i++) fill(r, i, own);
  arrive(r);
  evictedAsBefore(t, r);
});

test("packing that cannot make its frame (the frame seqs ran out) puts the parts back: the arrival evicts one as before, nothing else is lost, nothing throws", (t) => {
  const r = relay(3);
  const keys = () => {
    const out: number[] = [];
    (r.router as unknown as { tx: { queue: { each(f: (o: { key: number }) => void): void } } }).tx.queue.each((o) => out.push(o.key));
    return out;
  };
  (r.router as unknown as { seq: { next(): number } }).seq.next = () => {
    throw new Error("sequence exhausted");
  };
  for (let i = 0; i < 3; i++) t.notThrows(() => fill(r, i, entry(500 + i)));
  t.is(r.router.queued, 3, "no seq to pack with: each relayed as it is");
  const before = keys();
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
  r.hear(sosFrame(21, 1, entry(601), 8, 1, k), 21);
  t.is(r.router.stats.queueDrops, 1, "the undeliverable batch is dropped when the next arrival meets it");
  t.is(r.router.stats.packed, 0, "nothing left to pack with: 601 is relayed as it is");
  r.hear(sosFrame(22, 1, entry(602), 8, 1, k), 22);
  t.is(r.router.stats.packed, 2, "the honest frame and the arrival are packed");
  t.is(r.router.stats.queueDrops, 1);
  t.is(r.router.queued, 1);
});

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
  t.is(r.router.queued, 2, "501 finds no part: relayed as it is");
  fill(r, 2, entry(502));
  arrive(r);
  t.is(r.router.stats.queueDrops, 0);
  t.is(r.router.queued, 2, "the tight one and the packed frame");
  const o = originatedSos(r);
  t.is(o.length, 2);
  t.deepEqual(merged(r), [21 * 0x1000000 + 1, 22 * 0x1000000 + 1, o[0].key, 30 * 0x1000000 + 1]);
  t.like(o[1].header, { hopLimit: 7, hops: 2 }, "not pulled down to the tight part's hop limit 1");
  t.deepEqual(phones(decodeMessage(o[1].frame, k).body as SosBody), [501, 502, 503], "the queued parts first, oldest first, then the arrival");
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

test("a part that wandered does not pull the callers packed with it down to its hop limit: the frame goes on with the most, the wanderer short by its own", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  r.hear(sosFrame(20, 1, entry(500), 3, 12, k), 20); // queued with hop limit 2, hops 13: a hop to spare on the 1-hop route
  arrive(r);
  const o = originatedSos(r);
  t.is(o.length, 1);
  t.like(o[0].header, { hopLimit: 7, hops: 8 }, "503's hop limit; hops as many as hops + hop limit ≤ 15 leaves");
  const body = decodeMessage(o[0].frame, k).body as SosBody;
  t.deepEqual(phones(body), [500, 503]);
  t.deepEqual([body.hopsShort, body.more?.[0].hopsShort], [5, undefined], "500 may still go 2 hops, as before it was packed");
});

test("a queued part with an entry short of hops is left as it is without being decoded: a key holder's frames cannot buy a decode at every arrival", (t) => {
  const r = relay(6);
  const k = r.crypto.mac;
  // A key holder's batch: the frame may go 15 hops, but its second entry only 1 (hopsShort 14): never packed here.
  for (let i = 0; i < 4; i++) r.hear(sosFrame(40 + i, 1, { ...entry(700 + i), more: [{ ...entry(800 + i), hopsShort: 14 }] }, 15, 0, k), 40 + i);
  t.is(r.router.queued, 4);
  const decode = sos.decode;
  let decodes = 0;
  sos.decode = (b, s, e) => {
    decodes++;
    return decode(b, s, e);
  };
  try {
    arrive(r);
  } finally {
    sos.decode = decode;
  }
  t.is(decodes, 1, "the arrival's own decode only");
  t.is(r.router.queued, 5, "the four left as they are, the arrival relayed as it is");
  t.is(r.router.stats.packed, 0);
});

test("a frame under this relay's own src that it did not pack is no carrier: an honest copy of its callers is packed, not dropped as carried", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  r.hear(sosFrame(10, 0xabcd, entry(700), 8, 1, k), 30); // a key holder's frame under relay 10's address
  t.is(r.router.queued, 1);
  r.hear(sosFrame(31, 1, entry(700), 8, 1, k), 31);
  const o = originatedSos(r);
  t.is(o.length, 1, "packed into a frame of its own");
  t.deepEqual(merged(r), [10 * 0x1000000 + 0xabcd, 31 * 0x1000000 + 1], "both go on in it");
});

test("a full packed frame of this relay's carries an arrival's callers: the arrival goes no further, though nothing could be packed with it", (t) => {
  const r = relay(20, true, 20 * 600);
  const k = r.crypto.mac;
  for (let i = 0; i < 14; i++) r.hear(sosFrame(20 + i, 1, entry(500 + i), 8, 1, k), 20 + i);
  t.is(r.router.queued, 1, "fourteen callers in one packed frame");
  const full = originatedSos(r).at(-1)!;
  t.is(phones(decodeMessage(full.frame, k).body as SosBody).length, 14);
  r.hear(sosFrame(50, 1, { ...entry(505), phone: { id: 505, seq: 1, rssi: -90 } }, 8, 1, k), 50); // another carrier's copy
  t.is(r.router.queued, 1, "not queued beside it");
  t.deepEqual(r.events.filter((e) => e.kind === "merged").at(-1), { kind: "merged", key: 50 * 0x1000000 + 1, into: full.key }, "told as carried by the full packed frame");
  r.hear(sosFrame(51, 1, entry(505), 12, 1, k), 51); // a copy with more hops left than the packed frame gives it
  t.is(r.router.queued, 2, "relayed as it is: the packed frame could not take it, and it carries 505 with fewer hops");
});

test("carries(): a full packed frame does not carry an arrival with a caller it lacks, nor one with more hops left; it carries one it holds with as many", (t) => {
  const ids = Array.from({ length: 14 }, (_, i) => 500 + i);
  const own = parseFrame(sosFrame(10, 1, batch(ids), 8, 1)), p = new Pack(0);
  t.false(carries(p, own, parseFrame(sosFrame(30, 1, entry(600), 8, 1))), "a caller it lacks (no room for it: nothing thrown)");
  t.true(carries(p, own, parseFrame(sosFrame(30, 2, entry(505), 9, 1))), "505 may go 8 in it, and 8 in the arrival once relayed");
  t.false(carries(p, own, parseFrame(sosFrame(30, 3, entry(505), 10, 1))), "the arrival gives 505 a hop more");
  t.false(carries(p, parseFrame(sosFrame(10, 2, entry(700), 8, 1)), parseFrame(sosFrame(30, 4, entry(505), 8, 1))), "the scratch starts empty each call: 505 was the last frame's");
});

test("a packed frame a neighbour handed back carries no arrival: packed again with it under a new seq, it may go to that neighbour (a key holder's forged copy held it, and every caller after it, for good)", (t) => {
  const r = relay(20);
  const k = r.crypto.mac;
  r.hear(sosFrame(20, 1, entry(500), 8, 1, k), 20);
  r.hear(sosFrame(21, 1, entry(501), 8, 1, k), 21);
  const p = originatedSos(r).at(-1)!;
  // A key holder's "came back" copy of it from the gateway, the only way on: more hops, hop limit 0.
  const f = parseFrame(p.frame);
  r.hear(encodeFrame({ ...f.header, hops: 9, hopLimit: 0 }, f.bytes.slice(f.payloadStart, f.micOffset), k), 1);
  const held = () => {
    const out: { key: number; back: number }[] = [];
    (r.router as unknown as { tx: { queue: { each(f: (o: { key: number; back: number }) => void): void } } }).tx.queue.each((o) => out.push({ key: o.key, back: o.back }));
    return out;
  };
  t.deepEqual(held(), [{ key: p.key, back: 1 }], "not to the gateway again: it holds it as seen, it says");
  r.hear(sosFrame(22, 1, entry(501), 8, 1, k), 22); // another carrier's copy of a caller it carries
  const q = originatedSos(r).at(-1)!;
  t.not(q.key, p.key, "packed again: a new frame");
  t.deepEqual(held(), [{ key: q.key, back: 0 }], "the handed-back frame is in it, free to go to the gateway");
  t.deepEqual(phones(decodeMessage(q.frame, k).body as SosBody), [500, 501]);
  t.deepEqual(r.events.filter((e) => e.kind === "merged").slice(-2), [{ kind: "merged", key: p.key, into: q.key }, { kind: "merged", key: 22 * 0x1000000 + 1, into: q.key }]);
});

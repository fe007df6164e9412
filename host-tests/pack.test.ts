/**
 * Phone SOS packed instead of evicted when the life-safety queue is full
 * (forwarding/pack.ts, forwarding/pipeline.ts).
 */
import test from "ava";
import { Pack } from "../forwarding/pack";
import type { RouterEvent } from "../forwarding/events";
import { Addr, MsgType, Priority, parseFrame } from "../protocol/frame";
import { decodeMessage, encodeMessage } from "../protocol/message";
import type { SosBody } from "../protocol/messages/sos";
import { MemoryStore } from "../hal/sim/storage";
import { node } from "./support/router-node";

const mac = () => new Uint8Array(8);
const entry = (id: number, seq = 1) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq, rssi: -60 } });
const own = { floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [] };
const sosFrame = (src: number, seq: number, body: object, hopLimit = 8, hops = 2, m: (b: Uint8Array) => Uint8Array = mac, dst: number = Addr.anyGateway) =>
  encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit, hops, net: 3, ack: false, src, dst, seq }, body, m);
const batch = (ids: number[]) => ({ ...entry(ids[0]), more: ids.slice(1).map((id) => entry(id)) });
const phones = (b: SosBody) => [b, ...(b.more ?? [])].map((e) => e.phone?.id);

test("Pack: each phone SOS once, the most hops and the least hop limit (a received frame counted as relayed), fourteen entries at most", (t) => {
  const p = new Pack();
  t.true(p.add(parseFrame(sosFrame(5, 1, batch([500, 501]), 9, 3)), 1), "received: hop limit 8, hops 4 once relayed");
  t.true(p.add(parseFrame(sosFrame(6, 1, batch([501, 502]), 6, 1)), 0), "501 again: only 502 is new");
  t.is(p.n, 3);
  t.is(p.hopLimit, 6);
  t.is(p.hops, 4);
  t.true(p.hopLimit + p.hops <= 15);
  t.false(p.add(parseFrame(sosFrame(7, 1, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610, 611]))), 0), "12 more would not fit with 3");
  t.is(p.n, 3, "a frame that does not fit adds nothing");
  t.true(p.add(parseFrame(sosFrame(7, 2, batch([600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610]))), 0));
  t.is(p.n, 14);
});

test("Pack: not a beacon's own SOS, not a claim, not another type, not a frame with no hop left, not a body that does not decode", (t) => {
  const p = new Pack();
  t.false(p.add(parseFrame(sosFrame(5, 1, own)), 0), "a beacon's own SOS: its src says whose it is");
  t.false(p.add(parseFrame(sosFrame(5, 2, entry(500), 0, 0, mac, Addr.broadcast)), 0), "a claim");
  t.false(p.add(parseFrame(sosFrame(5, 3, entry(500), 1, 3)), 1), "no hop left once relayed");
  const bad = sosFrame(5, 4, batch([500, 501]));
  bad[parseFrame(bad).payloadStart + 16 + 9] &= 0x7f; // the second entry without FROM_PHONE: a key holder's malformed batch
  t.false(p.add(parseFrame(bad), 0), "a body the gateway would refuse is not packed with honest entries");
  const pos = encodeMessage({ type: MsgType.position, priority: Priority.telemetry, hopLimit: 8, hops: 0, net: 3, ack: false, src: 5, dst: Addr.anyGateway, seq: 5 }, { device: 7, floor: 0, x: 1, y: 1, accuracy: 2 }, mac);
  t.false(p.add(parseFrame(pos), 0));
  t.is(p.n, 0);
});

/** A relay with room for `room` SOS frames, and the events its listeners hear. */
function relay(room: number) {
  const events: RouterEvent[] = [];
  // queueBytes: what `room` frames of 28 bytes cost queued (forwarding/queue.ts queuedCost)
  const n = node(10, { queueFrames: 80, queueBytes: room * (28 + 288) }, new MemoryStore(), [(e) => events.push(e)]);
  return { ...n, events };
}

test("a phone SOS that finds the life-safety queue full is packed with the queued ones: nothing evicted, one frame of this relay's carries every caller", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  // No route: everything is held (store and forward), so the queue fills.
  for (let i = 0; i < 3; i++) r.hear(sosFrame(20 + i, 1, entry(500 + i), 8, 1, k), 20 + i);
  t.is(r.router.queued, 3);
  t.is(r.router.stats.queueDrops, 0);
  r.hear(sosFrame(30, 1, entry(503), 8, 1, k), 30);
  t.is(r.router.stats.queueDrops, 0, "nothing evicted");
  t.is(r.router.queued, 1, "four frames became one");
  t.is(r.router.stats.packed, 4);
  const merged = r.events.filter((e) => e.kind === "merged").map((e) => (e as { key: number }).key);
  t.is(merged.length, 4, "the three packed away and the arrival are told");
  const orig = r.events.filter((e) => e.kind === "originated");
  t.is(orig.length, 1);
  const h = (orig[0] as { header: { src: number; hops: number; hopLimit: number } }).header;
  t.like(h, { src: 10, hops: 2, hopLimit: 7 }, "this relay's frame, with the parts' hops (1 + this relay's) and hop limit");
  const body = decodeMessage((orig[0] as { frame: Uint8Array }).frame, k).body as SosBody;
  t.deepEqual(phones(body).sort(), [500, 501, 502, 503]);
});

test("a full queue of beacons' own SOS is not packed: the arrival evicts as before", (t) => {
  const r = relay(3);
  const k = r.crypto.mac;
  for (let i = 0; i < 3; i++) r.hear(sosFrame(20 + i, 1, own, 8, 1, k), 20 + i);
  r.hear(sosFrame(30, 1, entry(503), 8, 1, k), 30);
  t.is(r.router.stats.packed, 0);
  t.is(r.router.stats.queueDrops, 1);
  t.is(r.router.queued, 3);
});

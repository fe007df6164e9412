/**
 * The transmit queue's two bounds (forwarding/queue.ts): frames, and the heap
 * they cost (each frame's length plus QUEUED_FRAME_OVERHEAD).
 */
import test from "ava";
import { PriorityQueue, QUEUED_FRAME_OVERHEAD, outgoing, queuedCost } from "../forwarding/queue";
import { MAX_FRAME, MsgType, Priority } from "../protocol/frame";
import { node } from "./support/router-node";

const FULL = MAX_FRAME + QUEUED_FRAME_OVERHEAD; // 538
let key = 0;
const frame = (priority: number, bytes: number) => outgoing(new Uint8Array(bytes), priority, ++key, true);

test("a frame costs its bytes and the XS overhead", (t) => {
  t.is(queuedCost(new Uint8Array(22)), 310);
  t.is(FULL, 538);
});

test("small frames: the heap bound holds more of them than of full-size ones", (t) => {
  const q = new PriorityQueue(100, 3 * FULL);
  for (let i = 0; i < 10; i++) q.push(frame(Priority.lifeSafety, 22));
  t.is(q.size, 5, "5 × 310 B fit in 1 614 B, not 6");
  t.is(q.bytes, 5 * 310);
  const r = new PriorityQueue(100, 3 * FULL);
  let dropped = 0;
  for (let i = 0; i < 10; i++) dropped += r.push(frame(Priority.bulk, MAX_FRAME));
  t.is(r.size, 3);
  t.is(dropped, 7, "each new one evicted the oldest");
});

test("a large frame evicts as many less important small ones as it takes, oldest first", (t) => {
  const q = new PriorityQueue(10, 1076);
  const a = frame(Priority.telemetry, 22), b = frame(Priority.telemetry, 22), c = frame(Priority.telemetry, 22);
  for (const o of [a, b, c]) q.push(o);
  t.is(q.push(frame(Priority.lifeSafety, MAX_FRAME)), 2, "930 + 538 B: two of 310 B must go");
  t.deepEqual(q.byClass(), [1, 0, 1, 0]);
  t.is(q.find(c.key), c, "the newest stayed");
  t.is(q.bytes, 310 + FULL);
});

test("a frame that would not fit even with every less important frame gone is dropped, and evicts nothing", (t) => {
  const q = new PriorityQueue(10, 1400);
  q.push(frame(Priority.lifeSafety, MAX_FRAME));
  q.push(frame(Priority.lifeSafety, MAX_FRAME));
  q.push(frame(Priority.bulk, 22));
  t.is(q.push(frame(Priority.telemetry, MAX_FRAME)), 1, "1 076 + 538 > 1 400 with the bulk frame gone: the new one is dropped");
  t.deepEqual(q.byClass(), [2, 0, 0, 1], "the bulk frame was not evicted for nothing");
  const sos = (bytes: number) => frame(Priority.lifeSafety, bytes);
  t.false(q.canTake(Priority.lifeSafety, sos(200).frame.length, false), "nothing less important than an SOS to make room");
  t.true(q.canTake(Priority.lifeSafety, sos(20).frame.length, false), "but a small one fits as it is");
});

test("how full: the larger of frames and heap, of one class or all; taking a frame gives its cost back", (t) => {
  const q = new PriorityQueue(4, 4 * FULL);
  q.push(frame(Priority.lifeSafety, 22));
  q.push(frame(Priority.bulk, MAX_FRAME));
  q.push(frame(Priority.bulk, MAX_FRAME));
  t.is(q.fill(), 3 / 4, "frames: 3 of 4 (heap 1 386 of 2 152)");
  t.is(q.fill(Priority.lifeSafety), 1 / 4);
  t.is(q.fill(Priority.bulk), 2 / 4, "2 of 4 frames, and 1 076 of 2 152 B");
  const o = q.take((x) => x.priority === Priority.bulk)!;
  t.is(o.frame.length, MAX_FRAME);
  t.is(q.bytes, 310 + FULL);
  t.is(q.fill(), 2 / 4);
  const r = new PriorityQueue(80, 2 * FULL);
  r.push(frame(Priority.bulk, MAX_FRAME));
  t.is(r.fill(), 1 / 2, "heap: half, though 1 of 80 frames");
});

test("a relay with the default bounds holds 80 SOS while it has no route, but 48 full-size fragments", (t) => {
  const n = node(10);
  const sosBody = { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] };
  for (let i = 0; i < 100; i++) n.router.originate(MsgType.sos, sosBody);
  t.is(n.router.queued, 80);
  t.is(n.router.stats.queueDrops, 20);
  const m = node(11);
  // 232 bytes of data: a 250-byte frame, the largest
  for (let i = 0; i < 60; i++) m.router.originate(MsgType.media, { stream: 1, kind: "video", frame: i, index: 0, count: 1, data: new Uint8Array(232) });
  t.is(m.router.queued, 48, "25 824 B of heap: 48 frames of 538 B");
});

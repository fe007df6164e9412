/**
 * A phone's SOS is carried a bounded number of times however many beacons
 * hear it (firmware/roles/phone-sos.ts): the loudest-hearing beacons
 * carry it and claim it; the others, hearing SOS_COPIES claims, stay quiet.
 */
import test from "ava";
import { SimBleScanner } from "../hal/sim/ble";
import { SeededRandom } from "../hal/sim/random";
import { Addr, MsgType } from "../protocol/frame";
import { COMPANY_ID, encodePhoneSos } from "../protocol/phone-adv";
import type { SosBody } from "../protocol/messages/sos";
import type { Router } from "../forwarding/router";
import { PhoneListener } from "../firmware/roles/phone-listener";
import { SOS_COPIES, SOS_MEMORY } from "../firmware/roles/phone-sos";
import { SOS_BATCH_MAX } from "../protocol/messages/sos";
import { simPlatform } from "../sim/platform";
import { Scheduler } from "../sim/scheduler";
import { ScriptedRadio } from "./support/router-node";

const entries = (s: Sent): SosBody[] => [s.body, ...(s.body.more ?? [])];

interface Sent { at: number; type: number; body: SosBody; dst?: number; hopLimit?: number }

function beacon(time: Scheduler, seed: number) {
  const p = simPlatform({ time, address: seed, radio: new ScriptedRadio(), random: new SeededRandom(seed) });
  const sent: Sent[] = [];
  const router = { originate: (type: number, body: unknown, o: { dst?: number; hopLimit?: number } = {}) => { sent.push({ at: time.now(), type, body: body as SosBody, ...o }); return sent.length; } };
  const ble = new SimBleScanner();
  const l = new PhoneListener(router as unknown as Router, ble, p.clock, p.random, { censusIntervalS: 3600 });
  l.start();
  return { l, ble, sent };
}

const adv = (phone: number, seq: number) => ({
  company: COMPANY_ID,
  data: encodePhoneSos({ phone, seq, sos: { floor: 0, x: 10, y: 20, accuracy: 5, trapped: null, injured: 1, attackers: null, flags: ["medical"] } }),
});
const address = Uint8Array.of(0xc1, 2, 3, 4, 5, 6);

test("a beacon carries a phone SOS once, uplink and as a hop-limit-0 claim, after a wait that grows as the phone is fainter", (t) => {
  const time = new Scheduler();
  const loud = beacon(time, 1), faint = beacon(time, 2);
  for (let i = 0; i < 5; i++) {
    loud.ble.hear({ address, rssi: -50, manufacturer: adv(77, 3) });
    faint.ble.hear({ address, rssi: -80, manufacturer: adv(77, 3) });
  }
  time.run(1000);
  t.is(loud.sent.length, 2, "heard five times, carried once");
  t.like(loud.sent[0], { type: MsgType.sos, dst: Addr.broadcast, hopLimit: 0, body: { phone: { id: 77, seq: 3, rssi: -50 } } }, "the claim first");
  t.like(loud.sent[1], { type: MsgType.sos, body: { phone: { id: 77, seq: 3, rssi: -50 } } });
  t.is(loud.sent[1].dst, undefined, "then uplink");
  t.true(loud.sent[0].at >= 40 && loud.sent[0].at < 48, `loud waited ${loud.sent[0].at} ms (5 dB × 8 ms + jitter)`);
  t.true(faint.sent[0].at >= 280 && faint.sent[0].at < 288, `faint waited ${faint.sent[0].at} ms (35 dB × 8 ms + jitter)`);
});

test(`a beacon that hears ${SOS_COPIES} claims for an SOS before its wait ends stays quiet; fewer do not silence it`, (t) => {
  const time = new Scheduler();
  const b = beacon(time, 3), c = beacon(time, 4);
  let claimer = 100;
  const claim = (l: PhoneListener, seq: number) => l.claim({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id: 9, seq, rssi: -40 } }, 0, Addr.broadcast, claimer++);
  b.ble.hear({ address, rssi: -90, manufacturer: adv(9, 1) });
  c.ble.hear({ address, rssi: -90, manufacturer: adv(9, 1) });
  time.run(50);
  for (let i = 0; i < SOS_COPIES; i++) claim(b.l, 1);
  claim(c.l, 1);
  time.run(1000);
  t.is(b.sent.length, 0, "claimed enough: quiet");
  t.is(c.sent.length, 2, "one claim only: it carries its copy too");
  // Claims heard before the phone: the beacon never starts.
  for (let i = 0; i < SOS_COPIES; i++) claim(b.l, 2);
  b.ble.hear({ address, rssi: -40, manufacturer: adv(9, 2) });
  time.run(2000);
  t.is(b.sent.length, 0);
  // Only hop-limit-0 broadcasts are claims: an SOS relayed to this beacon is not one.
  b.l.claim({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id: 9, seq: 3, rssi: -40 } }, 4, Addr.broadcast, 7);
  b.l.claim({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id: 9, seq: 3, rssi: -40 } }, 0, Addr.anyGateway, 8);
  // One beacon claiming twice counts once.
  b.l.claim({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id: 9, seq: 3, rssi: -40 } }, 0, Addr.broadcast, 9);
  b.l.claim({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id: 9, seq: 3, rssi: -40 } }, 0, Addr.broadcast, 9);
  b.ble.hear({ address, rssi: -40, manufacturer: adv(9, 3) });
  time.run(3000);
  t.is(b.sent.length, 2);
});

test(`in a storm of more than ${SOS_MEMORY} callers at once a beacon carries the ones it hears best, each once, and nothing else`, (t) => {
  const time = new Scheduler();
  const b = beacon(time, 5);
  // 200 callers, heard from −60 to −99 dBm in turn.
  const level = (phone: number) => -60 - (phone % 40);
  for (let phone = 1; phone <= 200; phone++) b.ble.hear({ address, rssi: level(phone), manufacturer: adv(phone, 1) });
  t.is(b.sent.length, 0, "nothing carried before its wait");
  time.run(10_000);
  const carried = b.sent.filter((s) => s.dst === undefined).flatMap(entries).map((e) => e.phone!.id);
  t.is(carried.length, SOS_MEMORY, "as many as it can hold");
  t.is(new Set(carried).size, SOS_MEMORY, "each once");
  const faintestCarried = Math.min(...carried.map(level));
  const loudestLeft = Math.max(...Array.from({ length: 200 }, (_, k) => k + 1).filter((p) => !carried.includes(p)).map(level));
  t.true(faintestCarried >= loudestLeft, `carried down to ${faintestCarried} dBm, left from ${loudestLeft} dBm`);
});

test(`a wave of callers goes in batches of at most ${SOS_BATCH_MAX}, claim and uplink alike, each caller once; the waits stretch with the wave`, (t) => {
  const time = new Scheduler();
  const b = beacon(time, 6);
  // 40 callers at once, all at −60 dBm: alone, each would be carried after 15 dB × 8 ms = 120 ms.
  for (let phone = 1; phone <= 40; phone++) b.ble.hear({ address, rssi: -60, manufacturer: adv(phone, 1) });
  time.run(10_000);
  const claims = b.sent.filter((s) => s.hopLimit === 0), ups = b.sent.filter((s) => s.dst === undefined);
  t.is(claims.length, ups.length, "one claim a batch");
  t.true(ups.length < 40 / 2, `${ups.length} frames for 40 callers`);
  for (const s of b.sent) t.true(entries(s).length <= SOS_BATCH_MAX);
  const ids = ups.flatMap(entries).map((e) => e.phone!.id).sort((x, y) => x - y);
  t.deepEqual(ids, Array.from({ length: 40 }, (_, k) => k + 1), "every caller, once");
  t.deepEqual(claims.flatMap(entries).map((e) => e.phone!.id).sort((x, y) => x - y), ids, "the claims name the same callers");
  const last = Math.max(...ups.map((s) => s.at));
  t.true(last > 240, `the last batch at ${last} ms: a wave of 40 stretches the 120 ms wait (the neighbours' claims need the air)`);
});

test("a batch claim counts for every phone it names, and one claimer's batch counts once per phone", (t) => {
  const time = new Scheduler();
  const b = beacon(time, 7);
  const e = (id: number): SosBody => ({ floor: 0, x: 1, y: 1, accuracy: 1, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq: 1, rssi: -40 } });
  for (const id of [1, 2, 3]) b.ble.hear({ address, rssi: -90, manufacturer: adv(id, 1) });
  time.run(20);
  b.l.claim({ ...e(1), more: [e(2), e(3)] }, 0, Addr.broadcast, 50);
  b.l.claim({ ...e(2), more: [e(3), e(2)] }, 0, Addr.broadcast, 50);
  b.l.claim({ ...e(3), more: [e(2)] }, 0, Addr.broadcast, 51);
  time.run(5000);
  const carried = b.sent.filter((s) => s.dst === undefined).flatMap(entries).map((x) => x.phone!.id);
  t.deepEqual(carried, [1], "phones 2 and 3 claimed by two beacons; phone 1 by one only (claimer 50's second batch does not count twice)");
});

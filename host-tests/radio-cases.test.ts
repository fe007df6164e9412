/**
 * Radio cases beyond the conformance suite (host-tests/radio-conformance.test.ts):
 * EspNowRadio's device behaviour over a scripted native module (late and lost
 * completions, the quarantine, draining before a timeout, refusals, throwing
 * handlers, the poll timer, stats) and SimRadio's power loss.
 */
import test from "ava";
import { LINK_BROADCAST } from "../hal/radio";
import { EspNowRadio, POLL_MS } from "../hal/moddable/radio";
import { SimClock } from "../hal/sim/clock";
import { Scheduler } from "../sim/scheduler";
import { A, B, C, type Heard, LIMITS, NativeDouble, SIM_BOUND_MS, bytes, listen, simWorld } from "./support/radio-harness";

// ------------------------------------------------- EspNowRadio: the device half

function espNowAlone() {
  const scheduler = new Scheduler();
  const native = new NativeDouble();
  const radio = new EspNowRadio(native, LIMITS, new SimClock(scheduler));
  const at = (ms: number) => scheduler.run(ms);
  return { scheduler, native, radio, at };
}

test("EspNowRadio: after a timeout the next frame is held until the late completion comes; that completion is stale, never the next frame's", (t) => {
  const { native, radio, at } = espNowAlone();
  const first: boolean[] = [], second: boolean[] = [], third: boolean[] = [];
  radio.send(B, bytes(10, 7), (a) => first.push(a));
  at(199);
  t.deepEqual(first, [], "not before the timeout");
  at(200);
  t.deepEqual(first, [false]);
  radio.send(C, bytes(10, 8), (a) => second.push(a));
  t.deepEqual(native.sends.map((s) => s.to), [B], "held while the timed-out frame may still complete");
  native.onSent(B, true); // the late completion of the first frame turns up
  t.deepEqual([first, second], [[false], []], "credited to nobody");
  t.deepEqual(native.sends.map((s) => s.to), [B, C], "then the held frame goes");
  native.onSent(C, false);
  t.deepEqual(second, [false]);
  radio.send(B, bytes(10, 9), (a) => third.push(a));
  native.onSent(B, true);
  t.deepEqual(third, [true]);
  t.like(radio.stats(), { sendTimeouts: 1, staleCompletions: 1, lostCompletions: 0 });
});

test("EspNowRadio: a late completion to the same address as the next frame still lands on its own frame", (t) => {
  const { native, radio, at } = espNowAlone();
  const first: boolean[] = [], second: boolean[] = [];
  radio.send(B, bytes(10, 1), (a) => first.push(a));
  at(200);
  radio.send(B, bytes(10, 2), (a) => second.push(a));
  native.onSent(B, true); // the first frame's
  t.deepEqual(second, []);
  native.onSent(B, false); // the second frame's
  t.deepEqual([first, second], [[false], [false]]);
  t.like(radio.stats(), { staleCompletions: 1, lostCompletions: 0 });
});

test("EspNowRadio: a completion the driver never makes holds the next frame for sendTimeoutMs / 2 at most", (t) => {
  const { native, radio, at } = espNowAlone();
  const got: boolean[][] = [[], [], []];
  radio.send(B, bytes(10, 1), (a) => got[0].push(a));
  at(200); // its callback never comes
  radio.send(C, bytes(10, 2), (a) => got[1].push(a));
  at(299);
  t.is(native.sends.length, 1);
  at(300);
  t.deepEqual(native.sends.map((s) => s.to), [B, C]);
  native.onSent(C, true);
  radio.send(LINK_BROADCAST, bytes(10, 3), (a) => got[2].push(a));
  native.onSent(B, true); // a completion for nothing in the driver
  native.onSent(0xffff, true);
  t.deepEqual(got, [[false], [true], [true]]);
  t.like(radio.stats(), { sendTimeouts: 1, lostCompletions: 1, staleCompletions: 1 });
  t.is(native.sends[2].to, 0xffff, "broadcast goes to the native module as 0xFFFF");
});

test("EspNowRadio: before timing out it drains what waits: a completion queued behind the timer is not a timeout", (t) => {
  const { native, radio, at } = espNowAlone();
  const got: boolean[] = [];
  radio.send(B, bytes(10, 1), (a) => got.push(a));
  native.queued = () => native.onSent(B, true);
  const polls = native.polls;
  at(LIMITS.sendTimeoutMs);
  t.deepEqual(got, [true]);
  t.true(native.polls > polls);
  t.is(radio.stats().sendTimeouts, 0);
});

test("EspNowRadio: a send the native module refuses or throws on is done(false) after send returns", (t) => {
  const { native, radio, at } = espNowAlone();
  const calls: boolean[] = [];
  native.refuse = true;
  radio.send(B, bytes(10, 1), (a) => calls.push(a));
  t.deepEqual(calls, []);
  at(0);
  t.deepEqual(calls, [false]);
  native.refuse = false;
  const send = native.send;
  native.send = () => {
    throw new Error("ESP_ERR_ESPNOW_NO_MEM");
  };
  radio.send(B, bytes(10, 2), (a) => calls.push(a));
  t.deepEqual(calls, [false]);
  at(0);
  t.deepEqual(calls, [false, false]);
  native.send = send;
  radio.send(B, bytes(10, 3), (a) => calls.push(a));
  native.onSent(B, true);
  t.deepEqual(calls, [false, false, true], "the radio is free after a refusal");
  at(1000);
  t.like(radio.stats(), { sendTimeouts: 0, staleCompletions: 0 });
});

test("EspNowRadio: a send while one is in flight is done(false) after send returns; the one in flight is unaffected", (t) => {
  const { native, radio, at } = espNowAlone();
  const first: boolean[] = [], second: boolean[] = [];
  radio.send(B, bytes(10, 1), (a) => first.push(a));
  radio.send(B, bytes(10, 2), (a) => second.push(a));
  t.deepEqual(second, []);
  at(0);
  t.deepEqual([first, second], [[], [false]]);
  t.is(native.sends.length, 1, "the second frame never reached the driver");
  native.onSent(B, false);
  t.deepEqual(first, [false]);
});

test("EspNowRadio: a throwing handler or done costs that event only (counted, not propagated); the broadcast flag reaches the handler", (t) => {
  const { native, radio, at } = espNowAlone();
  radio.onReceive = () => {
    throw new Error("handler bug");
  };
  t.notThrows(() => native.onReceive(Uint8Array.of(1, 2).buffer, 7, -70, true));
  t.is(radio.stats().handlerErrors, 1);
  const heard: Heard[] = [];
  radio.onReceive = listen(heard);
  native.onReceive(Uint8Array.of(3).buffer, 7, -71, true);
  native.onReceive(Uint8Array.of(4).buffer, 8, -72, false);
  t.deepEqual(heard, [{ frame: [3], from: 7, broadcast: true }, { frame: [4], from: 8, broadcast: false }]);
  radio.send(B, bytes(10, 1), () => {
    throw new Error("router bug");
  });
  t.notThrows(() => at(LIMITS.sendTimeoutMs), "not out of the timer");
  at(2 * LIMITS.sendTimeoutMs); // past the quarantine
  radio.send(B, bytes(10, 2), () => {
    throw new Error("router bug");
  });
  t.notThrows(() => native.onSent(B, true), "not into the native drain");
  t.is(radio.stats().handlerErrors, 3);
});

test("EspNowRadio: the poll timer calls native.poll() every POLL_MS; stats() joins the native counters and the radio's own", (t) => {
  const { native, radio, at } = espNowAlone();
  at(POLL_MS - 1);
  t.is(native.polls, 0);
  at(4 * POLL_MS);
  t.is(native.polls, 4);
  native.counters = [1, 2, 3, 4, 5, 6];
  t.deepEqual(radio.stats(), {
    rxOverflow: 1, rxForeign: 2, wakeFailures: 3, sendRefused: 4, peerEvictions: 5, txOverflow: 6,
    sendTimeouts: 0, staleCompletions: 0, lostCompletions: 0, handlerErrors: 0,
  });
});

// --------------------------------------------------------- SimRadio: power loss

test("SimRadio: a station that loses power never completes its send (its program is gone); reset() frees the radio for the rebooted node", (t) => {
  const { scheduler, medium } = simWorld();
  const radio = medium.radio(A);
  const heard: Heard[] = [];
  medium.radio(B).onReceive = listen(heard);
  const lost: boolean[] = [], after: boolean[] = [];
  medium.setAlive(A, false);
  radio.send(B, bytes(10, 1), (a) => lost.push(a));
  scheduler.run(10_000);
  t.deepEqual([lost, heard], [[], []]);
  t.throws(() => radio.send(B, bytes(10, 2), () => {}), { message: /radio busy/ }, "without reset the radio is still busy");
  radio.reset();
  medium.setAlive(A, true);
  radio.send(B, bytes(10, 3), (a) => after.push(a));
  scheduler.run(10_000 + SIM_BOUND_MS);
  t.deepEqual([lost, after], [[], [true]]);
  t.deepEqual(heard.map((h) => h.frame), [Array.from(bytes(10, 3))]);
});

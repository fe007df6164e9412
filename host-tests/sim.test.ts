import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultScenario, simulate } from "../sim/run";
import { ScenarioError, parseScenario } from "../sim/scenario";
import { Scheduler } from "../sim/scheduler";

const CORRIDOR = fileURLToPath(new URL("./data/corridor.json", import.meta.url));
const corridor = () => parseScenario(JSON.parse(readFileSync(CORRIDOR, "utf8")));
const stable = (r: object) => JSON.stringify({ ...r, wallS: 0, speedup: 0 });

test("the virtual clock runs events in time order, ties in insertion order, and can cancel", (t) => {
  const s = new Scheduler();
  const seen: string[] = [];
  s.at(5, () => seen.push("b"));
  s.at(1, () => { seen.push("a"); s.at(4, () => seen.push("c")); });
  const x = s.at(5, () => seen.push("never"));
  s.at(5, () => seen.push("d"));
  s.cancel(x);
  s.run(100);
  t.deepEqual(seen, ["a", "b", "d", "c"], "c is due at 5 too, but was scheduled after d");
  t.is(s.now(), 100);
});

test("corridor: every SOS reaches the gateway over the expected hops, the instruction reaches every relay", (t) => {
  const { report: r, sim } = simulate(corridor());
  t.is(r.classes["life-safety"].ratio, 1, JSON.stringify(r.classes));
  t.is(r.phoneSos.delivered, r.phoneSos.heard);
  t.true(r.phoneSos.heard >= 20);
  t.is(r.classes.telemetry.ratio, 1);
  t.true(r.perHopMs.p50 < 10, `per hop ${r.perHopMs.p50} ms`);
  // Relay 13 at 100 m is exactly 4 hops out: each beacon hears only its neighbours (and the detour
  // around relay 11, once it dies, is 4 hops too: 12, 20, 10).
  const far = [...sim.metrics.messages.values()].filter((o) => o.src === 13 && o.deliveredAt >= 0);
  t.true(far.length > 0);
  for (const o of far) t.is(o.hops + 1, 4);
  t.is(r.instructions[0].coverage, 1);
});

test("corridor: routes go around the destroyed relay within 2 s", (t) => {
  const { report: r } = simulate(corridor());
  t.is(r.nodes.destroyed, 1);
  t.true(r.repair.affected >= 1, "someone routed through relay 11");
  t.is(r.repair.repaired, r.repair.affected);
  t.true(r.repair.maxMs <= 2000, `repair ${r.repair.maxMs} ms`);
});

test("the same seed gives the same report; another seed another", (t) => {
  const sc = { ...defaultScenario(), durationS: 90 };
  const a = simulate(sc, { seed: 7 }).report;
  const b = simulate(sc, { seed: 7 }).report;
  const c = simulate(sc, { seed: 8 }).report;
  t.is(stable(a), stable(b));
  t.not(stable(a), stable(c));
});

test("both flooding baselines spend far more transmissions per delivered message than the gradient", (t) => {
  // On a site with room to spread (the default mall, its first 120 s), not a chain, where a flood is a relay chain too.
  const mall = { ...defaultScenario(), durationS: 120 };
  const g = simulate(mall, { strategy: "gradient" }).report;
  const f = simulate(mall, { strategy: "flood" }).report;
  const m = simulate(mall, { strategy: "managed-flood" }).report;
  t.true(f.efficiency.txPerDelivered > g.efficiency.txPerDelivered * 1.5, `${f.efficiency.txPerDelivered} vs ${g.efficiency.txPerDelivered}`);
  t.true(m.efficiency.txPerDelivered > g.efficiency.txPerDelivered * 1.5, `${m.efficiency.txPerDelivered} vs ${g.efficiency.txPerDelivered}`);
  t.is(m.strategy, "managed-flood");
  t.is(f.strategy, "flood");
});

test("a bad scenario names the field", (t) => {
  const base = JSON.parse(readFileSync(CORRIDOR, "utf8"));
  const err = (mut: (s: any) => void) => {
    const s = structuredClone(base);
    mut(s);
    try { parseScenario(s); return ""; } catch (e) { t.true(e instanceof ScenarioError); return (e as Error).message; }
  };
  t.regex(err((s) => { s.beacons[2].floor = 3; }), /scenario\.beacons\[2\]\.floor 3 is not one of scenario\.site\.floors/);
  t.regex(err((s) => { s.beacons[1].role = "router"; }), /scenario\.beacons\[1\]\.role must be one of relay, gateway/);
  t.regex(err((s) => { s.beacons[3].id = 10; }), /scenario\.beacons\[3\]\.id 10 is used twice/);
  t.regex(err((s) => { s.radio.frameLoss = 2; }), /scenario\.radio\.frameLoss must be a number in 0\.\.0\.99/);
  t.regex(err((s) => { s.events[1].type = "explode"; }), /scenario\.events\[1\]\.type must be one of/);
  t.regex(err((s) => { s.events[3].from = 10; }), /scenario\.events\[3\]\.from must be a gateway's id/);
  t.regex(err((s) => { s.durationS = -1; }), /scenario\.durationS must be a number/);
  t.regex(err((s) => { s.beacons = s.beacons.filter((b: any) => b.role !== "gateway"); }), /at least one gateway/);
  t.regex(err((s) => { s.radoi = {}; }), /scenario\.radoi is not a known field/);
});

test("an order the gateway would refuse as a host line is a scenario error, not a silent no-op", (t) => {
  const base = JSON.parse(readFileSync(CORRIDOR, "utf8"));
  const s = structuredClone(base);
  s.events[3].text = "x".repeat(300);
  const e = t.throws(() => parseScenario(s), { instanceOf: ScenarioError });
  t.regex(e!.message, /^scenario\.events\[3\]: the gateway would refuse this order \(/);
  t.notThrows(() => parseScenario(structuredClone(base)));
});

test("d2d sim: a report for a scenario file, --json parses, a bad file is one line and exit 2", (t) => {
  const bin = fileURLToPath(new URL("../bin/d2d.mjs", import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, [bin, "sim", ...args], { encoding: "utf8" });
  const text = run([CORRIDOR, "--seed", "3"]);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /corridor — strategy gradient, seed 3/);
  t.regex(text.stdout, /life-safety .* 100\.0 %/);
  const json = run([CORRIDOR, "--json", "--strategy", "managed-flood"]);
  t.is(JSON.parse(json.stdout).strategy, "managed-flood");
  const bad = run(["/nonexistent/scenario.json"]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^error: scenario: cannot read \/nonexistent\/scenario\.json \(ENOENT\)\n$/);
  const device = run(["/dev/zero"]);
  t.is(device.status, 2);
  t.is(device.stderr, "error: scenario: /dev/zero is not a regular file\n");
});

test("life-safety counts each SOS once: a copy lost while another arrived is no SOS lost; a beacon's own SOS counts by its frame", async (t) => {
  const { Metrics } = await import("../sim/metrics");
  const { buildReport } = await import("../sim/report");
  const { encodeMessage, messageOf } = await import("../protocol/message");
  const { Addr, MsgType, Priority, parseFrame } = await import("../protocol/frame");
  const { DedupCache } = await import("../forwarding/dedup");
  const mac = () => new Uint8Array(8);
  const time = new Scheduler();
  const m = new Metrics(time, defaultScenario(), 1, "gradient");
  const spec = (id: number) => ({ id, role: "relay", floor: 0, x: 0, y: 0 }) as never;
  const gw = { id: 1, role: "gateway", floor: 0, x: 0, y: 0 } as never;
  const body = (phone?: { id: number; seq: number }) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], ...(phone ? { phone: { ...phone, rssi: -60 } } : {}) });
  const frame = (src: number, seq: number, b: object) =>
    encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit: 8, hops: 0, net: 1, ack: false, src, dst: Addr.anyGateway, seq }, b, mac);
  const rec = m.phoneSosSent(500, 7);
  rec.heard = true;
  rec.heardBy.push(5, 6);
  // Two carriers' copies of phone 500's SOS, and beacon 9's own SOS (never delivered).
  const copies = [frame(5, 1, body({ id: 500, seq: 7 })), frame(6, 1, body({ id: 500, seq: 7 }))];
  const own = frame(9, 1, body());
  m.originated(spec(5), parseFrame(copies[0]).header, DedupCache.key(5, 1), 2, copies[0]);
  m.originated(spec(6), parseFrame(copies[1]).header, DedupCache.key(6, 1), 2, copies[1]);
  m.originated(spec(9), parseFrame(own).header, DedupCache.key(9, 1), 2, own);
  time.run(40);
  m.delivered(gw, messageOf(parseFrame(copies[1])));
  m.end = { channel: { load: 0, transmissions: 0, collisions: 0, csmaGiveUps: 0 }, queues: { drops: 0, hopLimitDrops: 0, returned: 0, unicastFailures: 0, nextHopSwitches: 0 }, crypto: { hmacComputed: 0, hmacReused: 0 } };
  const r = buildReport(m, 1);
  t.like(r.lifeSafety, { messages: 2, delivered: 1, ratio: 0.5 }, "phone 500's SOS arrived (by one copy); beacon 9's own did not");
  t.like(r.lifeSafety.latencyMs, { p50: 40 });
  t.like(r.classes["life-safety"], { originated: 3, delivered: 1 }, "frames: every copy counts");
  t.is(m.ownSos.size, 1);
  t.like(r.phoneSos, { carried: 1, copies: 2 }, "phone 500's SOS, carried by two frames; beacon 9's own is no phone's");
});

/** Metrics of a run that tests script frame by frame: SOS frames sent (a relay's packed frame has hops), on the air, arriving. */
async function scriptedSos() {
  const { Metrics } = await import("../sim/metrics");
  const { buildReport } = await import("../sim/report");
  const { encodeMessage, decodeMessage } = await import("../protocol/message");
  const { Addr, MsgType, Priority, parseFrame } = await import("../protocol/frame");
  const mac = () => new Uint8Array(8);
  const sched = new Scheduler();
  const m = new Metrics(sched, defaultScenario(), 1, "gradient");
  const spec = (id: number, role = "relay") => ({ id, role, floor: 0, x: 0, y: 0 }) as never;
  const entry = (id: number) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq: 1, rssi: -60 } });
  const frames = new Map<number, Uint8Array>();
  const send = (src: number, seq: number, b: object, hops = 0, shortest = 3) => {
    const f = encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit: 8, hops, net: 1, ack: false, src, dst: Addr.anyGateway, seq }, b, mac);
    const key = src * 0x1000000 + seq;
    frames.set(key, f);
    m.originated(spec(src), parseFrame(f).header, key, shortest, f, hops > 0); // a relay's packed frame travelled hops already
    return key;
  };
  const air = (key: number, n: number) => { for (let i = 0; i < n; i++) m.onAir(frames.get(key)!); };
  const arrive = (key: number) => m.delivered(spec(1, "gateway"), decodeMessage(frames.get(key)!, mac));
  const report = () => {
    m.end = { channel: { load: 0, transmissions: 0, collisions: 0, csmaGiveUps: 0 }, queues: { drops: 0, hopLimitDrops: 0, returned: 0, unicastFailures: 0, nextHopSwitches: 0 }, crypto: { hmacComputed: 0, hmacReused: 0 } };
    return buildReport(m, 1);
  };
  return { m, sched, entry, send, air, arrive, report };
}

test("packed SOS frames are delivered or lost with the frame that carried them on; a relay's packed frame is no message, no copy; transmissions per shortest hop count every frame's once", async (t) => {
  const { m, sched, entry, send, air, arrive, report } = await scriptedSos();
  for (const phone of [500, 501, 502, 503]) Object.assign(m.phoneSosSent(phone, 1), { heard: true });
  const a = send(5, 1, entry(500)), b = send(6, 1, entry(501)), c = send(7, 1, entry(502)), d = send(8, 1, entry(503));
  air(a, 2); air(b, 1); air(c, 1); air(d, 3);
  sched.at(1000, () => {});
  sched.run(1000);
  const packed = send(9, 1, { ...entry(500), more: [entry(501)] }, 2, 1); // relay 9 packs a and b
  m.merged(a, packed);
  m.merged(b, packed);
  const lost = send(10, 1, entry(502), 2, 1); // relay 10 packs c, then loses its frame
  m.merged(c, lost);
  air(packed, 1); air(lost, 4);
  sched.at(500, () => {});
  sched.run(1500);
  arrive(packed);
  arrive(d);
  const r = report();
  const ls = r.classes["life-safety"];
  t.like(ls, { originated: 4, delivered: 3, packed: 3 }, "the four frames of the four carriers: two arrived packed, one was lost packed, one arrived itself");
  t.is(ls.latencyMs.p95 >= 1500, true, "a packed message's latency runs from its own origin, not the packing");
  t.is(r.efficiency.shortestHops, 9, "a, b and d: 3 hops each; the packed frame's own (1) is not a message's");
  t.is(r.efficiency.txPerShortestHop, Math.round(((2 + 1 + 3 + 1) / 9) * 100) / 100, "a's 2, b's 1, d's 3 and the packed frame's 1, counted once; the lost ones' not");
  t.like(r.phoneSos, { carried: 4, copies: 4 }, "the packed frames are no new copies");
});

test("transmissions per shortest hop: a packed frame's transmissions are shared among the messages packed into it, through repackings; a message with no shortest path takes its share out", async (t) => {
  const { m, entry, send, air, arrive, report } = await scriptedSos();
  const a = send(5, 1, entry(500), 0, 4), far = send(6, 1, entry(501), 0, -1); // `far` had no path over good links when sent
  air(a, 1); air(far, 1);
  const p1 = send(9, 1, { ...entry(500), more: [entry(501)] }, 1, 1); // a relay's packed frame (hops > 0)
  m.merged(a, p1);
  m.merged(far, p1);
  air(p1, 2);
  const p2 = send(10, 1, { ...entry(500), more: [entry(501)] }, 2, 1); // p1 repacked further on
  m.merged(p1, p2);
  air(p2, 6);
  arrive(p2);
  const r = report();
  t.is(r.classes["life-safety"].delivered, 2);
  t.is(r.efficiency.shortestHops, 4, "only a's path: far had none");
  t.is(r.efficiency.txPerShortestHop, Math.round(((1 + 2 / 2 + 6 / 2) / 4) * 100) / 100, "a's own 1, half of p1's 2 and half of p2's 6; far's halves go out with it");
});

test("a packed message is delivered by the first of the frames it was packed into, through repackings, never before it was sent", async (t) => {
  const { Metrics } = await import("../sim/metrics");
  const { buildReport } = await import("../sim/report");
  const sched = new Scheduler();
  const m = new Metrics(sched, defaultScenario(), 1, "gradient");
  const rec = (key: number, at: number, extra: object = {}) => m.messages.set(key, { key, type: 1, priority: 0, src: 5, at, shortest: 2, deliveredAt: -1, hops: -1, ...extra });
  rec(1, 100); // a message packed at two relays (its twin, after a lost ACK): p1 is lost, p2 repacked into p3, delivered at 900
  rec(2, 200, { carrier: true });
  rec(3, 300, { carrier: true });
  rec(4, 400, { carrier: true, deliveredAt: 900, hops: 6 });
  m.merged(1, 2);
  m.merged(1, 3);
  m.merged(3, 4);
  rec(5, 1000); // packed into a frame of which a twin had arrived already (at 900): delivered, latency 0
  m.merged(5, 4);
  for (let k = 10; k < 40; k++) { // 30 repackings at one relay: still followed to the end
    rec(k, 0, { carrier: true });
    if (k > 10) m.merged(k - 1, k);
  }
  rec(6, 50);
  m.merged(6, 10);
  Object.assign(m.messages.get(39)!, { deliveredAt: 2050, hops: 3 });
  m.end = { channel: { load: 0, transmissions: 0, collisions: 0, csmaGiveUps: 0 }, queues: { drops: 0, hopLimitDrops: 0, returned: 0, unicastFailures: 0, nextHopSwitches: 0 }, crypto: { hmacComputed: 0, hmacReused: 0 } };
  const ls = buildReport(m, 1).classes["life-safety"];
  t.like(ls, { originated: 3, delivered: 3, packed: 3 });
  t.deepEqual([ls.latencyMs.p50, ls.latencyMs.p99 >= 1999], [800, true], "800 ms for the twin-packed one, 0 for the late one, 2000 through 30 repackings");
  t.true(ls.latencyMs.p50 >= 0);
});

test("phone SOS copies: every uplink frame carrying a phone's SOS counts once for it, batches for each phone; claims and never-carried SOS do not", async (t) => {
  const { Metrics } = await import("../sim/metrics");
  const { buildReport, formatReport } = await import("../sim/report");
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, MsgType, Priority, parseFrame } = await import("../protocol/frame");
  const mac = () => new Uint8Array(8);
  const m = new Metrics(new Scheduler(), defaultScenario(), 1, "gradient");
  const spec = (id: number) => ({ id, role: "relay", floor: 0, x: 0, y: 0 }) as never;
  const entry = (id: number, seq: number) => ({ floor: 0, x: 1, y: 2, accuracy: null, trapped: null, injured: null, attackers: null, flags: [], phone: { id, seq, rssi: -60 } });
  const send = (src: number, seq: number, dst: number, hopLimit: number, b: object) => {
    const f = encodeMessage({ type: MsgType.sos, priority: Priority.lifeSafety, hopLimit, hops: 0, net: 1, ack: false, src, dst, seq }, b, mac);
    m.originated(spec(src), parseFrame(f).header, src * 0x1000000 + seq, 2, f);
  };
  for (const [phone, seq] of [[500, 1], [501, 1], [502, 3]]) Object.assign(m.phoneSosSent(phone, seq), { heard: true });
  m.phoneSosSent(503, 1); // sent, never heard by a beacon: whatever carries it is no heard SOS's copy
  send(5, 1, Addr.anyGateway, 8, { ...entry(500, 1), more: [entry(501, 1)] });
  send(6, 1, Addr.anyGateway, 8, entry(500, 1));
  send(6, 2, Addr.broadcast, 0, entry(502, 3)); // a claim: for the neighbours, no copy
  send(7, 1, Addr.anyGateway, 8, entry(500, 1));
  send(8, 1, Addr.anyGateway, 8, entry(503, 1));
  m.end = { channel: { load: 0, transmissions: 0, collisions: 0, csmaGiveUps: 0 }, queues: { drops: 0, hopLimitDrops: 0, returned: 0, unicastFailures: 0, nextHopSwitches: 0 }, crypto: { hmacComputed: 0, hmacReused: 0 } };
  const r = buildReport(m, 1);
  t.is(m.sosCopies.get("500:1"), 3);
  t.is(m.sosCopies.get("501:1"), 1);
  t.false(m.sosCopies.has("502:3"));
  t.like(r.phoneSos, { heard: 3, carried: 2, copies: 4 });
  t.regex(formatReport(r), /carried by a mean of 2 frames each/);
  const none = new Metrics(new Scheduler(), defaultScenario(), 1, "gradient");
  none.end = m.end;
  t.regex(formatReport(buildReport(none, 1)), /carried by a mean of — frames each/, "no phone SOS carried: no figure, not 0");
});

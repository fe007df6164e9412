/**
 * Generated sites (sim/sites/) and reachability (sim/reachability.ts): the
 * benchmark family parses and stays within its budget; a seed gives the same
 * site and another seed another; each kind honours its parameters; a frame
 * from a beacon cut off for good is unreachable, one cut off and then healed
 * is reachable.
 */
import test from "ava";
import { parseScenario } from "../sim/scenario";
import { simulate } from "../sim/run";
import { BENCH_FAMILY, SITE_KINDS, generateSite } from "../sim/sites/generate";
import { siteTopology } from "../sim/sites/topology";

const nonGateways = (j: { beacons: { role: string }[] }) => j.beacons.filter((b) => b.role !== "gateway").length;

test("every member of the benchmark family parses and keeps to ≤ 600 beacons, ≤ 5000 phones, 180–300 s", (t) => {
  t.true(BENCH_FAMILY.length >= 12 && BENCH_FAMILY.length <= 16);
  for (const p of BENCH_FAMILY) {
    const s = parseScenario(generateSite(p));
    t.true(s.beacons.filter((b) => b.role !== "gateway").length <= 600, s.name);
    t.true(s.phones.count <= 5000, s.name);
    t.true(s.durationS >= 180 && s.durationS <= 300, s.name);
  }
  t.deepEqual([...new Set(BENCH_FAMILY.map((p) => p.kind))].sort(), [...SITE_KINDS].sort());
});

test("generation is deterministic per seed and differs across seeds, for every kind", (t) => {
  for (const kind of SITE_KINDS) {
    const a = JSON.stringify(generateSite({ kind, seed: 7 }));
    t.is(JSON.stringify(generateSite({ kind, seed: 7 })), a, kind);
    t.not(JSON.stringify(generateSite({ kind, seed: 8 })), a, kind);
    parseScenario(JSON.parse(a));
  }
});

test("a grid has exactly the beacons and floors asked for, and its gateways", (t) => {
  for (const [beacons, floors] of [[60, 2], [150, 1], [300, 2]]) {
    const j = generateSite({ kind: "grid", seed: 3, beacons, floors, gateways: 4 });
    t.is(nonGateways(j), beacons);
    t.deepEqual(j.site.floors, floors === 2 ? [0, 1] : [0]);
    t.is(j.beacons.length - beacons, 4);
  }
  const oneEnd = generateSite({ kind: "grid", seed: 3, beacons: 60, gateways: 3, gatewayPlacement: "one-end" });
  t.deepEqual(oneEnd.beacons.filter((b) => b.role === "gateway").map((b) => [b.floor, b.x]), [[0, 0.5], [0, 0.5], [0, 0.5]]);
});

test("malls and offices have the floors asked for; a station has three underground floors joined at its shafts", (t) => {
  for (const floors of [1, 2, 3]) t.deepEqual(generateSite({ kind: "mall", seed: 5, floors }).site.floors, Array.from({ length: floors }, (_, i) => i));
  t.is(generateSite({ kind: "mall", seed: 5, floors: 2, beacons: 60 }).beacons.length - 2, 60, "3 beacons a shop pair a floor");
  t.deepEqual(generateSite({ kind: "office", seed: 5, floors: 4 }).site.floors, [0, 1, 2, 3]);
  const st = generateSite({ kind: "station", seed: 101, beacons: 150, gateways: 2 });
  t.deepEqual(st.site.floors, [-1, -2, -3]);
  t.true(Math.abs(nonGateways(st) - 150) <= 8, `${nonGateways(st)} beacons`);
  t.true(st.beacons.filter((b) => b.role === "gateway").every((b) => b.floor === -1), "gateways at the street entrances, on the concourse");
  const topo = siteTopology(st);
  t.is(topo.hops.size, st.beacons.length, "every beacon reaches a gateway at the start");
  t.true(Math.max(...st.beacons.filter((b) => b.floor === -3).map((b) => topo.hops.get(b.id)!)) >= 3, "the platforms are deep");
});

test("the family's tunnel is one gateway at one end and a chain of ≥ 14 good-link hops", (t) => {
  const p = BENCH_FAMILY.find((x) => x.kind === "tunnel" && x.width === 400)!;
  const j = generateSite(p);
  const gws = j.beacons.filter((b) => b.role === "gateway");
  t.is(gws.length, 1);
  t.is(gws[0].x, 0.5);
  const topo = siteTopology(j);
  t.is(topo.hops.size, j.beacons.length, "the chain is whole at the start");
  t.true(topo.maxHops >= 14, `${topo.maxHops} hops`);
  const far = j.beacons.reduce((a, b) => (b.x > a.x ? b : a));
  t.is(topo.hops.get(far.id), topo.maxHops, "the far end is the deepest");
  t.true(j.events.some((e) => e.type === "destroy") && j.events.some((e) => e.type === "reboot"), "cut, then healed");
});

/**
 * A gateway on the ground floor, relay 2 beside it, relay 3 right above relay
 * 2: relay 3 reaches the gateway only through relay 2 (the floor and the
 * distance cost 110 dB, the link through relay 2 under 90 dB each hop).
 * Relay 2 dies at 20 s; in the healed case it comes back at 40 s.
 */
function cutScenario(healed: boolean) {
  return parseScenario({
    name: healed ? "cut, healed" : "cut for good", durationS: 60, seed: 4,
    site: { width: 40, depth: 10, floors: [0, 1] },
    radio: { txPowerDbm: 0, exponent: 3.5, floorLossDb: 25, shadowingSigmaDb: 0 },
    beacons: [
      { id: 1, role: "gateway", floor: 0, x: 1, y: 5 },
      { id: 2, role: "relay", floor: 0, x: 20, y: 5 },
      { id: 3, role: "relay", floor: 1, x: 20, y: 5 },
    ],
    phones: { count: 40 },
    traffic: { censusIntervalS: 5, positionIntervalS: 10, helloWarmupS: 2 },
    events: [
      { t: 20, type: "destroy", beacons: [2] },
      ...(healed ? [{ t: 40, type: "reboot", beacons: [2] }] : []),
      { t: 25, type: "sos", count: 20, repeats: 1, intervalS: 5 },
    ],
  });
}

test("reachability: a frame originated while its source was cut off and never reconnected is unreachable; cut then healed, reachable", (t) => {
  const during = (at: number) => at > 20_500 && at < 39_500;
  const cut = simulate(cutScenario(false));
  const fromR3 = [...cut.sim.metrics.messages.values()].filter((m) => m.src === 3 && during(m.at));
  t.true(fromR3.length >= 3, `${fromR3.length} messages from the cut-off relay`);
  t.true(fromR3.every((m) => !cut.sim.metrics.reach.reachable(3, m.at) && m.deliveredAt < 0));
  const u = cut.report.reachability.unreachable;
  t.true(u.messages >= fromR3.length, JSON.stringify(u));
  const sosFromR3 = [...cut.sim.metrics.phoneSos.values()].filter((s) => s.heard && s.heardBy.every((id) => id === 3));
  t.true(sosFromR3.length > 0, "some SOS only the cut-off relay heard");
  t.true(u.phoneSos >= sosFromR3.length);
  t.true(cut.sim.metrics.reach.reachable(3, 10_000), "before the cut it was connected");

  const healed = simulate(cutScenario(true));
  const again = [...healed.sim.metrics.messages.values()].filter((m) => m.src === 3 && during(m.at));
  t.true(again.length >= 3);
  t.true(again.every((m) => healed.sim.metrics.reach.reachable(3, m.at)), "connected again at 40 s");
  t.is(healed.report.reachability.unreachable.messages, 0);
  t.is(healed.report.classes.telemetry.reachable, healed.report.classes.telemetry.originated);
});

test("site benchmark: runs of one site under several seeds combine by summing counts (ratios of the sums), worst order, highest p95, mean transmissions", async (t) => {
  const { combine } = await import("../tools/bench-sites-summary");
  const run = (ls: [number, number], img: [number, number], orders: number, p95: number, txh: number) => ({
    job: { site: 3, strategy: "gradient" }, name: "s", beacons: 10, gateways: 1, phones: 50,
    lifeSafety: { originated: ls[0], reachable: ls[0], delivered: ls[1], ofReachable: ls[1] / ls[0] },
    sosFrames: { originated: 2 * ls[0], reachable: 2 * ls[0], delivered: 2 * ls[1], ofReachable: ls[1] / ls[0] },
    phoneSos: { heard: ls[0], reachable: ls[0], delivered: ls[1], ofReachable: ls[1] / ls[0], carried: ls[0], copies: 3 * ls[0] },
    orders, images: { sent: img[0], reachable: img[0], complete: img[1], ofReachable: img[0] ? img[1] / img[0] : NaN },
    sosP95Ms: p95, txPerShortestHop: txh, helloPerData: 0.5,
    unreachable: { messages: 1, lifeSafety: 0, phoneSos: 0, images: 0 }, wallS: 1, seeds: 1,
  });
  const c = combine([run([100, 100], [1, 1], 1, 300, 1.2), run([300, 297], [0, 0], 0.9, NaN, NaN), run([100, 99], [1, 0], NaN, 500, 1.4)]);
  t.like(c.lifeSafety, { originated: 500, delivered: 496, ofReachable: 496 / 500 }, "one ratio of the summed counts, not a mean of ratios (0.99)");
  t.like(c.images, { reachable: 2, complete: 1, ofReachable: 0.5 }, "a seed with no image adds none");
  t.like(c.phoneSos, { carried: 500, copies: 1500 }, "copies and the SOS they carried are summed");
  t.is(c.orders, 0.9);
  t.is(c.sosP95Ms, 500);
  t.true(Math.abs(c.txPerShortestHop - 1.3) < 1e-9, "NaN (nothing to compare) is left out of the mean");
  t.is(c.seeds, 3);
  t.is(c.unreachable.messages, 3);
});

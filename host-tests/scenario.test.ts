import test from "ava";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Priority } from "../protocol/frame";
import { simulate } from "../sim/run";
import { ScenarioError, parseScenario } from "../sim/scenario";
import { Simulation } from "../sim/simulation";
import mall from "../sim/scenarios/two-floor-mall.json";

const CORRIDOR = fileURLToPath(new URL("./data/corridor.json", import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const base = (): Json => JSON.parse(readFileSync(CORRIDOR, "utf8"));

/** The message parseScenario refuses the mutated corridor with ("" if it parses); anything but a ScenarioError fails the test. */
function refusal(mut: (s: Json) => void): string {
  const s = base();
  mut(s);
  try {
    parseScenario(s);
    return "";
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.message;
  }
}

// [what, mutation, the error it must give]: every message names the field's full path.
const NONSENSE: [string, (s: Json) => void, RegExp][] = [
  ["helloIntervalMs 0 (hung the simulator)", (s) => { s.router = { helloIntervalMs: 0 }; }, /^scenario\.router\.helloIntervalMs must be a number in 50\.\.60000$/],
  ["helloIntervalMs 10", (s) => { s.router = { helloIntervalMs: 10 }; }, /^scenario\.router\.helloIntervalMs must be a number in 50\./],
  ["helloMaxIntervalMs under helloIntervalMs", (s) => { s.router = { helloIntervalMs: 2000, helloMaxIntervalMs: 1000 }; }, /^scenario\.router\.helloMaxIntervalMs: helloMaxIntervalMs \(1000\) must be at least helloIntervalMs \(2000\)/],
  ["neighbourTimeoutMs within a HELLO gap", (s) => { s.router = { neighbourTimeoutMs: 8000 }; }, /^scenario\.router\.neighbourTimeoutMs: neighbourTimeoutMs \(8000\) must be more than 1\.5 × helloMaxIntervalMs \(8000\)/],
  ["helloMaxIntervalMs past the default timeout", (s) => { s.router = { helloMaxIntervalMs: 60_000 }; }, /^scenario\.router\.helloMaxIntervalMs: neighbourTimeoutMs \(30000\) must be more than 1\.5 × helloMaxIntervalMs/],
  ["dedupEntries 0 (hung the simulator)", (s) => { s.router = { dedupEntries: 0 }; }, /^scenario\.router\.dedupEntries must be an integer in 1\.\.65536$/],
  ["dedupEntries 2.5", (s) => { s.router = { dedupEntries: 2.5 }; }, /^scenario\.router\.dedupEntries must be an integer/],
  ["queueFrames 0", (s) => { s.router = { queueFrames: 0 }; }, /^scenario\.router\.queueFrames must be an integer in 1\.\.4096$/],
  ["queueBytes below one full-size frame", (s) => { s.router = { queueBytes: 537 }; }, /^scenario\.router\.queueBytes must be an integer in 538\.\.2203648$/],
  ["hopLimit 20 (over the 4-bit field)", (s) => { s.router = { hopLimit: 20 }; }, /^scenario\.router\.hopLimit must be an integer in 1\.\.15$/],
  ["hopLimit 0", (s) => { s.router = { hopLimit: 0 }; }, /^scenario\.router\.hopLimit must be an integer in 1\.\.15$/],
  ["maxCandidates 0", (s) => { s.router = { maxCandidates: 0 }; }, /^scenario\.router\.maxCandidates must be an integer in 1\.\./],
  ["retries 1.5", (s) => { s.router = { retries: 1.5 }; }, /^scenario\.router\.retries must be an integer in 0\.\.15$/],
  ["failureLimit 0", (s) => { s.router = { failureLimit: 0 }; }, /^scenario\.router\.failureLimit must be an integer in 1\.\./],
  ["neighbourEntries 0", (s) => { s.router = { neighbourEntries: 0 }; }, /^scenario\.router\.neighbourEntries must be an integer in 1\.\./],
  ["bulkAirtimeShare 1.5", (s) => { s.router = { bulkAirtimeShare: 1.5 }; }, /^scenario\.router\.bulkAirtimeShare must be a number in 0\.\.1$/],
  ["floodSlotMs 0", (s) => { s.router = { floodSlotMs: 0 }; }, /^scenario\.router\.floodSlotMs must be a number in 0\.02\.\./],
  ["floodRedundancy 0", (s) => { s.router = { floodRedundancy: 0 }; }, /^scenario\.router\.floodRedundancy must be an integer in 1\.\./],
  ["floodRedundancy 1.5", (s) => { s.router = { floodRedundancy: 1.5 }; }, /^scenario\.router\.floodRedundancy must be an integer/],
  ["strategy unknown", (s) => { s.router = { strategy: "aodv" }; }, /^scenario\.router\.strategy must be one of gradient, flood, managed-flood$/],
  ["router key unknown", (s) => { s.router = { helloMs: 5 }; }, /^scenario\.router\.helloMs is not a known field/],
  ["an event after the end", (s) => { s.events[0].t = 61; }, /^scenario\.events\[0\]\.t must be a number in 0\.\.60$/],
  ["sos count above the phones", (s) => { s.events[0].count = 41; }, /^scenario\.events\[0\]\.count must be an integer in 1\.\.40$/],
  ["sos without phones", (s) => { s.phones.count = 0; }, /^scenario\.events\[0\]: there are no phones/],
  ["move count above the phones", (s) => { s.events.push({ t: 10, type: "move", count: 100, to: { floor: 0, x0: 0, y0: 0, x1: 10, y1: 10 } }); }, /^scenario\.events\[4\]\.count must be an integer in 1\.\.40$/],
  ["move zone outside the plan", (s) => { s.events.push({ t: 10, type: "move", count: 5, to: { floor: 0, x0: 90, y0: 0, x1: 110, y1: 10 } }); }, /^scenario\.events\[4\]\.to must lie inside the site/],
  ["move zone on a floor that does not exist", (s) => { s.events.push({ t: 10, type: "move", count: 5, to: { floor: 2, x0: 0, y0: 0, x1: 10, y1: 10 } }); }, /^scenario\.events\[4\]\.to\.floor 2 is not one of scenario\.site\.floors$/],
  ["jam zone off the plan", (s) => { s.events.push({ t: 10, type: "jam", zone: { floor: 0, x0: 200, y0: 0, x1: 300, y1: 10 }, untilS: 20, powerDbm: -60 }); }, /^scenario\.events\[4\]\.zone lies outside the site/],
  ["jam ending before it starts", (s) => { s.events.push({ t: 10, type: "jam", zone: { floor: 0, x0: 0, y0: 0, x1: 10, y1: 10 }, untilS: 5, powerDbm: -60 }); }, /^scenario\.events\[4\]\.untilS must be a number in 10\.\./],
  ["destroy zone on a missing floor", (s) => { s.events[1] = { t: 30, type: "destroy", zone: { floor: -1, x0: 0, y0: 0, x1: 10, y1: 10 } }; }, /^scenario\.events\[1\]\.zone\.floor -1 is not one of/],
  ["destroy of an unknown beacon", (s) => { s.events[1].beacons = [99]; }, /^scenario\.events\[1\]\.beacons\[0\] is not a beacon id$/],
  ["destroy gateways flag on a list", (s) => { s.events[1].gateways = true; }, /^scenario\.events\[1\]: share and gateways go with a zone/],
  ["destroy gateways not a boolean", (s) => { s.events[1] = { t: 30, type: "destroy", zone: { floor: 0, x0: 0, y0: 0, x1: 10, y1: 10 }, gateways: 1 }; }, /^scenario\.events\[1\]\.gateways must be true or false$/],
  ["reboot of an unknown beacon", (s) => { s.events.push({ t: 40, type: "reboot", beacons: [7] }); }, /^scenario\.events\[4\]\.beacons\[0\] is not a beacon id$/],
  ["instruction from a relay", (s) => { s.events[3].from = 10; }, /^scenario\.events\[3\]\.from must be a gateway's id$/],
  ["image from a relay", (s) => { s.events.push({ t: 10, type: "image", camera: 10, bytes: 1000 }); }, /^scenario\.events\[4\]\.camera must be a camera beacon's id$/],
  ["image too big", (s) => { s.beacons[5].role = "camera"; s.events.push({ t: 10, type: "image", camera: 20, bytes: 1e6 }); }, /^scenario\.events\[4\]\.bytes must be an integer in 1\.\.900000$/],
  ["stream of gigabytes", (s) => { s.beacons[5].role = "camera"; s.events.push({ t: 10, type: "stream", camera: 20, fps: 30, frameBytes: 900_000, durationS: 3600 }); }, /^scenario\.events\[4\]: fps × durationS × frameBytes is \d+ bytes, over the/],
  ["site wider than a position can say", (s) => { s.site.width = 7000; }, /^scenario\.site\.width must be a number in 1\.\.6553\.4$/],
  ["a floor listed twice", (s) => { s.site.floors = [0, 0]; }, /^scenario\.site\.floors\[1\] 0 is listed twice$/],
  ["a floor out of range", (s) => { s.site.floors = [0, 500]; }, /^scenario\.site\.floors\[1\] must be an integer in -20\.\.100$/],
  ["phones fractional", (s) => { s.phones.count = 4.5; }, /^scenario\.phones\.count must be an integer/],
];

for (const [what, mut, expected] of NONSENSE) {
  test(`refused, naming the field: ${what}`, (t) => {
    t.regex(refusal(mut), expected);
  });
}

// The radio section is checked by its own code (another part of the issue); these only pin that the error names the field.
for (const [what, mut] of [
  ["radio.bitrate 0 (hung the simulator)", (s: Json) => { s.radio.bitrate = 0; }],
  ["radio.bitrate negative", (s: Json) => { s.radio.bitrate = -1e6; }],
] as const) {
  test(`refused, naming the field: ${what}`, (t) => {
    t.regex(refusal(mut), /^scenario\.radio\.bitrate /);
  });
}

test("valid files parse: the corridor, the default mall, and router values at the edges of their ranges", (t) => {
  t.is(refusal(() => {}), "");
  t.notThrows(() => parseScenario(mall));
  t.is(refusal((s) => { s.router = { helloIntervalMs: 50, helloMaxIntervalMs: 50, neighbourTimeoutMs: 76, hopLimit: 15, retries: 0, dedupEntries: 1, queueFrames: 1, queueBytes: 538, bulkAirtimeShare: 0, floodRedundancy: 1 }; }), "");
  t.is(refusal((s) => { s.events[0].t = 60; s.events[0].count = 40; }), "", "the last second and every phone are fine");
  const sc = parseScenario(base());
  t.is(sc.router.hopLimit, undefined, "what is left out stays out (the router's default applies)");
  t.is(sc.events[1].type, "destroy");
});

/** The corridor with a second gateway at its far end (beacon 13). */
function twoGateways(): Json {
  const s = base();
  s.beacons.find((b: Json) => b.id === 13).role = "gateway";
  return s;
}

test("destroying a gateway by id: the run completes, the report counts it, its later order is reported as not sent", (t) => {
  const s = twoGateways();
  s.events[1] = { t: 30, type: "destroy", beacons: [1] };
  const { report: r, sim } = simulate(parseScenario(s));
  t.is(r.nodes.destroyed, 1);
  t.is(r.nodes.gatewaysDestroyed, 1);
  t.is(r.instructions.length, 1);
  t.like(r.instructions[0], { id: 7, from: 1, gatewayAlive: false, reached: 0, eligible: 5, coverage: 0 });
  // SOS after the gateway died still reach the other one (beacon 13).
  const late = [...sim.metrics.messages.values()].filter((o) => o.at >= 35_000 && o.priority === Priority.lifeSafety);
  t.true(late.length > 0);
  t.true(late.every((o) => o.deliveredAt >= 0), "every SOS from the wave at 35 s reached gateway 13");
});

test("a zone destroy spares gateways unless the event says gateways: true", (t) => {
  const zoneAll = { floor: 0, x0: 0, y0: 0, x1: 100, y1: 20 };
  const spared = twoGateways();
  spared.events[1] = { t: 30, type: "destroy", zone: zoneAll, share: 1 };
  const a = simulate(parseScenario(spared)).report;
  t.is(a.nodes.destroyed, 4, "the four relays");
  t.is(a.nodes.gatewaysDestroyed, 0);
  const all = twoGateways();
  all.events[1] = { t: 30, type: "destroy", zone: zoneAll, share: 1, gateways: true };
  const b = simulate(parseScenario(all)).report;
  t.is(b.nodes.destroyed, 6);
  t.is(b.nodes.gatewaysDestroyed, 2);
  t.false(b.instructions[0].gatewayAlive);
  t.is(b.instructions[0].eligible, 0, "nobody is alive to reach");
});

// ------------------------------------------------------------ property: mutations of the default scenario

const WEIRD: unknown[] = [0, -1, 1, 0.5, 2.5, 15, 16, 20, 255, 1e9, -1e9, 86_401, NaN, Infinity, "x", "", null, true, [], {}, [1], { floor: 0 }];

/** Paths to every value inside `v` (objects and arrays too), as lists of keys. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.slice(0, 6).forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "walls") paths(x, [...at, k], out);
  return out;
}

/** The default mall, with events and walls thinned so a short run is quick. */
function smallMall(): Json {
  const s = structuredClone(mall) as Json;
  s.site.walls = s.site.walls.slice(0, 8);
  return s;
}
const MALL_PATHS = paths(smallMall()).filter((p) => p.length > 0);
const ROUTER_KEYS = ["helloIntervalMs", "helloMaxIntervalMs", "neighbourTimeoutMs", "hopLimit", "retries", "maxCandidates", "failureLimit", "dedupEntries", "queueFrames", "queueBytes", "neighbourEntries", "bulkAirtimeShare", "floodSlotMs", "floodRedundancy"];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...MALL_PATHS), value: fc.constantFrom(...WEIRD) }),
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...MALL_PATHS), value: fc.double({ min: -1e4, max: 1e5, noNaN: true }) }),
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...ROUTER_KEYS.map((k) => ["router", k])), value: fc.oneof(fc.constantFrom(...WEIRD), fc.integer({ min: -5, max: 70_000 })) }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...MALL_PATHS), value: fc.constant(undefined) }),
);

function apply(s: Json, m: { kind: "set" | "delete"; path: (string | number)[]; value: unknown }): void {
  let o = s;
  for (const k of m.path.slice(0, -1)) {
    if (o === null || typeof o !== "object") return;
    o = o[k];
  }
  if (o === null || typeof o !== "object") return;
  const last = m.path[m.path.length - 1];
  if (m.kind === "delete") {
    if (Array.isArray(o) && typeof last === "number") o.splice(last, 1);
    else delete o[last];
  } else {
    o[last] = structuredClone(m.value);
  }
}

test("property: a mutated default scenario parses or throws a ScenarioError; what parses runs 5 simulated seconds", (t) => {
  let parsed = 0, refused = 0;
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => {
      const s = smallMall();
      for (const m of muts) apply(s, m);
      let sc;
      try {
        sc = parseScenario(s);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        if (!/^scenario\b/.test(e.message)) throw new Error(`the error does not name a field: ${e.message}`);
        refused++;
        return;
      }
      parsed++;
      // Bounded: 5 s simulated; the run must end (ava's timeout catches a hang).
      new Simulation({ ...sc, durationS: Math.min(sc.durationS, 5) }, sc.seed).run();
    }),
    { numRuns: 200, seed: 9 },
  );
  t.true(parsed > 10, `${parsed} parsed`);
  t.true(refused > 10, `${refused} refused`);
});

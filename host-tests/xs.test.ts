import test from "ava";
import { fileURLToPath } from "node:url";
import { bundle, startXs } from "../sim/xs/engine";

test("XS lane: vectors, CBOR examples, round trips and fuzz pass inside the XS engine", async (t) => {
  const code = await bundle(fileURLToPath(new URL("./xs/lane.ts", import.meta.url)));
  const xs = await startXs();
  try {
    const run = await xs.evaluate(code);
    t.is(run.reports.length, 1, "the lane reports once");
    const r = run.reports[0] as { counts: Record<string, number>; failures: string[]; fuzz: { cases: number; accepted: number } };
    t.deepEqual(r.failures, []);
    t.true(r.counts.vectors >= 40, JSON.stringify(r.counts));
    t.true(r.counts.cbor >= 80);
    t.is(r.counts.roundtrip, 8);
    t.is(r.counts.utf8, 18, "strict UTF-8 with XS's own TextDecoder");
    t.is(r.counts["roundtrip cases"], 8 * 300);
    t.is(r.fuzz.cases, 20_000);
    t.true(r.fuzz.accepted > 100);
    t.log(`XS: ${JSON.stringify(r.counts)}, fuzz accepted ${r.fuzz.accepted}/${r.fuzz.cases}, compute ${run.compute}`);
  } finally {
    await xs.close();
  }
});

test("XS lane: a failing check inside XS reaches the test (the lane can fail)", async (t) => {
  const xs = await startXs();
  try {
    const code = await bundle(fileURLToPath(new URL("./xs/broken-lane.ts", import.meta.url)));
    const run = await xs.evaluate(code);
    const r = run.reports[0] as { reason: string; hex: string };
    t.is(r.reason, "badMic");
    t.not(r.hex, "");
  } finally {
    await xs.close();
  }
});

test("XS: the real router carries an SOS across three XS-hosted relays to the gateway", async (t) => {
  const xs = await startXs();
  try {
    const code = await bundle(fileURLToPath(new URL("./xs/router-lane.ts", import.meta.url)));
    const run = await xs.evaluate(code);
    const r = run.reports[0] as { delivered: { src: number; hops: number; body: { trapped: number; flags: string[] } }[]; routes: ({ via: number; hops: number } | null)[] };
    t.deepEqual(r.routes, [null, { via: 1, hops: 1 }, { via: 2, hops: 2 }, { via: 3, hops: 3 }, { via: 4, hops: 4 }], "the gradient, learnt from HELLOs in XS");
    t.is(r.delivered.length, 1);
    t.like(r.delivered[0], { src: 5, hops: 3 });
    t.deepEqual(r.delivered[0].body.flags, ["gunfire"]);
    t.is(r.delivered[0].body.trapped, 2);
    t.log(`XS compute for 7 s of five routers: ${run.compute}`);
  } finally {
    await xs.close();
  }
});

test("XS: the firmware boots every role; a phone SOS, an image and censuses reach the gateway's host link, and the host's instruction line reaches every beacon", async (t) => {
  const xs = await startXs();
  try {
    const code = await bundle(fileURLToPath(new URL("./xs/firmware-lane.ts", import.meta.url)));
    const run = await xs.evaluate(code);
    const r = run.reports[0] as { booted: string[]; scanning: number[]; captured: boolean; atHost: { type: string; src: number; body?: { phone?: { id: number }; trapped: number } }[]; logs: string[] };
    t.deepEqual(r.booted, ["gateway", "relay", "relay", "relay", "phone-ap", "camera"]);
    t.deepEqual(r.scanning, [2, 3, 4, 5, 6], "every beacon but the gateway listens for phones");
    t.deepEqual(r.logs, []);
    const sos = r.atHost.filter((m) => m.type === "1");
    t.is(sos.length, 1, "one SOS for one phone advertisement heard twice");
    t.like(sos[0], { src: 5, body: { phone: { id: 0x12345678 }, trapped: 3 } });
    t.true(r.captured);
    t.is(r.atHost.filter((m) => m.type === "5" && m.src === 6).length, Math.ceil(3000 / 232), "every fragment of the image");
    t.true(r.atHost.filter((m) => m.type === "2").length >= 5, "censuses from the listening beacons");
    const host = run.reports[0] as { answers: string[]; instructed: { at: number; body: unknown }[] };
    t.is(host.answers.length, 2, "one answer per host line");
    t.regex(host.answers[0], /^OK \d+$/);
    t.is(host.answers[1], "ERR badHex: not a hex digit at column 10");
    t.deepEqual(host.instructed.map((i) => i.at).sort(), [2, 3, 4, 5, 6], "the host's instruction reached every beacon, once each");
    for (const i of host.instructed) t.deepEqual(i.body, { id: 41, action: "evacuate", zone: 0, via: 2, text: "Leave by exit 2" });
  } finally {
    await xs.close();
  }
});

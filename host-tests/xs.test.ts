import test from "ava";
import { fileURLToPath } from "node:url";
import { bundle, startXs } from "../tools/lib/xs";

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

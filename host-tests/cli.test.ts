import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vectors } from "./support/vectors";

const BIN = fileURLToPath(new URL("../bin/d2d.mjs", import.meta.url));
function d2d(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", env: { ...process.env, ...env, D2D_KEY: env.D2D_KEY ?? "" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("decode prints the JSON of each frame vector", (t) => {
  const hexes = vectors.frames.map((v) => v.hex);
  const r = d2d(["decode", ...hexes]);
  t.is(r.code, 0, r.err);
  const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
  t.is(lines.length, hexes.length);
  t.is(lines[0].type, "sos");
  t.deepEqual(lines[0].body.flags, ["gunfire", "hiding"]);
});

test("encode reads JSON from stdin or an argument and matches the vectors", (t) => {
  const v = vectors.frames.find((x) => x.name === "instruction")!;
  t.is(d2d(["encode"], JSON.stringify(v.json)).out.trim(), v.hex);
  t.is(d2d(["encode", JSON.stringify(v.json)]).out.trim(), v.hex);
});

test("decode reads a gateway's serial lines and keeps the RSSI", (t) => {
  const r = d2d(["decode"], `D2D -67 ${vectors.frames[0].hex}\nD2D -80 ${vectors.frames[1].hex}\n`);
  t.is(r.code, 0, r.err);
  const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
  t.deepEqual(lines.map((l) => [l.type, l.rssi]), [["sos", -67], ["sos", -80]]);
});

test("decode reads hex lines from stdin; --phone decodes advertisements", (t) => {
  const r = d2d(["decode"], vectors.frames.slice(0, 3).map((v) => v.hex).join("\n") + "\n");
  t.is(r.out.trim().split("\n").length, 3);
  const p = d2d(["decode", "--phone", vectors.phone[0].hex]);
  t.deepEqual(JSON.parse(p.out), vectors.phone[0].json);
});

test("bad input: one line `error: <reason>` on stderr, exit 2, no stack trace", (t) => {
  const cases: [string[], string | undefined, RegExp][] = [
    [["decode", vectors.errors.find((e) => e.name === "bit-flip")!.hex], undefined, /^error: badMic\n$/],
    [["decode", "41"], undefined, /^error: truncated/],
    [["decode", "xyz"], undefined, /^error: badValue: not a hex string\n$/],
    [["encode", "{not json"], undefined, /^error: badValue: input is not JSON/],
    [["encode", '{"type":"sos","src":1,"seq":1,"body":{"floor":0,"x":1,"y":1,"accuracy":null,"trapped":999,"injured":null,"attackers":null,"flags":[]}}'], undefined, /^error: badValue: trapped must be an integer in 0\.\.254/],
    [["encode", '{"type":"warp","src":1,"seq":1,"body":{}}'], undefined, /^error: unknownType/],
    [["frobnicate"], undefined, /^error: usage: unknown command "frobnicate"/],
    [["decode", "--key", "00"], undefined, /^error: badValue: --key must be at least 16 bytes/],
  ];
  for (const [args, input, re] of cases) {
    const r = d2d(args, input);
    t.is(r.code, 2, args.join(" "));
    t.regex(r.err, re, args.join(" "));
    t.is(r.err.trim().split("\n").length, 1, "one line: " + r.err);
    t.notRegex(r.err, /\n\s+at /);
    t.is(r.out, "");
  }
});

test("--key changes the MIC; --no-verify shows a frame sealed under another key", (t) => {
  const v = vectors.frames[0];
  const key = "ff".repeat(32);
  const other = d2d(["encode", "--key", key, JSON.stringify(v.json)]).out.trim();
  t.not(other, v.hex);
  t.is(other.slice(0, -8), v.hex.slice(0, -8), "only the MIC differs");
  t.is(d2d(["decode", other]).code, 2);
  t.is(d2d(["decode", "--key", key, other]).code, 0);
  t.is(d2d(["decode", other], undefined, { D2D_KEY: key }).code, 0);
  t.is(JSON.parse(d2d(["decode", "--no-verify", other]).out).mic, "unchecked");
});

test("demo runs end to end and the image arrives intact", (t) => {
  const r = d2d(["demo"]);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /legacy advertisement used: 24 of 31 bytes/);
  t.regex(r.out, /"hops":3/);
  t.regex(r.out, /image intact \(20000 bytes\)/);
});

test("site prints a generated site's scenario JSON that d2d sim accepts; --out writes it; a bad kind is one usage line", (t) => {
  const r = d2d(["site", "tunnel", "--seed", "2", "--beacons", "12", "--phones", "40"]);
  t.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  t.is(j.beacons.filter((b: { role: string }) => b.role !== "gateway").length, 12);
  t.is(j.phones.count, 40);
  t.is(d2d(["site", "tunnel", "--seed", "2", "--beacons", "12", "--phones", "40"]).out, r.out, "same seed, same site");
  const file = join(mkdtempSync(join(tmpdir(), "d2d-site-")), "t.json");
  t.is(d2d(["site", "tunnel", "--seed", "2", "--beacons", "12", "--phones", "40", "--out", file]).out, "");
  t.deepEqual(JSON.parse(readFileSync(file, "utf8")), j);
  const bad = d2d(["site", "castle"]);
  t.is(bad.code, 2);
  t.regex(bad.err, /^error: usage: site needs a kind: mall, station, tunnel, food-court, grid, office/);
});

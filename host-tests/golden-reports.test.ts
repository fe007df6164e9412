/**
 * The default scenario's reports are pinned (issue 8: a redesign that must not
 * change behaviour). `d2d sim --json` for seeds 1-3 with our router, and seed 1
 * with each flooding baseline, must equal the files in host-tests/data/reports
 * apart from the wall-clock fields (wallS, speedup). A deliberate behaviour
 * change regenerates them: for each file, run the same command and drop those
 * two fields (see the command in each test's name).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cases: [string, string[]][] = [
  ["two-floor-mall-seed-1", ["--seed", "1"]],
  ["two-floor-mall-seed-2", ["--seed", "2"]],
  ["two-floor-mall-seed-3", ["--seed", "3"]],
  ["two-floor-mall-seed-1-flood", ["--seed", "1", "--strategy", "flood"]],
  ["two-floor-mall-seed-1-managed-flood", ["--seed", "1", "--strategy", "managed-flood"]],
];

for (const [name, args] of cases) {
  test(`d2d sim --json ${args.join(" ")} equals host-tests/data/reports/${name}.json (wall clock aside)`, (t) => {
    const r = spawnSync(process.execPath, [`${root}bin/d2d.mjs`, "sim", "--json", ...args], { encoding: "utf8" });
    t.is(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    t.true(typeof got.wallS === "number" && typeof got.speedup === "number");
    delete got.wallS;
    delete got.speedup;
    t.deepEqual(got, JSON.parse(readFileSync(`${root}host-tests/data/reports/${name}.json`, "utf8")));
  });
}

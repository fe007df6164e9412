/**
 * Runs the site benchmark's simulations (tools/bench-sites.ts) in parallel:
 *
 *   tsx tools/bench-sites-run.ts pool WORKERS < jobs.json   -> one JSON line per job, in job order
 *   tsx tools/bench-sites-run.ts job JOB_JSON               -> that job's summary as JSON
 *
 * A job is a site (an index into BENCH_FAMILY, or -1 for the default mall),
 * a strategy, an optional duration and an optional offset to the scenario's
 * simulation seed (other draws of the radio and the people; the site itself
 * stays the same). Every run is deterministic (its
 * scenario's seed), so the results do not depend on the number of workers or
 * on which finishes first; only wall-clock figures do.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { StrategyName } from "../forwarding/router";
import { defaultScenario, simulate } from "../sim/run";
import { parseScenario } from "../sim/scenario";
import { BENCH_FAMILY, generateSite } from "../sim/sites/generate";
import { summarise, type Job, type SiteRun } from "./bench-sites-summary";

function runJob(job: Job): SiteRun {
  const base = job.site < 0 ? defaultScenario() : parseScenario(generateSite(BENCH_FAMILY[job.site]));
  const scenario = job.durationS ? { ...base, durationS: job.durationS, events: base.events.filter((e) => e.t < job.durationS! - 20) } : base;
  const { report } = simulate(scenario, { strategy: job.strategy as StrategyName, seed: scenario.seed + (job.seedOffset ?? 0) });
  return summarise(job, report);
}

async function pool(workers: number, jobs: Job[]): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const out: string[] = new Array(jobs.length);
  let next = 0;
  const one = (): Promise<void> => {
    const i = next++;
    if (i >= jobs.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", self, "job", JSON.stringify(jobs[i])], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.on("error", reject);
      child.on("close", (code) => {
        if (code !== 0) return reject(new Error(`job ${JSON.stringify(jobs[i])} exited with ${code}`));
        out[i] = text.trim();
        resolve(one());
      });
    });
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, one));
  process.stdout.write(out.join("\n") + "\n");
}

const [mode, arg] = process.argv.slice(2);
if (mode === "job") process.stdout.write(JSON.stringify(runJob(JSON.parse(arg) as Job)) + "\n");
else if (mode === "pool") await pool(Number(arg), JSON.parse(readFileSync(0, "utf8")) as Job[]);
else {
  process.stderr.write("usage: bench-sites-run.ts pool WORKERS < jobs.json | job JOB_JSON\n");
  process.exitCode = 2;
}

/**
 * The simulator's scale benchmark (issue 9): how wall time and memory grow
 * with the number of beacons, on generated grid sites.
 *
 * Rules: each size runs in its own Node process (`--expose-gc`), so its peak
 * RSS is its own and the heap can be measured after a full collection. The
 * site is the site generator's grid (sim/sites/generate.ts, with its default
 * incident) for that many beacons and ≈ 8.3 phones a beacon (5 000 at 600);
 * without the generator, the local grid below: beacons 12 m apart on two
 * floors, a full-width wall every 36 m each way, 4 gateways, the mall's old
 * radio settings with 20 % frame loss, one SOS wave of 1 % of the phones at
 * 30 s (`--local` forces it). Every size simulates 60 s. Reported per size: wall seconds of the run alone (building the
 * simulation apart), × real time, the CPU seconds of the process over the run
 * (every thread: on sites of 100+ beacons a worker computes the fading
 * numbers ahead, sim/fade-stream.ts, so CPU can exceed wall), events the
 * scheduler ran, the heap the simulation holds at its end (heapUsed +
 * arrayBuffers after gc, less the same before it was built) per beacon, and
 * the process's peak RSS.
 *
 * CLI: `npx tsx tools/bench-scale.ts [--quick] [--local] [--sizes 60,600]`
 * prints the section; `--one N` measures one size in this process (JSON).
 *
 * Grid: sim/sites/generate.ts's grid kind when it exists, else the local
 * builder below (which the report says).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScenario } from "../sim/scenario";
import { Simulation } from "../sim/simulation";

const DURATION_S = 60;
const SPACING_M = 12;
const WALL_EVERY_M = 36;
const FLOORS = [0, 1];
const PHONES_PER_BEACON = 5000 / 600;

export interface ScalePoint { asked: number; beacons: number; phones: number; wallS: number; cpuS: number; speedup: number; events: number; heapPerBeaconKb: number; peakRssMb: number; gc: boolean; site: string }

/** A grid site of about `n` beacons (4 of them gateways), as scenario JSON. */
export function gridScenario(n: number, seed = 1): unknown {
  const perFloor = Math.ceil(n / FLOORS.length);
  const cols = Math.ceil(Math.sqrt(perFloor)), rows = Math.ceil(perFloor / cols);
  const width = cols * SPACING_M, depth = rows * SPACING_M;
  const walls: object[] = [];
  for (const floor of FLOORS) {
    for (let x = WALL_EVERY_M; x < width; x += WALL_EVERY_M) walls.push({ floor, x0: x, y0: 0, x1: x, y1: depth });
    for (let y = WALL_EVERY_M; y < depth; y += WALL_EVERY_M) walls.push({ floor, x0: 0, y0: y, x1: width, y1: y });
  }
  const beacons: { id: number; role: string; floor: number; x: number; y: number }[] = [];
  const gateways = new Set([0, cols - 1, (rows - 1) * cols, rows * cols - 1]);
  for (const floor of FLOORS) {
    for (let k = 0; k < rows * cols && beacons.length < n; k++) {
      const role = floor === 0 && gateways.has(k) ? "gateway" : "relay";
      beacons.push({ id: beacons.length + 1, role, floor, x: (k % cols) * SPACING_M + SPACING_M / 2, y: Math.floor(k / cols) * SPACING_M + SPACING_M / 2 });
    }
  }
  const phones = Math.round(n * PHONES_PER_BEACON);
  return {
    name: `grid of ${n}`, durationS: DURATION_S, seed, net: 1,
    site: { width, depth, floors: FLOORS, walls },
    radio: { txPowerDbm: 8, exponent: 3.3, wallLossDb: 6, floorLossDb: 20, shadowingSigmaDb: 4, frameLoss: 0.2 },
    ble: { txPowerDbm: 0, sensitivityDbm: -90, detectProbability: 0.9 },
    beacons, phones: { count: phones },
    traffic: { censusIntervalS: 30, positionIntervalS: 60, helloWarmupS: 5 },
    events: [{ t: 30, type: "sos", count: Math.ceil(phones / 100), repeats: 2, intervalS: 10 }],
  };
}

const GENERATOR = fileURLToPath(new URL("../sim/sites/generate.ts", import.meta.url));

/** The scenario JSON for size n: the shared generator's grid if present, else the local grid. */
async function siteFor(n: number): Promise<{ json: unknown; site: string }> {
  if (existsSync(GENERATOR) && !process.argv.includes("--local")) {
    try {
      const g = (await import(GENERATOR)) as { generateSite?: (p: object) => unknown };
      if (g.generateSite) {
        const phones = Math.round(n * PHONES_PER_BEACON);
        return { json: g.generateSite({ kind: "grid", seed: 1, beacons: n, phones, durationS: DURATION_S }), site: "generator" };
      }
    } catch {
      // fall back to the local grid
    }
  }
  return { json: gridScenario(n), site: "local" };
}

/** One size, measured in this process. */
export async function measure(n: number): Promise<ScalePoint> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const { json, site } = await siteFor(n);
  const scenario = parseScenario(json);
  gc?.();
  // heapUsed misses typed arrays' backing stores (arrayBuffers): both count.
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const heap0 = used();
  const sim = new Simulation(scenario, scenario.seed);
  const t0 = performance.now(), c0 = process.cpuUsage();
  sim.run();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  gc?.();
  const heap = used() - heap0;
  const events = (sim as unknown as { scheduler: { executed: number } }).scheduler.executed;
  return {
    asked: n, beacons: scenario.beacons.length, phones: scenario.phones.count, wallS, cpuS: (c.user + c.system) / 1e6, speedup: scenario.durationS / wallS, events,
    heapPerBeaconKb: heap / 1024 / scenario.beacons.length, peakRssMb: process.resourceUsage().maxRSS / 1024, gc: gc !== undefined, site,
  };
}

/** One size in a child process of its own (clean peak RSS, gc exposed). */
function measureApart(n: number, local: boolean): ScalePoint {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--one", String(n), ...(local ? ["--local"] : [])], { encoding: "utf8", maxBuffer: 1 << 20, timeout: 3_600_000 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) throw new Error(`bench-scale ${n}: exit ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as ScalePoint;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

/** The section of BENCHMARKS.md: the curve over N (2 000 beacons too unless quick). */
export function scaleSection(quick: boolean, local = false, only?: number[]): string[] {
  const sizes = only ?? (quick ? [60, 150, 300, 600] : [60, 150, 300, 600, 2000]);
  const points = sizes.map((n) => measureApart(n, local));
  const L: string[] = [];
  L.push("## Simulator scale (issue 9)");
  L.push("");
  const site = points[0].site === "generator"
    ? "the site generator's grid (sim/sites/generate.ts, seed 1, its default incident: destruction, a cut, a jammer, orders, images, SOS waves)"
    : "a local grid (tools/bench-scale.ts: beacons 12 m apart on two floors, a wall every 36 m each way, 4 gateways, 20 % frame loss, one SOS wave at 30 s)";
  L.push(`Grid sites from ${site}, ≈ 8.3 phones a beacon; ${DURATION_S} simulated seconds each, every beacon running the real firmware. Each size runs in a process of its own; wall time is the run alone (not building the site), on this machine, noisy; CPU is the process's over the run, every thread (from 100 beacons a worker thread computes the fading numbers ahead, sim/fade-stream.ts). Memory: the heap the simulation holds at its end (V8 heapUsed plus typed arrays' buffers ${points[0].gc ? "after a forced gc (--expose-gc)" : "without a forced gc"}, less the same before it was built) per beacon, and the process's peak RSS.`);
  L.push("");
  L.push("| beacons | phones | wall s | × real time | CPU s | events | events / wall s | heap per beacon | peak RSS |");
  L.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const p of points) {
    L.push(`| ${p.beacons} | ${p.phones} | ${f2(p.wallS)} | ${f1(p.speedup)} | ${f2(p.cpuS)} | ${p.events} | ${Math.round(p.events / p.wallS)} | ${f1(p.heapPerBeaconKb)} KB | ${Math.round(p.peakRssMb)} MB |`);
  }
  // the site generator rounds to its grid: the size asked for is what the target names
  const at600 = points.find((p) => p.asked === 600);
  if (at600) L.push("", `Target: 600 beacons and 5 000 phones at ≥ 50× real time: ${at600.beacons} beacons, ${f1(at600.speedup)}× (${at600.speedup >= 50 ? "met" : "**not met**"}).`);
  return L;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--one");
  if (i >= 0) {
    console.log(JSON.stringify(await measure(Number(process.argv[i + 1]))));
  } else {
    const k = process.argv.indexOf("--sizes");
    const only = k >= 0 ? process.argv[k + 1].split(",").map(Number) : undefined;
    for (const l of scaleSection(process.argv.includes("--quick"), process.argv.includes("--local"), only)) console.log(l);
  }
}

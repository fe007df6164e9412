/**
 * npm run fuzz -- [--cases N] [--seed S]: the long mutation campaign behind the
 * 120 000 cases of the normal suite. Same mutator and oracle (tools/lib/fuzz.ts);
 * exits 1 and prints the inputs on any finding.
 */
import { readFileSync } from "node:fs";
import { fromHex } from "../protocol/bytes";
import { fuzz } from "./lib/fuzz";
import { nodeMac } from "./lib/node-mac";
import { VECTORS_PATH, type VectorFile } from "./lib/vectors";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`error: usage: ${name} takes a whole number`);
    process.exit(2);
  }
  return v;
}

const cases = arg("--cases", 3_000_000);
const seed = arg("--seed", Date.now() % 0x7fffffff);
const v: VectorFile = JSON.parse(readFileSync(VECTORS_PATH, "utf8"));
const mac = nodeMac(fromHex(v.key));
const seeds = [...v.frames, ...v.errors].map((x) => fromHex(x.hex));
const phone = v.phone.map((x) => fromHex(x.hex));

const t0 = performance.now();
const chunk = 250_000;
let total = 0, accepted = 0, maxBlowUp = 0;
const reasons: Record<string, number> = {};
const findings: string[] = [];
for (let done = 0; done < cases; done += chunk) {
  const r = fuzz(seeds, phone, Math.min(chunk, cases - done), seed + done, mac);
  total += r.cases;
  accepted += r.accepted;
  maxBlowUp = Math.max(maxBlowUp, r.maxBlowUp);
  for (const [k, n] of Object.entries(r.reasons)) reasons[k] = (reasons[k] ?? 0) + n;
  findings.push(...r.findings);
  process.stderr.write(`\r${total} cases, ${findings.length} findings`);
}
process.stderr.write("\n");
console.log(JSON.stringify({ seed, cases: total, accepted, maxBlowUp: Number(maxBlowUp.toFixed(1)), seconds: Math.round((performance.now() - t0) / 1000), reasons }, null, 1));
if (findings.length) {
  console.log("findings:\n" + findings.slice(0, 50).join("\n"));
  process.exit(1);
}

/**
 * d2d site KIND [--seed N] [--beacons N] [--phones N] [--floors N] [--out FILE]:
 * a generated site (sim/sites/generate.ts) as scenario JSON, printed or
 * written to FILE, ready for `d2d sim FILE`. What is not given is drawn from
 * the seed (default 1). The JSON is checked with parseScenario before it is
 * printed, so what this writes `d2d sim` accepts.
 */
import { writeFileSync } from "node:fs";
import { parseScenario } from "../../sim/scenario";
import { SITE_KINDS, generateSite, type SiteKind, type SiteParams } from "../../sim/sites/generate";

export class SiteUsageError extends Error {}

const INT_OPTIONS: Record<string, [keyof SiteParams, number, number]> = {
  "--seed": ["seed", 0, 0xffffffff],
  "--beacons": ["beacons", 1, 2000],
  "--phones": ["phones", 0, 100_000],
  "--floors": ["floors", 1, 5],
};

/** The lines to print (none when --out wrote a file). */
export function siteCommand(args: string[]): string[] {
  const [kind, ...rest] = args;
  if (!kind || !(SITE_KINDS as readonly string[]).includes(kind)) throw new SiteUsageError(`site needs a kind: ${SITE_KINDS.join(", ")}`);
  const p: SiteParams = { kind: kind as SiteKind, seed: 1 };
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--out") {
      if (i + 1 >= rest.length) throw new SiteUsageError("--out needs a file name");
      out = rest[++i];
    } else if (INT_OPTIONS[a]) {
      const [key, min, max] = INT_OPTIONS[a];
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < min || v > max) throw new SiteUsageError(`${a} needs a whole number ${min}..${max}`);
      (p as unknown as Record<string, number>)[key] = v;
    } else throw new SiteUsageError("unknown option " + a);
  }
  const json = generateSite(p);
  parseScenario(json);
  const text = JSON.stringify(json, null, 1);
  if (out === undefined) return [text];
  writeFileSync(out, text + "\n");
  return [];
}

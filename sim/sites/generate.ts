/**
 * Generated sites for the generalisation benchmark (issue 9):
 * generateSite(params) returns scenario JSON (sim/scenarios/README.md) that
 * parseScenario accepts, the same for the same params and seed. One file per
 * kind of site; sim/sites/README.md says what each models and why the
 * benchmark family (family.ts) is what it is.
 */
import { foodCourt } from "./food-court";
import { grid } from "./grid";
import { mall } from "./mall";
import { office } from "./office";
import { station } from "./station";
import { tunnel } from "./tunnel";
import type { ScenarioJson, SiteKind, SiteParams } from "./types";

export type { SiteKind, SiteParams, ScenarioJson } from "./types";
export { SITE_KINDS } from "./types";
export { BENCH_FAMILY } from "./family";

const KINDS: Record<SiteKind, (p: SiteParams) => ScenarioJson> = {
  mall, station, tunnel, "food-court": foodCourt, grid, office,
};

export function generateSite(p: SiteParams): ScenarioJson {
  const make = KINDS[p.kind];
  if (!make) throw new Error(`unknown kind of site ${JSON.stringify(p.kind)} (known: ${Object.keys(KINDS).join(", ")})`);
  // the generators record what they drew in their copy of the params
  return make({ ...p });
}

/** Runs a scenario and returns its report: the entry point of `d2d sim`, the benchmark and the tests. */
import type { StrategyName } from "../forwarding/router";
import { buildReport, type Report } from "./report";
import { parseScenario, type Scenario } from "./scenario";
import { Simulation } from "./simulation";
import defaultScenarioJson from "./scenarios/two-floor-mall.json";

export function defaultScenario(): Scenario {
  return parseScenario(defaultScenarioJson);
}

export function simulate(scenario: Scenario, opts: { seed?: number; strategy?: StrategyName } = {}): { report: Report; sim: Simulation } {
  const sim = new Simulation(scenario, opts.seed ?? scenario.seed, opts.strategy);
  const t0 = performance.now();
  sim.run();
  const wall = (performance.now() - t0) / 1000;
  return { report: buildReport(sim.metrics, wall), sim };
}

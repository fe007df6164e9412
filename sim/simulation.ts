/**
 * A whole incident in simulated time, assembled from its parts: the world
 * (sim/world.ts: beacons running the real firmware on the simulated medium),
 * the people (sim/people.ts: phones and what they advertise, with the
 * positioning stand-in of sim/positioning.ts), the timeline (sim/timeline.ts:
 * the scenario's events) and the metrics (sim/metrics.ts: what the report
 * reads).
 *
 * Rules: one scheduler is everybody's clock (virtual time, no wall clock);
 * one random stream, seeded by the run's seed and drawn in event order,
 * decides everything random outside the radio (the medium has its own,
 * derived from the same seed), so a seed repeats a run byte for byte. The
 * router settings are the defaults, then the scenario's, then the strategy
 * asked for.
 */
import { DEFAULT_ROUTER, type RouterSettings, type StrategyName } from "../forwarding/router";
import { SeededRandom } from "../hal/sim/random";
import { Metrics } from "./metrics";
import { People } from "./people";
import { Positioning } from "./positioning";
import type { Scenario } from "./scenario";
import { Scheduler } from "./scheduler";
import { Timeline } from "./timeline";
import { World } from "./world";

export class Simulation {
  readonly metrics: Metrics;
  private readonly scheduler = new Scheduler();
  private readonly world: World;
  private readonly people: People;
  private readonly timeline: Timeline;

  constructor(private readonly scenario: Scenario, seed: number, strategy?: StrategyName) {
    const rand = new SeededRandom(seed);
    const router: RouterSettings = { ...DEFAULT_ROUTER, ...scenario.router, ...(strategy ? { strategy } : {}) };
    this.metrics = new Metrics(this.scheduler, scenario, seed, router.strategy);
    this.world = new World(scenario, this.scheduler, rand, seed, router, this.metrics);
    const positioning = new Positioning(scenario.site, rand);
    this.people = new People(scenario, this.scheduler, rand, this.world, this.world.medium.model, positioning, this.metrics);
    this.timeline = new Timeline(scenario, this.scheduler, rand, this.world, this.people, this.metrics);
  }

  /** Runs the scenario to its end; the metrics are then complete. */
  run(): void {
    this.world.bootAll();
    this.people.start();
    this.timeline.start();
    this.scheduler.run(this.scenario.durationS * 1000);
    this.metrics.finish(this.world);
  }
}

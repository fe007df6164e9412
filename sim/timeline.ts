/**
 * The scenario's timeline (sim/scenarios/README.md, "Events"): each event at
 * its time, applied to the world (beacons destroyed or rebooted, jamming),
 * the people (SOS, moves), the gateways (responder instructions, typed at
 * their host link) and the cameras (images, video), and noted in the metrics.
 *
 * Rules: events at the same time run in file order. Which beacons of a zone
 * die, which come back and which people call for help or move are drawn from
 * the run's one seeded stream, in event order, so a seed repeats a run.
 * A destroy that names beacons destroys them, gateways included; a zone
 * destroy picks among the zone's relays, cameras and access points, and its
 * gateways too only when the event says `gateways: true`. A beacon that dies
 * starts a repair watch over the beacons that routed through it. An
 * instruction is meant for every beacon alive when it is sent but its
 * gateway; one whose gateway is dead is recorded as sent to those beacons and
 * reaches none (the responders typed it at a console whose gateway is
 * gone). Cameras send through their firmware role
 * (firmware/roles/camera.ts), as the camera application would.
 *
 * Timings: an event's `t` (seconds); a jammer until `untilS`; a video
 * stream's frames every 1/fps s for durationS.
 */
import type { SeededRandom } from "../hal/sim/random";
import type { InstructionBody } from "../protocol/messages/instruction";
import { inZone } from "./geometry";
import type { Metrics } from "./metrics";
import type { People } from "./people";
import type { EventSpec, Scenario } from "./scenario";
import type { Scheduler } from "./scheduler";
import type { World } from "./world";

export class Timeline {
  constructor(
    private readonly scenario: Scenario,
    private readonly scheduler: Scheduler,
    private readonly rand: SeededRandom,
    private readonly world: World,
    private readonly people: People,
    private readonly metrics: Metrics,
  ) {}

  /** Schedules every event of the scenario. */
  start(): void {
    for (const e of this.scenario.events) this.scheduler.at(e.t * 1000, () => this.apply(e));
  }

  private apply(e: EventSpec): void {
    const world = this.world;
    switch (e.type) {
      case "destroy": {
        const pool = e.beacons
          ? world.alive().filter((b) => e.beacons?.includes(b.spec.id))
          : world.alive().filter((b) => (e.gateways || b.spec.role !== "gateway") && e.zone !== undefined && inZone(b.spec, e.zone));
        const victims = e.beacons ? pool : this.pickShare(pool, e.share ?? 1);
        for (const v of victims) {
          const affected = world.routingVia(v.spec.id);
          world.destroy(v);
          this.metrics.repairStarted(v.spec.id, affected);
        }
        world.updateTopology();
        this.metrics.watchRepairs((id) => world.probe(id));
        break;
      }
      case "reboot": {
        const pool = [...world.beacons.values()].filter((b) => !b.alive && (e.beacons === "destroyed" || e.beacons.includes(b.spec.id)));
        for (const b of this.pickShare(pool, e.share ?? 1)) world.boot(b);
        world.updateTopology();
        break;
      }
      case "jam":
        world.jam(e.zone, e.powerDbm, e.untilS * 1000);
        break;
      case "sos":
        this.people.callForHelp(this.pickPeople(e.count), e.repeats, e.intervalS);
        break;
      case "move":
        this.people.moveTo(this.pickPeople(e.count), e.to);
        break;
      case "instruction": {
        const body: InstructionBody = { id: e.id, action: e.action, zone: e.zone };
        if (e.via !== undefined) body.via = e.via;
        if (e.text !== undefined) body.text = e.text;
        const eligible = new Set(world.alive().filter((b) => b.spec.id !== e.from).map((b) => b.spec.id));
        // A dead gateway takes no line: the order is recorded as sent by a dead gateway and reaches no one.
        this.metrics.instructionSent(e.id, e.from, eligible, world.beacons.get(e.from)?.alive === true);
        world.instruct(e.from, body);
        break;
      }
      case "image":
        this.sendMedia(e.camera, "image", e.bytes);
        break;
      case "stream": {
        const frames = Math.floor(e.durationS * e.fps);
        for (let i = 0; i < frames; i++) this.scheduler.at((i * 1000) / e.fps, () => this.sendMedia(e.camera, "video", e.frameBytes));
        break;
      }
    }
  }

  /** The camera application asks the camera's firmware to send an image or a video frame (a test pattern). */
  private sendMedia(cameraId: number, kind: "image" | "video", bytes: number): void {
    const cam = this.world.beacons.get(cameraId);
    const role = cam?.alive ? cam.firmware?.camera : undefined;
    if (!role) return;
    const data = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) data[i] = (i * 131 + cameraId) & 255;
    this.metrics.mediaSent(cameraId, kind, bytes, role.send(data, kind));
  }

  /** About `count` people, picked at random. */
  private pickPeople(count: number) {
    const phones = this.people.phones;
    return this.pickShare(phones, Math.min(1, count / Math.max(1, phones.length)));
  }

  /** A random `share` of the items (rounded), by a Fisher–Yates shuffle of a copy. */
  private pickShare<T>(items: T[], share: number): T[] {
    const n = Math.round(items.length * share);
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

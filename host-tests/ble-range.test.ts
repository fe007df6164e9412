import test from "ava";
import { toHex } from "../protocol/bytes";
import { bleRangeM, bleRssi, inBleRange } from "../sim/ble-range";
import { type People, phoneAddress } from "../sim/people";
import { defaultScenario } from "../sim/run";
import type { Scenario } from "../sim/scenario";
import type { Scheduler } from "../sim/scheduler";
import { Simulation } from "../sim/simulation";
import type { SimBeacon, World } from "../sim/world";

/** The mall, every scan catching every advertisement in range, people moving at 12 s, 40 s simulated. */
function scenario(): Scenario {
  const sc = defaultScenario();
  return {
    ...sc, durationS: 40, ble: { ...sc.ble, detectProbability: 1 },
    events: [{ t: 12, type: "move", count: 200, to: { floor: 1, x0: 0, y0: 30, x1: 50, y1: 50 } }],
  };
}

interface Inside { world: World; people: People; scheduler: Scheduler }
const inside = (sim: Simulation) => sim as unknown as Inside;

test("the spatial index changes nothing: each sweep hears exactly the phones the brute-force rule says, at the path-loss model's signal", (t) => {
  const sc = scenario();
  const sim = new Simulation(sc, 4);
  const { world, people, scheduler } = inside(sim);
  const radio = world.medium.model;
  const heard = new Map<string, Map<string, number>>();
  const expected = new Map<string, Map<string, number>>();
  for (const b of world.beacons.values()) {
    const hear = b.ble.hear.bind(b.ble);
    b.ble.hear = (adv) => {
      if (!adv.manufacturer) {
        const key = `${b.spec.id}@${scheduler.now()}`;
        if (!expected.has(key)) {
          // Brute force, at the time of the sweep: every phone, wherever it is now.
          const m = new Map<string, number>();
          for (const p of people.phones) {
            const r = inBleRange(radio, sc.site.walls, sc.ble, p, b.spec);
            if (r !== null) m.set(toHex(phoneAddress(p.id)), r);
          }
          expected.set(key, m);
          heard.set(key, new Map());
        }
        heard.get(key)?.set(toHex(adv.address), adv.rssi);
      }
      hear(adv);
    };
  }
  sim.run();
  t.true(heard.size > 200, `${heard.size} sweeps seen`);
  let sightings = 0, afterMove = 0;
  for (const [key, got] of heard) {
    t.deepEqual(got, expected.get(key), key);
    sightings += got.size;
    if (Number(key.split("@")[1]) > 12_000) afterMove++;
  }
  t.true(sightings > 1000, `${sightings} sightings`);
  t.true(afterMove > 50, "sweeps after the move are checked too");
});

test("each beacon's list of hearable phones is the brute-force list, in phone order, with the model's signal", (t) => {
  const sc = scenario();
  const { world, people } = inside(new Simulation(sc, 9));
  const radio = world.medium.model;
  let pairs = 0;
  for (const b of world.beacons.values() as Iterable<SimBeacon>) {
    const brute = people.phones.filter((p) => inBleRange(radio, sc.site.walls, sc.ble, p, b.spec) !== null);
    const listed = people.hearableBy(b);
    t.deepEqual(listed.map((e) => e.phone.id), brute.map((p) => p.id), `beacon ${b.spec.id}`);
    for (const e of listed) t.is(e.rssi, bleRssi(radio, sc.site.walls, sc.ble, e.phone, b.spec));
    pairs += listed.length;
  }
  t.true(pairs > 500, `${pairs} phone–beacon pairs in range`);
  // The cells are as wide as the open-air range: nothing beyond it is ever in range.
  const range = bleRangeM(radio, sc.ble);
  t.true(range > 5 && range < 200, `range ${range} m`);
  for (const p of people.phones) {
    for (const k of p.near) {
      const b = [...world.beacons.values()][k];
      t.true(Math.hypot(p.x - b.spec.x, p.y - b.spec.y) <= range);
    }
  }
});

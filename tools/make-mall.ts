/**
 * Writes sim/scenarios/two-floor-mall.json, the default scenario (`npm run mall`).
 * A 120 m × 80 m mall on two floors: a corridor along x (y 35–45), ten 12 m
 * shops on each side, partition walls between shops and shop fronts with 4 m
 * doors. 30 beacons a floor (10 in the corridor, one in each shop), two
 * responder gateways at the west and east entrances on the ground floor.
 *
 * Walls: shop partitions are drywall stud walls, shop fronts glass, and the
 * partitions on the wings' boundary (x = 60 m) are the building's concrete
 * fire wall; their losses are sim/materials.ts's. The radio: beacons turned
 * down to 8 dBm (battery life, and a range of a few shops), a cluttered mall
 * (exponent 3.3, ITU-R P.1238's commercial range; 20 dB slabs), Rician fading
 * in line of sight (K 6 dB) and Rayleigh behind walls, 500 people's bodies,
 * and other 2.4 GHz users (shops' Wi-Fi, phones' BLE) on 10 % of the time at
 * −85 dBm at each beacon: a weak link loses the frames a burst hits, a strong
 * one rides through it.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const walls: object[] = [];
const beacons: object[] = [];
for (const floor of [0, 1]) {
  for (let k = 1; k < 10; k++) {
    const material = k === 5 ? "concrete" : "drywall";
    walls.push({ floor, x0: 12 * k, y0: 45, x1: 12 * k, y1: 80, material }, { floor, x0: 12 * k, y0: 0, x1: 12 * k, y1: 35, material });
  }
  for (let k = 0; k < 10; k++) {
    for (const y of [35, 45]) {
      walls.push({ floor, x0: 12 * k, y0: y, x1: 12 * k + 4, y1: y, material: "glass" }, { floor, x0: 12 * k + 8, y0: y, x1: 12 * k + 12, y1: y, material: "glass" });
    }
  }
  const base = floor === 0 ? 100 : 200;
  for (let k = 0; k < 10; k++) {
    beacons.push({ id: base + k, role: k === 3 ? "camera" : "relay", floor, x: 6 + 12 * k, y: 40 });
    beacons.push({ id: base + 10 + k, role: "relay", floor, x: 6 + 12 * k, y: 62.5 });
    beacons.push({ id: base + 20 + k, role: "relay", floor, x: 6 + 12 * k, y: 17.5 });
  }
}
beacons.unshift({ id: 1, role: "gateway", floor: 0, x: 0.5, y: 40 }, { id: 2, role: "gateway", floor: 0, x: 119.5, y: 40 });

const eastWing = (floor: number) => ({ floor, x0: 60, y0: 0, x1: 120, y1: 80 });
const scenario = {
  name: "two-floor mall",
  description:
    "120 m x 80 m, two floors, 60 beacons and 2 responder gateways at the west and east entrances, 500 phones. " +
    "Attack at t = 60 s: 30 % of the east wing's beacons destroyed on both floors, 50 phones call for help (3 times, 15 s apart); " +
    "the upper floor's east corridor is jammed from 75 s to 135 s; responders order an evacuation at 90 s and shelter in place at 150 s; " +
    "cameras send images at 100 s and 210 s and a 2 frame/s video for 30 s from 240 s; people move toward the west exit at 130 s; half the destroyed beacons come back at 180 s; " +
    "a second wave of 20 SOS at 200 s. The radio: drywall shop partitions, glass shop fronts, a concrete fire wall between the wings; " +
    "Rician/Rayleigh fading per frame, the crowd's bodies, and other 2.4 GHz users on 10 % of the time at -85 dBm, so weak links lose frames and strong ones do not.",
  durationS: 300,
  seed: 1,
  net: 3,
  site: { width: 120, depth: 80, floors: [0, 1], walls },
  radio: {
    txPowerDbm: 8, exponent: 3.3, wallLossDb: 6, floorLossDb: 20, shadowingSigmaDb: 4,
    fading: "rician", ricianKDb: 6, bodyLossDb: 3, interferenceDbm: -85, interferenceDutyCycle: 0.1,
  },
  ble: { txPowerDbm: 0, sensitivityDbm: -90, detectProbability: 0.9 },
  router: {},
  beacons,
  phones: { count: 500 },
  traffic: { censusIntervalS: 30, positionIntervalS: 60, helloWarmupS: 5 },
  events: [
    { t: 60, type: "destroy", zone: eastWing(0), share: 0.3 },
    { t: 60, type: "destroy", zone: eastWing(1), share: 0.3 },
    { t: 60, type: "sos", count: 50, repeats: 3, intervalS: 15 },
    { t: 75, type: "jam", zone: { floor: 1, x0: 72, y0: 32, x1: 100, y1: 48 }, untilS: 135, powerDbm: -60 },
    { t: 90, type: "instruction", from: 1, id: 1, action: "evacuate", zone: 2, via: 1, text: "Attack in the east wing. Leave by the west entrance." },
    { t: 100, type: "image", camera: 103, bytes: 20000 },
    { t: 130, type: "move", count: 100, to: { floor: 0, x0: 0, y0: 35, x1: 24, y1: 45 } },
    { t: 150, type: "instruction", from: 2, id: 2, action: "shelter-in-place", zone: 3, text: "Upper floor east: stay where you are." },
    { t: 180, type: "reboot", beacons: "destroyed", share: 0.5 },
    { t: 200, type: "sos", count: 20, repeats: 2, intervalS: 15 },
    { t: 210, type: "image", camera: 203, bytes: 30000 },
    { t: 240, type: "stream", camera: 103, fps: 2, frameBytes: 4000, durationS: 30 },
  ],
};
writeFileSync(fileURLToPath(new URL("../sim/scenarios/two-floor-mall.json", import.meta.url)), JSON.stringify(scenario, null, 1) + "\n");
console.log(`wrote ${beacons.length} beacons, ${walls.length} walls`);

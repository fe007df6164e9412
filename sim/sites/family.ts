/**
 * The benchmark family (tools/bench-sites.ts): fixed sites with fixed seeds,
 * chosen before any router ran on them (sim/sites/README.md gives the
 * reasons). Do not tune them to a router's results: a change here is a change
 * of the benchmark, to be argued in the README, not a fix.
 *
 * Sizes: each ≤ 600 beacons, ≤ 5000 phones, 180–300 s, so the family runs
 * in minutes. What a site leaves out is drawn from its seed.
 */
import type { SiteParams } from "./types";

export const BENCH_FAMILY: SiteParams[] = [
  // the station: 3 floors underground, 200 × 60 m, ~150 beacons, 2000 phones, a 200-caller wave, part of the concourse and a gateway lost
  { kind: "station", seed: 101, name: "station A (200 × 60 m, concourse hit, gateway lost)", width: 200, depth: 60, beacons: 150, gateways: 3, phones: 2000, durationS: 300,
    sos: [{ t: 60, count: 200, repeats: 3, intervalS: 15 }, { t: 150, count: 100, repeats: 2, intervalS: 15 }],
    destroy: { t: 60, zoneShare: 0.3, share: 0.6, gateway: true } },
  { kind: "station", seed: 102, name: "station B (240 × 50 m, jammed)", width: 240, depth: 50, beacons: 120, gateways: 2, phones: 1500, durationS: 240,
    jam: { t: 75, durationS: 60, powerDbm: -60 } },
  // the tunnel: 400 m, one gateway at one end, a ~15-hop chain, cut for 50 s then healed
  { kind: "tunnel", seed: 201, name: "tunnel A (400 m, 15-hop chain, cut 50 s)", width: 400, beacons: 15, phones: 100, durationS: 240,
    cut: { t: 80, healAfterS: 50, widthM: 40 } },
  { kind: "tunnel", seed: 202, name: "tunnel B (300 m, 12 hops near range, interference)", width: 300, beacons: 12, spacing: 0.9, phones: 60, interference: 0.3, durationS: 180 },
  // the food court: 40 × 30 m, 30 beacons, 3000 phones, census every 10 s, waves of 400 and 250
  { kind: "food-court", seed: 301, name: "food court A (40 × 30 m, 3000 phones)", width: 40, depth: 30, beacons: 30, phones: 3000, censusIntervalS: 10, durationS: 240,
    sos: [{ t: 60, count: 400, repeats: 3, intervalS: 15 }, { t: 150, count: 250, repeats: 2, intervalS: 15 }] },
  { kind: "food-court", seed: 302, name: "food court B (50 × 35 m, 4500 phones, jammed)", width: 50, depth: 35, beacons: 40, phones: 4500, censusIntervalS: 10, durationS: 180,
    jam: { t: 45, durationS: 40, powerDbm: -60 } },
  // the regular 2-floor grids (spacing drawn, 15–25 m), and one sparse grid near the radio's range (an open-air event ground)
  { kind: "grid", seed: 401, name: "grid 60", beacons: 60, floors: 2, phones: 500, durationS: 240 },
  { kind: "grid", seed: 402, name: "grid 150", beacons: 150, floors: 2, phones: 1000, durationS: 240 },
  { kind: "grid", seed: 403, name: "grid 300", beacons: 300, floors: 2, gateways: 4, phones: 2000, durationS: 180 },
  { kind: "grid", seed: 404, name: "grid 600", beacons: 600, floors: 2, gateways: 6, phones: 3000, durationS: 180 },
  { kind: "grid", seed: 405, name: "grid 60, sparse (open-air ground)", beacons: 60, floors: 1, spacing: 0.85, gateways: 2, phones: 1500, durationS: 240 },
  { kind: "mall", seed: 501, name: "mall A (3 floors, gateway lost)", floors: 3, beacons: 108, phones: 2500, durationS: 300,
    destroy: { t: 60, zoneShare: 0.4, share: 0.5, gateway: true } },
  { kind: "mall", seed: 502, name: "mall B (1 floor, big-box stores, 20 % loss)", floors: 1, beacons: 30, spacing: 0.25, gateways: 3, frameLoss: 0.2, phones: 800, durationS: 240 },
  { kind: "office", seed: 601, name: "office A (4 floors)", floors: 4, phones: 1200, durationS: 240 },
  { kind: "office", seed: 602, name: "office B (2 floors, one entrance)", floors: 2, gateways: 1, phones: 400, interference: 0.2, durationS: 180 },
];

/**
 * A service tunnel: a long corridor 6 m wide, one floor below the street, a
 * single gateway at its west end (the only way in), and a chain of beacons
 * along it, evenly spaced, alternating sides (y 2 m and 4 m). A chain is
 * planned hop by hop: the beacons' transmit power is set so that neighbours
 * stand at `spacing` (default 0.75) of the good-link range (txForRange, in
 * 0.25 dB steps, within the ESP32's 2–19.5 dBm), so a frame from the far end
 * crosses one hop per beacon whatever the radio model's receiver: a link
 * to a neighbour is 10 · 4.0 · log10(1 / 0.75) = 5 dB over good (2.5
 * shadowing σ of 2 dB: one link in 160 falls short), a link skipping a beacon
 * 7 dB short of good (3.5 σ). The cluttered tunnel
 * environment: cable trays, pipework, bends, people (exponent 4.0, the high
 * end of measured tunnel figures). The cut (a band of beacons losing power,
 * then back: healed) is the point of the site.
 *
 * Drawn when not given: 300–500 m long; 12–18 beacons (hops); spacing 0.75;
 * 1 gateway at the west end; 50–200 phones (workers, or a stalled train's
 * passengers walking out); a cut 20 s after the attack, healed 50 s later,
 * always, 1.5 beacon spacings wide; no destruction or jammer unless asked.
 */
import { SiteBuilder } from "./builder";
import { incident, toScenario } from "./incident";
import { ENVIRONMENTS, txForRange } from "./radio";
import type { ScenarioJson, SiteParams } from "./types";

export function tunnel(p: SiteParams): ScenarioJson {
  const b = new SiteBuilder(p);
  const env = ENVIRONMENTS.tunnel;
  const L = b.param(p.width, () => 50 * b.int(6, 10));
  const spacing = p.spacing ?? 0.75;
  const n = b.param(p.beacons, () => b.int(12, 18));
  const inc = incident(b, {
    durationS: [180, 240], phones: [50, 200], interference: [0, 0.05], censusIntervalS: 30, sosShare: 0.2,
    destroy: { chance: 0, zoneShare: [0.1, 0.2], share: [0.3, 0.5], gateway: 0 }, cutChance: 1, jamChance: 0,
    orders: [1, 2], images: [0, 1],
  });
  b.plan = { width: L, depth: 6, floors: [-1] };
  for (let g = 0; g < (p.gateways ?? 1); g++) b.beacon("gateway", -1, 0.5, 3 + g);
  const step = L / n;
  const tx = Math.min(19.5, Math.max(2, txForRange(env, step / spacing)));
  for (let i = 1; i <= n; i++) b.beacon("relay", -1, Math.min(L - 0.5, i * step), i % 2 ? 2 : 4);
  const cameras = b.cameras(inc.images);
  b.timeline({ ...inc, destroyFloor: -1, cameras, cutWidthM: step * 1.5 });
  return toScenario(b, env, inc, tx, `service tunnel, ${L} m`,
    `A ${L} m service tunnel, 6 m wide, with one gateway at its west end and a chain of ${n} beacons ${Math.round(step * 10) / 10} m apart at ${tx} dBm; ${inc.phones} people inside.`);
}

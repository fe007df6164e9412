/**
 * What the site's obstacles cost a 2.4 GHz signal: walls by material, and
 * the crowd.
 *
 * Walls. A wall with a `material` costs the transmission loss of a plane wave
 * at normal incidence through a slab of that material (ITU-R P.2040-1 §2.2.2.2,
 * single-layer slab, multiple reflections included), with the material's
 * permittivity ε = a·f^b and conductivity σ = c·f^d from ITU-R P.2040-1
 * Table 3 at f = 2.44 GHz, and a build-up stated here (the thickness is our
 * choice, the physics is the Recommendation's):
 *   glass     10 mm toughened pane (a shop front)              ≈ 3.1 dB
 *   drywall   stud partition, two 12.5 mm plasterboards         ≈ 2.5 dB
 *   brick     102.5 mm, one leaf                                ≈ 4.2 dB
 *   concrete  200 mm structural wall                            ≈ 11.2 dB
 *   metal     shutters, lift shafts: P.2040's metal (σ = 10⁷ S/m) passes
 *             nothing; what gets past goes round through gaps the model cannot
 *             see, so a fixed 30 dB stands for it (our convention).
 * Normal incidence is the best case: oblique paths cross more material, and
 * reinforcement bars add loss, so measured figures run higher (concrete
 * 10–20 dB in the measurements ITU-R P.1238 and P.2040 summarise). A wall
 * without a material costs the scenario's `radio.wallLossDb`.
 *
 * Crowd. A body in the direct path of a 2.4 GHz link costs a few dB (body
 * shadowing: Obayashi & Zander, IEEE Trans. Antennas Propag. 46(6), 1998;
 * Januszkiewicz, Sensors 18(10):3412, 2018, FDTD and measurements at 2.4 GHz).
 * The expected number of bodies across a link of length d on a floor with
 * `density` people per m² is density · d · BODY_WIDTH_M (the bodies whose centre
 * lies within half a body width of the line), each costing `bodyLossDb`. The
 * total is capped at CROWD_CAP_DB: beyond a few bodies the signal goes over the
 * heads instead (a knife edge into the first Fresnel zone, ν ≈ 0.5, costs
 * ≈ 10 dB: ITU-R P.526 §4.1, J(ν)). The loss is the mean, the same for every
 * frame: who stands where is part of the shadowing.
 */

export type WallMaterial = "glass" | "drywall" | "brick" | "concrete" | "metal";
export const WALL_MATERIALS: readonly WallMaterial[] = ["glass", "drywall", "brick", "concrete", "metal"];

const F_GHZ = 2.44;
const C = 299_792_458;
/** ITU-R P.2040-1 Table 3: ε = a·f^b, σ = c·f^d (f in GHz). */
const P2040 = {
  glass: { a: 6.27, b: 0, c: 0.0043, d: 1.1925 },
  plasterboard: { a: 2.94, b: 0, c: 0.0116, d: 0.7076 },
  brick: { a: 3.75, b: 0, c: 0.038, d: 0 },
  concrete: { a: 5.31, b: 0, c: 0.0326, d: 0.8095 },
};

/** Normal-incidence power loss, dB, through a slab of the material `thicknessM` thick (P.2040 §2.2.2.2). */
export function slabLossDb(m: keyof typeof P2040, thicknessM: number, fGhz = F_GHZ): number {
  const p = P2040[m];
  const eps = p.a * Math.pow(fGhz, p.b);
  const sigma = p.c * Math.pow(fGhz, p.d);
  // complex relative permittivity ε − jσ/(ωε0) = ε − j·17.98·σ/f (P.2040 eq. 9b)
  const [nr, ni] = csqrt(eps, (-17.98 * sigma) / fGhz);
  // r = (1 − n)/(1 + n)
  const [r_r, r_i] = cdiv(1 - nr, -ni, 1 + nr, ni);
  const [r2r, r2i] = cmul(r_r, r_i, r_r, r_i);
  // e^{−jδ}, δ = 2π d n / λ0
  const k = (2 * Math.PI * thicknessM * fGhz * 1e9) / C;
  const [e1r, e1i] = cexpj(-k * nr, -k * ni);
  const [e2r, e2i] = cmul(e1r, e1i, e1r, e1i);
  // T = (1 − r²)e^{−jδ} / (1 − r²e^{−2jδ})
  const [numr, numi] = cmul(1 - r2r, -r2i, e1r, e1i);
  const [pr, pi] = cmul(r2r, r2i, e2r, e2i);
  const [tr, ti] = cdiv(numr, numi, 1 - pr, -pi);
  return -10 * Math.log10(tr * tr + ti * ti);
}

const LOSS: Record<WallMaterial, number> = {
  glass: slabLossDb("glass", 0.01),
  drywall: 2 * slabLossDb("plasterboard", 0.0125),
  brick: slabLossDb("brick", 0.1025),
  concrete: slabLossDb("concrete", 0.2),
  metal: 30,
};

/** The loss of one wall of that material at 2.4 GHz, dB. */
export function materialLossDb(m: WallMaterial): number {
  return LOSS[m];
}

/** Shoulder width of an adult, m: the strip of floor whose bodies block the line. */
export const BODY_WIDTH_M = 0.5;
/** The crowd's loss never exceeds this, dB (over-the-heads diffraction, above). */
export const CROWD_CAP_DB = 10;

/** Mean loss of the crowd across a link of `distanceM` on a floor of `density` people per m², dB. */
export function crowdLossDb(density: number, distanceM: number, bodyLossDb: number): number {
  if (!(density > 0) || !(bodyLossDb > 0)) return 0;
  return Math.min(CROWD_CAP_DB, density * distanceM * BODY_WIDTH_M * bodyLossDb);
}

// complex helpers, [re, im]
function cmul(a: number, b: number, c: number, d: number): [number, number] {
  return [a * c - b * d, a * d + b * c];
}
function cdiv(a: number, b: number, c: number, d: number): [number, number] {
  const m = c * c + d * d;
  return [(a * c + b * d) / m, (b * c - a * d) / m];
}
function csqrt(a: number, b: number): [number, number] {
  const m = Math.hypot(a, b);
  const re = Math.sqrt((m + a) / 2);
  const im = Math.sign(b) * Math.sqrt((m - a) / 2);
  return [re, im];
}
/** e^{j(x + jy)} = e^{−y}(cos x + j sin x) */
function cexpj(x: number, y: number): [number, number] {
  const m = Math.exp(-y);
  return [m * Math.cos(x), m * Math.sin(x)];
}

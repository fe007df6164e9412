/**
 * The site plan's geometry, in one place: zones (axis-aligned rectangles on
 * one floor: destroy and jam zones, where people move to, the site itself),
 * walls (segments on one floor) and how many walls a straight line crosses.
 *
 * Rules: metres in the site frame (origin at a corner of the plan). A zone
 * includes its edges. A wall is crossed only by a proper intersection (a line
 * touching a wall's end, or running along it, crosses nothing).
 */
import type { WallMaterial } from "./materials";

/** A rectangle on one floor, x0 ≤ x1 and y0 ≤ y1 (checked where scenarios are read). */
export interface Zone {
  floor: number;
  x0: number; y0: number; x1: number; y1: number;
}

/** A wall of the site plan: a segment on one floor, of a material (sim/materials.ts) or of none. */
export interface Wall {
  floor: number;
  x0: number; y0: number; x1: number; y1: number;
  material?: WallMaterial;
}

/** Whether a point on a floor lies in the zone (edges included). */
export function inZone(p: { floor: number; x: number; y: number }, z: Zone): boolean {
  return p.floor === z.floor && p.x >= z.x0 && p.x <= z.x1 && p.y >= z.y0 && p.y <= z.y1;
}

/** A uniformly random point of the zone: x from the first draw, y from the second. */
export function pointIn(z: Zone, next: () => number): { x: number; y: number } {
  const x = z.x0 + next() * (z.x1 - z.x0);
  const y = z.y0 + next() * (z.y1 - z.y0);
  return { x, y };
}

/** The whole plan of a site, on one floor, as a zone. */
export function siteZone(site: { width: number; depth: number }, floor: number): Zone {
  return { floor, x0: 0, y0: 0, x1: site.width, y1: site.depth };
}

/** x and y clamped into the zone's rectangle. */
export function clampTo(z: Zone, x: number, y: number): { x: number; y: number } {
  return { x: Math.min(z.x1, Math.max(z.x0, x)), y: Math.min(z.y1, Math.max(z.y0, y)) };
}

function cross(ax: number, ay: number, bx: number, by: number): number {
  return ax * by - ay * bx;
}

/** Whether segments p–q and a–b properly intersect. */
export function segmentsCross(px: number, py: number, qx: number, qy: number, ax: number, ay: number, bx: number, by: number): boolean {
  const rx = qx - px, ry = qy - py, sx = bx - ax, sy = by - ay;
  const den = cross(rx, ry, sx, sy);
  if (den === 0) return false;
  const t = cross(ax - px, ay - py, sx, sy) / den;
  const u = cross(ax - px, ay - py, rx, ry) / den;
  return t > 0 && t < 1 && u > 0 && u < 1;
}

/** How many of the floor's walls the straight line (x0, y0)–(x1, y1) crosses. */
export function wallsCrossed(walls: readonly Wall[], floor: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (const w of walls) if (w.floor === floor && segmentsCross(x0, y0, x1, y1, w.x0, w.y0, w.x1, w.y1)) n++;
  return n;
}

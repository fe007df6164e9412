/** Walls of the site plan and how many a straight line crosses. */
export interface Wall {
  floor: number;
  x0: number; y0: number; x1: number; y1: number;
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

export function wallsCrossed(walls: readonly Wall[], floor: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (const w of walls) if (w.floor === floor && segmentsCross(x0, y0, x1, y1, w.x0, w.y0, w.x1, w.y1)) n++;
  return n;
}

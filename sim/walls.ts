/**
 * The walls a straight line crosses, and what they cost, fast: the medium asks
 * for every pair of stations in range, so a site of 2000 beacons asks millions
 * of times.
 *
 * Rules: the same crossing rule as geometry.ts (segmentsCross: a proper
 * intersection), each wall counted once, its loss from sim/materials.ts or
 * the default for a wall of no material. Walls are filed in a uniform grid of
 * CELL_M cells per floor (every cell a wall passes through); a line visits the
 * cells it passes through in order (Amanatides & Woo's grid traversal) and
 * tests only the walls filed there.
 */
import { type Wall, segmentsCross } from "./geometry";
import { materialLossDb } from "./materials";

const CELL_M = 4;

interface FloorGrid {
  x0: number; y0: number; nx: number; ny: number;
  cells: Map<number, number[]>;
}

export class WallIndex {
  private readonly floors = new Map<number, FloorGrid>();
  private readonly loss: Float64Array;
  private readonly stamp: Uint32Array;
  private pass = 0;

  constructor(private readonly walls: readonly Wall[], defaultLossDb: number) {
    this.loss = Float64Array.from(walls, (w) => (w.material ? materialLossDb(w.material) : defaultLossDb));
    this.stamp = new Uint32Array(walls.length);
    const byFloor = new Map<number, number[]>();
    walls.forEach((w, i) => byFloor.set(w.floor, [...(byFloor.get(w.floor) ?? []), i]));
    for (const [floor, ids] of byFloor) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const i of ids) {
        const w = walls[i];
        x0 = Math.min(x0, w.x0, w.x1); y0 = Math.min(y0, w.y0, w.y1);
        x1 = Math.max(x1, w.x0, w.x1); y1 = Math.max(y1, w.y0, w.y1);
      }
      const g: FloorGrid = { x0, y0, nx: Math.floor((x1 - x0) / CELL_M) + 1, ny: Math.floor((y1 - y0) / CELL_M) + 1, cells: new Map() };
      for (const i of ids) {
        const w = walls[i];
        this.visit(g, w.x0, w.y0, w.x1, w.y1, (c) => {
          const list = g.cells.get(c);
          if (list) list.push(i);
          else g.cells.set(c, [i]);
        });
      }
      this.floors.set(floor, g);
    }
  }

  /** Total loss of the walls the line (x0, y0)–(x1, y1) on `floor` crosses, dB. */
  lossDb(floor: number, x0: number, y0: number, x1: number, y1: number): number {
    const g = this.floors.get(floor);
    if (!g) return 0;
    const pass = ++this.pass;
    let db = 0;
    this.visit(g, x0, y0, x1, y1, (c) => {
      const list = g.cells.get(c);
      if (!list) return;
      for (const i of list) {
        if (this.stamp[i] === pass) continue;
        this.stamp[i] = pass;
        const w = this.walls[i];
        if (segmentsCross(x0, y0, x1, y1, w.x0, w.y0, w.x1, w.y1)) db += this.loss[i];
      }
    });
    return db;
  }

  /** Calls fn with every cell of the grid the segment passes through (clipped to the grid), in order. */
  private visit(g: FloorGrid, ax: number, ay: number, bx: number, by: number, fn: (cell: number) => void): void {
    // Clip the segment to the grid's box (Liang–Barsky), so the walk stays inside it.
    const gx1 = g.x0 + g.nx * CELL_M, gy1 = g.y0 + g.ny * CELL_M;
    const dx = bx - ax, dy = by - ay;
    let t0 = 0, t1 = 1;
    for (const [p, q] of [[-dx, ax - g.x0], [dx, gx1 - ax], [-dy, ay - g.y0], [dy, gy1 - ay]] as const) {
      if (p === 0) {
        if (q < 0) return;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
      }
    }
    if (t0 > t1) return;
    const sx = ax + t0 * dx, sy = ay + t0 * dy;
    const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
    let cx = clamp(Math.floor((sx - g.x0) / CELL_M), g.nx), cy = clamp(Math.floor((sy - g.y0) / CELL_M), g.ny);
    const ex = clamp(Math.floor((ax + t1 * dx - g.x0) / CELL_M), g.nx), ey = clamp(Math.floor((ay + t1 * dy - g.y0) / CELL_M), g.ny);
    const stepX = dx > 0 ? 1 : dx < 0 ? -1 : 0, stepY = dy > 0 ? 1 : dy < 0 ? -1 : 0;
    const len = Math.hypot(dx, dy) || 1;
    // parameter (in units of the whole segment) to the next vertical / horizontal cell border
    let tMaxX = stepX === 0 ? Infinity : ((g.x0 + (cx + (stepX > 0 ? 1 : 0)) * CELL_M - ax) / dx);
    let tMaxY = stepY === 0 ? Infinity : ((g.y0 + (cy + (stepY > 0 ? 1 : 0)) * CELL_M - ay) / dy);
    const tDX = stepX === 0 ? Infinity : CELL_M / Math.abs(dx), tDY = stepY === 0 ? Infinity : CELL_M / Math.abs(dy);
    for (let guard = g.nx + g.ny + 2; guard > 0; guard--) {
      fn(cy * g.nx + cx);
      // The neighbours across a corner the line passes exactly through are visited too (a wall ending there).
      if (cx === ex && cy === ey) return;
      if (Math.abs(tMaxX - tMaxY) * len < 1e-9) {
        if (cx + stepX >= 0 && cx + stepX < g.nx) fn(cy * g.nx + cx + stepX);
        if (cy + stepY >= 0 && cy + stepY < g.ny) fn((cy + stepY) * g.nx + cx);
      }
      if (tMaxX < tMaxY) {
        cx += stepX;
        tMaxX += tDX;
      } else {
        cy += stepY;
        tMaxY += tDY;
      }
      if (cx < 0 || cy < 0 || cx >= g.nx || cy >= g.ny) return;
    }
  }
}

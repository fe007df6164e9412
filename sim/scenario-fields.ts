/**
 * Reading one field of a scenario file (sim/scenario.ts and its sections):
 * each reader checks the field's type and range and, when it is wrong, throws
 * a ScenarioError naming the field's full path (`scenario.router.hopLimit must
 * be an integer in 1..15`). A field left out takes its default when it has
 * one, and is an error when it has none.
 */

export class ScenarioError extends Error {}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ScenarioError(`${path} must be an object`);
  return v as Obj;
}
export function num(o: Obj, k: string, path: string, min: number, max: number, dflt?: number): number {
  const v = o[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) throw new ScenarioError(`${path}.${k} must be a number in ${min}..${max}`);
  return v;
}
export function int(o: Obj, k: string, path: string, min: number, max: number, dflt?: number): number {
  const v = o[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new ScenarioError(`${path}.${k} must be an integer in ${min}..${max}`);
  return v;
}
export function str(o: Obj, k: string, path: string, dflt?: string): string {
  const v = o[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "string") throw new ScenarioError(`${path}.${k} must be text`);
  return v;
}
export function bool(o: Obj, k: string, path: string, dflt: boolean): boolean {
  const v = o[k];
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new ScenarioError(`${path}.${k} must be true or false`);
  return v;
}
export function arr(o: Obj, k: string, path: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new ScenarioError(`${path}.${k} must be a list`);
  return v;
}
export function known(o: Obj, keys: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ScenarioError(`${path}.${k} is not a known field (known: ${keys.join(", ")})`);
}

/**
 * Imported first by the XS lane. The desktop XS worker has no timers; fast-check
 * captures setTimeout/clearTimeout at load for async properties, which the lane
 * never runs, so calling these is an error.
 */
const g = globalThis as Record<string, unknown>;
if (typeof g.setTimeout !== "function") {
  g.setTimeout = () => { throw new Error("no timers in the XS lane"); };
  g.clearTimeout = () => undefined;
}

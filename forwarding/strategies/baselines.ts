/**
 * Every strategy, the flooding baselines included: what the simulator, the
 * benchmark and the tests build routers with (a beacon's build carries the
 * gradient only: forwarding/router.ts ON_DEVICE).
 */
import type { Strategies } from "../router";
import { BlindFlood } from "./flood";
import { Gradient } from "./gradient";
import { ManagedFlood } from "./managed-flood";

export const WITH_BASELINES: Strategies = {
  "gradient": (p) => new Gradient(p),
  "flood": (p) => new BlindFlood(p),
  "managed-flood": (p) => new ManagedFlood(p),
};

/**
 * The hardware abstraction: everything firmware and forwarding code may reach
 * outside itself. `hal/moddable/` implements it on the ESP32; `hal/sim/` on the
 * desktop, for the simulator and the tests.
 */
import type { Clock } from "./clock";
import type { Crypto } from "./crypto";
import type { Log } from "./log";
import type { RadioLink } from "./radio";
import type { Random } from "./random";
import type { KeyValueStore } from "./storage";

export interface Hal {
  radio: RadioLink;
  clock: Clock;
  random: Random;
  storage: KeyValueStore;
  crypto: Crypto;
  log: Log;
}

export type { Clock, Crypto, Log, RadioLink, Random, KeyValueStore };
export { LINK_BROADCAST, type ReceiveInfo } from "./radio";

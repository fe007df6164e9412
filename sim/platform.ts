/**
 * The one place a simulated beacon's platform is assembled: what
 * firmware/app.ts's boot() takes (radio, clock, random, storage, log, crypto,
 * and the BLE, host link, camera and memory a role may use), from the
 * desktop twins in hal/sim/. The simulator, every test and every tool that
 * boots firmware or builds a router on the desktop gets its platform here.
 *
 * Rules: the clock runs on the virtual time given (sim/scheduler.ts, or the
 * XS bridge's), never on the wall clock. Randomness is seeded (by default
 * with the beacon's address), so a run repeats. Storage has NVS's limits and
 * outlives a simulated reboot when the caller passes it back in. Log lines
 * carry the virtual time and the beacon's address. Crypto defaults to the
 * HMAC-SHA256 in plain TypeScript (hal/xs-host/sha256.ts): it runs in Node and
 * inside XS alike, so this file is bundled into the XS lanes too and imports
 * nothing of Node; the simulator passes Node's (hal/sim/crypto.ts), which is
 * faster and counts what it computes. Peripherals are present only when given:
 * the firmware starts a role's BLE, host link or camera side only if it has one.
 */
import type { Platform } from "../firmware/app";
import { PROVISIONING_KEY, encodeProvisioning, type Provisioning } from "../firmware/provisioning";
import type { BleAdvertiser, BleScanner } from "../hal/ble";
import type { Camera } from "../hal/camera";
import type { HostLink } from "../hal/host-link";
import type { Crypto, Hal, Log, RadioLink, Random } from "../hal/index";
import type { MemorySource } from "../hal/memory";
import { SimClock, type VirtualTime } from "../hal/sim/clock";
import { SimLog, type LogLine } from "../hal/sim/log";
import { SeededRandom } from "../hal/sim/random";
import { MemoryStore } from "../hal/sim/storage";
import { hmacSha256, sha256 } from "../hal/xs-host/sha256";

export interface SimPlatformOptions {
  /** the virtual time the beacon's clock runs on */
  time: VirtualTime<any>;
  /** the beacon's address: names its log lines, and seeds its random unless `random` or `seed` is given */
  address: number;
  radio: RadioLink;
  /** a record to store before boot, or its stored bytes as they are (absent: storage has one, or the beacon is unprovisioned) */
  provisioning?: Provisioning | Uint8Array;
  /** the storage of an earlier boot (a reboot keeps it); a new, empty one when absent */
  storage?: MemoryStore;
  random?: Random;
  seed?: number;
  /** where log lines go: a list shared by the run's beacons, or a Log of the caller's; a new list when absent */
  log?: LogLine[] | Log;
  /** crypto under the network key; the TypeScript HMAC when absent */
  crypto?: (key: Uint8Array) => Crypto;
  ble?: BleScanner;
  advertiser?: BleAdvertiser;
  host?: HostLink;
  camera?: Camera;
  memory?: MemorySource;
}

/** A platform whose clock and storage are the simulated twins (a reboot passes the storage back in; power loss clears the clock). */
export interface SimPlatform extends Platform {
  clock: SimClock;
  storage: MemoryStore;
}

/** HMAC-SHA256 in TypeScript: the same tags as Node's and the device's. */
const typescriptCrypto = (key: Uint8Array): Crypto => ({ mac: hmacSha256(key), sha256 });

export function simPlatform(o: SimPlatformOptions): SimPlatform {
  const storage = o.storage ?? new MemoryStore();
  if (o.provisioning) storage.set(PROVISIONING_KEY, o.provisioning instanceof Uint8Array ? o.provisioning : encodeProvisioning(o.provisioning));
  const time = o.time;
  const log = o.log === undefined || Array.isArray(o.log) ? new SimLog(o.log ?? [], o.address, () => time.now()) : o.log;
  const p: SimPlatform = {
    radio: o.radio,
    clock: new SimClock(time),
    random: o.random ?? new SeededRandom(o.seed ?? o.address),
    storage,
    log,
    crypto: o.crypto ?? typescriptCrypto,
  };
  // Only what was given: an absent peripheral is absent, not undefined (and costs the heap nothing).
  if (o.ble) p.ble = o.ble;
  if (o.advertiser) p.advertiser = o.advertiser;
  if (o.host) p.host = o.host;
  if (o.camera) p.camera = o.camera;
  if (o.memory) p.memory = o.memory;
  return p;
}

/** The HAL a router gets from a platform under a network key (as firmware/app.ts's start() builds it). */
export function halOf(p: Platform, key: Uint8Array): Hal {
  return { radio: p.radio, clock: p.clock, random: p.random, storage: p.storage, log: p.log, crypto: p.crypto(key) };
}

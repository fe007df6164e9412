/**
 * What an installer writes into a beacon before it goes up on the wall:
 * address, network id, network key, role, fixed position. Stored as one
 * versioned record in key-value storage ("d2d.prov", 44 bytes):
 *
 *   0  version (1)     1  role (HELLO's role codes)   2..3 address u16
 *   4  net             5  floor i8                     6..7 x dm u16   8..9 y dm u16
 *   10..11 reserved (0)   12..43 key (32 bytes)
 */
import type { KeyValueStore } from "../hal/storage";
import { u16At } from "../protocol/bytes";
import { ROLES, type Role } from "../protocol/messages/hello";

export const PROVISIONING_KEY = "d2d.prov";
const VERSION = 1;
const SIZE = 44;

export interface Provisioning {
  address: number;
  net: number;
  role: Role;
  floor: number;
  x: number;
  y: number;
  key: Uint8Array;
}

export type Loaded = { ok: true; prov: Provisioning } | { ok: false; reason: string };

export function encodeProvisioning(p: Provisioning): Uint8Array {
  const problem = check(p);
  if (problem) throw new RangeError(problem);
  const b = new Uint8Array(SIZE);
  b[0] = VERSION;
  b[1] = ROLES.indexOf(p.role);
  b[2] = p.address >> 8; b[3] = p.address & 255;
  b[4] = p.net;
  b[5] = p.floor & 255;
  const x = Math.round(p.x * 10), y = Math.round(p.y * 10);
  b[6] = x >> 8; b[7] = x & 255; b[8] = y >> 8; b[9] = y & 255;
  b.set(p.key, 12);
  return b;
}

/** Whether v is an integer in min..max. */
function within(v: number, min: number, max: number): boolean {
  return Number.isInteger(v) && v >= min && v <= max;
}

function check(p: Provisioning): string | undefined {
  if (!within(p.address, 1, 0xfffd)) return "address must be 1..65533";
  if (!within(p.net, 0, 31)) return "net must be 0..31";
  if (!ROLES.includes(p.role)) return "role must be one of " + ROLES.join(", ");
  if (!within(p.floor, -127, 127)) return "floor must be -127..127";
  if (!(p.x >= 0 && p.x <= 6553.4 && p.y >= 0 && p.y <= 6553.4)) return "x and y must be metres in 0..6553.4";
  if (!(p.key instanceof Uint8Array) || p.key.length !== 32) return "key must be 32 bytes";
  if (p.key.every((b) => b === 0)) return "key must not be all zeros";
  return undefined;
}

/**
 * Stores a provisioning record offered as hex (from the build's config) unless
 * the beacon already holds a valid one; returns what happened, never throws.
 */
export function adoptProvisioning(store: KeyValueStore, hex: string): string {
  if (loadProvisioning(store).ok) return "kept the stored record";
  if (!/^[0-9a-fA-F]{88}$/.test(hex)) return "ignored: not 44 bytes of hex";
  const b = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i++) b[i] = parseInt(hex.substr(i * 2, 2), 16);
  const probe: KeyValueStore = { get: () => b, set: () => undefined, delete: () => undefined };
  const check = loadProvisioning(probe);
  if (!check.ok) return "ignored: " + check.reason;
  try {
    store.set(PROVISIONING_KEY, b);
  } catch {
    return "ignored: storage refused it";
  }
  return `stored (${check.prov.role} ${check.prov.address})`;
}

/** A record not taken, and why. */
function refused(reason: string): Loaded {
  return { ok: false, reason };
}

/** Reads and checks the record; never throws. */
export function loadProvisioning(store: KeyValueStore): Loaded {
  let b: Uint8Array | undefined;
  try {
    b = store.get(PROVISIONING_KEY);
  } catch {
    return refused("storage unreadable");
  }
  if (!b) return refused("not provisioned");
  if (b.length !== SIZE) return refused(`provisioning record of ${b.length} bytes, expected ${SIZE}`);
  if (b[0] !== VERSION) return refused(`provisioning version ${b[0]} unknown`);
  if (b[1] >= ROLES.length) return refused(`role code ${b[1]} unknown`);
  const prov: Provisioning = {
    address: u16At(b, 2),
    net: b[4],
    role: ROLES[b[1]],
    floor: (b[5] << 24) >> 24,
    x: u16At(b, 6) / 10,
    y: u16At(b, 8) / 10,
    key: b.slice(12, 44),
  };
  const problem = check(prov);
  return problem ? refused(problem) : { ok: true, prov };
}

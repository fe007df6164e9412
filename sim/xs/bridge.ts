/**
 * The host HAL for firmware running inside the XS engine on a desktop
 * (@agoric/xsnap), bridged to the Node simulator. Bundled and evaluated by
 * sim/xs/hosted.ts. The firmware modules are the ones flashed to beacons; only
 * the HAL under them is this bridge:
 *
 *   radio.send, clock.setTimeout/clearTimeout, log, the gateway's host link
 *       → issueCommand({op, node, …}) to Node, which owns the medium and time;
 *   Node → handleCommand({op: boot | receive | sent | timer | ble | stats, t, node, …}):
 *       every command carries the virtual time t, so clock.now() is exact.
 *
 * Messages are JSON text; frames travel as hex.
 */
import { boot, type Beacon } from "../../firmware/app";
import { PROVISIONING_KEY } from "../../firmware/provisioning";
import type { BleAdvertisement, BleScanner } from "../../hal/ble";
import type { Clock, TimerId } from "../../hal/clock";
import { BridgeRadio, type ReceiveCommand } from "./bridge-radio";
import { MemoryStore } from "../../hal/sim/storage";
import { SeededRandom } from "../../hal/sim/random";
import { fromHex, toHex } from "../../protocol/bytes";
import { utf8Decode, utf8Encode } from "../../protocol/utf8";
import { hmacSha256, sha256 } from "../../hal/xs-host/sha256";

declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;

let now = 0;

function call(message: Record<string, unknown>): void {
  const bytes = utf8Encode(JSON.stringify(message));
  issueCommand(bytes.buffer as ArrayBuffer);
}

class BridgeClock implements Clock {
  readonly timers = new Map<TimerId, () => void>();
  private next = 1;
  constructor(private readonly node: number) {}
  now(): number {
    return now;
  }
  setTimeout(callback: () => void, ms: number): TimerId {
    const id = this.next++;
    this.timers.set(id, callback);
    call({ op: "setTimeout", node: this.node, id, ms });
    return id;
  }
  clearTimeout(id: TimerId): void {
    if (this.timers.delete(id)) call({ op: "clearTimeout", node: this.node, id });
  }
}

class BridgeBle implements BleScanner {
  onAdvertisement: ((adv: BleAdvertisement) => void) | null = null;
  start(): void {}
  stop(): void {}
}

interface Hosted { radio: BridgeRadio; clock: BridgeClock; ble: BridgeBle; beacon: Beacon | null }
const nodes = new Map<number, Hosted>();

function handle(m: Record<string, any>): unknown {
  now = m.t;
  const n = nodes.get(m.node);
  switch (m.op) {
    case "boot": {
      const radio = new BridgeRadio(m.node, call), clock = new BridgeClock(m.node), ble = new BridgeBle();
      const storage = new MemoryStore();
      storage.set(PROVISIONING_KEY, fromHex(m.provisioning));
      const hosted: Hosted = { radio, clock, ble, beacon: null };
      nodes.set(m.node, hosted);
      const node = m.node as number;
      const r = boot({
        radio, clock, random: new SeededRandom(m.seed), storage,
        log: {
          info: (message) => call({ op: "log", node, level: "info", message }),
          warn: (message) => call({ op: "log", node, level: "warn", message }),
          error: (message) => call({ op: "log", node, level: "error", message }),
        },
        crypto: (key) => ({ mac: hmacSha256(key), sha256 }),
        ble,
        host: {
          deliver: (frame, rssi) => call({ op: "host", node, frame: toHex(frame), rssi }),
          // No host lines over the bridge (the simulator instructs through gateway.instruct()).
          answer: (line) => call({ op: "log", node, level: "info", message: "host answer: " + line }),
          listen: () => false,
        },
      }, m.options ?? {});
      if (r.ok) hosted.beacon = r.beacon;
      return r.ok ? { ok: true } : { ok: false, reason: r.reason };
    }
    case "receive":
      n?.radio.received(m as ReceiveCommand);
      return null;
    case "sent":
      n?.radio.sent(m.acked);
      return null;
    case "timer": {
      const cb = n?.clock.timers.get(m.id);
      if (cb) {
        n!.clock.timers.delete(m.id);
        cb();
      }
      return null;
    }
    case "ble":
      n?.ble.onAdvertisement?.({
        address: fromHex(m.address), rssi: m.rssi,
        manufacturer: m.company === undefined ? undefined : { company: m.company, data: fromHex(m.data) },
      });
      return null;
    case "stats": {
      const b = n?.beacon;
      if (!b) return null;
      const route = b.router.route();
      return { stats: b.router.stats, queued: b.router.queued, route: route ? { via: route.via, hops: route.hops } : null };
    }
    default:
      return { error: "unknown op " + String(m.op) };
  }
}

(globalThis as unknown as { handleCommand: (message: ArrayBuffer) => ArrayBuffer }).handleCommand = (message) => {
  const reply = handle(JSON.parse(utf8Decode(new Uint8Array(message))));
  return utf8Encode(JSON.stringify(reply ?? null)).buffer as ArrayBuffer;
};

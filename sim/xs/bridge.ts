/**
 * The host HAL for firmware running inside the XS engine on a desktop
 * (@agoric/xsnap), bridged to the Node simulator. Bundled and evaluated by
 * sim/xs/hosted.ts. The firmware modules are the ones flashed to beacons; only
 * the HAL under them is this bridge, assembled by sim/platform.ts as every
 * simulated beacon's is (the clock a SimClock on the bridge's virtual time):
 *
 *   radio.send, clock.setTimeout/clearTimeout, log, the gateway's host link
 *       → issueCommand({op, node, …}) to Node, which owns the medium and time;
 *   Node → handleCommand({op: boot | receive | sent | timer | ble | stats, t, node, …}):
 *       every command carries the virtual time t, so clock.now() is exact.
 *
 * Messages are JSON text; frames travel as hex.
 */
import { boot, type Beacon } from "../../firmware/app";
import { SimBleScanner } from "../../hal/sim/ble";
import type { VirtualTime } from "../../hal/sim/clock";
import { BridgeRadio, type ReceiveCommand } from "./bridge-radio";
import { simPlatform } from "../platform";
import { fromHex, toHex } from "../../protocol/bytes";
import { utf8Decode, utf8Encode } from "../../protocol/utf8";

declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;

let now = 0;

function call(message: Record<string, unknown>): void {
  const bytes = utf8Encode(JSON.stringify(message));
  issueCommand(bytes.buffer as ArrayBuffer);
}

/** Virtual time across the bridge: Node's scheduler runs a station's timers and tells XS when one is due ({op: "timer"}). */
class BridgeTime implements VirtualTime<number> {
  readonly due = new Map<number, () => void>();
  private next = 1;
  constructor(private readonly node: number) {}
  now(): number {
    return now;
  }
  at(ms: number, fn: () => void): number {
    const id = this.next++;
    this.due.set(id, fn);
    call({ op: "setTimeout", node: this.node, id, ms });
    return id;
  }
  cancel(id: number): void {
    if (this.due.delete(id)) call({ op: "clearTimeout", node: this.node, id });
  }
}

interface Hosted { radio: BridgeRadio; time: BridgeTime; ble: SimBleScanner; beacon: Beacon | null }
const nodes = new Map<number, Hosted>();

function handle(m: Record<string, any>): unknown {
  now = m.t;
  const n = nodes.get(m.node);
  switch (m.op) {
    case "boot": {
      const node = m.node as number;
      const radio = new BridgeRadio(node, call), time = new BridgeTime(node), ble = new SimBleScanner();
      const hosted: Hosted = { radio, time, ble, beacon: null };
      nodes.set(node, hosted);
      const r = boot(simPlatform({
        time, address: node, radio, seed: m.seed, provisioning: fromHex(m.provisioning),
        log: {
          info: (message) => call({ op: "log", node, level: "info", message }),
          warn: (message) => call({ op: "log", node, level: "warn", message }),
          error: (message) => call({ op: "log", node, level: "error", message }),
        },
        ble,
        host: {
          deliver: (frame, rssi) => call({ op: "host", node, frame: toHex(frame), rssi }),
          // No host lines over the bridge: an XS-hosted gateway takes no instructions (the simulator's gateways run on Node).
          answer: (line) => call({ op: "log", node, level: "info", message: "host answer: " + line }),
          listen: () => false,
        },
      }), m.options ?? {});
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
      const fn = n?.time.due.get(m.id);
      if (fn) {
        n!.time.due.delete(m.id);
        fn();
      }
      return null;
    }
    case "ble":
      n?.ble.hear({
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

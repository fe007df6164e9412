/**
 * Bundled into XS by tools/bench.ts. d2dHeap.fill(kind) boots a relay with the
 * real firmware, on a radio that never finishes a send (so its queue fills),
 * and feeds it 300 distinct frames (dedup cache full, queue full): "bulk",
 * full-size 250-byte video fragments; "sos", SOS frames, the smallest
 * life-safety frame, of which the queue's heap bound (forwarding/queue.ts)
 * holds the most. The meter's heap count after gc(), less the count with the
 * code loaded but nothing booted, is the relay's steady-state data.
 */
import "../sim/xs/xs-globals";
import { boot } from "../firmware/app";
import type { RadioLink, ReceiveInfo } from "../hal/radio";
import type { LogLine } from "../hal/sim/log";
import { Scheduler } from "../sim/scheduler";
import { simPlatform } from "../sim/platform";
import { Addr, MsgType, Priority } from "../protocol/frame";
import { encodeMessage } from "../protocol/message";
import { DedupCache } from "../forwarding/dedup";
import { DEFAULT_ROUTER } from "../forwarding/router";
import { hmacSha256 } from "../hal/xs-host/sha256";
import { report } from "../sim/xs/report";

const scheduler = new Scheduler();
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 7 + i);
const mac = hmacSha256(KEY);
let onReceive: ((f: Uint8Array, i: ReceiveInfo) => void) | null = null;
const radio: RadioLink = {
  maxFrame: 250, bitrate: 1_000_000,
  get onReceive() { return onReceive; },
  set onReceive(v) { onReceive = v; },
  send() { /* the air is never free: frames stay queued */ },
};
(globalThis as unknown as { d2dHeap: { fill(kind: "bulk" | "sos"): void } }).d2dHeap = {
  fill(kind) {
    const log: LogLine[] = [];
    const r = boot(simPlatform({ time: scheduler, address: 50, seed: 1, radio, provisioning: { address: 50, net: 1, role: "relay", floor: 0, x: 1, y: 1, key: KEY }, log }));
    if (!r.ok) throw new Error("boot failed");
    (globalThis as unknown as { relay: unknown }).relay = r;
    // A gateway next door, so frames are routed (and queue up behind the busy radio).
    onReceive?.(encodeMessage({ type: MsgType.hello, priority: 2, hopLimit: 0, hops: 0, net: 1, ack: false, src: 1, dst: Addr.broadcast, seq: 1 },
      { role: "gateway", route: { gateway: 1, hops: 0, metric: 0, seq: 1 }, battery: null, floor: 0, x: 0, y: 0, orders: 0 }, mac), { from: 1, rssi: -60, broadcast: true });
    const data = new Uint8Array(232);
    let frameBytes = 0;
    for (let i = 0; i < 300; i++) {
      const h = { hopLimit: 8, hops: 0, net: 1, ack: false, src: 100 + (i % 40), dst: Addr.anyGateway, seq: i };
      const f = kind === "bulk"
        ? encodeMessage({ ...h, type: MsgType.media, priority: Priority.bulk }, { stream: 1, kind: "video", frame: i, index: 0, count: 1, data }, mac)
        : encodeMessage({ ...h, type: MsgType.sos, priority: Priority.lifeSafety }, { floor: 0, x: 1, y: 2, accuracy: 3, trapped: 1, injured: 0, attackers: null, flags: [] }, mac);
      frameBytes = f.length;
      onReceive?.(f, { from: 2, rssi: -60, broadcast: false });
    }
    scheduler.run(10);
    const queued = r.beacon.router.queued;
    report({ queued, frameBytes, queuedBytes: queued * frameBytes, dedupBytes: new DedupCache(DEFAULT_ROUTER.dedupEntries).memoryBytes, forwarded: r.beacon.router.stats.forwarded });
  },
};

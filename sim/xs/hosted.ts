/**
 * Beacons whose firmware runs inside the XS engine, on the same simulated
 * medium and clock as Node-hosted ones. The XS side is sim/xs/bridge.ts;
 * this is the Node side: it owns time and the radio, forwards radio and timer
 * events to XS as commands, and carries out what XS asks (send, set/clear a
 * timer, log, deliver to the host).
 *
 * Node's scheduler stays the master clock. Events meant for XS are queued while
 * an event runs and sent, in order, after it: a mixed run is as deterministic
 * as a plain one. Use run() instead of scheduler.run().
 */
import { fileURLToPath } from "node:url";
import { fromHex, toHex } from "../../protocol/bytes";
import type { Scheduler, ScheduledEvent } from "../scheduler";
import { bundle, startXs, type XsWorker } from "./engine";
import type { Medium } from "../medium";

type Msg = Record<string, any>;

export class XsHosted {
  readonly logs: { node: number; level: string; message: string }[] = [];
  onHost: ((node: number, frame: Uint8Array, rssi: number) => void) | null = null;
  /** commands sent to XS */
  commands = 0;
  private readonly outbox: Msg[] = [];
  private readonly timers = new Map<string, ScheduledEvent>();
  private worker!: XsWorker;

  private constructor(private readonly scheduler: Scheduler, private readonly medium: Medium) {}

  static async start(scheduler: Scheduler, medium: Medium): Promise<XsHosted> {
    const x = new XsHosted(scheduler, medium);
    x.worker = await startXs((m) => x.fromXs(m as Msg));
    await x.worker.evaluate(await bundle(fileURLToPath(new URL("./bridge.ts", import.meta.url))));
    return x;
  }

  /** Boots the firmware of station `node` inside XS from a provisioning record. */
  async boot(node: number, provisioning: Uint8Array, seed: number, options: object = {}): Promise<{ ok: boolean; reason?: string }> {
    this.medium.radio(node).onReceive = (frame, info) => this.outbox.push({ op: "receive", node, frame: toHex(frame), ...info });
    return (await this.send({ op: "boot", node, provisioning: toHex(provisioning), seed, options })) as { ok: boolean; reason?: string };
  }

  /** A BLE advertisement heard by an XS-hosted beacon. */
  ble(node: number, adv: { address: Uint8Array; rssi: number; company?: number; data?: Uint8Array }): void {
    this.outbox.push({ op: "ble", node, address: toHex(adv.address), rssi: adv.rssi, company: adv.company, data: adv.data && toHex(adv.data) });
  }

  async stats(node: number): Promise<any> {
    return this.send({ op: "stats", node });
  }

  /** Runs the shared scheduler to `until`, delivering XS's events after each one. */
  async run(until: number): Promise<void> {
    await this.drain();
    while (this.scheduler.step(until)) await this.drain();
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private async send(m: Msg): Promise<unknown> {
    this.commands++;
    return this.worker.command({ ...m, t: this.scheduler.now() });
  }

  private async drain(): Promise<void> {
    while (this.outbox.length > 0) await this.send(this.outbox.shift() as Msg);
  }

  /** What XS asks of the host; answered at once (XS's issueCommand is synchronous). */
  private fromXs(m: Msg): unknown {
    const node = m.node as number;
    switch (m.op) {
      case "send":
        this.medium.radio(node).send(m.to, fromHex(m.frame), (acked) => this.outbox.push({ op: "sent", node, acked }));
        return null;
      case "setTimeout": {
        const key = `${node}:${m.id}`;
        this.timers.set(key, this.scheduler.at(m.ms, () => {
          this.timers.delete(key);
          this.outbox.push({ op: "timer", node, id: m.id });
        }));
        return null;
      }
      case "clearTimeout": {
        const key = `${node}:${m.id}`;
        const ev = this.timers.get(key);
        if (ev) this.scheduler.cancel(ev);
        this.timers.delete(key);
        return null;
      }
      case "log":
        this.logs.push({ node, level: m.level, message: m.message });
        return null;
      case "host":
        this.onHost?.(node, fromHex(m.frame), m.rssi);
        return null;
      default:
        return { error: "unknown op " + String(m.op) };
    }
  }
}

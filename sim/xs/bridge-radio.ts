/**
 * The radio of firmware hosted in XS (sim/xs/bridge.ts): a proxy for its
 * station's SimRadio on the Node side (sim/xs/hosted.ts). `send` goes to the
 * host as {op: "send"}; the host's radio answers with {op: "sent"} and hands
 * received frames over as {op: "receive"}, each in a later handleCommand, so
 * `done` runs after `send` has returned, once (a second "sent" finds no
 * callback). Refusals (0 or > maxFrame bytes), the broadcast flag and the bound
 * on a send's completion are the host radio's (SimRadio, Medium.access).
 */
import type { RadioLink, ReceiveInfo } from "../../hal/radio";
import { fromHex, toHex } from "../../protocol/bytes";

/** {op: "receive"} as the host sends it: the frame in hex and the host radio's ReceiveInfo. */
export interface ReceiveCommand extends ReceiveInfo {
  frame: string;
}

export class BridgeRadio implements RadioLink {
  readonly maxFrame = 250;
  readonly bitrate = 1_000_000;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  private done: ((acked: boolean) => void) | null = null;

  constructor(private readonly node: number, private readonly call: (message: Record<string, unknown>) => void) {}

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    this.done = done;
    this.call({ op: "send", node: this.node, to, frame: toHex(frame) });
  }

  /** {op: "sent"}: the host radio completed the send in flight. */
  sent(acked: boolean): void {
    const d = this.done;
    this.done = null;
    d?.(acked);
  }

  /** {op: "receive"}: the host radio received a frame for this station. */
  received(m: ReceiveCommand): void {
    this.onReceive?.(fromHex(m.frame), { from: m.from, rssi: m.rssi, broadcast: m.broadcast });
  }
}

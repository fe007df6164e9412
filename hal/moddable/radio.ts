/** RadioLink over ESP-NOW (the native module in ./espnow). */
import ESPNow from "espnow";
import { LINK_BROADCAST, type RadioLink, type ReceiveInfo } from "../radio";

export class EspNowRadio implements RadioLink {
  readonly maxFrame = 250;
  readonly bitrate = 1_000_000;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;
  private readonly link: ESPNow;
  private done: ((acked: boolean) => void) | null = null;

  constructor(address: number, channel: number) {
    this.link = new ESPNow(address, channel);
    this.link.onReceive = (buffer, from, rssi) => this.onReceive?.(new Uint8Array(buffer), { from, rssi, broadcast: false });
    this.link.onSent = (acked) => {
      const d = this.done;
      this.done = null;
      d?.(acked);
    };
  }

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    const copy = frame.slice().buffer as ArrayBuffer;
    if (!this.link.send(to === LINK_BROADCAST ? 0xffff : to, copy)) {
      done(false);
      return;
    }
    this.done = done;
  }
}

/**
 * A link layer for XS test lanes: stations in a line, each hearing only its
 * neighbours, perfect delivery 1 ms after a send, ACK when a neighbour is the
 * addressee. Every send completes 1 ms later (no completion is ever lost, so
 * no send timeout); a frame of 0 or more than maxFrame bytes is done(false)
 * then, unsent. Pure TypeScript, runs inside XS.
 */
import { LINK_BROADCAST, type RadioLink, type ReceiveInfo } from "../../hal/radio";
import type { Scheduler } from "../scheduler";

export class LineRadio implements RadioLink {
  readonly maxFrame = 250;
  readonly bitrate = 1_000_000;
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null = null;

  constructor(private readonly line: LineRadio[], private readonly scheduler: Scheduler, readonly index: number, readonly address: number) {
    line.push(this);
  }

  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void {
    if (frame.length === 0 || frame.length > this.maxFrame) {
      this.scheduler.at(1, () => done(false));
      return;
    }
    this.scheduler.at(1, () => {
      let acked = false;
      for (const r of this.line) {
        if (Math.abs(r.index - this.index) !== 1 || !(to === LINK_BROADCAST || to === r.address)) continue;
        r.onReceive?.(frame, { from: this.address, rssi: -60, broadcast: to === LINK_BROADCAST });
        acked = true;
      }
      done(to === LINK_BROADCAST || acked);
    });
  }
}

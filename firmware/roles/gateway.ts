/**
 * The responder gateway: the sink of the mesh. Every frame it consumes goes to
 * its host (the responders' console) as received; instructions from the host
 * are broadcast to the whole site.
 */
import type { HostLink } from "../../hal/host-link";
import type { Router } from "../../protocol/forwarding/router";
import { Addr, MsgType } from "../../protocol/frame";
import type { InstructionBody } from "../../protocol/messages/instruction";

export class GatewayRole {
  forwarded = 0;

  constructor(private readonly router: Router, private readonly host: HostLink) {}

  start(): void {
    this.router.onDeliver = (_m, frame, info) => {
      this.forwarded++;
      this.host.deliver(frame, info.rssi);
    };
  }

  /** From the host: broadcast a responder instruction over the site. */
  instruct(body: InstructionBody): number {
    return this.router.originate(MsgType.instruction, body, { dst: Addr.broadcast });
  }
}

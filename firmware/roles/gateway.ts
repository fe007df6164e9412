/**
 * The responder gateway: the sink of the mesh. Every frame it consumes goes to
 * its host (the responders' console) as received; instruction lines from the
 * host are checked and broadcast to the whole site.
 *
 * Rules (SPEC.md §12): each host line gets exactly one answer, `OK <seq>` or
 * `ERR <reason>: <detail>`, when its line end arrives. A refused line changes
 * nothing: no frame, no sequence number used. Lines are read into a buffer of
 * fixed size; an over-long one is discarded up to its line end. Nothing here
 * throws into the link.
 */
import type { HostLink } from "../../hal/host-link";
import type { Router } from "../../forwarding/router";
import { Addr, MsgType } from "../../protocol/frame";
import { HOST_LINE_MAX, LineReader, errLine, okLine, parseHostLine } from "../../protocol/host-line";
import { instruction, type InstructionBody } from "../../protocol/messages/instruction";

export class GatewayRole {
  forwarded = 0;
  /** host lines broadcast, and refused */
  accepted = 0;
  refused = 0;
  private readonly lines = new LineReader(HOST_LINE_MAX);
  private readonly body = new Uint8Array(instruction.maxBody);
  private readonly onLine = (line: Uint8Array, length: number) => this.hostLine(line, length);
  private readonly onOverLong = () => this.refuse("overLimit", `line over ${HOST_LINE_MAX} bytes, discarded`);

  constructor(private readonly router: Router, private readonly host: HostLink) {}

  start(): void {
    this.host.listen((bytes, count) => this.fromHost(bytes, count));
  }

  /** A frame the mesh delivered here (any type): to the host, as it arrived. */
  consume(frame: Uint8Array, rssi: number): void {
    this.forwarded++;
    try {
      this.host.deliver(frame, rssi);
    } catch {
      // the router's receive path goes on whatever the link does
    }
  }

  /** Bytes from the host, in any split. */
  fromHost(bytes: Uint8Array, count: number): void {
    try {
      this.lines.push(bytes, 0, Math.min(count, bytes.length), this.onLine, this.onOverLong);
    } catch (e) {
      this.refuse("internal", e instanceof Error ? e.message : "host input");
    }
  }

  /** From the host: broadcast a responder instruction over the site; its seq. */
  instruct(body: InstructionBody): number {
    return this.router.originate(MsgType.instruction, body, { dst: Addr.broadcast });
  }

  private hostLine(line: Uint8Array, length: number): void {
    const r = parseHostLine(line, length, this.body);
    if (!r.ok) {
      this.refuse(r.reason, r.detail);
      return;
    }
    let seq: number;
    try {
      seq = this.instruct(r.body);
    } catch (e) {
      this.refuse("internal", e instanceof Error ? e.message : "broadcast failed");
      return;
    }
    this.accepted++;
    this.answer(okLine(seq));
  }

  private refuse(reason: string, detail: string): void {
    this.refused++;
    this.answer(errLine(reason, detail));
  }

  private answer(line: string): void {
    try {
      this.host.answer(line);
    } catch {
      // a link that throws loses its answer, not the gateway
    }
  }
}

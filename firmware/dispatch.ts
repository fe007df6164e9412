/**
 * The firmware's access layer: what the router delivers goes to the roles by
 * message type, through one table, as a mesh stack's access layer hands
 * messages to its models by opcode.
 *
 * Rules: a row is a message type (or every type) and a handler; handlers run
 * in the order their rows were added; a type with no row is consumed by
 * nobody. The table is built at boot (firmware/app.ts) and only read after.
 */
import type { ReceiveInfo } from "../hal/radio";
import type { RouterEvent } from "../forwarding/events";
import type { Message } from "../protocol/message";

export type MessageHandler = (m: Message, frame: Uint8Array, info: ReceiveInfo) => void;

interface Row {
  /** a message type, or "any" */
  type: number | "any";
  handler: MessageHandler;
}

export class Dispatch {
  private readonly rows: Row[] = [];

  on(type: number | "any", handler: MessageHandler): void {
    this.rows.push({ type, handler });
  }

  /** The router's listener. */
  readonly listener = (e: RouterEvent): void => {
    if (e.kind !== "delivered") return;
    const type = e.message.header.type;
    for (const row of this.rows) if (row.type === "any" || row.type === type) row.handler(e.message, e.frame, e.info);
  };
}

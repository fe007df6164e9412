/** Inside XS: send one JSON value to the Node side. */
import { utf8Encode } from "../../protocol/utf8";

declare const issueCommand: (msg: ArrayBuffer) => ArrayBuffer;

export function report(value: unknown): void {
  const bytes = utf8Encode(JSON.stringify(value));
  issueCommand(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

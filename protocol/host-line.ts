/**
 * The gateway's host link, line by line (SPEC.md §12). Runs on the gateway
 * (reading what the responders' host sends) and on the host (d2d order).
 *
 *   gateway → host   D2D <rssi> <hex>      a frame the gateway consumed
 *                    OK <seq>              the host's line was broadcast as frame <seq>
 *                    ERR <reason>: <detail> the host's line was refused; nothing changed
 *   host → gateway   INSTRUCT <hex>        a responder instruction body (§4.8), to broadcast
 *
 * Rules: lines are ASCII and end with LF (a CR before it is dropped). A line
 * longer than HOST_LINE_MAX is discarded up to its LF and answered once. The
 * reader's buffer is fixed at construction; nothing is allocated from what the
 * host sends. The parser never throws: every refusal is a reason and a detail,
 * and a detail never echoes the line's text.
 */
import { D2DError } from "./errors";
import { toHex } from "./bytes";
import { instruction, type InstructionBody } from "./messages/instruction";

export const INSTRUCT = "INSTRUCT ";
/** bytes of an instruction line before its line end: the command and a body of at most 200 bytes in hex */
export const HOST_LINE_MAX = INSTRUCT.length + 2 * instruction.maxBody;

export type HostLineResult = { ok: true; body: InstructionBody } | { ok: false; reason: string; detail: string };

/** Splits a byte stream into lines in a buffer of fixed size; feed it any split. */
export class LineReader {
  /** max + 1: room for the CR of a CR LF line end */
  private readonly buf: Uint8Array;
  private length = 0;
  private discarding = false;

  constructor(readonly max: number) {
    this.buf = new Uint8Array(max + 1);
  }

  /**
   * Feeds bytes[start, end). For each LF: onLine(buffer, length) with the line
   * before it (the buffer is reused: copy what you keep), or onOverLong() once
   * if the line was longer than max.
   */
  push(bytes: Uint8Array, start: number, end: number, onLine: (line: Uint8Array, length: number) => void, onOverLong: () => void): void {
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b === 10) {
        let n = this.length;
        if (n > 0 && this.buf[n - 1] === 13) n--;
        const over = this.discarding || n > this.max;
        this.length = 0;
        this.discarding = false;
        if (over) onOverLong();
        else onLine(this.buf, n);
      } else if (this.discarding) {
        // the rest of an over-long line
      } else if (this.length < this.buf.length) this.buf[this.length++] = b;
      else this.discarding = true;
    }
  }

  /** bytes of an unfinished line held (0 while discarding) */
  get pending(): number {
    return this.discarding ? 0 : this.length;
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function refuse(reason: string, detail: string): HostLineResult {
  return { ok: false, reason, detail };
}

/**
 * Checks one host line (line[0, length), without its line end) fully: command,
 * hex, the protocol's own instruction decoder (field ranges included), and that
 * the body is exactly what the gateway will send (deterministic CBOR, no keys
 * it would drop). `scratch` holds the body bytes: at least instruction.maxBody.
 */
export function parseHostLine(line: Uint8Array, length: number, scratch: Uint8Array): HostLineResult {
  if (length === 0) return refuse("badLine", "empty line");
  if (length > HOST_LINE_MAX) return refuse("overLimit", `line over ${HOST_LINE_MAX} bytes`);
  let command = length >= INSTRUCT.length;
  for (let i = 0; command && i < INSTRUCT.length; i++) command = line[i] === INSTRUCT.charCodeAt(i);
  if (!command) return refuse("badLine", "expected INSTRUCT <hex>");
  const digits = length - INSTRUCT.length;
  if (digits === 0) return refuse("badHex", "no body after INSTRUCT");
  for (let i = INSTRUCT.length; i < length; i++) {
    if (hexValue(line[i]) < 0) return refuse("badHex", `not a hex digit at column ${i + 1}`);
  }
  if (digits % 2 !== 0) return refuse("badHex", `odd number of hex digits (${digits})`);
  const n = digits / 2;
  if (n > scratch.length) return refuse("overLimit", `body over ${scratch.length} bytes`);
  for (let i = 0, p = INSTRUCT.length; i < n; i++, p += 2) scratch[i] = (hexValue(line[p]) << 4) | hexValue(line[p + 1]);
  let body: InstructionBody;
  try {
    body = instruction.decode(scratch, 0, n);
    const again = instruction.encode(body);
    let same = again.length === n;
    for (let i = 0; same && i < n; i++) same = again[i] === scratch[i];
    if (!same) return refuse("nonCanonical", "not the body the gateway would send (unknown keys or not deterministic CBOR); write it with d2d order");
  } catch (e) {
    if (e instanceof D2DError) return refuse(e.reason, e.message.slice(e.reason.length + 2) || e.reason);
    return refuse("internal", e instanceof Error ? e.message : "decoder failed");
  }
  return { ok: true, body };
}

/** The host's line for an instruction body: `INSTRUCT <hex>` (throws D2DError on a bad body). */
export function instructionLine(body: InstructionBody): string {
  return INSTRUCT + toHex(instruction.encode(body));
}

/**
 * Why a gateway would refuse this body as a host line (`<reason>: <detail>`),
 * or undefined when it takes it: the line written, then parsed as the gateway
 * parses it. The host-side tools and the simulator's scenario check use it.
 */
export function hostLineRefusal(body: InstructionBody): string | undefined {
  let line: string;
  try {
    line = instructionLine(body);
  } catch (e) {
    return e instanceof D2DError ? e.message : String(e);
  }
  const bytes = new Uint8Array(line.length);
  for (let i = 0; i < line.length; i++) bytes[i] = line.charCodeAt(i);
  const r = parseHostLine(bytes, bytes.length, new Uint8Array(bytes.length));
  return r.ok ? undefined : `${r.reason}: ${r.detail}`;
}

/** The gateway's line for a frame it consumed. */
export function frameLine(frame: Uint8Array, rssi: number): string {
  return `D2D ${Math.round(rssi)} ${toHex(frame)}`;
}

/** Printable ASCII only (anything else becomes ?), at most 160 characters. */
export function asciiDetail(s: string): string {
  let out = "";
  for (let i = 0; i < s.length && i < 160; i++) {
    const c = s.charCodeAt(i);
    out += c >= 32 && c < 127 ? s[i] : "?";
  }
  return out;
}

export function okLine(seq: number): string {
  return "OK " + seq;
}

export function errLine(reason: string, detail: string): string {
  return `ERR ${asciiDetail(reason)}: ${asciiDetail(detail)}`;
}

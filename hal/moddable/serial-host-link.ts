/**
 * The gateway's host link over a UART (ECMA-419 `embedded:io/serial`, format
 * "buffer"), without the SDK: hal/moddable/host-link.ts opens the port and
 * wires its onReadable/onWritable here, tests drive it with a scripted port.
 *
 * Rules: never blocks, never throws. Lines go out through a transmit ring of
 * TX_BYTES allocated once; the UART's FIFO takes what onWritable said it has
 * room for (the SDK's write throws "output full" past that). A line that does
 * not fit in the ring is dropped whole and counted. Frame lines leave
 * ANSWER_RESERVE bytes free, so a flood of frames (a replay, say) can never
 * crowd out the one answer SPEC §12 promises per host line. Input is read in
 * chunks of RX_CHUNK into one buffer and handed on as it comes.
 */
import type { HostLink } from "../host-link";

/** What the link uses of an ECMA-419 Serial in "buffer" format. */
export interface SerialPort {
  /** reads up to buffer.length bytes into buffer; the count, or undefined when nothing is there */
  read(buffer: Uint8Array): number | undefined;
  /** writes all of buffer into the transmit FIFO, or throws when it has no room */
  write(buffer: Uint8Array): void;
}

export const TX_BYTES = 2048;
/**
 * Room in the ring only answers may use: the longest answer line, `ERR ` + a
 * reason and a detail of at most 160 characters each (protocol/host-line.ts
 * asciiDetail) + `: ` + LF = 327 bytes. The host sends one line and waits for
 * its answer (SPEC §12), so one answer is outstanding at a time.
 */
export const ANSWER_RESERVE = 327;
export const RX_CHUNK = 64;
/** chunks read per onReadable before yielding (the SDK calls again while bytes remain) */
const RX_ROUNDS = 8;
/** hex digits by value (hal/moddable/host-link.ts writes frames with them too) */
export const HEX = "0123456789abcdef";

export class SerialHostLink implements HostLink {
  port: SerialPort | null = null;
  /** lines dropped whole because the transmit ring was full */
  dropped = 0;
  private readonly tx = new Uint8Array(TX_BYTES);
  private head = 0;
  private used = 0;
  /** bytes the transmit FIFO takes now: the last onWritable count, less what was written since */
  private room = 0;
  private readonly rx = new Uint8Array(RX_CHUNK);
  private onBytes: ((bytes: Uint8Array, count: number) => void) | null = null;

  deliver(frame: Uint8Array, rssi: number): void {
    const prefix = "D2D " + Math.round(rssi) + " ";
    if (!this.fits(prefix.length + 2 * frame.length + 1, ANSWER_RESERVE)) return;
    this.putAscii(prefix);
    for (let i = 0; i < frame.length; i++) {
      this.putByte(HEX.charCodeAt(frame[i] >> 4));
      this.putByte(HEX.charCodeAt(frame[i] & 15));
    }
    this.putByte(10);
    this.pump();
  }

  answer(line: string): void {
    if (!this.fits(line.length + 1, 0)) return;
    this.putAscii(line);
    this.putByte(10);
    this.pump();
  }

  listen(onBytes: (bytes: Uint8Array, count: number) => void): boolean {
    this.onBytes = onBytes;
    return true;
  }

  /** The port's onReadable. */
  readable(): void {
    for (let round = 0; round < RX_ROUNDS; round++) {
      let n: number | undefined;
      try {
        n = this.port?.read(this.rx);
      } catch {
        return;
      }
      if (!n) return;
      try {
        this.onBytes?.(this.rx, n);
      } catch {
        // the reader's fault stays with the reader
      }
      if (n < RX_CHUNK) return;
    }
  }

  /** The port's onWritable: the transmit FIFO has room for `count` bytes. */
  writable(count: number): void {
    this.room = count;
    this.pump();
  }

  /** bytes waiting in the transmit ring */
  get pending(): number {
    return this.used;
  }

  private fits(n: number, keepFree: number): boolean {
    if (n <= TX_BYTES - this.used - keepFree) return true;
    this.dropped++;
    return false;
  }

  private putByte(b: number): void {
    this.tx[(this.head + this.used) % TX_BYTES] = b;
    this.used++;
  }

  private putAscii(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.putByte(c >= 32 && c < 127 ? c : 63);
    }
  }

  private pump(): void {
    const port = this.port;
    if (!port) return;
    while (this.used > 0 && this.room > 0) {
      const n = Math.min(this.used, this.room, TX_BYTES - this.head);
      try {
        port.write(this.tx.subarray(this.head, this.head + n));
      } catch {
        this.room = 0;
        return;
      }
      this.head = (this.head + n) % TX_BYTES;
      this.used -= n;
      this.room -= n;
    }
  }
}

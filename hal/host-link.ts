/**
 * The responder gateway's link to its host (USB serial on the device): frames
 * out, the host's lines in, one answer line out per host line. The lines are
 * protocol/host-line.ts (SPEC.md §12); the link only carries bytes.
 *
 * Rules: no call blocks or throws. A link that cannot keep up drops whole
 * lines, never parts of one. What comes in is handed over as it arrives, in
 * any split, from a buffer the link owns and reuses.
 */
export interface HostLink {
  /** a frame delivered at this gateway, with the RSSI it arrived at: one `D2D <rssi> <hex>` line */
  deliver(frame: Uint8Array, rssi: number): void;
  /** one line to the host (printable ASCII, no line end: the link adds LF) */
  answer(line: string): void;
  /**
   * Hands the host's bytes to `onBytes` from now on: bytes[0, count), any split
   * (part of a line, several lines). false: this link carries nothing in (the
   * link has said why in the log).
   */
  listen(onBytes: (bytes: Uint8Array, count: number) => void): boolean;
}

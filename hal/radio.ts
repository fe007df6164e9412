/**
 * The radio link a node sends and receives D2D frames on (ESP-NOW on the
 * ESP32). Link addresses are node addresses; 0xFFFF is broadcast.
 *
 * Every implementation (hal/moddable/radio.ts on the device, hal/sim/radio.ts's
 * SimRadio over sim/medium.ts, the XS lanes' LineRadio, the XS bridge radio) passes the same
 * conformance suite (host-tests/radio-conformance.test.ts):
 * - `done` is called exactly once per send, and never before `send` returns;
 * - a frame of 0 or more than `maxFrame` bytes is refused: `done(false)`;
 * - a receiver learns whether the frame was sent to the broadcast address;
 * - a send whose completion never comes is reported `done(false)` within the
 *   implementation's send timeout, and the radio takes the next frame.
 */
export const LINK_BROADCAST = 0xffff;

export interface ReceiveInfo {
  /** link-layer sender */
  from: number;
  /** dBm */
  rssi: number;
  /** the frame was sent to the broadcast address */
  broadcast: boolean;
}

/** Counters a radio keeps for the health line (all optional but these two). */
export interface RadioStats {
  /** received frames dropped because the receive ring was full */
  rxOverflow: number;
  /** sends freed because no completion came in time */
  sendTimeouts: number;
}

export interface RadioLink {
  /** largest frame the link carries, bytes */
  readonly maxFrame: number;
  /** bits per second on air */
  readonly bitrate: number;
  /**
   * Queues one frame for the air. For a unicast `done` reports whether the
   * receiver's link-layer acknowledgement came back (ESP-NOW's send callback);
   * for a broadcast it reports true once the frame has left.
   * The radio sends one frame at a time; the caller waits for `done`.
   */
  send(to: number, frame: Uint8Array, done: (acked: boolean) => void): void;
  /** set by the node: called for every frame received intact */
  onReceive: ((frame: Uint8Array, info: ReceiveInfo) => void) | null;
  /** counters for the health line, where the radio keeps them */
  stats?(): RadioStats;
}

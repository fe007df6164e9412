/**
 * The radio link a node sends and receives D2D frames on (ESP-NOW on the
 * ESP32). Link addresses are node addresses; 0xFFFF is broadcast.
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
}

/** The responder gateway's link to its host (USB serial on the device): one frame at a time, as received. */
export interface HostLink {
  /** a frame delivered at this gateway, with the RSSI it arrived at */
  deliver(frame: Uint8Array, rssi: number): void;
}

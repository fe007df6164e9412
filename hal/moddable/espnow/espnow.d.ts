/** The native ESP-NOW module (hal/moddable/espnow/espnow.c, bound in espnow.js). */
declare module "espnow" {
  export default class ESPNow {
    /**
     * Brings Wi-Fi up in station mode with the MAC derived from `address`, on
     * `channel` (checked against `country`'s allowed channels), at `txQuarterDbm`
     * (0.25 dBm units, 8..84), then ESP-NOW. Throws naming the step that failed.
     */
    constructor(address: number, channel: number, country: string, txQuarterDbm: number);
    /** Hands a frame to the driver for a D2D address (0xFFFF broadcast): true, then onSent(to, acked); false if refused. */
    send(to: number, frame: ArrayBuffer | Uint8Array): boolean;
    /** Drains now whatever waits in the receive and completion rings (a safety net for a lost wake-up). */
    poll(): void;
    /** Writes the counters into `into`: rx overflow, rx foreign, wake failures, send refused, peer evictions, completion overflow. */
    stats(into: number[]): void;
    close(): void;
    /** Writes the manifest's shared limits: max frame, unicast peers, receive ring, send timeout ms. */
    static limits(into: number[]): void;
    onReceive(frame: ArrayBuffer, from: number, rssi: number, broadcast: boolean): void;
    /** A send completed: the D2D address it went to (0xFFFF broadcast) and whether the link layer acknowledged it. */
    onSent(to: number, acked: boolean): void;
  }
}

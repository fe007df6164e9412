/** The native ESP-NOW module (hal/moddable/espnow/espnow.c, bound in espnow.js). */
declare module "espnow" {
  export default class ESPNow {
    /**
     * Brings Wi-Fi up in station mode with the MAC derived from `address`, on
     * `channel` (checked against `country`'s allowed channels), at `txQuarterDbm`
     * (0.25 dBm units, 8..84), then ESP-NOW. Throws naming the step that failed.
     */
    constructor(address: number, channel: number, country: string, txQuarterDbm: number);
    /** Hands a frame to the driver for a D2D address (0xFFFF broadcast): a token > 0, then onSent(token, acked); 0 if refused. */
    send(to: number, frame: ArrayBuffer | Uint8Array): number;
    /** Gives up the outstanding send (no completion within the send timeout) and re-aligns completion numbers. */
    abandon(): void;
    /** Drains the receive ring now if anything waits in it (a safety net for a lost wake-up). */
    poll(): void;
    /** Writes the counters into `into`: rx overflow, rx foreign, wake failures, send refused, peer evictions. */
    stats(into: number[]): void;
    close(): void;
    /** Writes the manifest's shared limits: max frame, unicast peers, receive ring, send timeout ms. */
    static limits(into: number[]): void;
    onReceive(frame: ArrayBuffer, from: number, rssi: number, broadcast: boolean): void;
    onSent(token: number, acked: boolean): void;
  }
}

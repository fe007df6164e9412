/** The native ESP-NOW module (hal/moddable/espnow/espnow.c, bound in espnow.js). */
declare module "espnow" {
  export default class ESPNow {
    /** Opens ESP-NOW as D2D node `address` on Wi-Fi `channel` (1..13). */
    constructor(address: number, channel?: number);
    /** Queues a frame to a D2D address (0xFFFF broadcast); false if the driver refused it. onSent follows a true. */
    send(to: number, frame: ArrayBuffer): boolean;
    close(): void;
    onReceive(frame: ArrayBuffer, from: number, rssi: number): void;
    onSent(acked: boolean): void;
  }
}

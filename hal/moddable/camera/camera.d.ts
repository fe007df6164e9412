/**
 * The native camera module (hal/moddable/camera/camera.c, bound in camera.js).
 * Keep in step with camera.c: argument order, defaults and what each call throws.
 */
declare module "camera" {
  export interface CameraPins {
    pwdn: number; reset: number; xclk: number; siod: number; sioc: number;
    d7: number; d6: number; d5: number; d4: number; d3: number; d2: number; d1: number; d0: number;
    vsync: number; href: number; pclk: number;
  }
  export default class Camera {
    /**
     * Starts the esp32-camera driver (one Camera at a time). quality: JPEG quality 4..63,
     * lower is better (default 12); maxBytes: largest JPEG capture() copies, 1..65536
     * (default 65536). Throws if a pin is missing or out of range, or the driver fails.
     */
    constructor(pins: CameraPins, quality?: number, maxBytes?: number);
    /**
     * One JPEG taken after the call, or undefined if the sensor gave none (the driver
     * waits up to 4 s). Throws a RangeError for a JPEG over maxBytes (not copied).
     */
    capture(): ArrayBuffer | undefined;
    /** Stops the driver; capture() then throws. */
    close(): void;
  }
}

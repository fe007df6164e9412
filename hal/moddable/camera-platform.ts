/**
 * The camera a board has: none, for builds without the camera module. The
 * ESP32-CAM board maps this module to camera-platform-esp32cam.ts.
 */
import type { Camera } from "../camera";
import type { Log } from "../log";

export function cameraPlatform(_pins: unknown, log: Log, _maxBytes: number): Camera | undefined {
  log.warn("d2d: this build has no camera driver (build with boards/esp32-cam)");
  return undefined;
}

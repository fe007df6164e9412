/** The ESP32-CAM's OV2640, from the board's pin map (config.d2d.pins.camera). */
import type { CameraPins } from "camera";
import type { Camera } from "../camera";
import type { Log } from "../log";
import { EspCamera } from "./camera";

/** maxBytes: the largest JPEG worth capturing (the firmware passes what a gateway can reassemble). */
export function cameraPlatform(pins: unknown, log: Log, maxBytes: number): Camera | undefined {
  if (!pins) {
    log.error("d2d: no camera pins in the board's config");
    return undefined;
  }
  try {
    return new EspCamera(pins as CameraPins, log, maxBytes);
  } catch (e) {
    log.error(`d2d: camera failed to start (${String(e)}); relaying only`);
    return undefined;
  }
}

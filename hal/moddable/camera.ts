/**
 * The Camera HAL over the native camera module (ESP32-CAM; hal/moddable/camera/camera.c).
 * Rules: capture() never throws (the camera role's timer would stop for good); what the
 * native side reports (no memory, a JPEG over the cap) is logged and gives undefined. The
 * cap is the largest object a gateway reassembles, so the node never sends what no gateway
 * can take.
 */
import NativeCamera, { type CameraPins } from "camera";
import type { Camera } from "../camera";
import type { Log } from "../log";

export class EspCamera implements Camera {
  private readonly native: NativeCamera;

  /** maxBytes: the firmware passes the largest object a gateway reassembles (protocol/fragment MAX_OBJECT_BYTES). */
  constructor(pins: CameraPins, private readonly log: Log, maxBytes: number, quality = 12) {
    this.native = new NativeCamera(pins, quality, maxBytes);
  }

  capture(): Uint8Array | undefined {
    try {
      const jpeg = this.native.capture();
      return jpeg ? new Uint8Array(jpeg) : undefined;
    } catch (e) {
      this.log.warn(`d2d: camera: ${String(e)}`);
      return undefined;
    }
  }
}

/** The Camera HAL over the native camera module (ESP32-CAM). */
import NativeCamera, { type CameraPins } from "camera";
import type { Camera } from "../camera";

export class EspCamera implements Camera {
  private readonly native: NativeCamera;

  constructor(pins: CameraPins, quality = 12) {
    this.native = new NativeCamera(pins, quality);
  }

  capture(): Uint8Array | undefined {
    const jpeg = this.native.capture();
    return jpeg ? new Uint8Array(jpeg) : undefined;
  }
}

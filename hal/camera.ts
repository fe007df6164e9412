/** A camera node's sensor: one JPEG per call (ESP32-CAM on the device). */
export interface Camera {
  /** a JPEG, or undefined if the sensor failed */
  capture(): Uint8Array | undefined;
}

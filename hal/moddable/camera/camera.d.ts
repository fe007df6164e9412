/** The native camera module (hal/moddable/camera/camera.c, bound in camera.js). */
declare module "camera" {
  export interface CameraPins {
    pwdn: number; reset: number; xclk: number; siod: number; sioc: number;
    d7: number; d6: number; d5: number; d4: number; d3: number; d2: number; d1: number; d0: number;
    vsync: number; href: number; pclk: number;
  }
  export default class Camera {
    constructor(pins: CameraPins, quality?: number);
    /** One JPEG, or undefined if the sensor gave none. */
    capture(): ArrayBuffer | undefined;
    close(): void;
  }
}

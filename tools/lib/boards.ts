/** The boards and the Moddable platform each is built for (boards/README.md): the one table tools read. */
export const BOARDS: readonly { board: string; platform: string; manifest: string }[] = [
  { board: "devkitc", platform: "esp32", manifest: "boards/devkitc/manifest.json" },
  { board: "esp32s3-devkit", platform: "esp32/esp32s3", manifest: "boards/esp32s3-devkit/manifest.json" },
  { board: "esp32-cam", platform: "esp32", manifest: "boards/esp32-cam/manifest.json" },
  { board: "m5stack-core2", platform: "esp32/m5stack_core2", manifest: "boards/m5stack-core2/manifest.json" },
];

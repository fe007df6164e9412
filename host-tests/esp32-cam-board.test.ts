/**
 * boards/esp32-cam: the AI-Thinker ESP32-CAM builds with PSRAM (its own sdkconfig defaults,
 * merged by mcconfig through build.SDKCONFIGPATH) and declares the IDF components the
 * camera module needs, so mcconfig adds them to the IDF project and their include
 * directories to the native build. With $IDF_PATH set, every option is also checked to be
 * declared by that ESP-IDF's Kconfig.
 */
import test from "ava";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const board = join(root, "boards/esp32-cam");

interface Dependency { name: string; version?: string; includes?: string[] }
interface Platform { build?: Record<string, string>; dependency?: Dependency[]; error?: string }
const manifest = JSON.parse(readFileSync(join(board, "manifest.json"), "utf8")) as {
  platforms?: Record<string, Platform>;
  modules?: Record<string, string>;
};
const esp32 = manifest.platforms?.esp32 ?? {};

/** sdkconfig.defaults as mcconfig reads it: name=value lines, # comments. */
function sdkconfig(): Map<string, string> {
  const dir = esp32.build?.SDKCONFIGPATH ?? "";
  const file = join(board, dir, "sdkconfig.defaults");
  const options = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    if (!line || line.startsWith("#")) continue;
    const m = /^(CONFIG_\w+)=(.*)$/.exec(line);
    if (!m) throw new Error(`not an option line: ${line}`);
    if (options.has(m[1])) throw new Error(`${m[1]} set twice`);
    options.set(m[1], m[2]);
  }
  return options;
}

test("the ESP32-CAM board has its own sdkconfig defaults, found by mcconfig through build.SDKCONFIGPATH on the esp32 platform", (t) => {
  t.is(esp32.build?.SDKCONFIGPATH, "./sdkconfig");
  t.true(existsSync(join(board, "sdkconfig/sdkconfig.defaults")));
  t.truthy(manifest.platforms?.["esp32/*"]?.error, "other ESP32 targets would get the ESP32's PSRAM options: refused");
});

test("the board's sdkconfig enables the 4 MB quad PSRAM, initialised at boot and reachable by the driver's allocations", (t) => {
  const o = sdkconfig();
  t.is(o.get("CONFIG_SPIRAM"), "y");
  t.is(o.get("CONFIG_SPIRAM_BOOT_INIT"), "y");
  t.true(o.get("CONFIG_SPIRAM_USE_MALLOC") === "y" || o.get("CONFIG_SPIRAM_USE_CAPS_ALLOC") === "y", "heap_caps_malloc(MALLOC_CAP_SPIRAM) needs USE_MALLOC or USE_CAPS_ALLOC");
  t.is(o.get("CONFIG_D0WD_PSRAM_CS_IO"), "16");
  t.is(o.get("CONFIG_D0WD_PSRAM_CLK_IO"), "17");
  t.is(o.get("CONFIG_SPIRAM_SPEED_80M"), undefined, "80 MHz PSRAM would take an SPI host");
});

test("with the revision 1 PSRAM cache workaround on, the code Moddable compiles gets the compiler fix too (one flag: mcconfig escapes spaces)", (t) => {
  const o = sdkconfig();
  if (o.get("CONFIG_SPIRAM_CACHE_WORKAROUND") === "n") return t.pass();
  const flags = esp32.build?.C_FLAGS_SUBPLATFORM ?? "";
  t.is(flags, "-mfix-esp32-psram-cache-issue");
});

test("the camera's IDF components are declared with versions, esp32-camera pinned to the version its stub headers mirror", (t) => {
  const deps = esp32.dependency ?? [];
  const camera = deps.find((d) => d.name === "esp32-camera");
  const jpeg = deps.find((d) => d.name === "esp_jpeg");
  t.truthy(camera);
  t.truthy(jpeg, "esp_camera.h includes img_converters.h, which includes esp_jpeg's jpeg_decoder.h: its include dir comes from the dependency");
  t.deepEqual([...(camera?.includes ?? [])].sort(), ["conversions/include", "driver/include"]);
  t.regex(jpeg?.version ?? "", /^\^1\.3\.\d+$/);
  const stub = readFileSync(join(root, "hal/moddable/stubs/esp_camera.h"), "utf8");
  const mirrored = /version (\d+\.\d+\.\d+)/.exec(stub)?.[1];
  t.truthy(mirrored);
  t.is(camera?.version, `~${mirrored}`, "a tilde range keeps the minor version the stubs mirror");
  t.is(manifest.modules?.camera, "../../hal/moddable/camera/camera");
});

const idf = process.env.IDF_PATH;
(idf ? test : test.skip)("every option in the board's sdkconfig is declared by the ESP-IDF at $IDF_PATH (developer run)", (t) => {
  const declared = new Set<string>();
  const components = join(idf ?? "", "components");
  for (const entry of readdirSync(components, { recursive: true }) as string[]) {
    if (!/(^|\/)Kconfig[^/]*$/.test(entry)) continue;
    for (const m of readFileSync(join(components, entry), "utf8").matchAll(/^\s*(?:menu)?config\s+(\w+)\s*$/gm)) declared.add(m[1]);
  }
  const unknown = [...sdkconfig().keys()].filter((k) => !declared.has(k.slice("CONFIG_".length)));
  t.deepEqual(unknown, []);
});

/**
 * npm run check:idf — for engineers with a real ESP-IDF v6.0 checkout ($IDF_PATH)
 * and the Moddable SDK 8.2.x sources ($MODDABLE): compiles this project's native
 * modules (hal/moddable/espnow/espnow.c on every ESP32 target the boards use;
 * hal/moddable/camera/camera.c for the ESP32-CAM, with the esp32-camera component
 * at $ESP32_CAMERA_PATH and esp_jpeg at $ESP_JPEG_PATH, the versions
 * boards/esp32-cam/manifest.json pins) against the REAL IDF headers, with exactly the include
 * list, C flags and defines of the SDK's tools/mcconfig/make.esp32.mk, plus the
 * errors GCC 15 (IDF v6.0's toolchain) makes default.
 *
 * What stands in for what a desktop lacks, and why it is still the real check:
 * - the compiler is the host gcc, syntax and types only (-fsyntax-only, -m32):
 *   every declaration, type and signature comes from the IDF and SDK headers; the
 *   Xtensa code generation is not checked (it needs the Espressif toolchain);
 * - sdkconfig.h is generated from the IDF's own Kconfig tree and the SDK's
 *   sdkconfig defaults by tools/idf-sdkconfig.py (Debian's python3-kconfiglib);
 * - libc headers are Debian's newlib (libnewlib-dev) behind tools/idf-host-libc;
 * - mc.defines.h is written from manifest_core.json's defines by the rule of the
 *   SDK's mcconfig (tools/lib/mc-defines.ts); mc.xs.h gets an id for each xsID_
 *   the module uses, after checking the module's .js (or the board config, which
 *   mcconfig turns into the mc/config module) really names that property (xsl
 *   only generates ids for names the JS uses).
 * A planted IDF 5.4 send callback must fail, so the check is shown able to fail.
 * Needs: gcc, python3 with kconfiglib, newlib headers
 * (apt-get install gcc python3-kconfiglib libnewlib-dev). CI cannot run it: the
 * IDF and SDK are not on the registries the project installs from.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectMcDefines, xsIds } from "./lib/mc-defines";

const root = fileURLToPath(new URL("..", import.meta.url));

function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

const idf = process.env.IDF_PATH ?? fail("IDF_PATH is not set: point it at an ESP-IDF v6.0 checkout");
const moddable = process.env.MODDABLE ?? fail("MODDABLE is not set: point it at the Moddable SDK 8.2.x sources");
const cameraPath = process.env.ESP32_CAMERA_PATH;
const jpegPath = process.env.ESP_JPEG_PATH;

function idfVersion(): string {
  const h = readFileSync(join(idf, "components/esp_common/include/esp_idf_version.h"), "utf8");
  const v = (name: string) => new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(h)?.[1] ?? "?";
  return `${v("ESP_IDF_VERSION_MAJOR")}.${v("ESP_IDF_VERSION_MINOR")}.${v("ESP_IDF_VERSION_PATCH")}`;
}
const version = idfVersion();
if (!version.startsWith("6.0.")) fail(`IDF_PATH has ESP-IDF ${version}; Moddable SDK 8.2.x builds with v6.0`);
const makeEsp32 = join(moddable, "tools/mcconfig/make.esp32.mk");
if (!existsSync(makeEsp32)) fail(`no tools/mcconfig/make.esp32.mk under ${moddable}`);
const sdkVersion = readFileSync(join(moddable, "tools/VERSION"), "utf8").trim();
if (!existsSync("/usr/include/newlib/sys/reent.h")) fail("newlib headers not found: apt-get install libnewlib-dev");

const work = mkdtempSync(join(tmpdir(), "d2d-idf-"));
const gccInclude = execFileSync("gcc", ["-print-file-name=include"], { encoding: "utf8" }).trim();

const MAKE_VARS = ["C_FLAGS", "C_DEFINES", "C_INCLUDES"] as const;
/** make.esp32.mk's C flags, defines and include list, as the SDK's generated makefile expands them for a target (one make run). */
function makeVars(subclass: string, tmp: string, config: string): Record<(typeof MAKE_VARS)[number], string[]> {
  const print = join(work, "print.mk");
  writeFileSync(print, "print-%:\n\t@echo $*=$($*)\n");
  // -j1 and named lines: make.esp32.mk asks for parallel jobs, which would print the targets in any order
  const out = execFileSync("make", ["-s", "-j1", "-f", makeEsp32, "-f", print, `ESP32_SUBCLASS=${subclass}`, `TMP_DIR=${tmp}`,
    `SDKCONFIG_H_DIR=${config}`, `LIB_DIR=${join(work, "lib")}`, `XS_DIR=${join(moddable, "xs")}`, ...MAKE_VARS.map((v) => `print-${v}`)],
  { env: { ...process.env, MODDABLE: moddable, IDF_PATH: idf }, encoding: "utf8" });
  const got = new Map(out.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const words = (name: string) => {
    const v = got.get(name);
    if (v === undefined) fail(`make printed no ${name}`, 1);
    return v.trim().split(/\s+/).filter((x) => x);
  };
  return { C_FLAGS: words("C_FLAGS"), C_DEFINES: words("C_DEFINES"), C_INCLUDES: words("C_INCLUDES") };
}

/** Flags that steer Xtensa code generation or dependency files: meaningless to a syntax check. */
const CODEGEN_ONLY = new Set(["-c", "-MMD", "-MP", "-mlongcalls", "-mtext-section-literals", "-Wl,-EL", "-nostdlib", "-Os", "-g"]);
const GCC15 = ["-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-Werror=implicit-int"];
/** What xtensa-esp32-elf-gcc predefines and the host gcc does not. */
const XTENSA = ["-D__XTENSA__=1", "-D__xtensa__=1", "-D__XTENSA_EL__=1", "-D__XTENSA_WINDOWED_ABI__=1"];

interface Unit { module: string; source: string; js: string[]; subclass: string; defaults: string[]; extraIncludes: string[] }

const sdkconfigDirs = new Map<string, string>();
/** sdkconfig.h for a target and its extra defaults files, generated once per distinct pair. */
function sdkconfig(subclass: string, defaults: string[]): string {
  const key = [subclass, ...defaults].join("\n");
  const known = sdkconfigDirs.get(key);
  if (known) return known;
  const dir = join(work, `config-${sdkconfigDirs.size}`);
  sdkconfigDirs.set(key, dir);
  const base = join(moddable, `build/devices/esp32/xsProj-${subclass}/sdkconfig.defaults`);
  const r = spawnSync("python3", [join(root, "tools/idf-sdkconfig.py"), subclass, dir, base, ...defaults], { env: { ...process.env, IDF_PATH: idf }, encoding: "utf8" });
  if (r.status !== 0) fail(`sdkconfig for ${subclass}: ${r.stderr || r.stdout}`, 1);
  return dir;
}

/** mc.xs.h: an id per xsID_ the C uses; each must be a name the module's JS uses, or xsl would not define it. */
function generated(unit: Unit, source: string): { dir: string; missing: string[] } {
  const dir = join(work, `tmp-${unit.module}-${unit.subclass}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "mc.defines.h"), projectMcDefines(root));
  const { ids, missing } = xsIds(readFileSync(source, "utf8"), unit.js.map((f) => readFileSync(f, "utf8")));
  writeFileSync(join(dir, "mc.xs.h"), ids.map((id, i) => `#define xsID_${id} ${i + 1}`).join("\n") + "\n");
  return { dir, missing };
}

function compile(unit: Unit, source = unit.source): { ok: boolean; output: string; missing: string[] } {
  const config = sdkconfig(unit.subclass, unit.defaults);
  const gen = generated(unit, source);
  const vars = makeVars(unit.subclass, gen.dir, config);
  const flags = vars.C_FLAGS.filter((f) => !CODEGEN_ONLY.has(f));
  const defines = vars.C_DEFINES;
  const includes = vars.C_INCLUDES;
  const args = ["-m32", "-fsyntax-only", "-nostdinc", "-isystem", gccInclude, "-isystem", join(root, "tools/idf-host-libc"), "-isystem", "/usr/include/newlib",
    ...flags, ...GCC15, ...XTENSA, ...defines, `-I${dirname(unit.source)}`, ...unit.extraIncludes.map((d) => `-I${d}`), ...includes, source];
  const r = spawnSync("gcc", args, { encoding: "utf8" });
  return { ok: r.status === 0 && gen.missing.length === 0, output: (r.stderr + r.stdout).trim(), missing: gen.missing };
}

const espnow = join(root, "hal/moddable/espnow/espnow.c");
const units: Unit[] = [
  { module: "espnow", source: espnow, js: [join(root, "hal/moddable/espnow/espnow.js")], subclass: "esp32", defaults: [], extraIncludes: [] },
  { module: "espnow", source: espnow, js: [join(root, "hal/moddable/espnow/espnow.js")], subclass: "esp32s3", defaults: [], extraIncludes: [] },
];
const camBoard = join(root, "boards/esp32-cam/sdkconfig/sdkconfig.defaults");
if (cameraPath && jpegPath) {
  units.push({
    module: "camera", source: join(root, "hal/moddable/camera/camera.c"), js: [join(root, "hal/moddable/camera/camera.js"), join(root, "boards/esp32-cam/manifest.json")], subclass: "esp32",
    defaults: existsSync(camBoard) ? [camBoard] : [],
    // esp_camera.h ends by including img_converters.h, which includes esp_jpeg's jpeg_decoder.h
    extraIncludes: [...["driver/include", "conversions/include"].map((d) => join(cameraPath, d)), join(jpegPath, "include")],
  });
}

console.log(`check:idf: ESP-IDF ${version} at ${idf}; Moddable SDK ${sdkVersion} at ${moddable}; host gcc ${execFileSync("gcc", ["-dumpversion"], { encoding: "utf8" }).trim()} -fsyntax-only`);
let failures = 0;
try {
  for (const unit of units) {
    const r = compile(unit);
    const what = `${unit.module}.c for ${unit.subclass}${unit.defaults.length ? " (board sdkconfig)" : ""}`;
    if (r.ok) console.log(`${what}: OK against the IDF v6.0 headers with Moddable's include list`);
    else {
      failures++;
      console.log(`${what}: FAILED\n${r.missing.length ? `xsID_ without a property of that name in the module's JS: ${r.missing.join(", ")}\n` : ""}${r.output}`);
    }
  }
  if (!cameraPath || !jpegPath) console.log("camera.c: skipped (set ESP32_CAMERA_PATH and ESP_JPEG_PATH to checkouts of the esp32-camera and esp_jpeg versions boards/esp32-cam/manifest.json pins)");
  // The negative control: the IDF 5.4 send callback must not compile against the real v6.0 headers.
  const planted = join(work, "espnow-idf54.c");
  const text = readFileSync(espnow, "utf8");
  const from = "static void onSent(const esp_now_send_info_t *tx, esp_now_send_status_t status)";
  if (!text.includes(from)) fail("negative control: the onSent definition changed; update check-idf.ts", 1);
  writeFileSync(planted, text.replace(from, "static void onSent(const uint8_t *tx, esp_now_send_status_t status)"));
  const neg = compile({ ...units[0], source: espnow }, planted);
  if (neg.ok || !/incompatible-pointer-types/.test(neg.output)) {
    failures++;
    console.log("negative control: a planted IDF 5.4 send callback was NOT rejected: the check cannot fail");
  } else console.log("negative control: a planted IDF 5.4 send callback is rejected (incompatible-pointer-types), as it must be");
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);

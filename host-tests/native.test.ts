import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectMcDefines, xsIds } from "../tools/lib/mc-defines";

const root = fileURLToPath(new URL("..", import.meta.url));
const XS = join(root, "node_modules/@agoric/xsnap/moddable/xs/includes");
const STUBS = join(root, "hal/moddable/stubs");
const SOURCE = join(root, "hal/moddable/espnow/espnow.c");
const CAMERA = join(root, "hal/moddable/camera/camera.c");

/** mc.defines.h as mcconfig writes it from manifest_core.json's "defines": the one source of the C/JS limits. */
const GENERATED = mkdtempSync(join(tmpdir(), "d2d-mc-"));
writeFileSync(join(GENERATED, "mc.defines.h"), projectMcDefines(root));

/**
 * Moddable SDK 8.2.x's C flags for ESP32 (tools/mcconfig/make.esp32.mk: -std=gnu17), the
 * errors GCC 15 (ESP-IDF v6.0's toolchain) makes default, and -Wall -Wextra -Werror.
 */
const GCC15 = ["-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-Werror=implicit-int"];
function compile(file: string, defines = GENERATED) {
  return spawnSync("cc", ["-std=gnu17", ...GCC15, "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror", "-fsyntax-only", "-I", defines, "-I", STUBS, "-I", XS, file], { encoding: "utf8" });
}

/** A copy of espnow.c with one planted change; the check must reject it. */
function planted(from: string, to: string): string {
  const text = readFileSync(SOURCE, "utf8");
  if (!text.includes(from)) throw new Error(`planted change: ${JSON.stringify(from)} not in espnow.c`);
  const dir = mkdtempSync(join(tmpdir(), "espnow-"));
  const file = join(dir, "espnow.c");
  writeFileSync(file, text.replace(from, to));
  return file;
}

test("the ESP-NOW native module compiles with Moddable's flags and GCC 15's errors against the XS headers and IDF v6.0 stubs", (t) => {
  const r = compile(SOURCE);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, "");
});

test("the camera native module compiles with Moddable's flags and GCC 15's errors against the XS headers and esp32-camera 2.1.5 stubs (run on every path in camera-native.test.ts)", (t) => {
  const r = compile(CAMERA);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, "");
});

test("the compile check catches a warning (it can fail)", (t) => {
  const r = compile(planted("void xs_espnow_close(xsMachine *the)\n{", "void xs_espnow_close(xsMachine *the)\n{\n\tint unused;"));
  t.not(r.status, 0);
  t.regex(r.stderr, /unused/);
});

test("the stubs carry ESP-IDF v6.0's send callback: the IDF 5.4 signature is an error", (t) => {
  const r = compile(planted("static void onSent(const esp_now_send_info_t *tx, esp_now_send_status_t status)\n{", "static void onSent(const uint8_t *tx, esp_now_send_status_t status)\n{"));
  t.not(r.status, 0);
  t.regex(r.stderr, /incompatible-pointer-types/);
});

test("the stubs keep wifi_pkt_rx_ctrl_t opaque, as Moddable's include list sees it: reading ->rssi is an error", (t) => {
  const r = compile(planted("\tmemcpy(&rssi, (const void *)rx, 1);", "\trssi = (int8_t)rx->rssi;"));
  t.not(r.status, 0);
  t.regex(r.stderr, /incomplete/);
});

test("the limits come from the manifest's defines: without them espnow.c does not build", (t) => {
  const empty = mkdtempSync(join(tmpdir(), "d2d-nodefs-"));
  writeFileSync(join(empty, "mc.defines.h"), "\n");
  const r = compile(SOURCE, empty);
  t.not(r.status, 0);
  t.regex(r.stderr, /MODDEF_D2D_MAX_FRAME: set defines\.d2d\.max_frame in manifest_core\.json/);
  t.regex(readFileSync(join(GENERATED, "mc.defines.h"), "utf8"), /^#define MODDEF_D2D_MAX_FRAME \(250\)$/m);
});

test("every xsID_ a native module uses names a property its JS or board config uses (xsl defines ids only for those)", (t) => {
  // mc/config, generated from the manifest's "config", is a module too: the camera's pin names come from it.
  for (const [c, js] of [[SOURCE, ["hal/moddable/espnow/espnow.js"]], [CAMERA, ["hal/moddable/camera/camera.js", "boards/esp32-cam/manifest.json"]]] as const) {
    const { ids, missing } = xsIds(readFileSync(c, "utf8"), js.map((f) => readFileSync(join(root, f), "utf8")));
    t.true(ids.length > 0, c);
    t.deepEqual(missing, [], `${c} uses ids its JS (${js}) never names`);
  }
});

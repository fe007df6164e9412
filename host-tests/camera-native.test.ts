/**
 * hal/moddable/camera/camera.c, run on the desktop: every capture, init and close path
 * against a scripted esp32-camera driver and an XS stand-in (host-tests/support/camera-double),
 * built with Moddable's -std=gnu17, GCC 15's default errors and -Os as on the device.
 * Planted regressions (a missing esp_camera_fb_return, no stale-frame drop) must be caught.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_REASSEMBLY } from "../protocol/fragment";

const root = fileURLToPath(new URL("..", import.meta.url));
const CAMERA = join(root, "hal/moddable/camera/camera.c");
const DOUBLE = join(root, "host-tests/support/camera-double");
const STUBS = join(root, "hal/moddable/stubs");
const XS = join(root, "node_modules/@agoric/xsnap/moddable/xs/includes");
const FLAGS = ["-std=gnu17", "-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-Werror=implicit-int", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Os"];

/** Builds camera.c (or a planted copy) with the harness and runs it. */
function harness(source: string, werror = true): { built: boolean; status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "d2d-camera-"));
  const bin = join(dir, "harness");
  const cc = spawnSync("cc", [...FLAGS, ...(werror ? ["-Werror"] : []), "-I", DOUBLE, "-I", STUBS, source, join(DOUBLE, "harness.c"), "-o", bin], { encoding: "utf8" });
  if (cc.status !== 0) return { built: false, status: cc.status, out: cc.stderr };
  const r = spawnSync(bin, [], { encoding: "utf8", timeout: 30_000 });
  return { built: true, status: r.status, out: r.stdout + r.stderr };
}

/** A copy of camera.c with one planted change. */
function planted(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`planted change: ${String(from)} not in camera.c`);
  const file = join(mkdtempSync(join(tmpdir(), "d2d-camera-")), "camera.c");
  writeFileSync(file, changed);
  return file;
}

const source = readFileSync(CAMERA, "utf8");

test("camera.c on every path: a fresh JPEG, no frame buffer held after a return or a throw, nothing leaked, init/close/destructor right", (t) => {
  const r = harness(CAMERA);
  t.true(r.built, r.out);
  t.is(r.status, 0, r.out);
  t.notRegex(r.out, /^not ok/m);
  const summary = /^(\d+) passed, 0 failed$/m.exec(r.out);
  t.truthy(summary, r.out);
  t.true(Number(summary?.[1]) >= 15, r.out);
});

test("removing any one esp_camera_fb_return from camera.c is caught (every return is on a tested path)", (t) => {
  const calls = [...source.matchAll(/esp_camera_fb_return\(\w+\);/g)];
  t.true(calls.length >= 5, `only ${calls.length} esp_camera_fb_return calls`);
  for (const call of calls) {
    const at = call.index ?? 0;
    const file = join(mkdtempSync(join(tmpdir(), "d2d-camera-")), "camera.c");
    writeFileSync(file, source.slice(0, at) + ";" + source.slice(at + call[0].length));
    const r = harness(file, false);
    t.true(r.built, r.out);
    t.not(r.status, 0, `still passes without the esp_camera_fb_return at offset ${at}`);
    t.regex(r.out, /frame buffer is still held|only frame buffer is held/, `offset ${at}`);
  }
});

test("capturing without dropping the stale frame first is caught", (t) => {
  const file = planted(source, /stale = esp_camera_fb_get\(\);[\s\S]*?esp_camera_fb_return\(stale\);/, "stale = NULL;");
  const r = harness(file, false);
  t.true(r.built, r.out);
  t.not(r.status, 0);
  t.regex(r.out, /stale/);
});

test("the camera stubs carry esp32-camera 2.1.5's signatures: passing a camera_fb_t ** as the frame is a compile error", (t) => {
  const file = planted(source, "esp_camera_fb_return(stale);", "esp_camera_fb_return(&stale);");
  const r = spawnSync("cc", [...FLAGS, "-Werror", "-fsyntax-only", "-I", STUBS, "-I", XS, file], { encoding: "utf8" });
  t.not(r.status, 0);
  t.regex(r.stderr, /incompatible-pointer-types/);
});

test("camera.c's JPEG ceiling is the largest object a gateway reassembles, and camera.d.ts says so", (t) => {
  const max = /#define CAMERA_JPEG_MAX (\d+)/.exec(source);
  t.truthy(max);
  t.is(Number(max?.[1]), DEFAULT_REASSEMBLY.maxObjectBytes);
  t.regex(readFileSync(join(root, "hal/moddable/camera/camera.d.ts"), "utf8"), new RegExp(`1\\.\\.${DEFAULT_REASSEMBLY.maxObjectBytes}`));
});

test("camera.c asks the driver for one PSRAM frame buffer, grab-when-empty (the stale-frame drop relies on it)", (t) => {
  t.regex(source, /config\.fb_count = 1;/);
  t.regex(source, /config\.grab_mode = CAMERA_GRAB_WHEN_EMPTY;/);
  t.regex(source, /config\.fb_location = CAMERA_FB_IN_PSRAM;/);
});

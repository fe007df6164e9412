import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const XS = join(root, "node_modules/@agoric/xsnap/moddable/xs/includes");
const STUBS = join(root, "hal/moddable/stubs");
const SOURCE = join(root, "hal/moddable/espnow/espnow.c");
const CAMERA = join(root, "hal/moddable/camera/camera.c");

function compile(file: string) {
  return spawnSync("cc", ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror", "-fsyntax-only", "-I", STUBS, "-I", XS, file], { encoding: "utf8" });
}

test("the ESP-NOW native module compiles with -Wall -Werror against the XS headers", (t) => {
  const r = compile(SOURCE);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, "");
});

test("the camera native module compiles with -Wall -Werror against the XS headers", (t) => {
  const r = compile(CAMERA);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, "");
});

test("the compile check catches a warning (it can fail)", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "espnow-"));
  const broken = join(dir, "espnow.c");
  writeFileSync(broken, readFileSync(SOURCE, "utf8").replace("void xs_espnow_close(xsMachine *the)\n{", "void xs_espnow_close(xsMachine *the)\n{\n\tint unused;"));
  const r = compile(broken);
  t.not(r.status, 0);
  t.regex(r.stderr, /unused/);
});

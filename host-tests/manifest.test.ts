/**
 * The Moddable manifests, checked in Node without the SDK (CI has none): what each board's
 * image holds, what it preloads, what its native code needs from ESP-IDF. The manifests are
 * read by tools/lib/moddable-manifests.ts, a model of mcconfig 8.2.3; the modules the SDK's
 * own manifests add come from tools/moddable-sdk-modules.json. `npm run check:moddable`
 * (with the SDK) checks both against the real mcconfig and xsl, so neither can drift.
 */
import test from "ava";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { mcDefines } from "../tools/lib/mc-defines";
import { BOARDS, NOT_PRELOADED, ROOT, matchPlatform, modelBoards, readSdkRecord } from "../tools/lib/moddable-manifests";
import { hostOnly, importGraph, resolveSpecifier, runtimeImports } from "../tools/lib/device-imports";

const record = readSdkRecord();
const models = modelBoards(record);
const read = (p: string) => JSON.parse(readFileSync(join(ROOT, p), "utf8"));
const ours = (name: string) => !name.startsWith("$(");

test("manifest model: mcconfig's platform matching and XS's specifier resolution", (t) => {
  const platforms = { esp32: { error: "a" }, "esp32/*": { error: "b" }, "...": { error: "c" } };
  t.is(matchPlatform(platforms, "esp32")?.error, "a");
  t.is(matchPlatform(platforms, "esp32/esp32s3")?.error, "b");
  t.is(matchPlatform(platforms, "lin")?.error, "c");
  t.is(matchPlatform({ esp32: { error: "a" } }, "esp32/m5stack_core2")?.error, "a", "a sub-platform falls back to its platform");
  t.is(resolveSpecifier("../hal/moddable/radio", "firmware/main"), "hal/moddable/radio");
  t.is(resolveSpecifier("./camera", "hal/moddable/camera-platform"), "hal/moddable/camera", "against the module's name, not its file");
  t.is(resolveSpecifier("timer", "hal/moddable/clock"), "timer");
  t.deepEqual(runtimeImports("hal/moddable/memory.ts"), ["instrumentation"], "type-only imports are erased, as tsc erases them");
});

test("manifests: the SDK record is Moddable SDK 8.2.3's and covers every SDK manifest each board includes", (t) => {
  t.is(record.sdk, "8.2.3");
  t.deepEqual(Object.keys(record.platforms).sort(), [...new Set(BOARDS.map((b) => b.platform))].sort());
  for (const m of models) {
    t.deepEqual(m.unknownSdk, [], `${m.board} (${m.platform}): SDK manifests not in tools/moddable-sdk-modules.json`);
    t.true(m.sdkIncludes.includes("$(MODDABLE)/examples/manifest_base.json"), m.board);
    t.deepEqual(m.errors, [], `${m.board}: a platform block refuses ${m.platform}`);
    t.deepEqual(m.duplicates, [], `${m.board}: a module target mapped twice`);
  }
});

test("manifests: every module device code imports, from main, is provided by an included manifest", (t) => {
  for (const m of models) {
    const g = importGraph(m);
    t.deepEqual(g.missing, [], `${m.board} (${m.platform}): imports no included manifest provides`);
    for (const name of ["firmware/main", "forwarding/router", "hal/moddable/radio", "hal/moddable/memory"]) t.true(g.reached.has(name), `${m.board}: ${name} reached`);
    // the SDK modules the HAL needs, each from the manifest that provides it
    for (const name of ["instrumentation", "embedded:io/serial", "timer", "preference", "crypt", "hmac", "espnow"]) t.true(m.image.has(name), `${m.board}: ${name} in the image`);
  }
  const cam = models.find((m) => m.board === "esp32-cam")!;
  t.true(importGraph(cam).reached.has("camera"), "the camera board reaches its native camera module");
});

test("manifests: no wildcard module or preload entries; the preload list names every module the firmware uses", (t) => {
  for (const m of models) {
    t.deepEqual(m.wildcards, [], `${m.board}: wildcard entries (a preload wildcard matches only .js in mcconfig)`);
    const missing = m.ourPreload.filter((p) => !m.image.has(p));
    t.deepEqual(missing, [], `${m.board}: preload names that are no module (mcconfig ignores them silently)`);
    const lazy = [...m.ours.keys()].filter((n) => m.image.has(n) && !m.preload.has(n) && !(NOT_PRELOADED as readonly string[]).includes(n));
    t.deepEqual(lazy, [], `${m.board}: our modules not preloaded`);
    for (const n of NOT_PRELOADED) t.false(m.preload.has(n), `${m.board}: ${n} runs the firmware at load, it must not run inside xsl`);
  }
});

test("manifests: nothing in the image is test data, host-only code or a module the firmware does not import", (t) => {
  for (const m of models) {
    const reached = importGraph(m).reached;
    const unused = [...m.ours.values()].filter((o) => m.image.has(o.name) && !reached.has(o.name)).map((o) => `${o.name} (${o.script})`);
    t.deepEqual(unused, [], `${m.board}: in the image, never imported from main`);
    for (const o of m.ours.values()) {
      if (!o.script || !ours(o.script)) continue;
      t.is(hostOnly(o.script), undefined, `${m.board}: ${o.name} from ${o.script}`);
      t.false(/from\s+["']node:|\brequire\(|\bprocess\.|\bBuffer\./.test(readFileSync(join(ROOT, o.script), "utf8")), `${m.board}: ${o.script} uses a Node API`);
    }
    for (const [name, source] of m.sdk) t.is(hostOnly(`$(MODDABLE)/${source}`), undefined, `${m.board}: SDK module ${name} from ${source}`);
    t.false(m.image.has("protocol/test-vectors"), `${m.board}: the test vectors stay out`);
    t.false(m.image.has("protocol/index"), `${m.board}: the host-side barrel stays out`);
  }
});

/** ESP-IDF v6.0 component of each header our native modules include (esp_wifi.h includes esp_event.h and, through esp_wifi_default.h, esp_netif.h). */
const HEADER_COMPONENTS: Record<string, string[]> = {
  "esp_wifi.h": ["esp_wifi", "esp_event", "esp_netif"],
  "esp_now.h": ["esp_wifi"],
  "esp_event.h": ["esp_event"],
  "esp_netif.h": ["esp_netif"],
  "esp_err.h": [], // esp_common, in every build
  "esp_camera.h": ["esp32-camera"], // espressif/esp32-camera, a managed component
  "sensor.h": ["esp32-camera"],
};
const MODDABLE_HEADERS = new Set(["xsmc.h", "xsHost.h", "xs.h", "xsPlatform.h", "mc.xs.h", "mc.defines.h", "mc.config.h"]);

test("manifests: each platform with native code declares the ESP-IDF components its headers come from", (t) => {
  for (const m of models) {
    const declared = new Set(m.dependencies.map((d) => d.idf ?? d.name));
    t.true(m.native.length > 0, `${m.board}: has native modules`);
    for (const file of m.native) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const [, header] of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
        if (MODDABLE_HEADERS.has(header) || existsSync(join(ROOT, dirname(file), header))) continue;
        const needs = HEADER_COMPONENTS[header];
        if (!needs) {
          t.fail(`${file} includes "${header}": add its ESP-IDF component to HEADER_COMPONENTS in host-tests/manifest.test.ts`);
          continue;
        }
        for (const c of needs) t.true(declared.has(c), `${m.board} (${m.platform}): ${file} includes "${header}", but no matched platform block declares "dependency": [{ ${c === "esp32-camera" ? `"name": "${c}"` : `"idf": "${c}"`} }]`);
      }
    }
  }
});

test("manifests: the camera board enables PSRAM in its own sdkconfig defaults", (t) => {
  const cam = models.find((m) => m.board === "esp32-cam")!;
  const dir = cam.build.SDKCONFIGPATH;
  t.truthy(dir, "boards/esp32-cam sets build.SDKCONFIGPATH");
  if (!dir) return;
  t.true(dir.startsWith("boards/esp32-cam"), `its own defaults, not another board's: ${dir}`);
  const file = join(ROOT, dir, "sdkconfig.defaults");
  t.true(existsSync(file), `${dir}/sdkconfig.defaults exists`);
  if (existsSync(file)) t.regex(readFileSync(file, "utf8"), /^CONFIG_SPIRAM=y$/m);
});

test("manifests: the limits C and JS share are manifest defines, and every MODDEF_D2D_* the C code reads is one of them", (t) => {
  const core = read("manifest_core.json");
  t.deepEqual(core.defines.d2d, { max_frame: 250, peers: 16, rx_ring: 16, send_timeout_ms: 200 });
  t.true(core.defines.d2d.peers <= 20, "ESP-NOW allows at most 20 unencrypted peers");
  const h = mcDefines(core.defines);
  for (const name of ["MODDEF_D2D_MAX_FRAME (250)", "MODDEF_D2D_PEERS (16)", "MODDEF_D2D_RX_RING (16)", "MODDEF_D2D_SEND_TIMEOUT_MS (200)"]) t.true(h.includes(`#define ${name}`), name);
  for (const m of models) {
    for (const file of m.native) {
      for (const [used] of readFileSync(join(ROOT, file), "utf8").matchAll(/\bMODDEF_D2D_\w+/g)) t.true(h.includes(`#define ${used} `), `${file} reads ${used}`);
    }
  }
});

test("manifests: creation keys use the names mcconfig 8.2.3 reads (keys.initial/incremental; manifest_base's initial would override keys.available)", (t) => {
  const core = read("manifest_core.json");
  t.is(core.creation.keys.initial, 64);
  t.is(core.creation.keys.incremental, 0);
  for (const m of models) {
    for (const p of m.manifests) t.false("available" in (read(p).creation?.keys ?? {}), `${p}: creation.keys.available is ignored when keys.initial is set`);
  }
});

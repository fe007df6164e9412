/**
 * npm run check:moddable — for engineers with the Moddable SDK installed ($MODDABLE set,
 * its host tools built: mcconfig, xsc, xsid, xsl). For every board it runs the SDK's
 * mcconfig on the board's manifest, then replays the generated makefile's rules for the
 * image — TypeScript (tsc), xsc for every module, xsid for every native source — and its
 * XS link step, `xsl`, which preloads the modules and writes mc.xs.c. It stops there: the
 * C compile, link and flash need ESP-IDF's toolchain (IDF_PATH may point at a checkout
 * without one; it is only reported).
 *
 * It prints each board's image (modules and the resolved preload list), checks that the
 * Node model of the manifests (tools/lib/moddable-manifests.ts, used by `npm test`)
 * predicts exactly that image, and that tools/moddable-sdk-modules.json (what the SDK
 * manifests we include provide, which `npm test` reads because CI has no SDK) matches the
 * real SDK. `-- --write-record` rewrites that record from the SDK instead.
 * CI cannot run it: the SDK is not on the registries the project installs from.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mcDefines } from "./lib/mc-defines";
import { Makefile, findMakefile, imageOf, make, words } from "./lib/moddable-make";
import {
  BOARDS, NOT_PRELOADED, ROOT, SDK_RECORD_PATH, modelBoard, readSdkRecord, type BoardModel, type SdkRecord,
} from "./lib/moddable-manifests";
import { importGraph } from "./lib/device-imports";

const writeRecord = process.argv.includes("--write-record");

function fail(message: string, code = 1): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

const moddable = process.env.MODDABLE?.replace(/\/$/, "");
if (!moddable) fail("MODDABLE is not set: this check needs the Moddable SDK with its tools built", 2);
const bin = ["release", "debug"].map((g) => join(moddable, "build/bin/lin", g)).find((d) => existsSync(join(d, "mcconfig")));
if (!bin) fail(`no mcconfig under ${moddable}/build/bin/lin: build the SDK's tools first (build/makefiles/lin)`, 2);
for (const tool of ["xsc", "xsid", "xsl"]) if (!existsSync(join(bin, tool))) fail(`no ${tool} in ${bin}: build the SDK's tools first`, 2);
const env = { ...process.env, MODDABLE: moddable, PATH: `${join(ROOT, "node_modules/.bin")}:${bin}:${process.env.PATH}` };
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 }).toString();

const sdkVersion = readFileSync(join(moddable, "tools/VERSION"), "utf8").trim();
let sdkCommit = "unknown";
try {
  sdkCommit = execFileSync("git", ["-C", moddable, "rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
} catch { /* not a git checkout */ }
const idfPath = process.env.IDF_PATH;
let idfVersion = "not set (not needed up to xsl)";
if (idfPath) {
  const v = existsSync(join(idfPath, "tools/cmake/version.cmake")) ? readFileSync(join(idfPath, "tools/cmake/version.cmake"), "utf8") : "";
  const part = (n: string) => new RegExp(`IDF_VERSION_${n} (\\d+)`).exec(v)?.[1];
  idfVersion = v ? `${idfPath} (ESP-IDF v${part("MAJOR")}.${part("MINOR")}.${part("PATCH")}; its toolchain is not used)` : `${idfPath} (no tools/cmake/version.cmake)`;
}
console.log(`Moddable SDK ${sdkVersion} at ${moddable} (${sdkCommit.slice(0, 12)}); tools in ${bin}`);
console.log(`IDF_PATH: ${idfVersion}`);

function mcconfig(platform: string, manifest: string, out: string): Makefile {
  run("mcconfig", ["-p", platform, "-o", out, manifest]);
  return new Makefile(findMakefile(out) ?? fail(`mcconfig made no makefile for ${manifest}`));
}

// ---------------------------------------------------------------- the SDK record

const relSdk = (p: string) => (p.startsWith(moddable + "/") ? p.slice(moddable.length + 1) : `(generated) ${p.slice(p.lastIndexOf("/") + 1)}`);

/** What one SDK manifest adds to a build for `platform`: mcconfig on it alone, less mcconfig on nothing. */
function sdkManifestModules(platform: string, include: string, baseline: { modules: Map<string, string>; preload: string[] } | null) {
  const dir = mkdtempSync(join(tmpdir(), "d2d-sdk-"));
  try {
    const manifest = {
      // manifest_base's build variables, and $(IO) as manifest_core.json sets it
      build: { BUILD: "$(MODDABLE)/build", MODULES: "$(MODDABLE)/modules", COMMODETTO: "$(MODULES)/commodetto", PIU: "$(MODULES)/piu", TYPINGS: "$(MODDABLE)/typings", IO: "$(MODDABLE)/modules/io" },
      creation: {},
      include: include ? [include] : [],
    };
    mkdirSync(join(dir, "p"));
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "p/manifest.json"), JSON.stringify(manifest));
    const got = imageOf(mcconfig(platform, join(dir, "p/manifest.json"), join(dir, "out")));
    const modules: Record<string, string> = {};
    // mc/config (the generated mc.config.js) is in every build; the model adds it.
    for (const [name, src] of got.modules) if (name !== "mc/config" && !baseline?.modules.has(name)) modules[name] = relSdk(src);
    const preload = got.preload.filter((p) => p !== "mc/config" && !baseline?.preload.includes(p));
    return { modules, preload, raw: got };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkRecord(): string[] {
  const problems: string[] = [];
  let record: SdkRecord | undefined;
  try {
    record = readSdkRecord();
  } catch {
    if (!writeRecord) return [`${SDK_RECORD_PATH} is missing or unreadable`];
  }
  const fresh: SdkRecord = {
    sdk: sdkVersion,
    commit: sdkCommit,
    about: "For each Moddable platform we build and each SDK manifest our manifests include: the modules it adds to the image (module specifier -> source under $MODDABLE) and the modules it preloads. Written from the real SDK by `npm run check:moddable -- --write-record`, verified by every `npm run check:moddable`; read by host-tests/manifest.test.ts, since CI has no SDK.",
    platforms: {},
  };
  const platforms = [...new Set(BOARDS.map((b) => b.platform))];
  for (const platform of platforms) {
    const includes = new Set<string>();
    for (const b of BOARDS.filter((x) => x.platform === platform)) for (const inc of modelBoard(b.board, platform, b.manifest, record ?? fresh).sdkIncludes) includes.add(inc);
    const base = sdkManifestModules(platform, "", null).raw;
    fresh.platforms[platform] = {};
    for (const inc of [...includes].sort()) {
      const { modules, preload } = sdkManifestModules(platform, inc, base);
      fresh.platforms[platform][inc] = { modules, preload };
    }
  }
  if (writeRecord) {
    writeFileSync(SDK_RECORD_PATH, JSON.stringify(fresh, null, "\t") + "\n");
    console.log(`wrote ${SDK_RECORD_PATH.slice(ROOT.length + 1)} from Moddable SDK ${sdkVersion}`);
    return problems;
  }
  if (record!.sdk !== sdkVersion) problems.push(`record is for SDK ${record!.sdk}, $MODDABLE is ${sdkVersion}`);
  for (const platform of platforms) {
    const want = fresh.platforms[platform];
    const have = record!.platforms[platform] ?? {};
    for (const inc of new Set([...Object.keys(want), ...Object.keys(have)])) {
      const w = want[inc], h = have[inc];
      if (!w) { problems.push(`${platform}: record lists ${inc}, which no manifest includes any more`); continue; }
      if (!h) { problems.push(`${platform}: ${inc} is included but not in the record`); continue; }
      for (const name of new Set([...Object.keys(w.modules), ...Object.keys(h.modules)])) {
        if (w.modules[name] !== h.modules[name]) problems.push(`${platform} ${inc}: module "${name}": SDK ${w.modules[name] ?? "(none)"}, record ${h.modules[name] ?? "(none)"}`);
      }
      if (JSON.stringify([...w.preload].sort()) !== JSON.stringify([...h.preload].sort())) problems.push(`${platform} ${inc}: preload: SDK [${w.preload.join(" ")}], record [${h.preload.join(" ")}]`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- per board

function wrap(items: string[], indent = "      ", width = 110): string {
  const lines: string[] = [];
  let line = "";
  for (const it of items) {
    if (line && (indent + line + " " + it).length > width) { lines.push(indent + line); line = it; } else line = line ? line + " " + it : it;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

const diff = (what: string, actual: Iterable<string>, predicted: Iterable<string>): string[] => {
  const a = new Set(actual), p = new Set(predicted);
  const out: string[] = [];
  const extra = [...a].filter((x) => !p.has(x)), lack = [...p].filter((x) => !a.has(x));
  if (extra.length) out.push(`${what}: mcconfig has [${extra.join(" ")}], the model does not`);
  if (lack.length) out.push(`${what}: the model has [${lack.join(" ")}], mcconfig does not`);
  return out;
};

function checkBoard(board: string, platform: string, manifest: string, record: SdkRecord): string[] {
  const problems: string[] = [];
  const out = mkdtempSync(join(tmpdir(), "d2d-mc-"));
  try {
    const mk = mcconfig(platform, manifest, out);
    const counts: Record<string, number> = {};
    const done = new Set<string>();
    const tmp = mk.expand("$(TMP_DIR)");
    for (const m of mk.list("MODULES")) make(mk, m, counts, done, run);
    // The link step, as the makefile's "$(TMP_DIR)/mc.xs.c" rule runs it (its $(SDKCONFIG_H) prerequisite is ESP-IDF's).
    const link = mk.rules.get(`${tmp}/mc.xs.c`)?.recipe.map((l) => l.trim()).find((l) => l.startsWith("xsl "));
    if (!link) throw new Error("the makefile has no xsl rule for mc.xs.c");
    const [, ...xslArgs] = words(mk.expand(link, `${tmp}/mc.xs.c`));
    const xslOut = run("xsl", xslArgs).trim();
    const xs = `${tmp}/mc.xs.c`;
    if (!existsSync(xs) || statSync(xs).size === 0) throw new Error("xsl wrote no mc.xs.c");

    const { modules, preload } = imageOf(mk);
    const ours = [...modules].filter(([, src]) => src.startsWith(ROOT + "/")).map(([n]) => n);
    const sdk = [...modules].filter(([, src]) => !src.startsWith(ROOT + "/")).map(([n]) => n);
    const nativeSrc = mk.list("MODULES").filter((m) => m.endsWith(".c.xsi")).length;
    const defines = readFileSync(join(tmp, "mc.defines.h"), "utf8");
    const d2d = [...defines.matchAll(/^#define (MODDEF_D2D_\w+) \((\d+)\)/gm)].map((m) => `${m[1]}=${m[2]}`);
    const deps = /set\(ESP_COMPONENTS ([^)]*)\)/.exec(readFileSync(join(tmp, "xs_idf_deps.txt"), "utf8"))?.[1].trim().split(/\s+/) ?? [];
    const sdkconfig = readdirSync(tmp).filter((d) => d.startsWith("xsProj-")).map((d) => join(tmp, d, "sdkconfig.mc")).find(existsSync);
    const psram = sdkconfig ? /^CONFIG_SPIRAM=y$/m.test(readFileSync(sdkconfig, "utf8")) : false;
    const creation = mk.expand("$(CREATION)").replace(/^-c /, "").split(",");

    console.log(`\n${manifest} (${platform})`);
    console.log(`  mcconfig; tsc ${counts.tsc ?? 0} TypeScript modules; xsc ${counts.xsc ?? 0} modules; xsid ${counts.xsid ?? 0} native sources and headers`);
    console.log(`  xsl: mc.xs.c ${statSync(xs).size} bytes, ${modules.size} modules linked, ${preload.length} preloaded${xslOut ? `\n${xslOut.split("\n").map((l) => "    xsl: " + l).join("\n")}` : ""}`);
    console.log(`  image: ${modules.size} modules (${ours.length} ours, ${sdk.length} from the SDK), ${nativeSrc} native C sources`);
    console.log(`    ours:\n${wrap(ours)}`);
    console.log(`    SDK:\n${wrap(sdk)}`);
    console.log(`  preload (${preload.length}):\n${wrap(preload)}`);
    console.log(`    not preloaded: ${[...modules.keys()].filter((m) => !preload.includes(m)).join(" ") || "(none)"}`);
    console.log(`  creation: chunk ${creation[0]}+${creation[1]}, heap ${creation[2]}+${creation[3]}, stack ${creation[4]}, keys ${creation[5]}+${creation[6]}, main "${creation[12]}"`);
    console.log(`  mc.defines.h: ${d2d.join(" ") || "(no MODDEF_D2D_*)"}`);
    console.log(`  ESP-IDF components: ${deps.join(" ")}; sdkconfig: PSRAM ${psram ? "on (CONFIG_SPIRAM=y)" : "off"}`);

    for (const name of ["MODDEF_D2D_MAX_FRAME", "MODDEF_D2D_PEERS", "MODDEF_D2D_RX_RING", "MODDEF_D2D_SEND_TIMEOUT_MS"]) {
      if (!d2d.some((d) => d.startsWith(name + "="))) problems.push(`mc.defines.h has no ${name}`);
    }
    // npm test's native compile check writes mc.defines.h with tools/lib/mc-defines.ts: it must write what mcconfig writes.
    const core = JSON.parse(readFileSync(join(ROOT, "manifest_core.json"), "utf8")) as { defines: Record<string, unknown> };
    for (const line of mcDefines(core.defines).split("\n")) if (!defines.split("\n").includes(line)) problems.push(`tools/lib/mc-defines.ts writes "${line}", mcconfig does not`);
    if (creation[5] !== "64" || creation[6] !== "0") problems.push(`keys ${creation[5]}+${creation[6]}, manifest_core.json asks for 64+0`);

    // The Node model (npm test) must predict this image exactly.
    const model: BoardModel = modelBoard(board, platform, manifest, record);
    problems.push(...diff("image modules", modules.keys(), model.image));
    problems.push(...diff("preload", preload, model.preload));
    for (const d of model.dependencies) if (d.idf && !deps.includes(d.idf)) problems.push(`declared IDF dependency ${d.idf} is not in ESP_COMPONENTS`);
    const graph = importGraph(model);
    for (const m of graph.missing) problems.push(`import not provided: ${m}`);
    const unused = [...model.ours.keys()].filter((n) => model.image.has(n) && !graph.reached.has(n));
    if (unused.length) problems.push(`in the image but not imported by the firmware: ${unused.join(" ")}`);
    const lazy = ours.filter((n) => !preload.includes(n) && !(NOT_PRELOADED as readonly string[]).includes(n));
    if (lazy.length) problems.push(`ours, not preloaded: ${lazy.join(" ")}`);
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    console.log(`\n${manifest} (${platform}): FAILED`);
    problems.push(((err.stdout?.toString() ?? "") + (err.stderr?.toString() ?? "")).trim() || err.message);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  for (const p of problems) console.log(`  FAIL ${p}`);
  if (!problems.length) console.log("  the manifest model of npm test predicts this image and preload list exactly");
  return problems;
}

const recordProblems = checkRecord();
for (const p of recordProblems) console.log(`record: FAIL ${p}`);
if (recordProblems.length) console.log("record: if the SDK changed on purpose, rewrite it with `npm run check:moddable -- --write-record` and review the diff");
else if (!writeRecord) console.log(`record: tools/moddable-sdk-modules.json matches the SDK (${Object.keys(readSdkRecord().platforms).join(", ")})`);
const record = readSdkRecord();
let passed = 0;
for (const { board, platform, manifest } of BOARDS) if (!checkBoard(board, platform, manifest, record).length) passed++;
console.log(`\n${passed} of ${BOARDS.length} boards pass through xsl${recordProblems.length ? "; the SDK record does not match the SDK" : ""}`);
process.exit(passed === BOARDS.length && !recordProblems.length ? 0 : 1);

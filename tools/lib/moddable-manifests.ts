/**
 * A model, in Node and without the Moddable SDK, of what mcconfig builds from this
 * project's manifests: for one board and platform, the modules in the image (ours,
 * plus those of every SDK manifest we include, read from tools/moddable-sdk-modules.json),
 * the preload list, the native C sources and the ESP-IDF dependencies declared, and the
 * runtime import graph of the device code from the `main` module.
 *
 * It follows mcconfig 8.2.3 (tools/mcmanifest.js, tools/mcconfig.js): platform blocks
 * matched as matchPlatform() does, "~" exclusions, `preload` names matched against module
 * targets, relative specifiers resolved against the importing module's name as XS does.
 * `npm test` uses it (host-tests/manifest.test.ts); `npm run check:moddable` checks it
 * against the real mcconfig on every board, so the model cannot silently drift.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const SDK_RECORD_PATH = join(ROOT, "tools/moddable-sdk-modules.json");

export { BOARDS } from "./boards";
import { BOARDS } from "./boards";

/** Our modules that are not preloaded: their top level runs the firmware (main imports firmware/main, which boots). */
export const NOT_PRELOADED = ["main", "firmware/main"] as const;

/** tools/moddable-sdk-modules.json: per platform, per SDK manifest we include, the modules it adds (target -> source under $MODDABLE) and preloads. */
export interface SdkRecord {
  sdk: string;
  commit: string;
  about: string;
  platforms: Record<string, Record<string, { modules: Record<string, string>; preload: string[] }>>;
}

export function readSdkRecord(path = SDK_RECORD_PATH): SdkRecord {
  return JSON.parse(readFileSync(path, "utf8")) as SdkRecord;
}

type Sources = string | (string | { source: string })[];
interface Block {
  include?: string | string[];
  modules?: Record<string, Sources>;
  preload?: string | string[];
  dependency?: { idf?: string; name?: string; namespace?: string; version?: string }[];
  defines?: Record<string, unknown>;
  build?: Record<string, string>;
  error?: string;
}
interface Manifest extends Block {
  platforms?: Record<string, Block>;
  [key: string]: unknown;
}

export interface OurModule {
  /** module specifier (mcconfig's target) */
  name: string;
  /** the manifest that declares it, relative to the repository */
  manifest: string;
  /** the source files mcconfig takes for it, relative to the repository, or "$(MODDABLE)/…" for SDK files */
  files: string[];
  /** the file compiled into the module (.ts, .js or .json), if any */
  script?: string;
}

export interface BoardModel {
  board: string;
  platform: string;
  /** module targets that two of our manifests map */
  duplicates: string[];
  /** our manifests, in mcconfig's merge order (the board's last), relative to the repository */
  manifests: string[];
  /** SDK manifests included, as written ("$(MODULES)/…") */
  sdkIncludes: string[];
  /** SDK manifests included that the record does not know (for this platform) */
  unknownSdk: string[];
  /** our modules, by name (later manifests do not override an earlier target, as in mcconfig) */
  ours: Map<string, OurModule>;
  /** modules added by SDK manifests: name -> source under $MODDABLE */
  sdk: Map<string, string>;
  /** every module specifier in the image (ours and the SDK's, after "~" exclusions, plus mc/config) */
  image: Set<string>;
  /** preload names written in our manifests (in order) */
  ourPreload: string[];
  /** the preload list mcconfig resolves: names that are modules in the image */
  preload: Set<string>;
  /** native C sources of our modules, relative to the repository */
  native: string[];
  /** ESP-IDF dependencies our manifests declare for this platform */
  dependencies: { idf?: string; name?: string; namespace?: string }[];
  /** "~" exclusions of our manifests */
  excluded: string[];
  /** `error` of a matched platform block, if any */
  errors: string[];
  /** wildcard entries in our manifests (module targets or preloads) */
  wildcards: string[];
  /** build variables set by our manifests ("./x" values made relative to the repository) */
  build: Record<string, string>;
}

/** mcmanifest.js matchPlatform(): exact name, "head/*", "*\/tail", shortened one part at a time; then "...". */
export function matchPlatform(platforms: Record<string, Block> | undefined, name: string): Block | undefined {
  if (!platforms) return undefined;
  const parts = name.split("/");
  while (parts.length) {
    const partial = parts.join("/");
    for (const n of Object.keys(platforms)) {
      if (n.endsWith("/*")) {
        if (partial.startsWith(n.slice(0, -1))) return platforms[n];
      } else if (n.startsWith("*/")) {
        if (partial.endsWith(n.slice(1))) return platforms[n];
      } else if (partial === n) return platforms[n];
    }
    parts.length -= 1;
  }
  return platforms["..."];
}

const isSdkPath = (p: string) => /^\$\((MODDABLE|MODULES|BUILD|TYPINGS|IO|COMMODETTO|PIU)\)/.test(p);
const SDK_VARS: Record<string, string> = {
  MODDABLE: "",
  MODULES: "modules",
  BUILD: "build",
  TYPINGS: "typings",
  IO: "modules/io",
  COMMODETTO: "modules/commodetto",
  PIU: "modules/piu",
};
/** "$(MODULES)/crypt/etc/hmac" -> "modules/crypt/etc/hmac" (a path under $MODDABLE). */
export function sdkRelative(p: string): string {
  return p.replace(/^\$\((\w+)\)\/?/, (_, v: string) => (v in SDK_VARS ? (SDK_VARS[v] ? SDK_VARS[v] + "/" : "") : `$(${v})/`));
}
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Files in `dir` that mcconfig's Rule.iterate() takes for a source named `name` (any extension; x.d.ts counts as name x). */
function filesNamed(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith("."))
    .filter((f) => {
      const base = f.endsWith(".d.ts") ? f.slice(0, -5) : f.replace(/\.[^.]*$/, "");
      return base === name || f === name;
    })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Manifest;
}

/**
 * Our manifests reached from `entry` and the SDK manifests they include, in mcconfig's merge
 * order (parseManifest(): a manifest is merged after everything it includes).
 */
function walk(entry: string, platform: string) {
  const ours: { path: string; manifest: Manifest; platform?: Block }[] = [];
  const seen = new Set<string>();
  const sdk: string[] = [];
  const parsed: { path: string; manifest: Manifest; platform?: Block }[] = [];
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const manifest = readManifest(path);
    const block = matchPlatform(manifest.platforms, platform);
    parsed.push({ path, manifest, platform: block });
    for (const inc of [...list(manifest.include), ...list(block?.include)]) {
      if (isSdkPath(inc)) {
        if (!sdk.includes(inc)) sdk.push(inc);
      } else visit(relative(ROOT, resolve(ROOT, dirname(path), inc)));
    }
    ours.push({ path, manifest, platform: block });
  };
  visit(entry);
  return { ours, sdk, parsed };
}

/** Does an SDK source path match a "~" exclusion (mcconfig: a name with "*" matches by prefix, a name without extension any extension)? */
function excludedBy(source: string, pattern: string): boolean {
  const p = sdkRelative(pattern);
  if (dirname(p) !== dirname(source)) return false;
  const base = p.slice(p.lastIndexOf("/") + 1);
  const file = source.slice(source.lastIndexOf("/") + 1);
  const name = file.replace(/\.[^.]*$/, "");
  const star = base.lastIndexOf("*");
  if (star >= 0) return name.startsWith(base.slice(0, star));
  return base.includes(".") ? file === base : name === base;
}

export function modelBoard(board: string, platform: string, manifestPath: string, record: SdkRecord = readSdkRecord()): BoardModel {
  const { ours: manifests, sdk: sdkIncludes, parsed } = walk(manifestPath, platform);
  const model: BoardModel = {
    board, platform, manifests: manifests.map((m) => m.path), sdkIncludes, unknownSdk: [],
    ours: new Map(), sdk: new Map(), image: new Set(), ourPreload: [], preload: new Set(), native: [],
    dependencies: [], excluded: [], errors: [], wildcards: [], build: {}, duplicates: [],
  };
  const sdkPreload = new Set<string>();
  const known = record.platforms[platform] ?? {};
  for (const inc of sdkIncludes) {
    const entry = known[inc];
    if (!entry) {
      model.unknownSdk.push(inc);
      continue;
    }
    for (const [name, source] of Object.entries(entry.modules)) if (!model.sdk.has(name)) model.sdk.set(name, source);
    for (const p of entry.preload) sdkPreload.add(p);
  }
  // Build variables are set as each manifest is parsed (before its includes); "./x" is relative to that manifest.
  for (const { path, manifest, platform: block } of parsed) {
    for (const [name, value] of [...Object.entries(manifest.build ?? {}), ...Object.entries(block?.build ?? {})]) {
      model.build[name] = value.startsWith("./") ? relative(ROOT, resolve(ROOT, dirname(path), value)) : value;
    }
  }
  // In merge order: for a target named twice, mcconfig compiles the first (the included manifest's).
  for (const { path, manifest, platform: block } of manifests) {
    const dir = dirname(path);
    if (block?.error) model.errors.push(`${path}: ${block.error}`);
    for (const dep of block?.dependency ?? []) model.dependencies.push(dep);
    for (const modules of [manifest.modules, block?.modules]) {
      for (const [target, sources] of Object.entries(modules ?? {})) {
        if (target === "~") {
          model.excluded.push(...list(sources).map((s) => (typeof s === "string" ? s : s.source)));
          continue;
        }
        const srcs = list(sources).map((s) => (typeof s === "string" ? s : s.source));
        if (target.includes("*") || srcs.some((s) => s.includes("*"))) {
          model.wildcards.push(`${path}: modules "${target}"`);
          continue;
        }
        if (model.ours.has(target)) {
          model.duplicates.push(`"${target}": ${model.ours.get(target)!.manifest} and ${path} (mcconfig takes ${model.ours.get(target)!.manifest}'s)`);
          continue;
        }
        const files: string[] = [];
        for (const s of srcs) {
          if (isSdkPath(s)) files.push(`$(MODDABLE)/${sdkRelative(s)}`);
          else {
            const abs = resolve(ROOT, dir, s);
            for (const f of filesNamed(dirname(abs), abs.slice(abs.lastIndexOf("/") + 1))) files.push(relative(ROOT, join(dirname(abs), f)));
          }
        }
        const script = files.find((f) => /\.(ts|js|mjs|json)$/.test(f) && !f.endsWith(".d.ts"))
          ?? (srcs.some(isSdkPath) ? files.find((f) => f.startsWith("$(MODDABLE)/")) : undefined);
        model.ours.set(target, { name: target, manifest: path, files, script });
        for (const f of files) if (f.endsWith(".c") && !f.startsWith("$(")) model.native.push(f);
      }
    }
    for (const p of [...list(manifest.preload), ...list(block?.preload)]) {
      if (p.includes("*")) model.wildcards.push(`${path}: preload "${p}"`);
      model.ourPreload.push(p);
    }
  }
  for (const [name, source] of model.sdk) {
    if (model.excluded.some((x) => isSdkPath(x) && excludedBy(source, x))) model.sdk.delete(name);
  }
  for (const [name, m] of model.ours) if (m.script) model.image.add(name);
  for (const name of model.sdk.keys()) model.image.add(name);
  model.image.add("mc/config");
  for (const p of [...model.ourPreload, ...sdkPreload]) if (!p.includes("*") && model.image.has(p)) model.preload.add(p);
  model.preload.add("mc/config");
  return model;
}

export function modelBoards(record: SdkRecord = readSdkRecord()): BoardModel[] {
  return BOARDS.map((b) => modelBoard(b.board, b.platform, b.manifest, record));
}

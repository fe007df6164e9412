/**
 * The makefile the Moddable SDK's mcconfig generates, read and replayed in
 * Node (for tools/check-moddable.ts): its variables and rules, `make` for one
 * target running only the SDK's own compilers (tsc, xsc, xsid, xsl), and the
 * image (modules, preload list) the makefile describes. Moddable SDK 8.2.x.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";


interface Rule { prereqs: string; recipe: string[] }
export class Makefile {
  readonly vars = new Map<string, string>();
  readonly rules = new Map<string, Rule>();
  constructor(readonly path: string) {
    const lines = readFileSync(path, "utf8").split("\n");
    let depth = 0; // inside ifeq/ifdef blocks: host- and IDF-specific settings this check does not need
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      while (line.endsWith("\\") && i + 1 < lines.length) line = line.slice(0, -1) + " " + lines[++i].trim();
      if (/^\s*(ifeq|ifneq|ifdef|ifndef)\b/.test(line)) { depth++; continue; }
      if (/^\s*endif\b/.test(line)) { depth--; continue; }
      const v = /^([A-Za-z_][A-Za-z0-9_]*)\s*(\?|:|\+)?=\s*(.*)$/.exec(line);
      if (v) {
        if (depth > 0) continue;
        const value = v[3].trim();
        if (v[2] === "?") { if (!this.vars.has(v[1])) this.vars.set(v[1], value); }
        else if (v[2] === "+") this.vars.set(v[1], `${this.vars.get(v[1]) ?? ""} ${value}`.trim());
        else this.vars.set(v[1], value); // the last assignment wins, as in make
        continue;
      }
      const r = /^([^\s#:=][^:=]*?)\s*:(?!=)\s*(.*)$/.exec(line);
      if (!r || r[1].includes("%")) continue;
      const recipe: string[] = [];
      while (i + 1 < lines.length && lines[i + 1].startsWith("\t")) recipe.push(lines[++i].slice(1));
      for (const target of this.expand(r[1]).split(/\s+/).filter(Boolean)) {
        const old = this.rules.get(target);
        if (old && old.recipe.length && recipe.length) continue;
        this.rules.set(target, { prereqs: (old ? old.prereqs + " " : "") + r[2], recipe: recipe.length ? recipe : old?.recipe ?? [] });
      }
    }
  }
  expand(s: string, target?: string, depth = 0): string {
    if (depth > 10) throw new Error(`makefile variables nest too deep: ${s}`);
    return s.replace(/\$\(([^()]+)\)|\$\$/g, (all, name: string | undefined) => {
      if (!name) return "$";
      if (name === "@D" && target) return dirname(target);
      if (name === "@" && target) return target;
      const v = this.vars.get(name);
      if (v === undefined) throw new Error(`${this.path}: variable $(${name}) is not defined`);
      return this.expand(v, target, depth + 1);
    });
  }
  list(name: string): string[] {
    return this.expand(`$(${name})`).split(/\s+/).filter(Boolean);
  }
}

/** Shell words of a recipe line (the generated recipes use plain words and double quotes only). */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const ALLOWED = new Set(["tsc", "xsc", "xsid", "xsl"]);
/** Builds `target` the way make would, running only the SDK's compilers through `run`. */
export function make(mk: Makefile, target: string, counts: Record<string, number>, done: Set<string>, run: (cmd: string, args: string[]) => string): void {
  if (done.has(target)) return;
  done.add(target);
  const rule = mk.rules.get(target);
  if (!rule || !rule.recipe.length) {
    if (!existsSync(target)) throw new Error(`no rule to make ${target}`);
    return;
  }
  const tmp = mk.expand("$(TMP_DIR)");
  for (const p of mk.expand(rule.prereqs, target).split(/\s+/).filter((x) => x && x !== "|")) {
    if (p.startsWith(tmp) && mk.rules.get(p)?.recipe.length) make(mk, p, counts, done, run);
  }
  mkdirSync(dirname(target), { recursive: true });
  for (const raw of rule.recipe) {
    let line = raw.trim();
    if (line.startsWith("@echo") || line === "") continue;
    line = line.replace(/^@/, "").split(/\s*;\s*if \[/)[0];
    const [cmd, ...args] = words(mk.expand(line, target));
    if (!ALLOWED.has(cmd)) throw new Error(`unexpected recipe for ${target}: ${line}`);
    run(cmd, args);
    counts[cmd] = (counts[cmd] ?? 0) + 1;
  }
}

/** "$(MODULES_DIR)/~.embedded/io/serial.xsb" -> "embedded:io/serial" */
function moduleName(mk: Makefile, xsb: string): string {
  const dir = mk.expand("$(MODULES_DIR)") + "/";
  const name = xsb.startsWith(dir) ? xsb.slice(dir.length).replace(/\.xsb$/, "") : xsb;
  return name.replace(/^~\.([^/]+)\//, "$1:");
}

/** The image's modules (name -> source file) and preload list, as the makefile says. */
export function imageOf(mk: Makefile): { modules: Map<string, string>; preload: string[] } {
  const modules = new Map<string, string>();
  for (const xsb of mk.list("MODULES").filter((m) => m.endsWith(".xsb"))) {
    let src = mk.expand(mk.rules.get(xsb)?.prereqs ?? "", xsb).split(/\s+/)[0] ?? "";
    const tsc = mk.rules.get(src);
    if (tsc && tsc.recipe.some((l) => l.startsWith("tsc "))) src = mk.expand(tsc.prereqs, src).split(/\s+/)[0];
    modules.set(moduleName(mk, xsb), src);
  }
  const preload = mk.list("PRELOADS").filter((p) => p !== "-p").map((p) => p.replace(/\.xsb$/, "").replace(/^~\.([^/]+)\//, "$1:"));
  return { modules, preload };
}

export function findMakefile(dir: string): string | undefined {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const f = findMakefile(p);
      if (f) return f;
    } else if (name === "makefile") return p;
  }
  return undefined;
}

/**
 * The device code's run-time import graph, for the manifest model
 * (tools/lib/moddable-manifests.ts): what each module imports once TypeScript
 * erases type-only imports, specifiers resolved against the importing module's
 * name as XS resolves them, and which imports no module in a board's image
 * answers. Used by host-tests/manifest.test.ts and tools/check-moddable.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { type BoardModel, ROOT } from "./moddable-manifests";

/** The module specifiers a module's source imports at run time (type-only imports are erased, as tsc erases them). */
export function runtimeImports(file: string): string[] {
  let code = readFileSync(join(ROOT, file), "utf8");
  if (file.endsWith(".ts")) {
    // mcconfig's tsc step uses its own tsconfig (no verbatimModuleSyntax): unused and type-only imports vanish.
    code = transformSync(code, { loader: "ts", format: "esm", tsconfigRaw: { compilerOptions: {} } }).code;
  } else if (file.endsWith(".json")) return [];
  else code = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  const specs: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${},\s]*?\sfrom\s*)?["']([^"'\n]+)["']/g)) specs.push(m[1]);
  for (const m of code.matchAll(/\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g)) specs.push(m[1]);
  return [...new Set(specs)];
}

/** XS resolves "./x" and "../x" against the importing module's specifier, not its file. */
export function resolveSpecifier(spec: string, from: string): string {
  if (!spec.startsWith("./") && !spec.startsWith("../")) return spec;
  const parts = from.split("/");
  parts.pop();
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

export interface ImportGraph {
  /** modules reached from main, with what each imports (resolved) */
  reached: Map<string, string[]>;
  /** imports that no module in the image answers: "importer -> specifier (resolved)" */
  missing: string[];
}

/** The runtime import graph from the creation's main module ("main"). */
export function importGraph(model: BoardModel, main = "main"): ImportGraph {
  const reached = new Map<string, string[]>();
  const missing: string[] = [];
  const queue = [main];
  if (!model.image.has(main)) missing.push(`(creation) -> "${main}"`);
  while (queue.length) {
    const name = queue.shift()!;
    if (reached.has(name)) continue;
    const ours = model.ours.get(name);
    const deps = ours?.script && !ours.script.startsWith("$(") ? runtimeImports(ours.script).map((s) => ({ s, r: resolveSpecifier(s, name) })) : [];
    reached.set(name, deps.map((d) => d.r));
    for (const { s, r } of deps) {
      if (!model.image.has(r)) missing.push(`${name} -> "${s}"${s === r ? "" : ` ("${r}")`}`);
      else queue.push(r);
    }
  }
  return { reached, missing };
}

/** A path that is test data or host-only code, never firmware. */
export function hostOnly(path: string): string | undefined {
  const p = path.replace(/^\$\(MODDABLE\)\//, "");
  if (/(^|\/)(host-tests|tools|sim|bin|node_modules)\//.test(p) && !path.startsWith("$(")) return "host-only directory";
  if (/^hal\/(sim|xs-host)\//.test(p)) return "host-side HAL";
  if (/test-vectors|(^|\/)tests?\/|\.test\.|fixtures?\//i.test(p)) return "test data";
  if (/(^|\/)(package|tsconfig[^/]*)\.json$/.test(p)) return "host tooling configuration";
  if (p.endsWith(".json") && !path.startsWith("$(")) return "JSON data in the image";
  return undefined;
}

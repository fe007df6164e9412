/**
 * The mc.defines.h that the Moddable SDK's mcconfig writes from a manifest's
 * "defines" (tools/mcconfig.js, DefinesFile.generateDefines, SDK 8.2.3):
 * MODDEF_ + the upper-cased path joined by "_"; numbers and booleans in
 * parentheses, strings starting with "#" quoted, other strings verbatim.
 * Used where the SDK is absent (the native compile check in npm test) so the
 * C code sees the same limits, from the same manifest, as on the device.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function mcDefines(defines: Record<string, unknown>, prefix = "MODDEF_"): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(defines)) {
    const name = prefix + key.toUpperCase();
    if (typeof value === "number" || typeof value === "boolean") lines.push(`#define ${name} (${value})`);
    else if (typeof value === "string") lines.push(value.startsWith("#") ? `#define ${name} "${value.slice(1)}"` : `#define ${name} ${value}`);
    else if (value === null) lines.push(`#define ${name} NULL`);
    else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === "number")) lines.push(`#define ${name} {${value.join(", ")}}`);
    } else if (typeof value === "object") lines.push(mcDefines(value as Record<string, unknown>, `${name}_`));
  }
  return lines.filter((l) => l).join("\n");
}

/** The mc.defines.h mcconfig writes for this project: manifest_core.json's "defines" (the C/JS limits). */
export function projectMcDefines(root: string): string {
  const core = JSON.parse(readFileSync(join(root, "manifest_core.json"), "utf8")) as { defines?: Record<string, unknown> };
  return mcDefines(core.defines ?? {}) + "\n";
}

/**
 * The xsID_ names a native module's C uses, and those that no given JS text
 * (the module's binding, the board config mcconfig turns into mc/config) names:
 * the SDK's xsl defines an id only for property names some JS uses.
 */
export function xsIds(cSource: string, jsTexts: string[]): { ids: string[]; missing: string[] } {
  const ids = [...new Set([...cSource.matchAll(/xsID_(\w+)/g)].map((m) => m[1]))];
  const js = jsTexts.join("\n");
  return { ids, missing: ids.filter((id) => !new RegExp(`\\b${id}\\b`).test(js)) };
}

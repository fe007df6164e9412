/**
 * npm run check:moddable — for engineers with the Moddable SDK installed
 * ($MODDABLE set, its tools built): runs the SDK's mcconfig on every board's
 * manifest, then replays the generated build's TypeScript and xsc steps for
 * this project's modules. It stops short of the ESP-IDF part of the build
 * (native compile, link, flash), which needs $IDF_PATH and a toolchain.
 * CI cannot run it: the SDK is not on the registries the project installs from.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const BOARDS: [string, string][] = [
  ["esp32", "boards/devkitc/manifest.json"],
  ["esp32/esp32s3", "boards/esp32s3-devkit/manifest.json"],
  ["esp32", "boards/esp32-cam/manifest.json"],
  ["esp32/m5stack_core2", "boards/m5stack-core2/manifest.json"],
];

function fail(message: string, code = 1): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

const moddable = process.env.MODDABLE;
if (!moddable) fail("MODDABLE is not set: this check needs the Moddable SDK with its tools built", 2);
const bin = ["release", "debug"].map((g) => join(moddable, "build/bin/lin", g)).find((d) => existsSync(join(d, "mcconfig")));
if (!bin) fail(`no mcconfig under ${moddable}/build/bin/lin: build the SDK's tools first`, 2);
const env = { ...process.env, PATH: `${join(root, "node_modules/.bin")}:${bin}:${process.env.PATH}` };
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] }).toString();

function findMakefile(dir: string): string | undefined {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const f = findMakefile(p);
      if (f) return f;
    } else if (name === "makefile") return p;
  }
  return undefined;
}

let failures = 0;
for (const [platform, manifest] of BOARDS) {
  const out = mkdtempSync(join(tmpdir(), "d2d-mc-"));
  try {
    run("mcconfig", ["-p", platform, "-o", out, manifest]);
    const mk = readFileSync(findMakefile(out) ?? fail(`mcconfig made no makefile for ${manifest}`), "utf8");
    const vars: Record<string, string> = {};
    for (const name of ["MODULES_DIR", "TMP_DIR", "BUILD_DIR", "MODDABLE"]) {
      const m = new RegExp(`^${name}\\s*\\??=\\s*(.*)$`, "m").exec(mk);
      if (m) vars[name] = m[1].trim();
    }
    const sub = (s: string) => {
      for (let i = 0; i < 3; i++) for (const [k, v] of Object.entries(vars)) s = s.split(`$(${k})`).join(v);
      return s;
    };
    const ours = root.replace(/\/$/, "");
    let modules = 0;
    for (const m of mk.matchAll(/^(\$\(TMP_DIR\)\/tsc\/\S+\.js) : (\S+\.ts) .*\n.*\n\ttsc -p (\S+)/gm)) {
      if (!m[2].startsWith(ours)) continue;
      run("tsc", ["-p", sub(m[3])]);
      modules++;
    }
    for (const m of mk.matchAll(/^(\$\(MODULES_DIR\)\/\S+)\.xsb: \$\(TMP_DIR\)\/tsc\/\S+\n.*\n\txsc (\S+) -c -e -o \$\(@D\) -r (\S+)/gm)) {
      const js = sub(m[2]);
      if (!js.includes(ours)) continue;
      const dir = sub(m[1]).replace(/\/[^/]*$/, "");
      run("mkdir", ["-p", dir]);
      run("xsc", [js, "-c", "-e", "-o", dir, "-r", m[3]]);
    }
    console.log(`${manifest} (${platform}): mcconfig, tsc and xsc pass for ${modules} modules`);
  } catch (e) {
    failures++;
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    console.log(`${manifest} (${platform}): FAILED\n${(err.stdout?.toString() ?? "") + (err.stderr?.toString() ?? "") || err.message}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
process.exit(failures ? 1 : 0);

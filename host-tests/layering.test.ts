/**
 * The import graph (issue 8): dependencies point one way.
 *
 *   protocol   the wire format: imports only itself
 *   hal        hardware interfaces and their implementations: only itself
 *   forwarding the router: itself, protocol, hal
 *   firmware   the beacon application: itself, forwarding, protocol, hal
 *   sim        the simulated site and the harness: the above and itself
 *   tools      host-side commands: the above and itself
 *   host-tests everything
 *   main.ts    Moddable's entry module: firmware
 *
 * Code that runs on the ESP32 or inside XS (protocol, forwarding, firmware,
 * hal/moddable, hal/xs-host, and what the XS lanes and the XS bridge bundle of
 * the desktop twins and the simulator: hal/sim but its Node HMAC, the
 * platform factory, the scheduler, sim/xs but its Node side) imports no Node
 * built-in. Bare specifiers other
 * than node:* are Moddable modules or npm packages and are not checked here
 * (host-tests/manifest.test.ts checks the device's).
 */
import test from "ava";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const LAYERS = ["protocol", "hal", "forwarding", "firmware", "sim", "tools", "host-tests"] as const;
const ALLOWED: Record<string, string[]> = {
  protocol: ["protocol"],
  hal: ["hal"],
  forwarding: ["forwarding", "protocol", "hal"],
  firmware: ["firmware", "forwarding", "protocol", "hal"],
  sim: ["sim", "firmware", "forwarding", "protocol", "hal"],
  tools: ["tools", "sim", "firmware", "forwarding", "protocol", "hal"],
  "host-tests": ["host-tests", "tools", "sim", "firmware", "forwarding", "protocol", "hal"],
  "main.ts": ["firmware"],
};
const DEVICE = [/^protocol\//, /^forwarding\//, /^firmware\//, /^hal\/moddable\//, /^hal\/xs-host\//, /^hal\/[^/]+\.ts$/, /^main\.ts$/,
  /^hal\/sim\/(?!crypto\.ts$)/, /^sim\/(platform|scheduler)\.ts$/, /^sim\/xs\/(?!engine\.ts$|hosted\.ts$)/];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function layerOf(file: string): string {
  const rel = relative(root, file).split("\\").join("/");
  return rel === "main.ts" ? "main.ts" : rel.split("/")[0];
}

/** Every import edge of the project's TypeScript: [from file, specifier, to layer or bare]. */
function edges(): { from: string; spec: string; to: string }[] {
  const files = [join(root, "main.ts"), ...LAYERS.flatMap((l) => (existsSync(join(root, l)) ? sources(join(root, l)) : []))];
  const out: { from: string; spec: string; to: string }[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|import\s*\(\s*"([^"]+)"\s*\)|(?:^|\n)\s*import\s*"([^"]+)"/g;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(re)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const to = spec.startsWith(".") ? layerOf(resolve(dirname(file), spec)) : spec;
      out.push({ from: relative(root, file).split("\\").join("/"), spec, to });
    }
  }
  return out;
}

test("every import follows the layer graph", (t) => {
  const all = edges();
  t.true(all.length > 300, `found ${all.length} imports`);
  const bad = all.filter((e) => e.spec.startsWith(".") && !ALLOWED[layerOf(join(root, e.from))]?.includes(e.to)).map((e) => `${e.from} -> ${e.spec}`);
  t.deepEqual(bad, []);
});

test("code that runs on the ESP32 or in XS imports no Node built-in", (t) => {
  const bad = edges().filter((e) => DEVICE.some((r) => r.test(e.from)) && (e.spec.startsWith("node:") || ["fs", "path", "crypto", "child_process", "os", "url"].includes(e.spec)));
  t.deepEqual(bad.map((e) => `${e.from} -> ${e.spec}`), []);
});

test("the check can fail: an edge against the graph is reported", (t) => {
  t.false(ALLOWED.protocol.includes("hal"));
  t.false(ALLOWED.hal.includes("protocol"));
  t.false(ALLOWED.sim.includes("tools"));
  t.false(ALLOWED.tools.includes("host-tests"));
});

/**
 * d2d: the engineer's command for D2D frames.
 *
 *   d2d encode [JSON]        message JSON (argument or stdin) -> frame hex
 *   d2d decode [HEX ...]     frame hex, or a gateway's serial lines (`D2D <rssi> <hex>`, `OK <seq>`,
 *                            `ERR …`, also inside a debug build's xsbug framing; arguments or stdin) -> JSON
 *   d2d order [JSON]         an instruction body's JSON -> the gateway's host line `INSTRUCT <hex>`
 *   d2d sim [SCENARIO.json]  simulate an incident (default: the two-floor mall) and report
 *   d2d site KIND [...]      a generated site's scenario JSON (tools/lib/site-command.ts)
 *   d2d demo                 a walk-through: phone SOS to gateway, instruction back, an image
 *   d2d provision ...        a beacon's provisioning record, and the build command that installs it
 *
 * sim options: --seed N, --json (machine-readable report), --strategy gradient|flood|managed-flood.
 * Options: --key HEX (network key; default: the spec's test key, or $D2D_KEY),
 *          --no-verify (decode without checking the MIC; output says so),
 *          --phone (encode/decode a phone's BLE SOS advertisement instead of a frame).
 * Bad input: one line `error: <reason>: <detail>` on stderr, exit code 2.
 */
import { BOARDS as BOARD_TABLE } from "./lib/boards";
import { readFileSync, statSync } from "node:fs";
import { D2DError, fail } from "../protocol/errors";
import { fromHex, toHex } from "../protocol/bytes";
import { parseFrame, type MacFunction } from "../protocol/frame";
import {
  decodeMessage, encodeMessageObject, messageFromJson, messageOf, messageToJson,
} from "../protocol/message";
import { decodePhoneSos, encodePhoneSos, type PhoneSos } from "../protocol/phone-adv";
import { runDemo } from "./demo";
import { hostLineRefusal, instructionLine } from "../protocol/host-line";
import type { InstructionBody } from "../protocol/messages/instruction";
import { readSerialLine } from "./lib/serial-lines";
import { encodeProvisioning } from "../firmware/provisioning";
import type { Role } from "../protocol/messages/hello";
import type { StrategyName } from "../forwarding/router";
import { formatReport } from "../sim/report";
import { defaultScenario, simulate } from "../sim/run";
import { ScenarioError, parseScenario, type Scenario } from "../sim/scenario";
import { TEST_KEY, nodeMac } from "./lib/node-mac";
import { SiteUsageError, siteCommand } from "./lib/site-command";

const USAGE = `usage: d2d sim [SCENARIO.json] [--seed N] [--json] [--strategy S] | d2d encode [JSON] | d2d decode [HEX ...] | d2d demo
       d2d order [JSON]   (an instruction body, e.g. {"id":7,"action":"evacuate","zone":0,"via":2}: the gateway's INSTRUCT line)
       d2d provision --address N --net N --role R --floor N --x M --y M --key HEX [--board B]
       d2d site KIND [--seed N] [--beacons N] [--phones N] [--floors N] [--out FILE]   (KIND: mall, station, tunnel, food-court, grid, office)
  --seed N      simulation seed (default: the scenario's)
  --json        the simulation report as JSON
  --strategy S  gradient (default), flood or managed-flood
  --key HEX     network key for the MIC (default: $D2D_KEY, else the spec's test key)
  --no-verify   decode without checking the MIC
  --phone       a phone's BLE SOS advertisement instead of a mesh frame`;

class UsageError extends Error {}

interface Options { key: Uint8Array; verify: boolean; phone: boolean; json: boolean; seed?: number; strategy?: StrategyName; args: string[] }

function parseArgs(argv: string[]): { command: string; opts: Options } {
  const [command, ...rest] = argv;
  const opts: Options = { key: TEST_KEY, verify: true, phone: false, json: false, args: [] };
  const envKey = process.env.D2D_KEY;
  if (envKey) opts.key = keyFromHex(envKey, "D2D_KEY");
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--key") {
      if (i + 1 >= rest.length) throw new UsageError("--key needs a hex value");
      opts.key = keyFromHex(rest[++i], "--key");
    } else if (a === "--seed") {
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new UsageError("--seed needs a whole number 0..4294967295");
      opts.seed = v;
    } else if (a === "--strategy") {
      const v = rest[++i];
      if (v !== "gradient" && v !== "flood" && v !== "managed-flood") throw new UsageError("--strategy is gradient, flood or managed-flood");
      opts.strategy = v;
    } else if (a === "--json") opts.json = true;
    else if (a === "--no-verify") opts.verify = false;
    else if (a === "--phone") opts.phone = true;
    else if (a.startsWith("--")) throw new UsageError("unknown option " + a);
    else opts.args.push(a);
  }
  if (!command) throw new UsageError("missing command");
  return { command, opts };
}

function keyFromHex(hex: string, what: string): Uint8Array {
  const k = fromHex(hex);
  if (k.length < 16) fail("badValue", `${what} must be at least 16 bytes of hex`);
  return k;
}

function readStdin(): string {
  if (process.stdin.isTTY) throw new UsageError("nothing to read: give the input as an argument or on stdin");
  return readFileSync(0, "utf8");
}

/** The JSON given as arguments or on stdin; `badValue` when it is not JSON. */
function readJson(opts: Options): unknown {
  const text = opts.args.length ? opts.args.join(" ") : readStdin();
  try {
    return JSON.parse(text);
  } catch (e) {
    fail("badValue", "input is not JSON (" + (e as Error).message + ")");
  }
}

function encode(opts: Options, mac: MacFunction): string[] {
  const json = readJson(opts);
  if (opts.phone) return [toHex(encodePhoneSos(json as PhoneSos))];
  return [toHex(encodeMessageObject(messageFromJson(json), mac))];
}

function decode(opts: Options, mac: MacFunction): string[] {
  const inputs = opts.args.length ? opts.args : readStdin().split("\n").map((l) => l.trim()).filter((l) => l !== "");
  if (inputs.length === 0) throw new UsageError("no hex to decode");
  const out: string[] = [];
  for (const input of inputs) {
    // A gateway's serial line (SPEC §12), perhaps in xsbug framing, or bare hex.
    const line = readSerialLine(input);
    if (line.kind === "skip") continue;
    if (line.kind === "answer") out.push(JSON.stringify(line.json));
    else out.push(decodeOne(opts, mac, fromHex(line.hex), line.rssi === undefined ? {} : { rssi: line.rssi }));
  }
  return out;
}

function decodeOne(opts: Options, mac: MacFunction, bytes: Uint8Array, rssi: { rssi?: number }): string {
  if (opts.phone) return JSON.stringify(decodePhoneSos(bytes));
  if (opts.verify) return JSON.stringify({ ...messageToJson(decodeMessage(bytes, mac)), ...rssi });
  return JSON.stringify({ ...messageToJson(messageOf(parseFrame(bytes))), ...rssi, mic: "unchecked" });
}

const BODY_FIELDS = ["id", "action", "zone", "via", "text"];

/** d2d order: an instruction body's JSON (SPEC §4.8, §10) -> `INSTRUCT <hex>` for the gateway's host link. */
function order(opts: Options): string[] {
  const json = readJson(opts);
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("badValue", "an instruction body must be a JSON object");
  const o = json as Record<string, unknown>;
  if ("type" in o || "body" in o) fail("badValue", "order takes the instruction body {id, action, zone, via, text}, not a message: the gateway sets src, seq and the MIC");
  for (const k of Object.keys(o)) if (!BODY_FIELDS.includes(k)) fail("badValue", "unknown field " + JSON.stringify(k));
  const body = o as unknown as InstructionBody;
  const line = instructionLine(body);
  // what the gateway would refuse (e.g. -0, which the encoder writes as a float) is refused here, not sent
  const refused = hostLineRefusal(body);
  if (refused) fail("badValue", `the gateway would refuse this order (${refused})`);
  return [line];
}

/** board name -> Moddable platform, from the one board table (tools/lib/moddable-manifests.ts) */
const BOARDS: Record<string, string> = Object.fromEntries(BOARD_TABLE.map((b) => [b.board, b.platform]));

/** d2d provision --address N --net N --role R --floor N --x M --y M --key HEX [--board B] */
function provision(args: string[]): string[] {
  const v: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || i + 1 >= args.length) throw new UsageError("provision takes --address --net --role --floor --x --y --key [--board] with values");
    v[args[i].slice(2)] = args[i + 1];
  }
  for (const k of Object.keys(v)) if (!["address", "net", "role", "floor", "x", "y", "key", "board"].includes(k)) throw new UsageError("unknown option --" + k);
  for (const k of ["address", "net", "role", "floor", "x", "y", "key"]) if (v[k] === undefined) throw new UsageError(`provision needs --${k}`);
  const board = v.board ?? "devkitc";
  if (!BOARDS[board]) throw new UsageError("--board is one of " + Object.keys(BOARDS).join(", "));
  const key = fromHex(v.key);
  let record: Uint8Array;
  try {
    record = encodeProvisioning({ address: Number(v.address), net: Number(v.net), role: v.role as Role, floor: Number(v.floor), x: Number(v.x), y: Number(v.y), key });
  } catch (e) {
    throw new D2DError("badValue", (e as Error).message);
  }
  const hex = toHex(record);
  return [hex, `mcconfig -d -m -p ${BOARDS[board]} boards/${board}/manifest.json provision=${hex}`];
}

/** A scenario file past this is refused (the default mall is about 17 KB). */
const SCENARIO_MAX_BYTES = 16 * 1024 * 1024;

function runSim(opts: Options): string {
  if (opts.args.length > 1) throw new UsageError("sim takes one scenario file");
  let scenario: Scenario;
  if (opts.args.length === 0) scenario = defaultScenario();
  else {
    let text: string;
    try {
      // a scenario is a small regular file: a device or FIFO (/dev/zero) would be read without end
      const st = statSync(opts.args[0]);
      if (!st.isFile()) throw new ScenarioError(`${opts.args[0]} is not a regular file`);
      if (st.size > SCENARIO_MAX_BYTES) throw new ScenarioError(`${opts.args[0]} is over ${SCENARIO_MAX_BYTES} bytes`);
      text = readFileSync(opts.args[0], "utf8");
    } catch (e) {
      if (e instanceof ScenarioError) throw e;
      throw new ScenarioError(`cannot read ${opts.args[0]} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ScenarioError(`${opts.args[0]} is not JSON (${(e as Error).message})`);
    }
    scenario = parseScenario(json);
  }
  const { report } = simulate(scenario, { seed: opts.seed, strategy: opts.strategy });
  return opts.json ? JSON.stringify(report, null, 1) : formatReport(report);
}

export function main(argv: string[]): number {
  try {
    if (argv[0] === "provision") {
      process.stdout.write(provision(argv.slice(1)).join("\n") + "\n");
      return 0;
    }
    if (argv[0] === "site") {
      for (const l of siteCommand(argv.slice(1))) process.stdout.write(l + "\n");
      return 0;
    }
    const { command, opts } = parseArgs(argv);
    const mac = nodeMac(opts.key);
    let lines: string[];
    if (command === "encode") lines = encode(opts, mac);
    else if (command === "decode") lines = decode(opts, mac);
    else if (command === "order") lines = order(opts);
    else if (command === "demo") lines = runDemo(mac);
    else if (command === "sim") lines = [runSim(opts)];
    else if (command === "help" || command === "--help" || command === "-h") lines = [USAGE];
    else throw new UsageError("unknown command " + JSON.stringify(command));
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  } catch (e) {
    if (e instanceof D2DError) process.stderr.write(`error: ${e.message}\n`);
    else if (e instanceof ScenarioError) process.stderr.write(`error: scenario: ${e.message}\n`);
    else if (e instanceof UsageError || e instanceof SiteUsageError) process.stderr.write(`error: usage: ${e.message} (d2d help)\n`);
    else {
      process.stderr.write(`error: internal: ${String(e instanceof Error ? e.message : e).split("\n")[0]}\n`);
      return 1;
    }
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));

/**
 * d2d: the engineer's command for D2D frames.
 *
 *   d2d encode [JSON]        message JSON (argument or stdin) -> frame hex
 *   d2d decode [HEX ...]     frame hex (arguments or stdin lines) -> JSON, one line per frame
 *   d2d demo                 a walk-through: phone SOS to gateway, instruction back, an image
 *
 * Options: --key HEX (network key; default: the spec's test key, or $D2D_KEY),
 *          --no-verify (decode without checking the MIC; output says so),
 *          --phone (encode/decode a phone's BLE SOS advertisement instead of a frame).
 * Bad input: one line `error: <reason>: <detail>` on stderr, exit code 2.
 */
import { readFileSync } from "node:fs";
import { D2DError, fail } from "../protocol/errors";
import { fromHex, toHex } from "../protocol/bytes";
import { parseFrame, type MacFunction } from "../protocol/frame";
import {
  decodeMessage, encodeMessageObject, messageFromJson, messageOf, messageToJson,
} from "../protocol/message";
import { decodePhoneSos, encodePhoneSos, type PhoneSos } from "../protocol/phone-adv";
import { runDemo } from "./demo";
import { TEST_KEY, nodeMac } from "./lib/node-mac";

const USAGE = `usage: d2d encode [JSON] | d2d decode [HEX ...] | d2d demo
  --key HEX     network key for the MIC (default: $D2D_KEY, else the spec's test key)
  --no-verify   decode without checking the MIC
  --phone       a phone's BLE SOS advertisement instead of a mesh frame`;

class UsageError extends Error {}

interface Options { key: Uint8Array; verify: boolean; phone: boolean; args: string[] }

function parseArgs(argv: string[]): { command: string; opts: Options } {
  const [command, ...rest] = argv;
  const opts: Options = { key: TEST_KEY, verify: true, phone: false, args: [] };
  const envKey = process.env.D2D_KEY;
  if (envKey) opts.key = keyFromHex(envKey, "D2D_KEY");
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--key") {
      if (i + 1 >= rest.length) throw new UsageError("--key needs a hex value");
      opts.key = keyFromHex(rest[++i], "--key");
    } else if (a === "--no-verify") opts.verify = false;
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

function encode(opts: Options, mac: MacFunction): string[] {
  const text = opts.args.length ? opts.args.join(" ") : readStdin();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail("badValue", "input is not JSON (" + (e as Error).message + ")");
  }
  if (opts.phone) return [toHex(encodePhoneSos(json as PhoneSos))];
  return [toHex(encodeMessageObject(messageFromJson(json), mac))];
}

function decode(opts: Options, mac: MacFunction): string[] {
  const inputs = opts.args.length ? opts.args : readStdin().split(/\s*\n\s*/).filter((l) => l.trim() !== "");
  if (inputs.length === 0) throw new UsageError("no hex to decode");
  return inputs.map((hex) => {
    const bytes = fromHex(hex);
    if (opts.phone) return JSON.stringify(decodePhoneSos(bytes));
    if (opts.verify) return JSON.stringify(messageToJson(decodeMessage(bytes, mac)));
    return JSON.stringify({ ...messageToJson(messageOf(parseFrame(bytes))), mic: "unchecked" });
  });
}

export function main(argv: string[]): number {
  try {
    const { command, opts } = parseArgs(argv);
    const mac = nodeMac(opts.key);
    let lines: string[];
    if (command === "encode") lines = encode(opts, mac);
    else if (command === "decode") lines = decode(opts, mac);
    else if (command === "demo") lines = runDemo(mac);
    else if (command === "help" || command === "--help" || command === "-h") lines = [USAGE];
    else throw new UsageError("unknown command " + JSON.stringify(command));
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  } catch (e) {
    if (e instanceof D2DError) process.stderr.write(`error: ${e.message}\n`);
    else if (e instanceof UsageError) process.stderr.write(`error: usage: ${e.message} (d2d help)\n`);
    else {
      process.stderr.write(`error: internal: ${String(e instanceof Error ? e.message : e).split("\n")[0]}\n`);
      return 1;
    }
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));

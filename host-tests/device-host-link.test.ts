/**
 * The gateway's host link, device and host sides (SPEC.md §12): the UART link
 * (hal/moddable/serial-host-link.ts) over a scripted ECMA-419 port that
 * behaves as the SDK's esp32 serial.c does (write throws "output full" past
 * the FIFO's room, read fills a buffer), the native build-kind helper, and
 * `d2d order` / `d2d decode` with the gateway's lines.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { ANSWER_RESERVE, RX_CHUNK, SerialHostLink, TX_BYTES, type SerialPort } from "../hal/moddable/serial-host-link";
import { errLine } from "../protocol/host-line";
import { fromHex, toHex } from "../protocol/bytes";
import { LineReader, instructionLine, parseHostLine } from "../protocol/host-line";
import { instruction } from "../protocol/messages/instruction";
import { utf8Encode } from "../protocol/utf8";

const FIFO = 128;

/** A UART as serial.c drives it: a transmit FIFO of 128 bytes drained by the test, a receive FIFO filled by it. */
class ScriptedPort implements SerialPort {
  fifo: number[] = [];
  wire = "";
  rx: number[] = [];
  writes: number[] = [];
  write(buffer: Uint8Array): void {
    if (buffer.length > FIFO - this.fifo.length) throw new Error("output full");
    this.writes.push(buffer.length);
    this.fifo.push(...buffer);
  }
  read(buffer: Uint8Array): number | undefined {
    if (this.rx.length === 0) return undefined;
    const n = Math.min(buffer.length, this.rx.length);
    buffer.set(this.rx.splice(0, n));
    return n;
  }
  /** the UART sends the FIFO; returns the room, as onWritable reports it */
  drain(): number {
    this.wire += String.fromCharCode(...this.fifo);
    this.fifo = [];
    return FIFO;
  }
}

function linked() {
  const port = new ScriptedPort();
  const link = new SerialHostLink();
  link.port = port;
  const flush = () => { for (let i = 0; i < 1000 && (link.pending > 0 || port.fifo.length > 0); i++) link.writable(port.drain()); };
  return { port, link, flush };
}

test("frames go out as D2D <rssi> <hex> lines, never more at once than the FIFO has room for", (t) => {
  const { port, link, flush } = linked();
  const frame = Uint8Array.from({ length: 250 }, (_, i) => (i * 37) & 255);
  link.deliver(frame, -67);
  t.is(port.wire, "", "nothing written before the port said it has room");
  link.writable(FIFO);
  flush();
  link.deliver(Uint8Array.of(1, 2, 0xab), -40.4);
  flush();
  t.is(port.wire, `D2D -67 ${toHex(frame)}\nD2D -40 0102ab\n`);
  t.true(port.writes.every((n) => n <= FIFO), JSON.stringify(port.writes));
});

test("an 'output full' from the port waits for the next onWritable; nothing is lost or repeated", (t) => {
  const { port, link } = linked();
  link.writable(FIFO);
  port.fifo = Array(120).fill(0x2e);
  link.deliver(Uint8Array.of(9), -1);
  link.writable(FIFO); // stale room: the FIFO still holds 120 bytes, so the write throws
  t.is(link.pending, "D2D -1 09\n".length);
  link.writable(port.drain());
  port.drain();
  t.is(port.wire, ".".repeat(120) + "D2D -1 09\n");
});

test("a full transmit ring drops whole lines and counts them", (t) => {
  const { port, link, flush } = linked();
  const frame = new Uint8Array(200);
  const line = `D2D -50 ${toHex(frame)}\n`;
  for (let i = 0; i < 10; i++) link.deliver(frame, -50);
  const kept = Math.floor((TX_BYTES - ANSWER_RESERVE) / line.length);
  t.is(link.dropped, 10 - kept);
  link.answer("OK 1");
  flush();
  t.is(port.wire, line.repeat(kept) + "OK 1\n", "frames leave room for the answer");
  t.is(port.wire.split("\n").filter((l) => l !== "" && l !== "OK 1" && l !== line.trim()).length, 0, "no partial line");
});

test("a flood of frames never crowds out an answer, even the longest one", (t) => {
  const { port, link, flush } = linked();
  const longest = errLine("r".repeat(400), "d".repeat(400));
  t.is(longest.length + 1, ANSWER_RESERVE, "the reserve is exactly the longest answer line");
  for (let i = 0; i < 100; i++) link.deliver(new Uint8Array(30), -50);
  link.answer(longest);
  flush();
  t.true(port.wire.endsWith(longest + "\n"));
  t.true(link.dropped > 0, "frames were dropped, not the answer");
});

test("host bytes are read in chunks from one buffer and reach the gateway's reader in order", (t) => {
  const { port, link } = linked();
  const text = instructionLine({ id: 5, action: "shelter-in-place", zone: 9, text: "Stay inside" }) + "\n";
  const got: number[] = [];
  t.true(link.listen((bytes, count) => { t.true(count <= RX_CHUNK); got.push(...bytes.subarray(0, count)); }));
  port.rx.push(...utf8Encode(text));
  link.readable();
  link.readable();
  t.is(String.fromCharCode(...got), text);
  const reader = new LineReader(500);
  const lines: string[] = [];
  reader.push(Uint8Array.from(got), 0, got.length, (l, n) => lines.push(String.fromCharCode(...l.subarray(0, n))), () => {});
  t.deepEqual(lines, [text.trim()]);
});

test("a port that throws on read, and a reader that throws, do not reach the SDK's callback", (t) => {
  const { port, link } = linked();
  port.read = () => { throw new Error("uart"); };
  t.notThrows(() => link.readable());
  const ok = linked();
  ok.link.listen(() => { throw new Error("reader"); });
  ok.port.rx.push(1, 2, 3);
  t.notThrows(() => ok.link.readable());
});

test("answers are printable ASCII lines", (t) => {
  const { port, link, flush } = linked();
  link.writable(FIFO);
  link.answer("ERR badValue: caf\u00e9\nx");
  flush();
  t.is(port.wire, "ERR badValue: caf??x\n");
});

const root = fileURLToPath(new URL("..", import.meta.url));
const XS = join(root, "node_modules/@agoric/xsnap/moddable/xs/includes");
const BUILD_KIND = join(root, "hal/moddable/build-kind/build-kind.c");

for (const [defines, kind] of [[[], "release"], [["-DmxInstrument=1"], "instrumented"], [["-DmxDebug=1", "-DmxInstrument=1"], "debug"]] as const) {
  test(`build-kind.c says "${kind}" under mcconfig's defines for that build (${defines.join(" ") || "none"})`, (t) => {
    const flags = ["-std=gnu17", "-Wall", "-Wextra", "-Werror", "-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-Werror=implicit-int", "-I", XS, ...defines];
    const check = spawnSync("cc", [...flags, "-fsyntax-only", BUILD_KIND], { encoding: "utf8" });
    t.is(check.status, 0, check.stderr);
    const pre = spawnSync("cc", [...flags, "-E", BUILD_KIND], { encoding: "utf8" });
    const body = pre.stdout.slice(pre.stdout.lastIndexOf("xs_d2d_build_kind"));
    const said = [...body.matchAll(/"(debug|instrumented|release)"/g)].map((m) => m[1]);
    t.deepEqual(said, [kind]);
  });
}

const BIN = fileURLToPath(new URL("../bin/d2d.mjs", import.meta.url));
function d2d(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", env: { ...process.env, D2D_KEY: "" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("d2d order prints the INSTRUCT line the gateway accepts, for the same body", (t) => {
  const body = { id: 7, action: "evacuate", zone: 0, via: 2, text: "Use exit 2" };
  const r = d2d(["order", JSON.stringify(body)]);
  t.is(r.code, 0, r.err);
  const line = r.out.trim();
  t.regex(line, /^INSTRUCT [0-9a-f]+$/);
  const hex = fromHex(line.slice("INSTRUCT ".length));
  t.deepEqual(instruction.decode(hex, 0, hex.length), body);
  const bytes = utf8Encode(line);
  const parsed = parseHostLine(bytes, bytes.length, new Uint8Array(200));
  t.deepEqual(parsed, { ok: true, body });
  t.is(d2d(["order"], JSON.stringify(body)).out, r.out, "stdin works too");
});

test("d2d order refuses a bad body with one line and exit code 2", (t) => {
  for (const [json, reason] of [
    ['{"id":7,"action":"evacuate","zone":0,"vai":2}', /^error: badValue: unknown field "vai"\n$/],
    ['{"id":7,"action":"run","zone":0}', /^error: badValue: action must be one of/],
    ['{"id":7,"action":"all-clear","zone":70000}', /^error: badValue: zone must be an integer/],
    ['{"type":"instruction","src":1,"seq":1,"body":{}}', /^error: badValue: order takes the instruction body/],
    ["not json", /^error: badValue: input is not JSON/],
    ['{"id":-0,"action":"evacuate","zone":1}', /^error: badValue: the gateway would refuse this order \(badValue: id has the wrong CBOR type\)\n$/],
  ] as const) {
    const r = d2d(["order", json]);
    t.is(r.code, 2, json);
    t.regex(r.err, reason);
    t.is(r.out, "");
  }
});

test("d2d decode reads a gateway's answers, and frame lines inside a debug build's xsbug framing", (t) => {
  const hex = "41801c01020000070101a900ad040301022864d053c7";
  const serial = [
    "<?xs-00000000?>",
    "<?xs.3FFB1234?>",
    "<xsbug><log>W d2d: host link: debug build: xsbug owns the serial port&#10;</log></xsbug>",
    "<?xs.3FFB1234?>",
    `<xsbug><log>D2D -40 ${hex}&#10;</log></xsbug>`,
    "<xsbug><samples>1,2,3</samples></xsbug>",
    "OK 12",
    "ERR badHex: odd number of hex digits (3)",
    `D2D -41 ${hex}`,
  ].join("\r\n") + "\r\n";
  const r = d2d(["decode"], serial);
  t.is(r.code, 0, r.err);
  const out = r.out.trim().split("\n").map((l) => JSON.parse(l));
  t.is(out.length, 4);
  t.like(out[0], { type: "sos", rssi: -40, seq: 7 });
  t.deepEqual(out[1], { answer: "OK", seq: 12 });
  t.deepEqual(out[2], { answer: "ERR", reason: "badHex", detail: "odd number of hex digits (3)" });
  t.like(out[3], { type: "sos", rssi: -41 });
  const bad = d2d(["decode"], "D2D -40 zz\n");
  t.is(bad.code, 2);
  t.regex(bad.err, /^error: badValue: not a hex string\n$/);
});

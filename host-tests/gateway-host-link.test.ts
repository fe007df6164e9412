/**
 * The gateway's host link, line protocol side (SPEC.md §12): a gateway booted
 * by firmware/app over a fake host link and a radio that records what goes on
 * air. Every host line gets exactly one answer; a refused line sends nothing
 * and uses no sequence number.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { boot } from "../firmware/app";
import type { HostLink } from "../hal/host-link";
import type { RadioLink } from "../hal/radio";
import { Scheduler } from "../sim/scheduler";
import { simPlatform } from "../sim/platform";
import { toHex } from "../protocol/bytes";
import { cborEncode } from "../protocol/cbor";
import { Addr, MsgType, parseFrame } from "../protocol/frame";
import { HOST_LINE_MAX, LineReader, instructionLine } from "../protocol/host-line";
import { decodeMessage } from "../protocol/message";
import type { InstructionBody } from "../protocol/messages/instruction";
import { utf8Encode } from "../protocol/utf8";

const KEY = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const BODY: InstructionBody = { id: 12, action: "evacuate", zone: 3, via: 2, text: "Exit 2, north side" };

function gateway() {
  const scheduler = new Scheduler();
  const onAir: Uint8Array[] = [];
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, onReceive: null, send: (_to, f, done) => { onAir.push(f); scheduler.at(1, () => done(true)); } };
  const answers: string[] = [];
  let feed: ((bytes: Uint8Array, count: number) => void) | null = null;
  const host: HostLink = { deliver: () => {}, answer: (l) => { answers.push(l); }, listen: (f) => { feed = f; return true; } };
  const platform = simPlatform({ time: scheduler, address: 1, seed: 5, radio, provisioning: { address: 1, net: 3, role: "gateway", floor: 0, x: 1, y: 2, key: KEY }, host });
  const crypto = platform.crypto(KEY);
  const r = boot(platform);
  if (!r.ok || !r.beacon.gateway) throw new Error("no gateway");
  const router = r.beacon.router;
  const send = (text: string | Uint8Array, splits: number[] = []) => {
    const bytes = typeof text === "string" ? utf8Encode(text) : text;
    let at = 0;
    for (const end of [...splits, bytes.length]) {
      // the link's own buffer, reused: the gateway must copy what it keeps
      const chunk = new Uint8Array(64 + bytes.length);
      chunk.set(bytes.subarray(at, end));
      feed!(chunk, end - at);
      chunk.fill(0x41);
      at = end;
    }
    scheduler.run(scheduler.now() + 2000);
  };
  // Distinct instruction frames: the gateway repeats each on its Trickle timer (forwarding/dissemination.ts), the same frame each time.
  const instructions = () => {
    const seen = new Map<number, string>();
    for (const f of onAir) {
      const h = parseFrame(f).header;
      if (h.type !== MsgType.instruction) continue;
      const first = seen.get(h.seq);
      if (first !== undefined && first !== toHex(f)) throw new Error("a repeat differs from the first copy");
      seen.set(h.seq, toHex(f));
    }
    return [...seen.values()].map((hex) => decodeMessage(Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16))), crypto.mac));
  };
  return { send, answers, instructions, router, role: r.beacon.gateway };
}

test("a good host line broadcasts one instruction frame with the same body and answers OK <seq>", (t) => {
  const g = gateway();
  g.send(instructionLine(BODY) + "\n");
  const sent = g.instructions();
  t.is(sent.length, 1);
  t.deepEqual(sent[0].body, BODY);
  t.like(sent[0].header, { src: 1, dst: Addr.broadcast, net: 3 });
  t.deepEqual(g.answers, [`OK ${sent[0].header.seq}`]);
  t.is(g.role.accepted, 1);
});

test("a line ending in CR LF is the same line", (t) => {
  const g = gateway();
  g.send(instructionLine(BODY) + "\r\n");
  t.is(g.instructions().length, 1);
  t.regex(g.answers[0], /^OK \d+$/);
});

const hexOf = (m: Map<number, unknown>) => toHex(cborEncode(m as never));
const BAD: [string, string, RegExp][] = [
  ["empty", "", /^ERR badLine: empty line$/],
  ["too long", "INSTRUCT " + "a5".repeat(250), new RegExp(`^ERR overLimit: line over ${HOST_LINE_MAX} bytes, discarded$`)],
  ["bad hex", "INSTRUCT a5zz", /^ERR badHex: not a hex digit at column 12$/],
  ["a space after the hex", instructionLine(BODY) + " ", /^ERR badHex: not a hex digit at column \d+$/],
  ["odd length", instructionLine(BODY).slice(0, -1), /^ERR badHex: odd number of hex digits \(\d+\)$/],
  ["no body", "INSTRUCT ", /^ERR badHex: no body after INSTRUCT$/],
  ["wrong type: another message's line", "SOS 41801c01020000070101a900ad040301022864d053c7", /^ERR badLine: expected INSTRUCT <hex>$/],
  ["wrong command case", instructionLine(BODY).toLowerCase(), /^ERR badLine: expected INSTRUCT <hex>$/],
  ["wrong type: a field of the wrong CBOR type", "INSTRUCT " + hexOf(new Map<number, unknown>([[0, 7], [1, "evacuate"], [2, 0]])), /^ERR badValue: /],
  ["wrong type: a whole SOS frame as the body", "INSTRUCT 41801c01020000070101a900ad040301022864d053c7", /^ERR (badCbor|badValue|trailingBytes|truncated): /],
  ["body fails decode: truncated CBOR", "INSTRUCT a300", /^ERR truncated: /],
  ["body fails decode: trailing bytes", instructionLine(BODY) + "00", /^ERR trailingBytes: /],
  ["body fails decode: missing zone", "INSTRUCT " + hexOf(new Map([[0, 7], [1, 0]])), /^ERR badValue: missing zone/],
  ["out of range: action 5", "INSTRUCT " + hexOf(new Map([[0, 7], [1, 5], [2, 0]])), /^ERR badValue: /],
  ["out of range: zone 70000", "INSTRUCT " + hexOf(new Map([[0, 7], [1, 0], [2, 70000]])), /^ERR badValue: /],
  ["out of range: via with shelter-in-place", "INSTRUCT " + hexOf(new Map([[0, 7], [1, 1], [2, 0], [3, 2]])), /^ERR badValue: via is only for evacuate$/],
  ["text over 160 bytes", "INSTRUCT " + hexOf(new Map<number, unknown>([[0, 7], [1, 0], [2, 0], [4, "x".repeat(161)]])), /^ERR (overLimit|badValue): /],
  ["non-canonical: a key the gateway would drop", "INSTRUCT " + hexOf(new Map([[0, 7], [1, 0], [2, 0], [9, 1]])), /^ERR nonCanonical: /],
  ["non-canonical: id not in its shortest form", "INSTRUCT a300180701000200", /^ERR nonCanonical: /],
  ["binary bytes", "INSTRUCT \u0000\u00ff", /^ERR badHex: /],
];

for (const [name, line, answer] of BAD) {
  test(`a bad host line (${name}) is answered with one ERR line and sends nothing`, (t) => {
    const g = gateway();
    const originated = g.router.stats.originated;
    g.send(line + "\n");
    t.is(g.answers.length, 1, JSON.stringify(g.answers));
    t.regex(g.answers[0], answer);
    t.is(g.instructions().length, 0);
    t.is(g.router.stats.originated, originated, "nothing originated");
    t.is(g.role.refused, 1);
  });
}

test("refused lines use no sequence number: the next good line gets the one it would have had", (t) => {
  const a = gateway(), b = gateway();
  a.send(instructionLine(BODY) + "\n");
  b.send(BAD.map(([, line]) => line).join("\n") + "\n" + instructionLine(BODY) + "\n");
  t.is(b.answers.length, BAD.length + 1);
  t.deepEqual(b.answers.at(-1), a.answers[0]);
  t.is(b.instructions().length, 1);
  t.deepEqual(b.instructions()[0].header.seq, a.instructions()[0].header.seq);
});

test("a line split across many reads is answered once, when its line end arrives", (t) => {
  const g = gateway();
  const line = instructionLine(BODY) + "\n";
  const splits = Array.from({ length: line.length - 1 }, (_, i) => i + 1);
  g.send(line.slice(0, -1), splits.slice(0, -1));
  t.deepEqual(g.answers, [], "no answer before the line end");
  t.is(g.instructions().length, 0);
  g.send("\n");
  t.is(g.answers.length, 1);
  t.is(g.instructions().length, 1);
  t.deepEqual(g.instructions()[0].body, BODY);
});

test("several lines in one read are answered in order", (t) => {
  const g = gateway();
  const second = { ...BODY, id: 13, action: "all-clear" as const, via: undefined, text: undefined };
  delete second.via;
  delete second.text;
  g.send(`${instructionLine(BODY)}\nINSTRUCT zz\n\n${instructionLine(second)}\n`);
  t.is(g.answers.length, 4);
  t.regex(g.answers[0], /^OK \d+$/);
  t.regex(g.answers[1], /^ERR badHex/);
  t.regex(g.answers[2], /^ERR badLine: empty line/);
  t.regex(g.answers[3], /^OK \d+$/);
  t.deepEqual(g.instructions().map((m) => m.body), [BODY, second]);
});

test("an over-long line is discarded up to its line end with one ERR, across reads, and the next line is read", (t) => {
  const g = gateway();
  const long = "INSTRUCT " + "ab".repeat(3000);
  g.send(long, [100, 1000, 5000]);
  t.deepEqual(g.answers, [], "answered at its line end, not before");
  g.send("abab\n" + instructionLine(BODY) + "\n");
  t.is(g.answers.length, 2);
  t.regex(g.answers[0], /^ERR overLimit: /);
  t.regex(g.answers[1], /^OK \d+$/);
  t.is(g.instructions().length, 1);
});

test("the line reader's buffer is fixed: a line of exactly the limit is read, one more byte is not", (t) => {
  const lines: string[] = [];
  let over = 0;
  const r = new LineReader(10);
  const push = (s: string) => { const b = utf8Encode(s); r.push(b, 0, b.length, (l, n) => lines.push(new TextDecoder().decode(l.subarray(0, n))), () => over++); };
  push("0123456789\n");
  push("0123456789\r\n");
  push("0123456789a\n");
  push("0123456789a\r\n");
  t.deepEqual(lines, ["0123456789", "0123456789"]);
  t.is(over, 2);
  push("x".repeat(100_000));
  t.is(r.pending, 0, "held nothing of a line known to be too long");
  push("\nok\n");
  t.is(over, 3);
  t.deepEqual(lines.at(-1), "ok");
  push("abc");
  t.is(r.pending, 3);
  t.is(HOST_LINE_MAX, "INSTRUCT ".length + 400, "the longest instruction body (200 bytes) in hex fits a line");
});

test("random bytes from the host never throw, and get one answer per line end", (t) => {
  const g = gateway();
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  let ends = 0;
  for (let round = 0; round < 200; round++) {
    const bytes = new Uint8Array(1 + Math.floor(next() * 120));
    for (let i = 0; i < bytes.length; i++) {
      const pick = next();
      bytes[i] = pick < 0.05 ? 10 : pick < 0.5 ? "0123456789abcdefINSTRUCT ".charCodeAt(Math.floor(next() * 25)) : Math.floor(next() * 256);
      if (bytes[i] === 10) ends++;
    }
    t.notThrows(() => g.send(bytes, [Math.floor(bytes.length / 2)]));
  }
  t.is(g.answers.length, ends);
  t.is(g.answers.filter((a) => a.startsWith("OK ")).length, g.instructions().length);
});

test("a host link that throws does not reach the gateway's caller", (t) => {
  const g = gateway();
  const role = g.role as unknown as { host: HostLink };
  role.host.answer = () => { throw new Error("link down"); };
  t.notThrows(() => g.send("INSTRUCT zz\n" + instructionLine(BODY) + "\n"));
  t.is(g.instructions().length, 1);
  t.notThrows(() => g.role.fromHost(new Uint8Array(4), 1000), "a count past the buffer is clipped");
});

test("SPEC §12's example line and line limit are what the code writes and reads", (t) => {
  const spec = readFileSync(new URL("../protocol/SPEC.md", import.meta.url), "utf8");
  const section = spec.slice(spec.indexOf("## 12. Gateway host link"));
  const example = /d2d order '([^']+)'`:\s*```\s*(INSTRUCT [0-9a-f]+)/.exec(section);
  t.truthy(example, "the section has its example");
  t.is(instructionLine(JSON.parse(example![1])), example![2]);
  t.true(section.includes(`at most ${HOST_LINE_MAX} bytes before its line end`));
});

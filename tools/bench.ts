/**
 * npm run bench: measures the protocol core and writes BENCHMARKS.md.
 *
 *  - sizes: bytes on air per message type, against Meshtastic's and Bluetooth
 *    Mesh's header overhead (ANCHORS.md figures);
 *  - Node: decode/encode rate of our codec against cbor-x on the same content,
 *    alternated in rounds in one run, reported as median ratios;
 *  - XS: compute-meter units per frame (deterministic) and µs per frame for the
 *    receive path inside the real XS engine;
 *  - forwarding: the default mall with our router, blind flooding and managed
 *    flooding side by side (tools/bench-mesh.ts);
 *  - generalisation: the fixed family of generated sites with the same three,
 *    judged on what was reachable (tools/bench-sites.ts);
 *  - scale: the simulator's wall time and memory per beacon over N, on grids
 *    of 60 … 2 000 beacons (tools/bench-scale.ts; 2 000 only in a full run).
 */
import { Encoder } from "cbor-x";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromHex, toHex } from "../protocol/bytes";
import { Addr, MAX_FRAME, MsgType, headerLength, micLength, parseFrame, payloadOf } from "../protocol/frame";
import { mediaCapacity } from "../protocol/fragment";
import { decodeMessage, encodeMessage, messageOf, messageToJson } from "../protocol/message";
import { PHONE_SOS_BYTES } from "../protocol/phone-adv";
import { TEST_KEY, nodeMac } from "./lib/node-mac";
import { bundle, startXs } from "../sim/xs/engine";
import { meshSection } from "./bench-mesh";
import { sitesSection } from "./bench-sites";
import { scaleSection } from "./bench-scale";
import { rng } from "./lib/mutate";
import vectors from "../protocol/test-vectors.json";

const mac = nodeMac(TEST_KEY);
const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 3 : 7;
const ROUND_MS = quick ? 60 : 150;

// ------------------------------------------------------------ the frames measured

const rand = rng(1);
const fullMedia = encodeMessage(
  { type: MsgType.media, priority: 3, hopLimit: 8, hops: 0, net: 3, ack: false, src: 0x0c01, dst: Addr.anyGateway, seq: 5000 },
  { stream: 1, kind: "video", frame: 120, index: 17, count: 40, data: Uint8Array.from({ length: 232 }, () => Math.floor(rand() * 256)) },
  mac);
const fullCensus = encodeMessage(
  { type: MsgType.census, priority: 2, hopLimit: 8, hops: 0, net: 3, ack: false, src: 0x0005, dst: Addr.anyGateway, seq: 77 },
  { count: 143, window: 60, devices: Array.from({ length: 40 }, (_, i) => ({ id: (0x9e3779b1 * (i + 1)) >>> 0, rssi: -50 - (i % 40) })) },
  mac);

const pick = (name: string) => fromHex(vectors.frames.find((v) => v.name === name)!.hex);
const frames: [string, Uint8Array][] = [
  ["sos (beacon, uplink)", pick("sos-uplink")],
  ["sos (from phone)", pick("sos-from-phone")],
  ["hello", pick("hello-route")],
  ["census (2 devices)", pick("census")],
  ["census (40 devices)", fullCensus],
  ["position", pick("position")],
  ["text (36 B)", pick("text")],
  ["media (232 B data)", fullMedia],
  ["ack", pick("ack-media")],
  ["instruction", pick("instruction")],
];

// ------------------------------------------------------------ same content for cbor-x

const peer = new Encoder({ useRecords: false, mapsAsObjects: true, variableMapSize: true, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);

/** The message as a CBOR application would send it: its JSON form, bytes as bytes. */
function selfDescribing(bytes: Uint8Array): unknown {
  const m = decodeMessage(bytes, mac);
  const j = messageToJson(m) as Record<string, unknown>;
  if (m.header.type === MsgType.media) j.body = { ...(j.body as object), data: (m.body as { data: Uint8Array }).data.slice() };
  return j;
}

/** The same values with the keys dropped: positional arrays, the leanest CBOR without a schema. */
function positional(v: unknown): unknown {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(positional);
  if (v && typeof v === "object") return Object.values(v).map(positional);
  return v;
}

// ------------------------------------------------------------ timing

/** Runs fn for about ms milliseconds; returns operations per second. */
function rate(fn: () => unknown, ms: number): number {
  let n = 0;
  let batch = 64;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    batch = Math.min(batch * 2, 4096);
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row { name: string; ours: number; oursMic: number; cbor: number; cborPos: number; enc: number; cborEnc: number; bytes: number; cborBytes: number; posBytes: number }

function measureNode(name: string, bytes: Uint8Array): Row {
  const content = selfDescribing(bytes);
  const pos = positional(content);
  const cborBytes = peer.encode(content);
  const posBytes = peer.encode(pos);
  const m = decodeMessage(bytes, mac);
  const body = m.body;
  const ours: number[] = [], oursMic: number[] = [], cbor: number[] = [], cborPos: number[] = [], enc: number[] = [], cborEnc: number[] = [];
  const nullMac = () => bytes.subarray(bytes.length - micLength(m.header.type));
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(rate(() => messageOf(parseFrame(bytes)), ROUND_MS));
    cbor.push(rate(() => peer.decode(cborBytes), ROUND_MS));
    cborPos.push(rate(() => peer.decode(posBytes), ROUND_MS));
    oursMic.push(rate(() => decodeMessage(bytes, mac), ROUND_MS));
    enc.push(rate(() => encodeMessage(m.header, body, nullMac), ROUND_MS));
    cborEnc.push(rate(() => peer.encode(content), ROUND_MS));
  }
  return {
    name, ours: median(ours), oursMic: median(oursMic), cbor: median(cbor), cborPos: median(cborPos),
    enc: median(enc), cborEnc: median(cborEnc), bytes: bytes.length, cborBytes: cborBytes.length, posBytes: posBytes.length,
  };
}

// ------------------------------------------------------------ XS

interface XsRow { name: string; parse: number; usParse: number; compute: number; computeMic: number; us: number; usMic: number }

async function measureXs(): Promise<{ rows: XsRow[]; bundleBytes: number }> {
  const code = await bundle(fileURLToPath(new URL("./xs-bench-entry.ts", import.meta.url)));
  const min = await bundle(fileURLToPath(new URL("../protocol/index.ts", import.meta.url)), true);
  const xs = await startXs();
  const rows: XsRow[] = [];
  try {
    await xs.evaluate(code);
    const hexes: Record<string, string> = {};
    for (const [name, b] of frames) hexes[name] = toHex(b);
    await xs.evaluate(`d2dBench.load(${JSON.stringify(hexes)}, ${JSON.stringify(toHex(TEST_KEY))})`);
    const N = 1000;
    for (const [name] of frames) {
      const q = JSON.stringify(name);
      const perFrame = async (fn: string) => {
        const a = await xs.evaluate(`d2dBench.${fn}(${q}, 1)`);
        const b = await xs.evaluate(`d2dBench.${fn}(${q}, ${N + 1})`);
        return (b.compute - a.compute) / N;
      };
      const parse = await perFrame("parse");
      const compute = await perFrame("decode");
      const computeMic = await perFrame("decodeWithMic");
      const us = async (mode: string, n: number) =>
        ((await xs.evaluate(`d2dBench.time(${q}, ${n}, "${mode}")`)).reports[0] as { usPerFrame: number }).usPerFrame;
      const tParse: number[] = [], times: number[] = [], timesMic: number[] = [];
      for (let r = 0; r < (quick ? 2 : 5); r++) {
        tParse.push(await us("parse", 5000));
        times.push(await us("decode", 5000));
        timesMic.push(await us("mic", 1000));
      }
      rows.push({ name, parse, usParse: median(tParse), compute, computeMic, us: median(times), usMic: median(timesMic) });
    }
  } finally {
    await xs.close();
  }
  return { rows, bundleBytes: min.length };
}

// ------------------------------------------------------------ firmware budgets

interface HeapFill { queued: number; frameBytes: number; slots: number; slotBytes: number; chunkBytes: number; totalBytes: number }

async function measureBudgets(): Promise<{ firmwareBytes: number; heap: { bulk: HeapFill; sos: HeapFill } }> {
  const { build } = await import("esbuild");
  const device = await build({
    entryPoints: [fileURLToPath(new URL("../main.ts", import.meta.url))],
    bundle: true, write: false, format: "esm", platform: "neutral", target: "es2022", minify: true, logLevel: "silent",
    // every bare specifier is a Moddable or native module (ours import each other by relative path): none is counted
    packages: "external",
  });
  const firmwareBytes = device.outputFiles[0].contents.length;
  const code = await bundle(fileURLToPath(new URL("./xs-heap-entry.ts", import.meta.url)));
  const fill = async (kind: "bulk" | "sos"): Promise<HeapFill> => {
    const xs = await startXs();
    try {
      await xs.evaluate(code);
      const before = await xs.evaluate("gc()");
      const run = await xs.evaluate(`d2dHeap.fill(${JSON.stringify(kind)}); gc()`);
      const after = await xs.evaluate("gc()");
      const q = run.reports[0] as { queued: number; frameBytes: number; queuedBytes: number; dedupBytes: number };
      const slots = after.heapCount - before.heapCount;
      // Chunks held: the queued frames' bytes and the dedup cache's typed arrays; objects are slots.
      const chunkBytes = q.queuedBytes + q.dedupBytes;
      return { queued: q.queued, frameBytes: q.frameBytes, slots, slotBytes: slots * 16, chunkBytes, totalBytes: slots * 16 + chunkBytes };
    } finally {
      await xs.close();
    }
  };
  return { firmwareBytes, heap: { bulk: await fill("bulk"), sos: await fill("sos") } };
}

// ------------------------------------------------------------ report

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const kops = (x: number) => (x / 1000).toFixed(0) + " k/s";

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (s = "") => { lines.push(s); console.log(s); };
  say("# Benchmarks");
  say();
  say(`Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}). ` +
    "Sizes and XS compute units are deterministic; rates are medians of rounds that alternate ours and cbor-x, so their ratios hold on a shared machine while the absolute figures drift.");
  say();

  say("## Bytes on air");
  say();
  say("Overhead = header + MIC. Meshtastic: 16-byte header, no MIC (AES-CTR only). Bluetooth Mesh: 9-byte network header + 4-byte NetMIC, whole PDU ≤ 29 bytes, unsegmented access payload ≤ 11 bytes.");
  say();
  say("| message | frame bytes | overhead (ours) | body | same body, Meshtastic header | same body, BT Mesh (PDUs) |");
  say("|---|---:|---:|---:|---:|---:|");
  for (const [name, b] of frames) {
    const body = payloadOf(parseFrame(b)).length;
    const overhead = b.length - body;
    const btPdus = body <= 11 ? 1 : Math.ceil(body / 12);
    say(`| ${name} | ${b.length} | ${overhead} | ${body} | ${16 + body} (no MIC) | ${btPdus === 1 ? 13 + body : `${btPdus} segments, ${btPdus * 29} max`} |`);
  }
  say();

  const uplinkOverhead = headerLength({ dst: Addr.anyGateway }) + micLength(MsgType.sos);
  const phoneAdv = PHONE_SOS_BYTES;
  const mediaPerFrame = mediaCapacity({ dst: Addr.anyGateway, type: MsgType.media });

  say("## Node: our codec against cbor-x on the same content");
  say();
  say("cbor-x encodes the message's self-describing form (its JSON form, bytes as byte strings) and, leaner, the same values as positional arrays with the keys dropped. \"ours\" decodes structure and body; \"ours + MIC\" adds HMAC-SHA256 verification through Node's crypto.");
  say();
  say("| message | ours B | cbor-x B (ratio) | keyless cbor-x B (ratio) | decode ours | ours + MIC | cbor-x | keyless cbor-x | decode ratio | encode ratio |");
  say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const rows: Row[] = [];
  for (const [name, b] of frames) {
    const r = measureNode(name, b);
    rows.push(r);
    say(`| ${name} | ${r.bytes} | ${r.cborBytes} (${f2(r.bytes / r.cborBytes)}) | ${r.posBytes} (${f2(r.bytes / r.posBytes)}) | ${kops(r.ours)} | ${kops(r.oursMic)} | ${kops(r.cbor)} | ${kops(r.cborPos)} | ${f2(r.ours / r.cbor)}× | ${f2(r.enc / r.cborEnc)}× |`);
  }
  say();
  say("Decode ratio = our decode rate / cbor-x's on the self-describing form; encode likewise (our encode with the MAC call stubbed, cbor-x's has none).");
  say();

  say("## XS: the receive path inside the XS engine");
  say();
  const xs = await measureXs();
  say("Per frame. Relay path: parse and check the header, find payload and MIC (what a relay does before it authenticates and forwards; it never decodes the body). Full decode: the same plus the typed body (what a gateway, or a node showing an instruction, does). The MIC itself is native code on the ESP32 (Moddable `hmac`); the \"with JS HMAC\" columns run a pure-JavaScript HMAC-SHA256 inside XS, for reference only. Compute units are XS meter counts (deterministic); µs are medians of timed loops on this machine.");
  say();
  say("| message | relay path: units | µs | full decode: units | µs | with JS HMAC: units | µs |");
  say("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of xs.rows) say(`| ${r.name} | ${f1(r.parse)} | ${f2(r.usParse)} | ${f1(r.compute)} | ${f2(r.us)} | ${f1(r.computeMic)} | ${f2(r.usMic)} |`);
  say();
  say(`Minified protocol bundle (esbuild, all of protocol/): ${xs.bundleBytes} bytes.`);
  say();
  const budget = await measureBudgets();
  say("## Firmware budgets on XS (issue 4)");
  say();
  say("| budget | measured | target | met |");
  say("|---|---|---|:-:|");
  say(`| minified firmware JavaScript (firmware, forwarding, device HAL, protocol; Moddable's own modules excluded) | ${budget.firmwareBytes} bytes | ≤ 65 536 | ${budget.firmwareBytes <= 65536 ? "yes" : "**no**"} |`);
  for (const [what, h] of [["video fragments", budget.heap.bulk], ["SOS frames", budget.heap.sos]] as const) {
    say(`| relay heap, steady state with dedup cache full (300 frames seen) and queue full (${h.queued} ${what} of ${h.frameBytes} B) | ${h.slots} XS slots = ${h.slotBytes} B at 16 B a slot on the ESP32, + ${h.chunkBytes} B of frame and table chunks = ${h.totalBytes} B | ≤ 49 152 | ${h.totalBytes <= 49152 ? "yes" : "**no**"} |`);
  }
  say();
  say("Slots: the XS meter's heap count after gc() in the desktop engine, with the relay booted and filled, less the count with the same code loaded and nothing booted (on the device, code is preloaded into flash). Chunk bytes are counted from what the relay holds: its queued frames and the dedup cache's typed arrays. The queue is bounded by the heap its frames cost (forwarding/queue.ts), so it holds more small frames than large ones for about the same heap. The creation sizes in boards/ leave room for this plus Moddable's own modules.");
  say();

  const isMedia = (r: { name: string }) => r.name.startsWith("media");
  const control = rows.filter((r) => !isMedia(r));
  const media = rows.find(isMedia)!;
  const mediaData = mediaPerFrame;
  const worstControlSize = Math.max(...control.map((r) => r.bytes / r.cborBytes));
  const minDec = Math.min(...rows.map((r) => r.ours / r.cbor));
  const cborBodied = (r: { name: string }) => r.name.startsWith("census") || r.name.startsWith("instruction");
  const fixed = xs.rows.filter((r) => !cborBodied(r));
  const cb = xs.rows.filter(cborBodied);
  const maxRelay = Math.max(...xs.rows.map((r) => r.usParse));
  const maxFixed = Math.max(...fixed.map((r) => r.us));
  const sosXs = xs.rows[0];
  say("## Targets (issue 2)");
  say();
  say("| target | measured | met |");
  say("|---|---|:-:|");
  const row = (t: string, m: string, ok: string) => say(`| ${t} | ${m} | ${ok} |`);
  const yes = (ok: boolean) => (ok ? "yes" : "**no**");
  row("header + MIC ≤ 12 bytes on a common uplink frame", `${uplinkOverhead} bytes (Meshtastic 16 without MIC, BT Mesh 13)`, yes(uplinkOverhead <= 12));
  row("phone SOS with position ≤ 24 bytes (one legacy advertisement)", `${phoneAdv} bytes after the company id (${phoneAdv + 2} of manufacturer data; ${phoneAdv + 2 + 2 + 3} of 31 advertising bytes with flags)`, yes(phoneAdv <= 24));
  row("media fragment carries ≥ 230 bytes in a 250-byte frame", `${mediaPerFrame} bytes uplink, ${mediaCapacity({ dst: 1, type: MsgType.media })} addressed (frame ${MAX_FRAME})`, yes(mediaPerFrame >= 230));
  row("Node decode ≥ 2× cbor-x on the same content", `${f2(minDec)}× for the worst message, ${f2(Math.max(...rows.map((r) => r.ours / r.cbor)))}× for the best`, yes(minDec >= 2));
  row("in ≤ 60 % of cbor-x's bytes",
    `${(worstControlSize * 100).toFixed(0)} % for the worst of the ${control.length} non-media messages; media ${(media.bytes / media.cborBytes * 100).toFixed(0)} %, because ${mediaData} of its bytes are the image in both (its overhead, ${media.bytes - mediaData} B, is ${((media.bytes - mediaData) / (media.cborBytes - mediaData) * 100).toFixed(0)} % of cbor-x's ${media.cborBytes - mediaData} B)`,
    worstControlSize <= 0.6 ? "yes, but media (payload-bound)" : "**no**");
  row("decode of a frame ≤ 6 µs on host XS",
    `relay path ≤ ${f2(maxRelay)} µs for every frame; full decode ≤ ${f2(maxFixed)} µs for the fixed layouts (SOS ${f2(sosXs.us)} µs, ${f1(sosXs.compute)} units); CBOR bodies ${cb.map((r) => `${r.name} ${f2(r.us)} µs`).join(", ")}`,
    maxRelay <= 6 && maxFixed <= 6 ? (Math.max(...cb.map((r) => r.us)) <= 6 ? "yes" : "yes, but CBOR bodies") : "**no**");
  say();
  for (const l of meshSection(quick)) say(l);
  for (const l of sitesSection(quick)) say(l);
  for (const l of scaleSection(quick)) say(l);
  writeFileSync(fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url)), lines.join("\n") + "\n");
  console.log("wrote BENCHMARKS.md");
}

await main();

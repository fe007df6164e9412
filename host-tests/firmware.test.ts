import test from "ava";
import { boot } from "../firmware/app";
import { PROVISIONING_KEY, encodeProvisioning, loadProvisioning, type Provisioning } from "../firmware/provisioning";
import type { LogLine } from "../hal/sim/log";
import { MemoryStore } from "../hal/sim/storage";
import { Scheduler } from "../sim/scheduler";
import { simPlatform } from "../sim/platform";
import type { RadioLink } from "../hal/radio";

const prov: Provisioning = { address: 0x0211, net: 3, role: "relay", floor: -1, x: 12.3, y: 45.6, key: Uint8Array.from({ length: 32 }, (_, i) => i + 1) };

test("provisioning round-trips through storage", (t) => {
  const s = new MemoryStore();
  s.set(PROVISIONING_KEY, encodeProvisioning(prov));
  t.deepEqual(loadProvisioning(s), { ok: true, prov });
});

test("missing or damaged provisioning is named, never thrown", (t) => {
  const s = new MemoryStore();
  t.deepEqual(loadProvisioning(s), { ok: false, reason: "not provisioned" });
  const good = encodeProvisioning(prov);
  const cases: [(b: Uint8Array) => Uint8Array, RegExp][] = [
    [(b) => b.subarray(0, 40), /record of 40 bytes, expected 44/],
    [(b) => { const c = b.slice(); c[0] = 9; return c; }, /version 9 unknown/],
    [(b) => { const c = b.slice(); c[1] = 7; return c; }, /role code 7 unknown/],
    [(b) => { const c = b.slice(); c[2] = 0; c[3] = 0; return c; }, /address must be 1\.\.65533/],
    [(b) => { const c = b.slice(); c.fill(0, 12); return c; }, /key must not be all zeros/],
    [(b) => { const c = b.slice(); c[4] = 40; return c; }, /net must be 0\.\.31/],
  ];
  for (const [damage, re] of cases) {
    s.set(PROVISIONING_KEY, damage(good));
    const r = loadProvisioning(s);
    t.false(r.ok);
    t.regex((r as { reason: string }).reason, re);
  }
  t.throws(() => encodeProvisioning({ ...prov, key: new Uint8Array(16) }), { message: /32 bytes/ });
});

test("an unprovisioned beacon says so once and stays silent", (t) => {
  const scheduler = new Scheduler();
  const log: LogLine[] = [];
  let sends = 0;
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, onReceive: null, send: () => { sends++; } };
  const r = boot(simPlatform({ time: scheduler, address: 0, seed: 1, radio, log }));
  scheduler.run(60_000);
  t.false(r.ok);
  t.is(sends, 0);
  t.is(radio.onReceive, null);
  t.is(log.length, 1);
  t.regex(log[0].message, /^d2d: not provisioned; radio off until provisioned/);
  t.is(log[0].level, "error");
});

test("a provisioned relay boots, announces itself and sends HELLOs under its key", (t) => {
  const scheduler = new Scheduler();
  const log: LogLine[] = [];
  const sent: Uint8Array[] = [];
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, onReceive: null, send: (_to, f, done) => { sent.push(f); scheduler.at(1, () => done(true)); } };
  const r = boot(simPlatform({ time: scheduler, address: 1, seed: 1, radio, provisioning: prov, log }));
  const at: number[] = [];
  radio.send = (_to, f, done) => { sent.push(f); at.push(scheduler.now()); scheduler.at(1, () => done(true)); };
  scheduler.run(60_000);
  t.true(r.ok);
  t.regex(log[0].message, /relay 529 on net 3, floor -1 at \(12\.3, 45\.6\)/);
  // Trickle (forwarding/discovery.ts): intervals of 1, 2, 4, then 8 s while nothing changes.
  t.true(sent.length >= 7 && sent.length <= 12, `${sent.length} HELLOs in 60 s`);
  const gaps = at.slice(1).map((x, i) => x - at[i]);
  t.true(gaps[gaps.length - 1] >= 4000 && gaps[gaps.length - 1] <= 12_000, `last gap ${gaps[gaps.length - 1]} ms`);
  t.is(sent[0][3], 0x02);
  t.is(sent[0][4], 0x11);
});

test("every five minutes a beacon logs its health: queue, route, memory", (t) => {
  const scheduler = new Scheduler();
  const log: LogLine[] = [];
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, onReceive: null, send: (_to, _f, done) => scheduler.at(1, () => done(true)) };
  boot(simPlatform({ time: scheduler, address: 1, seed: 1, radio, provisioning: prov, log, memory: () => ({ slots: 30000, chunks: 12000, free: 90000 }) }));
  scheduler.run(11 * 60_000);
  const health = log.filter((l) => l.message.startsWith("d2d: health"));
  t.is(health.length, 2);
  t.is(health[0].t, 5 * 60_000);
  t.is(health[0].message, "d2d: health queue 0, route none, heap 42000 B, free 90000 B");
});

test("the health line adds the radio's ring overflows and send timeouts, and leaves memory out when the build has no figures", (t) => {
  const scheduler = new Scheduler();
  const log: LogLine[] = [];
  const radio: RadioLink = {
    maxFrame: 250, bitrate: 1e6, onReceive: null, send: (_to, _f, done) => scheduler.at(1, () => done(true)),
    stats: () => ({ rxOverflow: 3, sendTimeouts: 1 }),
  };
  boot(simPlatform({ time: scheduler, address: 1, seed: 1, radio, provisioning: prov, log, memory: () => undefined }));
  scheduler.run(6 * 60_000);
  const health = log.filter((l) => l.message.startsWith("d2d: health"));
  t.is(health.length, 1);
  t.is(health[0].message, "d2d: health queue 0, route none, radio overflow 3, send timeouts 1");
});

test("a record offered by the build is adopted once, checked, and never overrides a stored one", async (t) => {
  const { adoptProvisioning } = await import("../firmware/provisioning");
  const { toHex } = await import("../protocol/bytes");
  const s = new MemoryStore();
  const hex = toHex(encodeProvisioning(prov));
  t.is(adoptProvisioning(s, "zz"), "ignored: not 44 bytes of hex");
  const damaged = "09" + hex.slice(2);
  t.is(adoptProvisioning(s, damaged), "ignored: provisioning version 9 unknown");
  t.is(adoptProvisioning(s, hex), "stored (relay 529)");
  t.deepEqual(loadProvisioning(s), { ok: true, prov });
  const other = toHex(encodeProvisioning({ ...prov, address: 7 }));
  t.is(adoptProvisioning(s, other), "kept the stored record");
  t.is((loadProvisioning(s) as { prov: Provisioning }).prov.address, 529);
});

test("d2d provision prints the record and the build command that installs it", async (t) => {
  const { spawnSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const bin = fileURLToPath(new URL("../bin/d2d.mjs", import.meta.url));
  const key = "11".repeat(32);
  const r = spawnSync(process.execPath, [bin, "provision", "--address", "529", "--net", "3", "--role", "relay", "--floor", "-1", "--x", "12.3", "--y", "45.6", "--key", key, "--board", "esp32s3-devkit"], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const [hex, cmd] = r.stdout.trim().split("\n");
  const s = new MemoryStore();
  s.set(PROVISIONING_KEY, Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16))));
  t.like(loadProvisioning(s), { ok: true, prov: { address: 529, net: 3, role: "relay", floor: -1, x: 12.3, y: 45.6 } });
  t.is(cmd, `mcconfig -d -m -p esp32/esp32s3 boards/esp32s3-devkit/manifest.json provision=${hex}`);
  const bad = spawnSync(process.execPath, [bin, "provision", "--address", "529", "--net", "3", "--role", "relay", "--floor", "-1", "--x", "12.3", "--y", "45.6", "--key", "00".repeat(32)], { encoding: "utf8" });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^error: badValue: key must not be all zeros\n$/);
});

test("a phone access point advertises its position, then the newest instruction it hears", async (t) => {
  const { decodeBeaconInfo } = await import("../protocol/phone-adv");
  const { encodeMessage } = await import("../protocol/message");
  const { Addr, MsgType } = await import("../protocol/frame");
  const scheduler = new Scheduler();
  const ads: Uint8Array[] = [];
  let onReceive: ((f: Uint8Array, i: { from: number; rssi: number; broadcast: boolean }) => void) | null = null;
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, get onReceive() { return onReceive; }, set onReceive(v) { onReceive = v; }, send: (_to, _f, done) => scheduler.at(1, () => done(true)) };
  const platform = simPlatform({
    time: scheduler, address: 1, seed: 1, radio, provisioning: { ...prov, role: "phone-ap" },
    advertiser: { advertise: (company, data) => { t.is(company, 0xffff); ads.push(data); }, stop() {} },
    ble: { onAdvertisement: null, start() { t.fail("an access point does not scan"); }, stop() {} },
  });
  const crypto = platform.crypto(prov.key);
  const r = boot(platform);
  t.true(r.ok);
  t.deepEqual(decodeBeaconInfo(ads[0]), { beacon: 529, floor: -1, x: 12.3, y: 45.6 });
  const instr = (id: number, seq: number) => encodeMessage(
    { type: MsgType.instruction, priority: 1, hopLimit: 5, hops: 1, net: 3, ack: false, src: 1, dst: Addr.broadcast, seq },
    { id, action: "evacuate", zone: 4, via: 2 }, crypto.mac);
  onReceive!(instr(12, 1), { from: 1, rssi: -60, broadcast: true });
  t.deepEqual(decodeBeaconInfo(ads[ads.length - 1]).instruction, { id: 12, action: "evacuate", zone: 4, via: 2 });
  const count = ads.length;
  onReceive!(instr(11, 2), { from: 1, rssi: -60, broadcast: true });
  t.is(ads.length, count, "an older instruction does not replace a newer one");
});

test("manifests: each board builds one BLE side, names a valid role and sizes its XS machine", async (t) => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const root = new URL("../", import.meta.url);
  const read = (p: string) => JSON.parse(readFileSync(new URL(p, root), "utf8"));
  t.deepEqual(read("manifest.json").include, ["./manifest_core.json", "$(MODULES)/network/ble/manifest_client.json"]);
  const core = read("manifest_core.json");
  t.false(JSON.stringify(core.include).includes("network/ble"), "the core carries no BLE side");
  t.is(core.platforms["esp32"].modules.espnow, "./hal/moddable/espnow/espnow");
  const boards = readdirSync(new URL("boards/", root), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  t.deepEqual(boards.sort(), ["devkitc", "esp32-cam", "esp32s3-devkit", "m5stack-core2"]);
  for (const b of boards) {
    const m = read(`boards/${b}/manifest.json`);
    const inc = JSON.stringify(m.include);
    const sides = ["manifest_client", "manifest_server", "../../manifest.json"].filter((x) => inc.includes(x));
    t.is(sides.length, 1, `${b}: exactly one BLE side`);
    t.true(["relay", "gateway", "camera", "phone-ap"].includes(m.config.d2d.role), b);
    t.true(m.creation.chunk.initial >= 49152 && m.creation.heap.initial >= 3584, `${b}: room for the relay's 48 KB budget`);
  }
});

test("a camera node with a capture interval sends an image now and then", (t) => {
  const scheduler = new Scheduler();
  const sent: number[] = [];
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, onReceive: null, send: (_to, f, done) => { sent.push(f[0] & 15); scheduler.at(1, () => done(true)); } };
  let shots = 0;
  const r = boot(simPlatform({
    time: scheduler, address: 1, seed: 3, radio, provisioning: { ...prov, role: "camera" },
    camera: { capture: () => { shots++; return new Uint8Array(1000); } },
  }), { captureIntervalS: 60 });
  t.true(r.ok);
  scheduler.run(200_000);
  t.true(shots >= 2 && shots <= 4, `${shots} shots in 200 s`);
  t.is(sent.filter((type) => type === 5).length, 0, "no gateway heard yet: media waits in the queue (bulk is never flooded)");
});

test("the access layer: delivered messages reach the roles by type, in the order their rows were added; a relay consumes nothing", async (t) => {
  const { Dispatch } = await import("../firmware/dispatch");
  const { encodeMessage, messageOf } = await import("../protocol/message");
  const { Addr, MsgType, parseFrame } = await import("../protocol/frame");
  const scheduler = new Scheduler();
  let onReceive: ((f: Uint8Array, i: { from: number; rssi: number; broadcast: boolean }) => void) | null = null;
  const radio: RadioLink = { maxFrame: 250, bitrate: 1e6, get onReceive() { return onReceive; }, set onReceive(v) { onReceive = v; }, send: (_to, _f, done) => scheduler.at(1, () => done(true)) };
  const platform = simPlatform({ time: scheduler, address: 1, seed: 1, radio, provisioning: prov });
  const crypto = platform.crypto(prov.key);
  const frame = encodeMessage(
    { type: MsgType.instruction, priority: 1, hopLimit: 5, hops: 1, net: 3, ack: false, src: 1, dst: Addr.broadcast, seq: 9 },
    { id: 12, action: "evacuate", zone: 4 }, crypto.mac);
  const message = messageOf(parseFrame(frame));
  const calls: string[] = [];
  const d = new Dispatch();
  d.on("any", (m) => calls.push(`any ${m.header.type}`));
  d.on(MsgType.instruction, (m, f, info) => calls.push(`instruction ${(m.body as { id: number }).id} ${f.length} B from ${info.from}`));
  d.on(MsgType.sos, () => calls.push("sos"));
  d.listener({ kind: "delivered", message, frame, info: { from: 1, rssi: -60, broadcast: true } });
  d.listener({ kind: "originated", header: message.header, key: 1, frame: new Uint8Array(0) });
  t.deepEqual(calls, ["any 8", `instruction 12 ${frame.length} B from 1`]);

  const r = boot(platform);
  t.true(r.ok);
  onReceive!(frame, { from: 1, rssi: -60, broadcast: true });
  const stats = (r as { beacon: { router: { stats: { delivered: number; forwarded: number } } } }).beacon.router.stats;
  t.is(stats.delivered, 0, "no role of a relay consumes messages: its router has no listener and decodes nothing to deliver");
  t.is(stats.forwarded, 1);
});

/**
 * The real hal/moddable/espnow/espnow.c, run on the desktop by
 * host-tests/native/espnow-harness.c against a fake of the ESP-IDF v6.0 calls it
 * makes and of the XS C API: bring-up order, tolerance of Wi-Fi already up,
 * country and channel limits, undoing a failed bring-up, the pinned broadcast
 * peer, LRU peers, the receive ring and its overflow count, one wake-up per
 * burst, a lost wake-up recovered, a throwing handler, completions reported with
 * the address they went to.
 * What only an ESP32 shows (the driver's own timing and callbacks) is not here.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectMcDefines } from "../tools/lib/mc-defines";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "d2d-harness-"));
writeFileSync(join(dir, "mc.defines.h"), projectMcDefines(root));
const exe = join(dir, "harness");
const build = spawnSync("cc", ["-std=gnu17", "-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-Werror=implicit-int", "-Wall", "-Wno-unused-parameter",
  "-I", dir, "-I", join(root, "host-tests/native/fake-xs"), "-I", join(root, "hal/moddable/stubs"), "-o", exe, join(root, "host-tests/native/espnow-harness.c")], { encoding: "utf8" });

function run(scenario: string): Record<string, string> {
  if (build.status !== 0) throw new Error(`harness did not build:\n${build.stderr}`);
  const r = spawnSync(exe, [scenario], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scenario ${scenario} exited ${r.status}: ${r.stdout}${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.trim().split("\n")) {
    const i = line.indexOf(" ");
    out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

test("bring-up follows ESP-IDF's order: event loop, init without NVS, RAM storage, country, STA, MAC, start, channel, power, ESP-NOW", (t) => {
  const r = run("bringup");
  t.is(r.ok, "1");
  t.is(r.log, "loop init storage(ram) country(01) mode(1) mac(02:d2:d2:00:00:07) start channel(6) txpower(32) espnow");
  t.is(r.peers, "1");
  t.is(r.broadcastPeer, "1");
});

test("Wi-Fi already started by another module in AP mode: AP+STA, stopped for the MAC, started again", (t) => {
  const r = run("already-started");
  t.is(r.ok, "1");
  t.is(r.log, "loop init storage(ram) country(01) mode(3) mac(02:d2:d2:00:00:07) stop mac(02:d2:d2:00:00:07) start channel(6) txpower(32) espnow");
  t.is(r.started, "1");
});

test("a channel outside the country's range is a RangeError naming both, found before anything goes on air, and Wi-Fi is undone", (t) => {
  const r = run("bad-channel");
  t.is(r.ok, "0");
  t.is(r.error, "RangeError: ESP-NOW: channel 13 is not allowed in country 01 (1..11)");
  t.is(r.log, "loop init storage(ram) country(01) deinit");
  t.is(r.wifi, "0 0");
});

test("country codes are upper-cased; one ESP-IDF refuses is an error naming the step", (t) => {
  const r = run("country");
  t.is(r.lower, "1");
  t.is(r.unknown, "0");
  t.is(r.error, "Error: ESP-NOW: esp_wifi_set_country_code failed (0x102)");
});

test("a failed bring-up undoes what it brought up, and leaves another module's running Wi-Fi running", (t) => {
  const r = run("bringup-fails");
  t.is(r.ok, "0");
  t.is(r.error, "Error: ESP-NOW: esp_now_init failed (0x306a)");
  t.is(r.log, "loop init storage(ram) country(01) mode(1) mac(02:d2:d2:00:00:07) start channel(6) txpower(32) espnow stop deinit");
  t.is(r.wifi, "0 0");
  t.is(r.otherOk, "0");
  t.is(r.otherWifi, "1 1");
});

test("ESP_ERR_ESPNOW_EXIST for the broadcast peer is success", (t) => {
  t.is(run("broadcast-exists").ok, "1");
});

test("40 unicast next hops: LRU keeps 16 + the pinned broadcast peer, never deletes it, broadcasts still go out", (t) => {
  const r = run("peers");
  t.is(r.taken, "40");
  t.is(r.peers, "17");
  t.is(r.broadcastDeleted, "0");
  t.is(r.broadcastPeer, "1");
  t.is(r.broadcastAfter, "1");
  t.is(r.evictions, "24");
});

test("LRU: a peer used again is kept; the least recently used one is evicted", (t) => {
  const r = run("lru");
  t.is(r.kept, "1 1");
  t.is(r.evicted, "1");
});

test("the receive ring: one wake-up per burst, broadcast flag and RSSI delivered, overflow and foreign frames counted", (t) => {
  const r = run("ring");
  t.is(r.postedAfterOne, "1");
  t.is(r.postedAfterTwo, "1");
  t.is(r.received, "2");
  t.is(r.lastFrom, String(0x0103));
  t.is(r.lastRssi, "-60");
  t.is(r.lastBroadcast, "0");
  t.is(r.overflow, "5");
  t.is(r.receivedAfterBurst, "16");
  t.is(r.foreign, "3");
});

test("a wake-up the message queue refused is counted, the next event posts again, and poll() delivers what waits", (t) => {
  const r = run("lost-wakeup");
  t.is(r.wakeFailures, "1");
  t.is(r.postedAfterRecovery, "1");
  t.is(r.receivedAfterPoll, "2");
});

test("a poll while the wake-up message is still queued drains without letting a second message be posted", (t) => {
  const r = run("poll-while-queued");
  t.is(r.receivedByPoll, "1");
  t.is(r.posted, "1");
  t.is(r.receivedAfterMessage, "2");
  t.is(r.postedAfter, "2");
});

test("a handler that throws costs only its own frame", (t) => {
  const r = run("throwing-handler");
  t.is(r.received, "3");
  t.is(r.lastFirst, "3");
});

test("completions are reported in order with the address each frame went to; a full completion ring counts", (t) => {
  const r = run("completions");
  t.is(r.reports, "2");
  t.is(r.last, `${0x0300} 0`);
  t.is(r.broadcast, "65535 1");
  t.is(r.txOverflow, "1");
  t.is(r.reportsAfterBurst, "8");
  t.is(r.refused, "0");
  t.is(r.sendRefused, "1");
});

test("limits() reports the manifest's defines; an oversize frame is a RangeError", (t) => {
  const r = run("limits");
  const d = (JSON.parse(readFileSync(join(root, "manifest_core.json"), "utf8")) as { defines: { d2d: Record<string, number> } }).defines.d2d;
  t.is(r.limits, `${d.max_frame} ${d.peers} ${d.rx_ring} ${d.send_timeout_ms}`);
  t.is(r.oversizeSend, "0");
  t.is(r.error, `RangeError: ESP-NOW: frame must be 1..${d.max_frame} bytes`);
});

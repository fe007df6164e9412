/**
 * The firmware inside the XS engine: six beacons in a line, each booted by
 * firmware/app from its own provisioning, one of every role: gateway 1,
 * relays 2–4, phone access point 5, camera 6. A phone's SOS advertisement is
 * heard by the access point; the camera captures an image. Everything that
 * reaches the gateway's host link is reported. Then the host sends the
 * gateway an instruction line (split across reads) and a bad line; the
 * answers and the instructions each beacon consumed are reported.
 */
import "../../sim/xs/xs-globals";
import { boot } from "../../firmware/app";
import type { RouterEvent } from "../../forwarding/events";
import { SimBleScanner } from "../../hal/sim/ble";
import type { LogLine } from "../../hal/sim/log";
import { LineRadio } from "../../sim/xs/line-radio";
import { Scheduler } from "../../sim/scheduler";
import { simPlatform } from "../../sim/platform";
import { parseFrame } from "../../protocol/frame";
import { messageOf } from "../../protocol/message";
import { instructionLine } from "../../protocol/host-line";
import { utf8Encode } from "../../protocol/utf8";
import { COMPANY_ID, encodePhoneSos } from "../../protocol/phone-adv";
import type { Role } from "../../protocol/messages/hello";
import { report } from "../../sim/xs/report";

const scheduler = new Scheduler();
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
const line: LineRadio[] = [];

const log: LogLine[] = [];
const atHost: { type: string; src: number; body?: unknown }[] = [];
const answers: string[] = [];
let fromHost: ((bytes: Uint8Array, count: number) => void) | null = null;
const roles: Role[] = ["gateway", "relay", "relay", "relay", "phone-ap", "camera"];
const ble = new Map<number, SimBleScanner>();
const booted: string[] = [];
/** the instructions each beacon but the gateway consumed, observed through the router's events */
const instructed: { at: number; body: unknown }[] = [];
const beacons = roles.map((role, i) => {
  const address = i + 1;
  const radio = new LineRadio(line, scheduler, i, address);
  const scanner = new SimBleScanner();
  ble.set(address, scanner);
  const platform = simPlatform({
    time: scheduler, address, radio, provisioning: { address, net: 4, role, floor: 0, x: i * 20, y: 5, key: KEY }, log,
    ble: scanner,
    host: {
      deliver: (frame) => { const m = messageOf(parseFrame(frame)); atHost.push({ type: String(m.header.type), src: m.header.src, body: m.header.type === 1 ? m.body : undefined }); },
      answer: (l) => { answers.push(l); },
      listen: (onBytes) => { fromHost = onBytes; return true; },
    },
    camera: { capture: () => Uint8Array.from({ length: 3000 }, (_, k) => (k * 7) & 255) },
  });
  const observe = (e: RouterEvent) => {
    if (role !== "gateway" && e.kind === "delivered" && e.message.header.type === 8) instructed.push({ at: address, body: e.message.body });
  };
  const r = boot(platform, { censusIntervalS: 5, listeners: [observe] });
  if (r.ok) booted.push(r.beacon.prov.role);
  return r;
});

scheduler.run(6000);
const adv = encodePhoneSos({ phone: 0x12345678, seq: 1, sos: { floor: 0, x: 81.5, y: 4, accuracy: 5, trapped: 3, injured: 1, attackers: 2, flags: ["gunfire", "hiding"] } });
ble.get(5)!.onAdvertisement?.({ address: Uint8Array.of(1, 2, 3, 4, 5, 6), rssi: -58, manufacturer: { company: COMPANY_ID, data: adv } });
ble.get(5)!.onAdvertisement?.({ address: Uint8Array.of(1, 2, 3, 4, 5, 6), rssi: -58, manufacturer: { company: COMPANY_ID, data: adv } });
const cam = beacons[5].ok ? beacons[5].beacon.camera : undefined;
const captured = cam ? cam.captureImage() : false;
scheduler.run(16000);
const order = utf8Encode(instructionLine({ id: 41, action: "evacuate", zone: 0, via: 2, text: "Leave by exit 2" }) + "\nINSTRUCT zz\n");
for (let at = 0; at < order.length; at += 20) {
  const chunk = order.slice(at, at + 20);
  (fromHost as ((bytes: Uint8Array, count: number) => void) | null)?.(chunk, chunk.length);
}
scheduler.run(20000);
report({
  answers,
  instructed,
  booted,
  scanning: [...ble.entries()].filter(([, s]) => s.scanning).map(([a]) => a),
  captured,
  atHost,
  logs: log.filter((l) => l.level !== "info").map((l) => l.message),
});

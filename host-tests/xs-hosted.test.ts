import test from "ava";
import { boot } from "../firmware/app";
import { encodeProvisioning, type Provisioning } from "../firmware/provisioning";
import { SimBleScanner } from "../hal/sim/ble";
import type { LogLine } from "../hal/sim/log";
import { Scheduler } from "../sim/scheduler";
import { simPlatform } from "../sim/platform";
import { parseFrame } from "../protocol/frame";
import { messageOf } from "../protocol/message";
import type { SosBody } from "../protocol/messages/sos";
import { COMPANY_ID, encodePhoneSos } from "../protocol/phone-adv";
import { Medium } from "../sim/medium";
import { XsHosted } from "../sim/xs/hosted";

test("a mixed network: a phone's SOS crosses three XS-hosted relays between Node-hosted beacons", async (t) => {
  const KEY = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
  const scheduler = new Scheduler();
  // Five stations 25 m apart: each hears only its neighbours (0 dBm, no shadowing, no random loss).
  const stations = [1, 2, 3, 4, 5].map((id, i) => ({ id, floor: 0, x: i * 25, y: 0 }));
  // A chain: at −8 dBm a 25 m hop arrives at −94 dBm, a 50 m one at −104 dBm (below the noise); no fading, no interference.
  const medium = new Medium(scheduler, stations, [], { txPowerDbm: -8, exponent: 3.3, shadowingSigmaDb: 0, fading: "none", bodyLossDb: 0, interferenceDutyCycle: 0 }, 9);
  t.true(medium.rssi(1, 2) > -95 && medium.rssi(1, 3) < -100 && medium.linkPrr(1, 2, 0) > 0.99 && medium.linkPrr(1, 3, 0) < 0.01, "only neighbours hear each other");
  const prov = (address: number, role: Provisioning["role"]): Provisioning => ({ address, net: 6, role, floor: 0, x: (address - 1) * 25, y: 0, key: KEY });

  const log: LogLine[] = [];
  const atHost: { src: number; hops: number; body: SosBody }[] = [];
  let phoneBle: SimBleScanner | null = null;
  const nodeHosted = (address: number, role: Provisioning["role"]) => {
    const ble = new SimBleScanner();
    if (role === "phone-ap") phoneBle = ble;
    const platform = simPlatform({
      time: scheduler, address, radio: medium.radio(address), provisioning: prov(address, role), log, ble,
      host: { deliver: (frame) => { const m = messageOf(parseFrame(frame)); if (m.header.type === 1) atHost.push({ src: m.header.src, hops: m.header.hops, body: m.body as SosBody }); }, answer: () => {}, listen: () => false },
    });
    const r = boot(platform, { censusIntervalS: 60 });
    t.true(r.ok);
  };

  const xs = await XsHosted.start(scheduler, medium);
  try {
    nodeHosted(1, "gateway");
    for (const id of [2, 3, 4]) t.deepEqual(await xs.boot(id, encodeProvisioning(prov(id, "relay")), id), { ok: true });
    nodeHosted(5, "phone-ap");
    await xs.run(8000);
    const routes = await Promise.all([2, 3, 4].map(async (id) => (await xs.stats(id)).route));
    t.deepEqual(routes, [{ via: 1, hops: 1 }, { via: 2, hops: 2 }, { via: 3, hops: 3 }], "XS relays learnt the gradient from Node's gateway");
    const adv = encodePhoneSos({ phone: 0xcafe0001, seq: 9, sos: { floor: 0, x: 100, y: 1, accuracy: 4, trapped: 5, injured: 2, attackers: 1, flags: ["explosion"] } });
    phoneBle!.hear({ address: Uint8Array.of(9, 9, 9, 9, 9, 9), rssi: -55, manufacturer: { company: COMPANY_ID, data: adv } });
    await xs.run(10_000);
    t.is(atHost.length, 1, JSON.stringify(xs.logs.filter((l) => l.level !== "info")));
    t.like(atHost[0], { src: 5, hops: 3, body: { trapped: 5, flags: ["explosion"], phone: { id: 0xcafe0001, seq: 9 } } });
    for (const id of [2, 3, 4]) t.true((await xs.stats(id)).stats.forwarded >= 1, `relay ${id} forwarded`);
    t.deepEqual(xs.logs.filter((l) => l.level !== "info"), []);
    t.true(xs.commands > 100);
  } finally {
    await xs.close();
  }
});

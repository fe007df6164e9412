/**
 * The router inside the XS engine: five nodes in a line (gateway 1, relays 2–4,
 * source 5) over the simulated scheduler and clock, an in-XS link layer where
 * each node hears only its line neighbours, and the JS HMAC. An SOS from node
 * 5 must cross the three relays to the gateway. Reports what arrived.
 */
import "../../sim/xs/xs-globals";
import type { LogLine } from "../../hal/sim/log";
import { LineRadio } from "../../sim/xs/line-radio";
import { Scheduler } from "../../sim/scheduler";
import { halOf, simPlatform } from "../../sim/platform";
import { DEFAULT_ROUTER, Router } from "../../forwarding/router";
import { MsgType } from "../../protocol/frame";
import type { SosBody } from "../../protocol/messages/sos";
import { report } from "../../sim/xs/report";

const scheduler = new Scheduler();
const KEY = new Uint8Array(32).fill(3);
const line: LineRadio[] = [];

const log: LogLine[] = [];
const delivered: { src: number; hops: number; at: number; body: SosBody }[] = [];
const routers: Router[] = [];
[1, 2, 3, 4, 5].forEach((address, i) => {
  const radio = new LineRadio(line, scheduler, i, address);
  const hal = halOf(simPlatform({ time: scheduler, address, radio, log }), KEY);
  const r = new Router({ ...DEFAULT_ROUTER, address, net: 2, role: address === 1 ? "gateway" : "relay", position: { floor: 0, x: i * 20, y: 0 } }, hal, [(e) => {
    if (e.kind !== "delivered") return;
    const m = e.message;
    if (address === 1 && m.header.type === MsgType.sos) delivered.push({ src: m.header.src, hops: m.header.hops, at: scheduler.now(), body: m.body as SosBody });
  }]);
  routers.push(r);
  r.start();
});

scheduler.run(6000);
const routes = routers.map((r) => r.route());
routers[4].originate(MsgType.sos, { floor: 0, x: 80, y: 0, accuracy: 4, trapped: 2, injured: 1, attackers: 1, flags: ["gunfire"] });
scheduler.run(7000);
report({ delivered, routes: routes.map((r) => (r ? { via: r.via, hops: r.hops } : null)), events: scheduler.executed });

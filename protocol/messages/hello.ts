/**
 * HELLO (type 0): a beacon announces itself and its way to the nearest gateway.
 * Fixed 15 bytes: role u8 (bit 7: busy, bit 6: full, bit 5: ask), gateway u16, gwHops u8, gwMetric
 * u16, gwSeq u16, battery u8, floor i8, x u16, y u16, orders u8. Node id is the frame's src.
 * SPEC.md §4.1.
 */
import { Writer, checkInt, u16At } from "../bytes";
import { badValue, nonCanonical } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { type SitePosition, checkXY, coordAt, exactLength, floorAt, writeSitePosition } from "./site-position";

export const ROLES = ["relay", "gateway", "camera", "phone-ap"] as const;
export type Role = (typeof ROLES)[number];

export interface GatewayRoute {
  /** address of the gateway this route leads to */
  gateway: number;
  hops: number;
  /** path cost in 1/16 expected transmissions (lower is better) */
  metric: number;
  /** the gateway's sequence number this route was learnt under (16 bits, wrapping): newer news of the way (SPEC §4.1) */
  seq: number;
}

export interface HelloBody extends SitePosition {
  role: Role;
  /** null while the node knows no way to a gateway */
  route: GatewayRoute | null;
  /** percent, null for mains power or unknown */
  battery: number | null;
  /** its queue is nearly full of life-safety frames: send it no routed frames until a HELLO without it (absent: not busy) */
  busy?: boolean;
  /** its queue is nearly full: send it no bulk frames until a HELLO without it (absent: not full) */
  full?: boolean;
  /** a digest of the responder orders it holds (0..255: SPEC §4.1): a neighbour holding others sends its own again soon */
  orders: number;
  /**
   * it asks for a newer number of this gateway than `seq` (Babel's seqno
   * request, SPEC §4.1): with a route, its route's gateway and number; with
   * none, those of a way it may not take (absent: asks nothing)
   */
  ask?: { gateway: number; seq: number };
}

/** bits 7, 6 and 5 of the role byte */
const BUSY = 0x80;
const FULL = 0x40;
const ASK = 0x20;

export const hello: BodyCodec<HelloBody> = {
  type: MsgType.hello,
  name: "hello",
  priority: Priority.telemetry,
  maxBody: 15,
  encode(b) {
    const w = new Writer(15);
    const role = ROLES.indexOf(b.role);
    if (role < 0) badValue("role must be one of " + ROLES.join(", "));
    const ask = b.ask;
    w.u8(role | (b.busy ? BUSY : 0) | (b.full ? FULL : 0) | (ask ? ASK : 0));
    if (b.route === null) {
      w.u16(ask ? checkInt(ask.gateway, 1, 0xfffd, "ask.gateway") : 0).u8(255).u16(0xffff).u16(ask ? checkInt(ask.seq, 0, 0xffff, "ask.seq") : 0);
    } else {
      if (ask && (ask.gateway !== b.route.gateway || ask.seq !== b.route.seq)) badValue("ask with a route names its gateway and seq");
      w.u16(checkInt(b.route.gateway, 1, 0xfffd, "route.gateway"));
      w.u8(checkInt(b.route.hops, 0, 15, "route.hops"));
      w.u16(checkInt(b.route.metric, 0, 0xfffe, "route.metric"));
      w.u16(checkInt(b.route.seq, 0, 0xffff, "route.seq"));
    }
    w.u8(b.battery === null ? 255 : checkInt(b.battery, 0, 100, "battery"));
    writeSitePosition(w, b);
    w.u8(checkInt(b.orders, 0, 255, "orders"));
    return w.view();
  },
  decode(b, s, e) {
    exactLength(s, e, 15, "hello");
    const roleCode = b[s] & 0x1f, ask = b[s] & ASK;
    if (roleCode >= ROLES.length) badValue("unknown role " + roleCode);
    const gateway = u16At(b, s + 1), hops = b[s + 3], metric = u16At(b, s + 4), seq = u16At(b, s + 6);
    let route: GatewayRoute | null = null;
    if (ask && hops === 255 && metric === 0xffff) {
      // No route, asking: the gateway and number of a way it may not take.
      if (gateway === 0 || gateway >= 0xfffe) badValue("ask names no gateway");
    } else if (gateway === 0) {
      if (hops !== 255 || metric !== 0xffff || seq !== 0) nonCanonical("no route must read hops 255, metric 0xFFFF, seq 0");
    } else {
      if (gateway >= 0xfffe) badValue("gateway is not a node address");
      if (hops > 15 || metric === 0xffff) badValue("route hops or metric out of range");
      route = { gateway, hops, metric, seq };
    }
    const bat = b[s + 8];
    if (bat > 100 && bat !== 255) badValue("battery over 100 %");
    const x = coordAt(b, s + 10), y = coordAt(b, s + 12);
    checkXY(x, y);
    const body: HelloBody = { role: ROLES[roleCode], route, battery: bat === 255 ? null : bat, floor: floorAt(b, s + 9), x, y, orders: b[s + 14] };
    if (b[s] & BUSY) body.busy = true;
    if (b[s] & FULL) body.full = true;
    if (ask) body.ask = { gateway, seq };
    return body;
  },
};

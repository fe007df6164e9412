/**
 * `d2d demo`: one pass through what the protocol carries, with the real codec
 * and real MICs: a phone's SOS heard over BLE, re-originated by a beacon,
 * relayed three hops to a gateway and acknowledged; a responder instruction
 * back; a census; a camera's image fragmented, partly lost, repaired by a
 * selective ACK, and reassembled. Prints what an engineer would check.
 */
import { toHex } from "../protocol/bytes";
import { Addr, MsgType, Priority, relayCopy, type FrameHeader, type MacFunction } from "../protocol/frame";
import { Reassembler, mediaCapacity, mediaKey, missingFromAck, splitMedia } from "../protocol/fragment";
import { decodeMessage, encodeMessage, messageToJson } from "../protocol/message";
import type { MediaBody } from "../protocol/messages/media";
import { COMPANY_ID, decodePhoneSos, encodePhoneSos, sosFromPhone } from "../protocol/phone-adv";
import { rng } from "./lib/mutate";

const NET = 3;

export function runDemo(mac: MacFunction): string[] {
  const out: string[] = [];
  const say = (s = "") => out.push(s);
  const hdr = (type: number, src: number, seq: number, extra: Partial<FrameHeader> = {}): FrameHeader => ({
    type, priority: Priority.telemetry, hopLimit: 8, hops: 0, net: NET, ack: false, src, dst: Addr.anyGateway, seq, ...extra,
  });

  say("1. A phone on floor -1 advertises an SOS over BLE (no key, no MIC)");
  const adv = encodePhoneSos({
    phone: 0x9a3c5e71, seq: 4,
    sos: { floor: -1, x: 3.2, y: 77.9, accuracy: 6, trapped: null, injured: 2, attackers: null, flags: ["medical", "immobile"] },
  });
  say(`   manufacturer data: company 0x${COMPANY_ID.toString(16)} + ${adv.length} bytes: ${toHex(adv)}`);
  say(`   legacy advertisement used: ${3 + 4 + adv.length} of 31 bytes`);

  say("2. Beacon 0x0211 hears it at -71 dBm and re-originates it into the mesh under its own MIC");
  const heard = decodePhoneSos(adv);
  let frame = encodeMessage(hdr(MsgType.sos, 0x0211, 1000, { priority: Priority.lifeSafety, ack: true }), sosFromPhone(heard, -71), mac);
  say(`   ${frame.length} bytes: ${toHex(frame)}`);
  for (let i = 0; i < 3; i++) frame = relayCopy(frame, mac);
  const atGateway = decodeMessage(frame, mac);
  say("3. Three relays later the gateway authenticates and decodes it:");
  say("   " + JSON.stringify(messageToJson(atGateway)));
  const ack = encodeMessage(
    hdr(MsgType.ack, 0x0001, 77, { dst: 0x0211, priority: Priority.lifeSafety }),
    { kind: "frames", ref: 0, base: atGateway.header.seq, bitmap: 0 }, mac);
  say(`   gateway 0x0001 acknowledges: ${ack.length}-byte ACK ${toHex(ack)}`);

  say("4. Responders broadcast an instruction to the whole site (8-byte MIC)");
  const instr = encodeMessage(
    hdr(MsgType.instruction, 0x0001, 78, { dst: Addr.broadcast, priority: Priority.instruction, hopLimit: 10 }),
    { id: 12, action: "evacuate", zone: 4, via: 2, text: "Use the north exit, stairs B" }, mac);
  say(`   ${instr.length} bytes: ${JSON.stringify(messageToJson(decodeMessage(instr, mac)).body)}`);

  say("5. A beacon reports its device census");
  const census = encodeMessage(hdr(MsgType.census, 0x0005, 9), {
    count: 57, window: 60, devices: Array.from({ length: 20 }, (_, i) => ({ id: 0x51000000 + i * 7919, rssi: -55 - i })),
  }, mac);
  say(`   57 devices heard, 20 listed: ${census.length} bytes in one frame`);

  say("6. Camera 0x0c01 sends a 20 000-byte JPEG; 15 % of fragments are lost on the first pass");
  const jpeg = new Uint8Array(20_000);
  const rand = rng(2026);
  for (let i = 0; i < jpeg.length; i++) jpeg[i] = Math.floor(rand() * 256);
  const mh = hdr(MsgType.media, 0x0c01, 2000, { priority: Priority.bulk });
  const parts = splitMedia(1, "image", 0, jpeg, mediaCapacity(mh));
  const frames = parts.map((b, i) => encodeMessage({ ...mh, seq: mh.seq + i }, b, mac));
  say(`   ${frames.length} MEDIA frames of up to ${Math.max(...frames.map((f) => f.length))} bytes, ${mediaCapacity(mh)} bytes of image each`);
  const r = new Reassembler();
  const key = mediaKey(0x0c01, 1, "image", 0);
  const deliver = (f: Uint8Array) => {
    const m = decodeMessage(f, mac);
    const b = m.body as MediaBody;
    return r.add(mediaKey(m.header.src, b.stream, b.kind, b.frame), m.header.src, b.index, b.count, b.data, 0, mediaCapacity(mh));
  };
  let done: Uint8Array | undefined;
  let lost = 0;
  for (const f of frames) {
    if (rand() < 0.15) { lost++; continue; }
    const res = deliver(f);
    if (res.status === "complete") done = res.data;
  }
  let rounds = 0, resent = 0;
  while (!done) {
    const p = r.progress(key)!;
    rounds++;
    for (const i of missingFromAck(p.base, p.bitmap, p.count)) {
      resent++;
      const res = deliver(frames[i]);
      if (res.status === "complete") done = res.data;
    }
  }
  const intact = done.length === jpeg.length && done.every((b, i) => b === jpeg[i]);
  say(`   lost ${lost}; ${rounds} selective ACK round(s) resent ${resent}; image ${intact ? "intact" : "CORRUPT"} (${done.length} bytes)`);
  return out;
}

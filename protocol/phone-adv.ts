/**
 * The phone's SOS as a BLE legacy advertisement (manufacturer-specific data,
 * after the 2-byte company id). Phones hold no network key, so this carries
 * no MIC; a beacon that hears it re-originates it into the mesh as an SOS
 * with the FROM_PHONE flag, the phone's id and seq, and the RSSI it heard,
 * under the beacon's own MIC. SPEC.md §5.
 *
 *   0      marker 0xD2
 *   1      version (2 bits, = 1) | kind (6 bits, 1 = SOS)
 *   2..5   phone id u32
 *   6      phone seq u8
 *   7..16  SOS core (10 bytes, FROM_PHONE bit clear)
 */
import { Reader, Writer, checkInt, u32At } from "./bytes";
import { badValue, fail, trailingBytes, truncated } from "./errors";
import { type SosBody, FROM_PHONE, SOS_CORE_BYTES, sosCoreAt, writeSosCore } from "./messages/sos";
import { ACTIONS, type InstructionBody, actionCode } from "./messages/instruction";
import { SITE_POSITION_BYTES, checkXY, coordAt, floorAt, writeSitePosition } from "./messages/site-position";

/** Bluetooth SIG "no company / testing" id, used until the programme has its own. */
export const COMPANY_ID = 0xffff;
export const PHONE_ADV_MARKER = 0xd2;
export const PHONE_ADV_VERSION = 1;
export const PhoneAdvKind = { sos: 1, beacon: 2 } as const;
export const PHONE_SOS_BYTES = 7 + SOS_CORE_BYTES;

export interface PhoneSos {
  phone: number;
  seq: number;
  sos: Omit<SosBody, "phone">;
}

export function encodePhoneSos(p: PhoneSos): Uint8Array {
  const w = new Writer(PHONE_SOS_BYTES);
  w.u8(PHONE_ADV_MARKER);
  w.u8((PHONE_ADV_VERSION << 6) | PhoneAdvKind.sos);
  w.u32(checkInt(p.phone, 0, 0xffffffff, "phone"));
  w.u8(checkInt(p.seq, 0, 255, "seq"));
  writeSosCore(w, p.sos as SosBody, 0);
  return w.view();
}

export function decodePhoneSos(bytes: Uint8Array): PhoneSos {
  // Fixed offsets (the layout above), each field's length checked before it is read; no Reader: the
  // device decodes nothing else with one.
  const n = bytes.length;
  if (n < 1) truncated("marker");
  if (bytes[0] !== PHONE_ADV_MARKER) badValue("not a D2D phone advertisement");
  if (n < 2) truncated("version/kind");
  const vk = bytes[1];
  if (vk >> 6 !== PHONE_ADV_VERSION) fail("unknownVersion", "phone advertisement version " + (vk >> 6));
  if ((vk & 63) !== PhoneAdvKind.sos) fail("unknownType", "phone advertisement kind " + (vk & 63));
  if (n < 6) truncated("phone");
  if (n < 7) truncated("seq");
  if (n < PHONE_SOS_BYTES) truncated("SOS");
  if (bytes[16] & FROM_PHONE) badValue("a phone cannot claim to be relayed");
  const sos = sosCoreAt(bytes, 7);
  if (n > PHONE_SOS_BYTES) trailingBytes("phone SOS");
  return { phone: u32At(bytes, 2), seq: bytes[6], sos };
}

/**
 * What a phone access point advertises to the phones around it (kind 2): its
 * fixed position, so an app can place itself, and the latest responder
 * instruction it has, if any. 9 bytes, or 18 with an instruction.
 *
 *   0 marker 0xD2   1 version | kind 2   2..3 beacon address u16
 *   4 floor i8      5..6 x dm u16        7..8 y dm u16
 *   [9..12 instruction id u32   13 action   14..15 zone u16   16..17 via u16, 0xFFFF = none]
 */
export interface BeaconInfo {
  beacon: number;
  floor: number | null;
  x: number | null;
  y: number | null;
  instruction?: { id: number; action: InstructionBody["action"]; zone: number; via?: number };
}

export function encodeBeaconInfo(b: BeaconInfo): Uint8Array {
  const w = new Writer(b.instruction ? 18 : 9);
  w.u8(PHONE_ADV_MARKER);
  w.u8((PHONE_ADV_VERSION << 6) | PhoneAdvKind.beacon);
  w.u16(checkInt(b.beacon, 1, 0xfffd, "beacon"));
  writeSitePosition(w, b);
  if (b.instruction) {
    const i = b.instruction;
    const action = actionCode(i.action);
    w.u32(checkInt(i.id, 0, 0xffffffff, "instruction.id"));
    w.u8(action);
    w.u16(checkInt(i.zone, 0, 0xffff, "instruction.zone"));
    w.u16(i.via === undefined ? 0xffff : checkInt(i.via, 0, 0xfffe, "instruction.via"));
  }
  return w.view();
}

export function decodeBeaconInfo(bytes: Uint8Array): BeaconInfo {
  const r = new Reader(bytes);
  if (r.u8("marker") !== PHONE_ADV_MARKER) badValue("not a D2D advertisement");
  const vk = r.u8("version/kind");
  if (vk >> 6 !== PHONE_ADV_VERSION) fail("unknownVersion", "advertisement version " + (vk >> 6));
  if ((vk & 63) !== PhoneAdvKind.beacon) fail("unknownType", "advertisement kind " + (vk & 63));
  const beacon = r.u16("beacon");
  if (beacon === 0 || beacon >= 0xfffe) badValue("beacon is not a node address");
  r.need(SITE_POSITION_BYTES, "position");
  const x = coordAt(bytes, r.pos + 1), y = coordAt(bytes, r.pos + 3);
  checkXY(x, y);
  const out: BeaconInfo = { beacon, floor: floorAt(bytes, r.pos), x, y };
  r.pos += SITE_POSITION_BYTES;
  if (r.remaining > 0) {
    r.need(9, "instruction");
    const id = r.u32("instruction.id");
    const action = r.u8("instruction.action");
    if (action >= ACTIONS.length) badValue("unknown action " + action);
    const zone = r.u16("instruction.zone");
    const via = r.u16("instruction.via");
    out.instruction = { id, action: ACTIONS[action], zone };
    if (via !== 0xffff) out.instruction.via = via;
  }
  r.done("beacon advertisement");
  return out;
}

/** The SOS body a beacon sends into the mesh for a phone it heard at `rssi` dBm. */
export function sosFromPhone(p: PhoneSos, rssi: number): SosBody {
  return { ...p.sos, phone: { id: p.phone, seq: p.seq, rssi: clampRssi(rssi) } };
}

/** dBm rounded and held to a signed byte (-128 … 127), as frames carry it. */
export function clampRssi(rssi: number): number {
  return Math.max(-128, Math.min(127, Math.round(rssi)));
}

export { FROM_PHONE };

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
import { Reader, Writer, checkInt } from "./bytes";
import { fail } from "./errors";
import { type SosBody, FROM_PHONE, SOS_CORE_BYTES, sosCoreAt, writeSosCore } from "./messages/sos";

/** Bluetooth SIG "no company / testing" id, used until the programme has its own. */
export const COMPANY_ID = 0xffff;
export const PHONE_ADV_MARKER = 0xd2;
export const PHONE_ADV_VERSION = 1;
export const PhoneAdvKind = { sos: 1 } as const;
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
  const r = new Reader(bytes);
  if (r.u8("marker") !== PHONE_ADV_MARKER) fail("badValue", "not a D2D phone advertisement");
  const vk = r.u8("version/kind");
  if (vk >> 6 !== PHONE_ADV_VERSION) fail("unknownVersion", "phone advertisement version " + (vk >> 6));
  if ((vk & 63) !== PhoneAdvKind.sos) fail("unknownType", "phone advertisement kind " + (vk & 63));
  const phone = r.u32("phone");
  const seq = r.u8("seq");
  r.need(SOS_CORE_BYTES, "SOS");
  if (bytes[r.pos + 9] & FROM_PHONE) fail("badValue", "a phone cannot claim to be relayed");
  const sos = sosCoreAt(bytes, r.pos);
  r.pos += SOS_CORE_BYTES;
  r.done("phone SOS");
  return { phone, seq, sos };
}

/** The SOS body a beacon sends into the mesh for a phone it heard at `rssi` dBm. */
export function sosFromPhone(p: PhoneSos, rssi: number): SosBody {
  return { ...p.sos, phone: { id: p.phone, seq: p.seq, rssi: Math.max(-128, Math.min(127, Math.round(rssi))) } };
}

export { FROM_PHONE };

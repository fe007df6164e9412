/**
 * DEVICE_CENSUS (type 2): how many distinct devices a beacon heard, and a
 * bounded sample of them. CBOR map: 0 count, 1 window (s), 2 devices as one
 * byte string of 5-byte entries (id u32, rssi i8). SPEC.md §4.3.
 */
import { Writer, checkInt, u32At } from "../bytes";
import { CborReader, encodeBodyMap } from "../cbor";
import { badValue, fail, nonCanonical, overLimit } from "../errors";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";

/** Entries per census message: keeps one census inside one 250-byte frame. */
export const CENSUS_MAX_DEVICES = 40;
const ENTRY = 5;

export interface CensusDevice {
  /** short device id: 32 bits of the device's identity hash or its app id */
  id: number;
  /** dBm */
  rssi: number;
}

export interface CensusBody {
  /** distinct devices heard in the window (may exceed the list) */
  count: number;
  /** seconds the count covers */
  window: number;
  devices: CensusDevice[];
}

export const census: BodyCodec<CensusBody> = {
  type: MsgType.census,
  name: "census",
  priority: Priority.telemetry,
  maxBody: 240,
  encode(b) {
    if (!Array.isArray(b.devices)) badValue("devices must be a list");
    const n = b.devices.length;
    if (n > CENSUS_MAX_DEVICES) overLimit(`${n} devices is over ${CENSUS_MAX_DEVICES}; send several censuses`);
    checkInt(b.count, n, 0xffffffff, "count (at least the number of devices listed)");
    const w = new Writer(n * ENTRY);
    for (let i = 0; i < n; i++) {
      const d = b.devices[i];
      w.u32(checkInt(d.id, 0, 0xffffffff, `devices[${i}].id`));
      w.u8(checkInt(d.rssi, -128, 127, `devices[${i}].rssi`) & 0xff);
    }
    return encodeBodyMap([b.count, checkInt(b.window, 0, 0xffff, "window"), n > 0 ? w.view() : undefined]);
  },
  decode(b, s, e) {
    const r = new CborReader(b, s, e);
    const n = r.mapLength("census");
    let count = -1, window = -1, key = -1;
    let packed: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      key = r.key(key);
      if (key === 0) count = r.uint(0xffffffff, "count");
      else if (key === 1) window = r.uint(0xffff, "window");
      else if (key === 2) packed = r.bytes("devices");
      else r.skip();
    }
    r.finish("census");
    if (count < 0) badValue("missing count (key 0)");
    if (window < 0) badValue("missing window (key 1)");
    const devices: CensusDevice[] = [];
    if (packed) {
      if (packed.length === 0) nonCanonical("empty device list must be left out");
      if (packed.length % ENTRY !== 0) fail("badLength", "device list is not a whole number of entries");
      if (packed.length > CENSUS_MAX_DEVICES * ENTRY) overLimit("more than " + CENSUS_MAX_DEVICES + " devices");
      for (let p = 0; p < packed.length; p += ENTRY) {
        devices.push({
          id: u32At(packed, p),
          rssi: (packed[p + 4] << 24) >> 24,
        });
      }
    }
    if (count < devices.length) badValue("count below the number of devices listed");
    return { count, window, devices };
  },
};

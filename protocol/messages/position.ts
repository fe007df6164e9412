/**
 * POSITION (type 3): where one device is. Fixed 10 bytes: device u32,
 * floor i8, x u16, y u16, accuracy u8 (metres, 255 = unknown). SPEC.md §4.4.
 */
import { Writer, checkInt, u32At } from "../bytes";
import { MsgType, Priority } from "../frame";
import type { BodyCodec } from "./codec";
import { type SitePosition, checkXY, coordAt, countOf, exactLength, floorAt, writeCount, writeSitePosition } from "./site-position";

export interface PositionBody extends SitePosition {
  /** short device id (see DEVICE_CENSUS) */
  device: number;
  accuracy: number | null;
}

export const position: BodyCodec<PositionBody> = {
  type: MsgType.position,
  name: "position",
  priority: Priority.telemetry,
  maxBody: 10,
  encode(b) {
    const w = new Writer(10);
    w.u32(checkInt(b.device, 0, 0xffffffff, "device"));
    writeSitePosition(w, b);
    writeCount(w, b.accuracy, "accuracy");
    return w.view();
  },
  decode(b, s, e) {
    exactLength(s, e, 10, "position");
    const x = coordAt(b, s + 5), y = coordAt(b, s + 7);
    checkXY(x, y);
    return {
      device: u32At(b, s),
      floor: floorAt(b, s + 4),
      x,
      y,
      accuracy: countOf(b[s + 9]),
    };
  },
};

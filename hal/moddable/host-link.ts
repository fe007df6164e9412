/**
 * The gateway's host link: each delivered frame as one line on the serial
 * console, `D2D <rssi> <hex>`, which the responders' bridge reads over USB.
 */
import { toHex } from "../../protocol/bytes";
import type { HostLink } from "../host-link";

export const serialHostLink: HostLink = {
  deliver(frame, rssi) {
    trace(`D2D ${rssi} ${toHex(frame)}\n`);
  },
};

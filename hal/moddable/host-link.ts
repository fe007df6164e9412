/**
 * The gateway's host link on the device: the board's host UART (the USB
 * bridge on UART 0 by default) through ECMA-419 `embedded:io/serial`, carrying
 * `D2D <rssi> <hex>` lines out and the host's lines in (SPEC.md §12).
 *
 * Rules (from the Moddable SDK 8.2.x sources):
 * - A debug build (mcconfig -d) gives UART 0 to xsbug: its debugger task reads
 *   every byte the host sends, and trace() output goes out framed for xsbug
 *   (`<?xs.…?>` then `<xsbug><log>…</log></xsbug>`). There the link sends
 *   frames with trace() and takes nothing in, and says so once at boot.
 * - A release build has no console (ESP_putc is a no-op, trace() prints
 *   nothing), so the UART is free: the link opens it.
 * - An instrumented build (-i) installs the UART 0 driver for its console, so
 *   opening UART 0 fails ("in use"): the link falls back as in a debug build,
 *   with plain trace() lines, unless the board names another UART.
 * The build kind comes from the C preprocessor (build-kind.c), not a guess.
 */
import Serial from "embedded:io/serial";
import buildKind from "build-kind";
import type { HostLink } from "../host-link";
import type { Log } from "../log";
import { HEX, SerialHostLink } from "./serial-host-link";

export interface HostUart {
  port?: number;
  transmit?: number;
  receive?: number;
  baud?: number;
}

/** ESP32 UART 0 on its USB bridge pins (M5Stack Core2, DevKitC); a board config's d2d.host overrides. */
export const DEFAULT_HOST_UART = { port: 0, transmit: 1, receive: 3, baud: 921600 };

/** Frames out as trace() lines (`D2D <rssi> <hex>`, SPEC §12); nothing in. */
export const traceHostLink: HostLink = {
  deliver(frame, rssi) {
    let hex = "";
    for (let i = 0; i < frame.length; i++) hex += HEX[frame[i] >> 4] + HEX[frame[i] & 15];
    trace(`D2D ${Math.round(rssi)} ${hex}\n`);
  },
  answer(line) {
    trace(line + "\n");
  },
  listen() {
    return false;
  },
};

const AS_TRACE = "; frames go out as trace lines, no instructions from the host";

/** Opens the gateway's host link for this build; logs once what it carries. */
export function openHostLink(uart: HostUart | undefined, log: Log): HostLink {
  const kind = buildKind();
  if (kind === "debug") {
    log.warn(`d2d: host link: debug build: the serial port is xsbug's${AS_TRACE} (build without -d)`);
    return traceHostLink;
  }
  const u = { ...DEFAULT_HOST_UART, ...uart };
  const link = new SerialHostLink();
  try {
    link.port = new Serial({
      port: u.port, transmit: u.transmit, receive: u.receive, baud: u.baud,
      onReadable() { link.readable(); },
      onWritable(count) { link.writable(count); },
    });
  } catch (e) {
    log.warn(`d2d: host link: ${kind} build: UART ${u.port} failed (${String(e)})${AS_TRACE}`);
    return traceHostLink;
  }
  log.info(`d2d: host link on UART ${u.port} at ${u.baud} baud (${kind} build)`);
  return link;
}

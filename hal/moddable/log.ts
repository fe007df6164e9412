/** Log lines on the serial console. */
import type { Log } from "../log";

export const consoleLog: Log = {
  info: (m) => trace(`I ${m}\n`),
  warn: (m) => trace(`W ${m}\n`),
  error: (m) => trace(`E ${m}\n`),
};

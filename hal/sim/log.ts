/** Log lines collected with their simulated time, for reports and tests. */
import type { Log } from "../log";

export interface LogLine { t: number; node: number; level: "info" | "warn" | "error"; message: string }

export class SimLog implements Log {
  constructor(private readonly lines: LogLine[], private readonly node: number, private readonly now: () => number, private readonly max = 10_000) {}
  private push(level: LogLine["level"], message: string): void {
    if (this.lines.length < this.max) this.lines.push({ t: this.now(), node: this.node, level, message });
  }
  info(m: string): void { this.push("info", m); }
  warn(m: string): void { this.push("warn", m); }
  error(m: string): void { this.push("error", m); }
}

/** Diagnostic lines (the serial console on the device). */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Random numbers for backoff and jitter (the ESP32's RNG on the device; seeded in simulation). */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
}

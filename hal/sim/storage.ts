/**
 * Storage in memory with the device's limits, kept across a simulated reboot.
 * Out-of-limit keys and values throw a RangeError, as Moddable's Preference does on the device.
 */
import { type KeyValueStore, STORAGE_KEY_MAX, STORAGE_VALUE_MAX } from "../storage";

export class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    const v = this.data.get(key);
    return v && v.slice();
  }

  set(key: string, value: Uint8Array): void {
    if (key.length === 0 || key.length > STORAGE_KEY_MAX) throw new RangeError(`storage key must be 1..${STORAGE_KEY_MAX} characters`);
    if (value.length > STORAGE_VALUE_MAX) throw new RangeError(`storage value over ${STORAGE_VALUE_MAX} bytes`);
    this.data.set(key, value.slice());
  }

  delete(key: string): void {
    this.data.delete(key);
  }
}

/**
 * Key-value storage that survives a reboot (NVS through Moddable's
 * `preference` on the device: keys ≤ 15 characters, values ≤ 4000 bytes).
 */
export const STORAGE_KEY_MAX = 15;
export const STORAGE_VALUE_MAX = 4000;

export interface KeyValueStore {
  get(key: string): Uint8Array | undefined;
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
}

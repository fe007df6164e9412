/** KeyValueStore over Moddable's Preference (NVS), in the "d2d" domain. */
import Preference from "preference";
import type { KeyValueStore } from "../storage";

const DOMAIN = "d2d";

export class PreferenceStore implements KeyValueStore {
  get(key: string): Uint8Array | undefined {
    const v = Preference.get(DOMAIN, key);
    return v instanceof ArrayBuffer ? new Uint8Array(v) : undefined;
  }

  set(key: string, value: Uint8Array): void {
    Preference.set(DOMAIN, key, value.slice().buffer as ArrayBuffer);
  }

  delete(key: string): void {
    Preference.delete(DOMAIN, key);
  }
}

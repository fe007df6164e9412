/**
 * The BLE side a beacon has, for builds with the BLE client (scanning): every
 * role but the gateway scans for phones. Boards built as phone access points
 * map this module to ble-platform-server.ts instead (one BLE role per app).
 */
import type { BleAdvertiser, BleScanner } from "../ble";
import { ModdableBleScanner } from "./ble";

/** role: the provisioned role ("relay", "gateway", "camera", "phone-ap"; firmware/provisioning.ts). */
export function blePlatform(role: string, enabled: boolean): { ble?: BleScanner; advertiser?: BleAdvertiser } {
  return enabled && role !== "gateway" ? { ble: new ModdableBleScanner() } : {};
}

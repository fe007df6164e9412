/**
 * The BLE side a beacon has, for builds with the BLE client (scanning): every
 * role but the gateway scans for phones. Boards built as phone access points
 * map this module to ble-platform-server.ts instead (one BLE role per app).
 */
import type { BleAdvertiser, BleScanner } from "../ble";
import type { Role } from "../../protocol/messages/hello";
import { ModdableBleScanner } from "./ble";

export function blePlatform(role: Role, enabled: boolean): { ble?: BleScanner; advertiser?: BleAdvertiser } {
  return enabled && role !== "gateway" ? { ble: new ModdableBleScanner() } : {};
}

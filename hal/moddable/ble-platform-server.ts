/**
 * The BLE side for builds with the BLE server (phone access points): the
 * access point advertises to phones; it does not scan.
 */
import type { BleAdvertiser, BleScanner } from "../ble";
import type { Role } from "../../protocol/messages/hello";
import { ModdableBleAdvertiser } from "./ble-advertiser";

export function blePlatform(role: Role, enabled: boolean): { ble?: BleScanner; advertiser?: BleAdvertiser } {
  return enabled && role === "phone-ap" ? { advertiser: new ModdableBleAdvertiser() } : {};
}

/**
 * The BLE side for builds with the BLE server (phone access points): the
 * access point advertises to phones; it does not scan.
 */
import type { BleAdvertiser, BleScanner } from "../ble";
import { ModdableBleAdvertiser } from "./ble-advertiser";

/** role: the provisioned role ("relay", "gateway", "camera", "phone-ap"; firmware/provisioning.ts). */
export function blePlatform(role: string, enabled: boolean): { ble?: BleScanner; advertiser?: BleAdvertiser } {
  return enabled && role === "phone-ap" ? { advertiser: new ModdableBleAdvertiser() } : {};
}

/**
 * Scanning for phones with Moddable's BLEClient (passive, duplicates on: the
 * census wants every sighting). A beacon is a BLE client only: the classic API
 * is client or server per app, and beacons never serve GATT.
 */
import { BLEClient } from "bleclient";
import type { Client } from "gatt";
import type { BleAdvertisement, BleScanner } from "../ble";

export class ModdableBleScanner extends BLEClient implements BleScanner {
  onAdvertisement: ((adv: BleAdvertisement) => void) | null = null;
  private ready = false;
  private wanted = false;

  override onReady(): void {
    this.ready = true;
    if (this.wanted) this.start();
  }

  start(): void {
    this.wanted = true;
    if (this.ready) this.startScanning({ active: false, duplicates: true, filterPolicy: 0 as never, interval: 0x50, window: 0x30 });
  }

  stop(): void {
    this.wanted = false;
    if (this.ready) this.stopScanning();
  }

  override onDiscovered(device: Client): void {
    // Absent when the advertisement carries no manufacturer data, whatever the typings say.
    const m = device.scanResponse.manufacturerSpecific as { identifier: string | number; data: number[] } | undefined;
    this.onAdvertisement?.({
      address: new Uint8Array(device.address),
      rssi: device.rssi,
      manufacturer: m ? { company: Number(m.identifier), data: Uint8Array.from(m.data) } : undefined,
    });
  }
}

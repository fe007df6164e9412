/** Advertising to phones with Moddable's BLEServer (legacy advertising, manufacturer data). */
import { BLEServer } from "bleserver";
import type { BleAdvertiser } from "../ble";

export class ModdableBleAdvertiser extends BLEServer implements BleAdvertiser {
  private ready = false;
  private pending: { company: number; data: Uint8Array } | null = null;

  override onReady(): void {
    this.ready = true;
    if (this.pending) this.advertise(this.pending.company, this.pending.data);
  }

  advertise(company: number, data: Uint8Array): void {
    this.pending = { company, data };
    if (!this.ready) return;
    this.stopAdvertising();
    this.startAdvertising({ advertisingData: { flags: 6, manufacturerSpecific: { identifier: company, data: Array.from(data) } } } as never);
  }

  stop(): void {
    this.pending = null;
    if (this.ready) this.stopAdvertising();
  }
}

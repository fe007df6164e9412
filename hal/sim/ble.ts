/**
 * A beacon's BLE scanner on the desktop: the simulator or a test hands it the
 * advertisements the beacon hears; the firmware gets them while it scans
 * (between its start() and stop()).
 */
import type { BleAdvertisement, BleScanner } from "../ble";

export class SimBleScanner implements BleScanner {
  onAdvertisement: ((adv: BleAdvertisement) => void) | null = null;
  scanning = false;

  start(): void {
    this.scanning = true;
  }

  stop(): void {
    this.scanning = false;
  }

  /** Whether the firmware is scanning with a handler, i.e. would take an advertisement now. */
  get listening(): boolean {
    return this.scanning && this.onAdvertisement !== null;
  }

  /** An advertisement heard on air: to the firmware if it is listening. */
  hear(adv: BleAdvertisement): void {
    if (this.scanning) this.onAdvertisement?.(adv);
  }
}

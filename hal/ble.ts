/**
 * The BLE side of a beacon: scanning for phones' advertisements (census,
 * phone SOS). On the device, Moddable's BLEClient; the classic BLE API is
 * client or server per app, so beacons scan and never serve GATT.
 */
export interface BleAdvertisement {
  /** the advertiser's BLE address, 6 bytes */
  address: Uint8Array;
  rssi: number;
  /** manufacturer-specific data, if any: company id and the bytes after it */
  manufacturer?: { company: number; data: Uint8Array };
}

export interface BleScanner {
  /** set by the firmware: called for each advertisement heard */
  onAdvertisement: ((adv: BleAdvertisement) => void) | null;
  start(): void;
  stop(): void;
}

/**
 * Advertising to phones (a phone access point). On the device, Moddable's
 * BLEServer: such a beacon does not scan (one BLE role per app).
 */
export interface BleAdvertiser {
  /** Replaces what is advertised: manufacturer-specific data after the company id. */
  advertise(company: number, data: Uint8Array): void;
  stop(): void;
}

/**
 * The phone access point: a BLE server that tells the phones around it where
 * it is (so an app can place itself) and the latest responder instruction it
 * has received (so people see it even with no network).
 */
import type { BleAdvertiser } from "../../hal/ble";
import type { InstructionBody } from "../../protocol/messages/instruction";
import type { SitePosition } from "../../protocol/messages/site-position";
import { COMPANY_ID, encodeBeaconInfo, type BeaconInfo } from "../../protocol/phone-adv";

export class PhoneAccessPoint {
  private latest: InstructionBody | null = null;

  constructor(private readonly advertiser: BleAdvertiser, private readonly address: number, private readonly position: SitePosition) {}

  start(): void {
    this.advertise();
  }

  /** A responder instruction the mesh delivered: advertised if newer than the one advertised. */
  instruction(body: InstructionBody): void {
    if (this.latest && body.id <= this.latest.id) return;
    this.latest = body;
    this.advertise();
  }

  private advertise(): void {
    const info: BeaconInfo = { beacon: this.address, ...this.position };
    const l = this.latest;
    if (l) {
      info.instruction = { id: l.id, action: l.action, zone: l.zone };
      if (l.via !== undefined) info.instruction.via = l.via;
    }
    this.advertiser.advertise(COMPANY_ID, encodeBeaconInfo(info));
  }
}

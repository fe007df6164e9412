/**
 * The beacon's entry point on the ESP32: the device HAL, the board's settings
 * (mc/config, from boards/), then boot(). Built by mcconfig from manifest.json.
 */
import config from "mc/config";
import ESPNow from "espnow";
import TextDecoder from "text/decoder";
import { EspNowRadio, limitsFrom } from "../hal/moddable/radio";
import { ModdableClock } from "../hal/moddable/clock";
import { PreferenceStore } from "../hal/moddable/storage";
import { moddableCrypto } from "../hal/moddable/crypto";
import { consoleLog } from "../hal/moddable/log";
import { blePlatform } from "../hal/moddable/ble-platform";
import { openHostLink, type HostUart } from "../hal/moddable/host-link";
import { moddableMemory } from "../hal/moddable/memory";
import { cameraPlatform } from "../hal/moddable/camera-platform";
import { MAX_OBJECT_BYTES } from "../protocol/fragment";
import { useTextDecoder } from "../protocol/utf8";
import { adoptProvisioning, loadProvisioning } from "./provisioning";
import { start } from "./app";

// Text on the air is decoded by Moddable's native TextDecoder (modules/data/text/decoder): no global of it here.
useTextDecoder(TextDecoder);
const storage = new PreferenceStore();
// First boot after `mcconfig ... provision=<hex>` (see `d2d provision`): adopt the record once.
const offered = (config as { provision?: string }).provision;
if (offered) {
  const adopted = adoptProvisioning(storage, offered);
  consoleLog.info(`d2d: provisioning from the build: ${adopted}`);
}
const loaded = loadProvisioning(storage);
if (!loaded.ok) {
  consoleLog.error(`d2d: ${loaded.reason}; radio off until provisioned`);
} else {
  const { prov } = loaded;
  const d2d = (config as { d2d?: { channel?: number; country?: string; txPowerDbm?: number; ble?: boolean; captureIntervalS?: number; censusIntervalS?: number; pins?: { camera?: unknown }; host?: HostUart } }).d2d ?? {};
  const clock = new ModdableClock();
  const limits: number[] = [];
  ESPNow.limits(limits);
  let radio: EspNowRadio | undefined;
  try {
    // Country "01" is ESP-IDF's world-safe default (channels 1..11); a site sets its own in the board config.
    const native = new ESPNow(prov.address, d2d.channel ?? 1, d2d.country ?? "01", Math.round((d2d.txPowerDbm ?? 8) * 4));
    radio = new EspNowRadio(native, limitsFrom(limits), clock);
  } catch (e) {
    consoleLog.error(`d2d: radio failed to start (${String(e)}); radio off`);
  }
  const { ble, advertiser } = radio ? blePlatform(prov.role, d2d.ble !== false) : { ble: undefined, advertiser: undefined };
  if (radio) start({
    radio,
    clock,
    random: { next: () => Math.random() },
    storage,
    log: consoleLog,
    crypto: moddableCrypto,
    ble,
    advertiser,
    host: prov.role === "gateway" ? openHostLink(d2d.host, consoleLog) : undefined,
    memory: moddableMemory,
    camera: prov.role === "camera" ? cameraPlatform(d2d.pins?.camera, consoleLog, MAX_OBJECT_BYTES) : undefined,
  }, prov, { captureIntervalS: d2d.captureIntervalS ?? 0, censusIntervalS: d2d.censusIntervalS ?? 30 });
}

/*
 * The XS binding of the native ESP-NOW module (espnow.c). XS's `@` syntax binds
 * methods to C functions; TypeScript sees this module through espnow.d.ts and
 * hal/moddable/radio.ts wraps it as the firmware's RadioLink.
 */
class ESPNow @ "xs_espnow_destructor" {
	constructor(address, channel, country, txQuarterDbm) @ "xs_espnow_constructor";
	send(to, buffer) @ "xs_espnow_send";
	poll() @ "xs_espnow_poll";
	stats(into) @ "xs_espnow_stats";
	close() @ "xs_espnow_close";
	static limits(into) @ "xs_espnow_limits";
	onReceive(buffer, from, rssi, broadcast) {}
	onSent(to, acked) {}
}

export default ESPNow;

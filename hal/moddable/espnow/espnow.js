/*
 * The XS binding of the native ESP-NOW module (espnow.c). XS's `@` syntax
 * binds methods to C functions; TypeScript sees this module through espnow.d.ts.
 */
class ESPNow @ "xs_espnow_destructor" {
	constructor(address, channel) @ "xs_espnow_constructor";
	send(to, buffer) @ "xs_espnow_send";
	close() @ "xs_espnow_close";
	onReceive(buffer, from, rssi) {}
	onSent(acked) {}
}

export default ESPNow;

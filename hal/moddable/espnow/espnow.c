/*
 * ESP-NOW for the Moddable SDK on ESP32: the native half of hal/moddable/espnow.
 *
 * Addressing: each beacon sets its station MAC to 02:D2:D2:00:hi:lo from its
 * 16-bit D2D address, so the MAC of any next hop is computable; peers are added
 * on demand and the least recently used one is removed past the ESP-NOW limit.
 * The receive and send-done callbacks run in the Wi-Fi task: they copy what
 * they need and post it to the XS machine, which calls onReceive/onSent.
 */
#include <string.h>
#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"
#include "esp_err.h"
#include "esp_wifi.h"
#include "esp_now.h"

#define D2D_MAX_FRAME 250
#define D2D_PEERS 16
#define D2D_BROADCAST 0xFFFF

typedef struct {
	xsMachine *the;
	xsSlot obj;
	uint16_t address;
	uint16_t peers[D2D_PEERS];
	uint32_t peerUsed[D2D_PEERS];
	uint32_t clock;
	uint8_t busy;
} EspNowRecord, *EspNow;

typedef struct {
	uint16_t from;
	int8_t rssi;
	uint8_t broadcast;
	uint8_t length;
	uint8_t data[D2D_MAX_FRAME];
} Received;

static EspNow gEspNow = NULL;

static void addressToMac(uint16_t address, uint8_t mac[6])
{
	mac[0] = 0x02; mac[1] = 0xD2; mac[2] = 0xD2; mac[3] = 0x00;
	mac[4] = (uint8_t)(address >> 8); mac[5] = (uint8_t)address;
}

static int macToAddress(const uint8_t mac[6])
{
	if (mac[0] != 0x02 || mac[1] != 0xD2 || mac[2] != 0xD2 || mac[3] != 0x00) return -1;
	return (mac[4] << 8) | mac[5];
}

static void deliverReceived(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	EspNow en = refcon;
	Received *r = (Received *)message;
	(void)messageLength;
	if (!en || en != gEspNow) return;
	xsBeginHost(en->the);
	xsmcVars(3);
	xsmcSetArrayBuffer(xsVar(0), r->data, r->length);
	xsmcSetInteger(xsVar(1), r->from);
	xsmcSetInteger(xsVar(2), r->rssi);
	xsCall3(en->obj, xsID_onReceive, xsVar(0), xsVar(1), xsVar(2));
	xsEndHost(en->the);
}

static void deliverSent(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	EspNow en = refcon;
	(void)messageLength;
	if (!en || en != gEspNow) return;
	en->busy = 0;
	xsBeginHost(en->the);
	xsmcVars(1);
	xsmcSetBoolean(xsVar(0), message[0] != 0);
	xsCall1(en->obj, xsID_onSent, xsVar(0));
	xsEndHost(en->the);
}

static void onRecv(const esp_now_recv_info_t *info, const uint8_t *data, int len)
{
	EspNow en = gEspNow;
	Received r;
	int from;
	if (!en || len <= 0 || len > D2D_MAX_FRAME) return;
	from = macToAddress(info->src_addr);
	if (from < 0) return;
	r.from = (uint16_t)from;
	r.rssi = (int8_t)info->rx_ctrl->rssi;
	r.broadcast = info->des_addr[0] == 0xFF;
	r.length = (uint8_t)len;
	memcpy(r.data, data, len);
	modMessagePostToMachine(en->the, (uint8_t *)&r, (uint16_t)(offsetof(Received, data) + len), deliverReceived, en);
}

static void onSent(const uint8_t *mac, esp_now_send_status_t status)
{
	EspNow en = gEspNow;
	uint8_t acked = status == ESP_NOW_SEND_SUCCESS;
	(void)mac;
	if (!en) return;
	modMessagePostToMachine(en->the, &acked, 1, deliverSent, en);
}

/* Makes sure the peer exists, evicting the least recently used past D2D_PEERS. */
static esp_err_t ensurePeer(EspNow en, uint16_t address)
{
	esp_now_peer_info_t peer;
	int i, slot = -1, oldest = 0;
	en->clock++;
	for (i = 0; i < D2D_PEERS; i++) {
		if (en->peers[i] == address) { en->peerUsed[i] = en->clock; return ESP_OK; }
		if (en->peers[i] == 0 && slot < 0) slot = i;
		if (en->peerUsed[i] < en->peerUsed[oldest]) oldest = i;
	}
	if (slot < 0) {
		uint8_t mac[6];
		addressToMac(en->peers[oldest], mac);
		esp_now_del_peer(mac);
		slot = oldest;
	}
	memset(&peer, 0, sizeof(peer));
	if (address == D2D_BROADCAST) memset(peer.peer_addr, 0xFF, 6);
	else addressToMac(address, peer.peer_addr);
	peer.channel = 0;
	peer.ifidx = WIFI_IF_STA;
	peer.encrypt = false;
	if (esp_now_add_peer(&peer) != ESP_OK) return ESP_FAIL;
	en->peers[slot] = address;
	en->peerUsed[slot] = en->clock;
	return ESP_OK;
}

void xs_espnow_destructor(void *data)
{
	EspNow en = data;
	if (!en) return;
	if (en == gEspNow) {
		esp_now_unregister_recv_cb();
		esp_now_unregister_send_cb();
		esp_now_deinit();
		gEspNow = NULL;
	}
	c_free(en);
}

/* new ESPNow(address, channel) */
void xs_espnow_constructor(xsMachine *the)
{
	EspNow en;
	uint8_t mac[6];
	int address = xsmcToInteger(xsArg(0));
	int channel = xsmcArgc > 1 ? xsmcToInteger(xsArg(1)) : 1;
	if (address < 1 || address > 0xFFFD) xsRangeError("address must be 1..65533");
	if (channel < 1 || channel > 13) xsRangeError("channel must be 1..13");
	if (gEspNow) xsUnknownError("ESP-NOW already open");
	en = c_calloc(1, sizeof(EspNowRecord));
	if (!en) xsUnknownError("no memory");
	en->the = the;
	en->obj = xsThis;
	en->address = (uint16_t)address;
	addressToMac(en->address, mac);
	if (esp_wifi_set_mac(WIFI_IF_STA, mac) != ESP_OK ||
		esp_wifi_set_channel((uint8_t)channel, WIFI_SECOND_CHAN_NONE) != ESP_OK ||
		esp_now_init() != ESP_OK) {
		c_free(en);
		xsUnknownError("ESP-NOW init failed");
	}
	esp_now_register_recv_cb(onRecv);
	esp_now_register_send_cb(onSent);
	gEspNow = en;
	if (ensurePeer(en, D2D_BROADCAST) != ESP_OK) xsUnknownError("broadcast peer failed");
	xsmcSetHostData(xsThis, en);
	xsRemember(en->obj);
}

void xs_espnow_close(xsMachine *the)
{
	EspNow en = xsmcGetHostData(xsThis);
	if (!en) return;
	xsForget(en->obj);
	xs_espnow_destructor(en);
	xsmcSetHostData(xsThis, NULL);
}

/* send(to, arrayBuffer): true when queued; onSent(acked) follows. */
void xs_espnow_send(xsMachine *the)
{
	EspNow en = xsmcGetHostData(xsThis);
	uint8_t buffer[D2D_MAX_FRAME], mac[6];
	int to = xsmcToInteger(xsArg(0));
	xsUnsignedValue length = xsmcGetArrayBufferLength(xsArg(1));
	if (!en) xsUnknownError("closed");
	if (to < 1 || to > 0xFFFF) xsRangeError("bad address");
	if (length == 0 || length > D2D_MAX_FRAME) xsRangeError("frame must be 1..250 bytes");
	if (en->busy) xsUnknownError("busy: wait for onSent");
	xsmcGetArrayBufferData(xsArg(1), 0, buffer, length);
	if (to == D2D_BROADCAST) memset(mac, 0xFF, 6);
	else addressToMac((uint16_t)to, mac);
	if (ensurePeer(en, (uint16_t)to) != ESP_OK || esp_now_send(mac, buffer, length) != ESP_OK) {
		xsmcSetBoolean(xsResult, 0);
		return;
	}
	en->busy = 1;
	xsmcSetBoolean(xsResult, 1);
}

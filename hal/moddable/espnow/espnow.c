/*
 * ESP-NOW for the D2D firmware on ESP32: the native half of hal/moddable/radio.ts.
 * Targets the Moddable SDK 8.2.x (xsmc API, xs/platforms/esp/xsHost.h) and
 * ESP-IDF v6.0 (components/esp_wifi/include/esp_now.h, esp_wifi.h).
 *
 * Rules
 * - Addressing. A beacon's station MAC is 02:D2:D2:00:hi:lo from its 16-bit D2D
 *   address (locally administered, unicast), so any next hop's MAC is computed,
 *   never discovered. Frames from other MACs are dropped and counted.
 * - Bring-up, in the order esp_wifi.h requires: default event loop, esp_wifi_init
 *   (NVS off), RAM storage, STA mode, MAC (only while the interface is down),
 *   start, country, channel (only after start), transmit power (only after start),
 *   then esp_now_init. Wi-Fi already initialised or started by another module is
 *   tolerated: ESP_ERR_INVALID_STATE from init is not an error, an AP mode becomes
 *   AP+STA, and if the MAC cannot be set while running Wi-Fi is stopped, the MAC
 *   set and Wi-Fi started again. Each failing step throws with its name and code.
 * - Peers. The broadcast peer FF:FF:FF:FF:FF:FF is added once and pinned. Unicast
 *   peers are added on demand in a table of MODDEF_D2D_PEERS entries (ESP-NOW allows
 *   ESP_NOW_MAX_TOTAL_PEER_NUM = 20) and the least recently used one is deleted
 *   when it is full. ESP_ERR_ESPNOW_EXIST from esp_now_add_peer is success.
 * - Callbacks. ESP-NOW calls onRecv/onSent in the Wi-Fi task. They never block and
 *   never allocate: a received frame is copied into a ring of MODDEF_D2D_RX_RING
 *   slots, a send completion (its destination address and ACK) into a ring of
 *   D2D_TX_RING entries (single producer: the Wi-Fi task; single consumer: the
 *   XS task; C11 atomics order the hand-over), and one wake-up message is posted
 *   with modMessagePostToMachineFromISR, which fails instead of waiting when
 *   Moddable's message queue is full (ESP-IDF's FreeRTOS allows its critical
 *   section from a task). A full ring counts an overflow; a failed wake-up is
 *   counted and retried by the next event and by poll(), which drains at once and
 *   which the JS side calls on a timer, so nothing stays stranded.
 * - Completions. ESP-NOW completes sends in order, one callback per accepted
 *   esp_now_send; each is reported to JS as onSent(destination, acked), read from
 *   the callback's wifi_tx_info_t. The JS side (hal/moddable/radio.ts) keeps one
 *   frame in the driver at a time, frees the radio after MODDEF_D2D_SEND_TIMEOUT_MS
 *   and holds the next frame for a short quarantine, so a completion that comes
 *   late, or one the driver never makes, cannot be credited to another frame.
 * - Lifetime. The record is static (internal RAM, where the atomics are atomic:
 *   not PSRAM, whatever malloc's PSRAM threshold) and never freed, so a callback
 *   racing close() on the other core writes only into a closed record.
 * - Limits come from the manifest's defines (manifest_core.json "defines.d2d")
 *   and are read by JS through limits(): one source for C and JS.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <string.h>
#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"
#include "mc.defines.h"
#include "esp_err.h"
#include "esp_event.h"
#include "esp_wifi.h"
#include "esp_now.h"

#ifndef MODDEF_D2D_MAX_FRAME
	#error "MODDEF_D2D_MAX_FRAME: set defines.d2d.max_frame in manifest_core.json"
#endif
#ifndef MODDEF_D2D_PEERS
	#error "MODDEF_D2D_PEERS: set defines.d2d.peers in manifest_core.json"
#endif
#ifndef MODDEF_D2D_RX_RING
	#error "MODDEF_D2D_RX_RING: set defines.d2d.rx_ring in manifest_core.json"
#endif
#ifndef MODDEF_D2D_SEND_TIMEOUT_MS
	#error "MODDEF_D2D_SEND_TIMEOUT_MS: set defines.d2d.send_timeout_ms in manifest_core.json"
#endif

#define D2D_MAX_FRAME MODDEF_D2D_MAX_FRAME
#define D2D_PEERS MODDEF_D2D_PEERS
#define D2D_RX_RING MODDEF_D2D_RX_RING
#define D2D_BROADCAST 0xFFFF
#define D2D_TX_RING 8		/* completions between two drains: one frame in flight, plus late ones */

_Static_assert(D2D_MAX_FRAME >= 1 && D2D_MAX_FRAME <= ESP_NOW_MAX_DATA_LEN, "a D2D frame must fit one ESP-NOW v1.0 payload");
_Static_assert(D2D_PEERS >= 1 && D2D_PEERS < ESP_NOW_MAX_TOTAL_PEER_NUM, "unicast peers plus the pinned broadcast peer must fit ESP-NOW's peer list");
_Static_assert(D2D_RX_RING >= 2 && (D2D_RX_RING & (D2D_RX_RING - 1)) == 0, "the receive ring length must be a power of two");
_Static_assert((D2D_TX_RING & (D2D_TX_RING - 1)) == 0, "the completion ring length must be a power of two");

/* Counters, in the order stats() writes them. */
enum {
	kRxOverflow = 0,	/* frames dropped because the ring was full */
	kRxForeign,		/* frames from a MAC outside 02:D2:D2:00:xx:xx, or of a bad length */
	kWakeFailures,		/* wake-up messages Moddable's queue refused (retried) */
	kSendRefused,		/* esp_now_send or the peer table refused a frame */
	kPeerEvictions,		/* unicast peers deleted to make room */
	kTxOverflow,		/* completions dropped because their ring was full */
	kCounters
};

typedef struct {
	uint16_t from;
	int8_t rssi;
	uint8_t broadcast;
	uint8_t length;
	uint8_t data[D2D_MAX_FRAME];
} RxSlot;

typedef struct {
	uint16_t to;		/* D2D address the frame went to (0xFFFF broadcast, 0 not a D2D MAC) */
	uint8_t acked;
} TxDone;

typedef struct {
	xsMachine *the;
	xsSlot obj;
	uint32_t open;		/* set by the constructor, cleared by close; read by the Wi-Fi task */
	uint16_t address;
	/* unicast peers: address (0 = free) and last use */
	uint16_t peer[D2D_PEERS];
	uint32_t peerUsed[D2D_PEERS];
	uint32_t useClock;
	/* receive ring: the Wi-Fi task writes slot[head], the XS task reads slot[tail] */
	RxSlot slot[D2D_RX_RING];
	uint32_t head;
	uint32_t tail;
	/* send completions: the Wi-Fi task writes done[txHead], the XS task reads done[txTail] */
	TxDone done[D2D_TX_RING];
	uint32_t txHead;
	uint32_t txTail;
	uint32_t wakePending;
	uint32_t counter[kCounters];
} EspNowRecord, *EspNow;

static EspNowRecord gRecord;
static EspNow gEspNow = NULL;	/* &gRecord while open */

static void addressToMac(uint16_t address, uint8_t mac[6])
{
	mac[0] = 0x02; mac[1] = 0xD2; mac[2] = 0xD2; mac[3] = 0x00;
	mac[4] = (uint8_t)(address >> 8); mac[5] = (uint8_t)address;
}

static bool isBroadcast(const uint8_t *mac)
{
	return mac && mac[0] == 0xFF && mac[1] == 0xFF && mac[2] == 0xFF && mac[3] == 0xFF && mac[4] == 0xFF && mac[5] == 0xFF;
}

static int macToAddress(const uint8_t mac[6])
{
	if (mac[0] != 0x02 || mac[1] != 0xD2 || mac[2] != 0xD2 || mac[3] != 0x00) return -1;
	return (mac[4] << 8) | mac[5];
}

static void count(EspNow en, int which)
{
	__atomic_fetch_add(&en->counter[which], 1, __ATOMIC_RELAXED);
}

static void drain(void *the, void *refcon, uint8_t *message, uint16_t messageLength);

/* Any task: ask the XS task to drain, once; never blocks. */
static void wake(EspNow en)
{
	if (__atomic_exchange_n(&en->wakePending, 1, __ATOMIC_ACQ_REL)) return;
	if (modMessagePostToMachineFromISR(en->the, drain, en) != 0) {
		__atomic_store_n(&en->wakePending, 0, __ATOMIC_RELEASE);
		count(en, kWakeFailures);
	}
}

/*
 * The RSSI of a received frame. Moddable's include list reaches only the opaque
 * wifi_pkt_rx_ctrl_t of esp_wifi_types.h (its definition lives in
 * esp_wifi/include/local). In every definition ESP-IDF v6.0 has (the 11b/g/n
 * one in local/esp_wifi_types_native.h, the 11ax esp_wifi_rxctrl_t in
 * esp_wifi_he_types.h) the first member is `signed rssi: 8`, which GCC lays out
 * in the low bits of the first byte on these little-endian targets.
 */
static int8_t rxRssi(const wifi_pkt_rx_ctrl_t *rx)
{
	int8_t rssi;
	if (!rx) return -127;
	memcpy(&rssi, (const void *)rx, 1);
	return rssi;
}

/* Wi-Fi task. */
static void onRecv(const esp_now_recv_info_t *info, const uint8_t *data, int len)
{
	EspNow en = gEspNow;
	uint32_t head, tail;
	RxSlot *s;
	int from;
	if (!en) return;
	from = (info && info->src_addr) ? macToAddress(info->src_addr) : -1;
	if (from < 1 || from > 0xFFFD || !data || len <= 0 || len > D2D_MAX_FRAME) {
		count(en, kRxForeign);
		return;
	}
	head = __atomic_load_n(&en->head, __ATOMIC_RELAXED);
	tail = __atomic_load_n(&en->tail, __ATOMIC_ACQUIRE);
	if (head - tail >= D2D_RX_RING) {
		count(en, kRxOverflow);
		wake(en);
		return;
	}
	s = &en->slot[head & (D2D_RX_RING - 1)];
	s->from = (uint16_t)from;
	s->rssi = rxRssi(info->rx_ctrl);
	s->broadcast = isBroadcast(info->des_addr);
	s->length = (uint8_t)len;
	memcpy(s->data, data, (size_t)len);
	__atomic_store_n(&en->head, head + 1, __ATOMIC_RELEASE);
	wake(en);
}

/* Wi-Fi task. ESP-IDF v6.0: esp_now_send_cb_t takes the wifi_tx_info_t of the frame. */
static void onSent(const esp_now_send_info_t *tx, esp_now_send_status_t status)
{
	EspNow en = gEspNow;
	uint32_t head, tail;
	TxDone *d;
	int to;
	if (!en) return;
	head = __atomic_load_n(&en->txHead, __ATOMIC_RELAXED);
	tail = __atomic_load_n(&en->txTail, __ATOMIC_ACQUIRE);
	if (head - tail >= D2D_TX_RING) {
		count(en, kTxOverflow);
		wake(en);
		return;
	}
	d = &en->done[head & (D2D_TX_RING - 1)];
	if (tx && isBroadcast(tx->des_addr)) to = D2D_BROADCAST;
	else to = (tx && tx->des_addr) ? macToAddress(tx->des_addr) : -1;
	d->to = to < 0 ? 0 : (uint16_t)to;
	d->acked = status == ESP_NOW_SEND_SUCCESS;
	__atomic_store_n(&en->txHead, head + 1, __ATOMIC_RELEASE);
	wake(en);
}

static bool pending(EspNow en)
{
	return __atomic_load_n(&en->tail, __ATOMIC_ACQUIRE) != __atomic_load_n(&en->head, __ATOMIC_ACQUIRE) ||
		__atomic_load_n(&en->txTail, __ATOMIC_ACQUIRE) != __atomic_load_n(&en->txHead, __ATOMIC_ACQUIRE);
}

/*
 * XS task: hands the completions, then the received frames, to JS (completions
 * first, so forwarding that a received frame triggers finds the radio free).
 * A throwing handler costs only its own event. Called by the wake-up message
 * (drain) and by poll().
 */
static void deliver(EspNow en)
{
	uint32_t n;
	xsBeginHost(en->the);
	xsmcVars(4);
	for (n = 0; n < D2D_TX_RING && en == gEspNow; n++) {
		uint32_t tail = __atomic_load_n(&en->txTail, __ATOMIC_RELAXED);
		TxDone d;
		if (tail == __atomic_load_n(&en->txHead, __ATOMIC_ACQUIRE)) break;
		d = en->done[tail & (D2D_TX_RING - 1)];
		__atomic_store_n(&en->txTail, tail + 1, __ATOMIC_RELEASE);
		xsTry {
			xsmcSetInteger(xsVar(0), d.to);
			xsmcSetBoolean(xsVar(1), d.acked);
			xsCall2(en->obj, xsID_onSent, xsVar(0), xsVar(1));
		}
		xsCatch {
		}
	}
	for (n = 0; n < D2D_RX_RING && en == gEspNow; n++) {
		uint32_t tail = __atomic_load_n(&en->tail, __ATOMIC_RELAXED);
		RxSlot *s;
		if (tail == __atomic_load_n(&en->head, __ATOMIC_ACQUIRE)) break;
		s = &en->slot[tail & (D2D_RX_RING - 1)];
		xsTry {
			xsmcSetArrayBuffer(xsVar(0), s->data, s->length);
			xsmcSetInteger(xsVar(1), s->from);
			xsmcSetInteger(xsVar(2), s->rssi);
			xsmcSetBoolean(xsVar(3), s->broadcast);
			__atomic_store_n(&en->tail, tail + 1, __ATOMIC_RELEASE);
			xsCall4(en->obj, xsID_onReceive, xsVar(0), xsVar(1), xsVar(2), xsVar(3));
		}
		xsCatch {
			__atomic_store_n(&en->tail, tail + 1, __ATOMIC_RELEASE);
		}
	}
	xsEndHost(en->the);
	/* events that arrived while this ran, or beyond one ring's worth, get their own pass */
	if (en == gEspNow && pending(en))
		wake(en);
}

/*
 * The wake-up message. Only it clears wakePending, so the flag means "a message
 * is queued": a poll() that drains meanwhile posts no second one (the queue
 * never fills with drains). seq_cst: the clear is ordered before deliver's
 * reads, so an event the Wi-Fi task adds after them posts again.
 */
static void drain(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	EspNow en = refcon;
	(void)the; (void)message; (void)messageLength;
	if (!en || en != gEspNow) return;
	__atomic_exchange_n(&en->wakePending, 0, __ATOMIC_SEQ_CST);
	deliver(en);
}

static bool peerOk(esp_err_t err)
{
	return err == ESP_OK || err == ESP_ERR_ESPNOW_EXIST;
}

static esp_err_t addPeer(const uint8_t mac[6])
{
	esp_now_peer_info_t peer;
	memset(&peer, 0, sizeof(peer));
	memcpy(peer.peer_addr, mac, 6);
	peer.channel = 0;		/* the current channel */
	peer.ifidx = WIFI_IF_STA;
	peer.encrypt = false;		/* frames carry their own MIC (protocol/SPEC.md) */
	return esp_now_add_peer(&peer);
}

/* Makes sure a unicast peer exists, deleting the least recently used one when the table is full. */
static bool ensurePeer(EspNow en, uint16_t address)
{
	int i, slot = -1, oldest = 0;
	uint8_t mac[6];
	esp_err_t err;
	en->useClock++;
	for (i = 0; i < D2D_PEERS; i++) {
		if (en->peer[i] == address) { en->peerUsed[i] = en->useClock; return true; }
		if (en->peer[i] == 0 && slot < 0) slot = i;
		if (en->useClock - en->peerUsed[i] > en->useClock - en->peerUsed[oldest]) oldest = i;	/* ages: wrap-safe */
	}
	if (slot < 0) {
		addressToMac(en->peer[oldest], mac);
		esp_now_del_peer(mac);		/* ESP_ERR_ESPNOW_NOT_FOUND: already gone, fine */
		en->peer[oldest] = 0;
		count(en, kPeerEvictions);
		slot = oldest;
	}
	addressToMac(address, mac);
	err = addPeer(mac);
	if (!peerOk(err)) return false;
	en->peer[slot] = address;
	en->peerUsed[slot] = en->useClock;
	return true;
}

/* What radioUp brought up itself, so a failure undoes exactly that and no more. */
typedef struct {
	bool wifiInit;		/* esp_wifi_init was ours */
	bool wifiStarted;	/* esp_wifi_start was ours (Wi-Fi was not running before) */
	bool wifiRestart;	/* Wi-Fi was running (another module's): stopped for the MAC, to be running again */
	bool espnow;		/* esp_now_init done */
	const char *step;	/* the step that failed */
	esp_err_t err;
} Bringup;

static void radioDown(Bringup *b)
{
	if (b->espnow) esp_now_deinit();
	if (b->wifiStarted) esp_wifi_stop();
	if (b->wifiRestart) esp_wifi_start();
	if (b->wifiInit) esp_wifi_deinit();
}

#define STEP(name, call) do { b->step = name; b->err = (call); if (b->err != ESP_OK) return false; } while (0)

/* Wi-Fi and ESP-NOW up, in the order esp_wifi.h requires; see the header comment. False: b->step failed. */
static bool radioUp(Bringup *b, const uint8_t mac[6], int channel, const char *country, int txQuarterDbm, wifi_country_t *allowed)
{
	wifi_init_config_t cfg = WIFI_INIT_CONFIG_DEFAULT();
	wifi_mode_t mode = WIFI_MODE_NULL;
	esp_err_t err;

	b->step = "esp_event_loop_create_default";
	b->err = esp_event_loop_create_default();
	if (b->err != ESP_OK && b->err != ESP_ERR_INVALID_STATE) return false;	/* INVALID_STATE: it exists already */
	cfg.nvs_enable = 0;
	b->step = "esp_wifi_init";
	b->err = esp_wifi_init(&cfg);
	if (b->err == ESP_OK) b->wifiInit = true;
	else if (b->err != ESP_ERR_INVALID_STATE) return false;		/* INVALID_STATE: initialised by another module */
	STEP("esp_wifi_set_storage", esp_wifi_set_storage(WIFI_STORAGE_RAM));
	/* the country only needs esp_wifi_init: set and checked before anything goes on air */
	STEP("esp_wifi_set_country_code", esp_wifi_set_country_code(country, false));
	STEP("esp_wifi_get_country", esp_wifi_get_country(allowed));
	if (channel < allowed->schan || channel >= allowed->schan + allowed->nchan) {
		b->step = "channel";
		b->err = ESP_ERR_INVALID_ARG;
		return false;
	}
	STEP("esp_wifi_get_mode", esp_wifi_get_mode(&mode));
	if (mode != WIFI_MODE_STA && mode != WIFI_MODE_APSTA)
		STEP("esp_wifi_set_mode", esp_wifi_set_mode(mode == WIFI_MODE_AP ? WIFI_MODE_APSTA : WIFI_MODE_STA));
	b->step = "esp_wifi_set_mac";
	err = esp_wifi_set_mac(WIFI_IF_STA, mac);
	if (err != ESP_OK) {
		/* running already (another module started it): the MAC can change only while it is down */
		if (esp_wifi_stop() == ESP_OK) b->wifiRestart = true;
		STEP("esp_wifi_set_mac", esp_wifi_set_mac(WIFI_IF_STA, mac));
	}
	STEP("esp_wifi_start", esp_wifi_start());
	if (b->wifiRestart) b->wifiRestart = false;
	else b->wifiStarted = true;
	STEP("esp_wifi_set_channel", esp_wifi_set_channel((uint8_t)channel, WIFI_SECOND_CHAN_NONE));
	STEP("esp_wifi_set_max_tx_power", esp_wifi_set_max_tx_power((int8_t)txQuarterDbm));
	STEP("esp_now_init", esp_now_init());
	b->espnow = true;
	return true;
}

void xs_espnow_destructor(void *data)
{
	EspNow en = data;
	if (!en || en != gEspNow) return;
	__atomic_store_n(&gEspNow, NULL, __ATOMIC_RELEASE);
	esp_now_unregister_recv_cb();
	esp_now_unregister_send_cb();
	esp_now_deinit();
	/* gRecord is static: a callback still running on the other core writes into a closed record, never freed memory */
}

/* new ESPNow(address, channel, country, txQuarterDbm) */
void xs_espnow_constructor(xsMachine *the)
{
	EspNow en = &gRecord;
	Bringup b;
	wifi_country_t allowed;
	uint8_t mac[6];
	char country[3];
	const char *cc;
	int address = xsmcToInteger(xsArg(0));
	int channel = xsmcToInteger(xsArg(1));
	int txQuarterDbm = xsmcToInteger(xsArg(3));
	esp_err_t err;
	if (address < 1 || address > 0xFFFD) xsRangeError("ESP-NOW: address must be 1..65533");
	if (channel < 1 || channel > 14) xsRangeError("ESP-NOW: channel must be 1..14");
	if (txQuarterDbm < 8 || txQuarterDbm > 84) xsRangeError("ESP-NOW: transmit power must be 8..84 quarter-dBm (2..21 dBm)");
	cc = xsmcToString(xsArg(2));
	if (strlen(cc) != 2) xsRangeError("ESP-NOW: country must be a two-letter code or \"01\"");
	country[0] = (char)toupper((unsigned char)cc[0]); country[1] = (char)toupper((unsigned char)cc[1]); country[2] = 0;
	if (gEspNow) xsUnknownError("ESP-NOW: already open");
	memset(&b, 0, sizeof(b));
	addressToMac((uint16_t)address, mac);
	if (!radioUp(&b, mac, channel, country, txQuarterDbm, &allowed)) {
		radioDown(&b);
		if (!strcmp(b.step, "channel"))
			xsRangeError("ESP-NOW: channel %d is not allowed in country %s (%d..%d)", channel, country, allowed.schan, allowed.schan + allowed.nchan - 1);
		xsUnknownError("ESP-NOW: %s failed (0x%x)", b.step, (unsigned)b.err);
	}
	memset(en, 0, sizeof(*en));
	en->the = the;
	en->obj = xsThis;
	en->address = (uint16_t)address;
	memset(mac, 0xFF, 6);
	err = addPeer(mac);
	if (!peerOk(err)) {
		radioDown(&b);
		xsUnknownError("ESP-NOW: broadcast peer failed (0x%x)", (unsigned)err);
	}
	__atomic_store_n(&gEspNow, en, __ATOMIC_RELEASE);
	esp_now_register_recv_cb(onRecv);
	esp_now_register_send_cb(onSent);
	xsmcSetHostData(xsThis, en);
	xsRemember(en->obj);
}

void xs_espnow_close(xsMachine *the)
{
	EspNow en = xsmcGetHostData(xsThis);
	if (!en) return;
	xsmcSetHostData(xsThis, NULL);
	xsForget(en->obj);
	xs_espnow_destructor(en);
}

/* send(to, buffer): true when the driver took the frame (onSent(to, acked) follows), false when refused. */
void xs_espnow_send(xsMachine *the)
{
	EspNow en = xsmcGetHostData(xsThis);
	uint8_t mac[6];
	void *data;
	int to = xsmcToInteger(xsArg(0));
	xsUnsignedValue length;
	if (!en || en != gEspNow) xsUnknownError("ESP-NOW: closed");
	if (to < 1 || to > 0xFFFF || to == 0xFFFE) xsRangeError("ESP-NOW: bad address");
	xsmcGetBufferReadable(xsArg(1), &data, &length);
	if (length == 0 || length > D2D_MAX_FRAME) xsRangeError("ESP-NOW: frame must be 1..%d bytes", D2D_MAX_FRAME);
	if (to == D2D_BROADCAST) memset(mac, 0xFF, 6);
	else {
		if (!ensurePeer(en, (uint16_t)to)) { count(en, kSendRefused); xsmcSetBoolean(xsResult, 0); return; }
		addressToMac((uint16_t)to, mac);
	}
	/* esp_now_send copies the frame before it returns (esp_now.h, attention 4), and nothing allocates in XS before */
	if (esp_now_send(mac, data, length) != ESP_OK) {
		count(en, kSendRefused);
		xsmcSetBoolean(xsResult, 0);
		return;
	}
	xsmcSetBoolean(xsResult, 1);
}

/* poll(): drains now whatever waits (a safety net for a wake-up that could not be posted; the send timeout's last look). */
void xs_espnow_poll(xsMachine *the)
{
	EspNow en = xsmcGetHostData(xsThis);
	if (!en || en != gEspNow) return;
	if (pending(en)) deliver(en);
}

/* stats(array): writes the counters (enum order above) into the first elements of a plain array. */
void xs_espnow_stats(xsMachine *the)
{
	EspNow en = &gRecord;
	int i;
	xsmcVars(1);
	for (i = 0; i < kCounters; i++) {
		xsmcSetInteger(xsVar(0), en ? (xsIntegerValue)__atomic_load_n(&en->counter[i], __ATOMIC_RELAXED) : 0);
		xsmcSetIndex(xsArg(0), i, xsVar(0));
	}
}

/* ESPNow.limits(array): [max frame, unicast peers, receive ring, send timeout ms] from the manifest's defines. */
void xs_espnow_limits(xsMachine *the)
{
	static const xsIntegerValue limits[4] = { D2D_MAX_FRAME, D2D_PEERS, D2D_RX_RING, MODDEF_D2D_SEND_TIMEOUT_MS };
	int i;
	xsmcVars(1);
	for (i = 0; i < 4; i++) {
		xsmcSetInteger(xsVar(0), limits[i]);
		xsmcSetIndex(xsArg(0), i, xsVar(0));
	}
}

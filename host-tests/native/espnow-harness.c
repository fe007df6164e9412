/*
 * Runs the real hal/moddable/espnow/espnow.c on a desktop, against a fake of the
 * ESP-IDF v6.0 functions it calls (declared by hal/moddable/stubs, implemented
 * here with a call log and scripted results) and a fake of the XS C API
 * (./fake-xs). Each scenario prints `name value` lines that
 * host-tests/espnow-native.test.ts asserts on. Built with the same flags as the
 * compile check, plus -DHARNESS.
 */
#include <stdarg.h>
#include <stdio.h>
#include "../../hal/moddable/espnow/espnow.c"

/* ---- fake XS ---- */
jmp_buf *fake_try = NULL;
static char thrown[200];
static xsMachine machine;
static int throwOnReceive = -1;		/* the JS onReceive throws for the frame with this first byte */
static int received = 0, sentReports = 0, lastTo = -1, lastAcked = -1, lastBroadcast = -1, lastRssi = 0, lastFrom = -1, lastFirst = -1;
static xsSlot statsArray[8];

void fake_throw(xsMachine *the, const char *kind, const char *format, ...)
{
	va_list ap;
	int n = snprintf(thrown, sizeof(thrown), "%s: ", kind);
	va_start(ap, format);
	vsnprintf(thrown + n, sizeof(thrown) - n, format, ap);
	va_end(ap);
	if (!fake_try) { printf("uncaught %s\n", thrown); exit(3); }
	longjmp(*fake_try, 1);
}

void fake_set_index(xsSlot *array, int index, xsSlot *value)
{
	(void)array;
	statsArray[index] = *value;
}

void fake_call(xsMachine *the, xsIdentifier id, xsSlot *args, int argc)
{
	(void)the; (void)argc;
	if (id == xsID_onReceive) {
		lastFirst = args[0].bytes[0];
		lastFrom = args[1].i; lastRssi = args[2].i; lastBroadcast = args[3].i;
		received++;
		if (lastFirst == throwOnReceive) fake_throw(the, "Error", "handler threw");
	} else if (id == xsID_onSent) {
		sentReports++;
		lastTo = args[0].i; lastAcked = args[1].i;
	}
}

/* one native call, as XS would make it: exceptions caught and reported */
#define CALL(fn, ...) call(fn, #fn, __VA_ARGS__)
static int call(void (*fn)(xsMachine *), const char *name, int argc, xsSlot a0, xsSlot a1, xsSlot a2, xsSlot a3)
{
	jmp_buf jb;
	(void)name;
	machine.args[0] = a0; machine.args[1] = a1; machine.args[2] = a2; machine.args[3] = a3; machine.argc = argc;
	thrown[0] = 0;
	fake_try = &jb;
	if (setjmp(jb) == 0) { fn(&machine); fake_try = NULL; return 1; }
	fake_try = NULL;
	return 0;
}
static xsSlot I(int v) { xsSlot s = { 1, v, NULL, NULL, 0 }; return s; }
static xsSlot S(const char *v) { xsSlot s = { 4, 0, v, NULL, 0 }; return s; }
static xsSlot B(uint8_t *p, size_t n) { xsSlot s = { 3, 0, NULL, p, n }; return s; }
static xsSlot N(void) { xsSlot s = { 0, 0, NULL, NULL, 0 }; return s; }

/* ---- fake ESP-IDF v6.0 ---- */
static char log_[2000];
static void logCall(const char *s) { if (strlen(log_) + strlen(s) + 2 < sizeof(log_)) { strcat(log_, s); strcat(log_, " "); } }
static int wifiInited = 0, wifiStarted = 0, loopCreated = 0, nowInited = 0, nowInitFails = 0;
static char countryCode[3] = "01";
static wifi_mode_t wifiMode = WIFI_MODE_NULL;
static uint8_t peers[32][6]; static int peerCount = 0;
static int brokenPeerExist = 0, postFails = 0, sendFails = 0, broadcastDeleted = 0;
static esp_now_recv_cb_t recvCb; static esp_now_send_cb_t sendCb;
static modMessageDeliver pendingDeliver; static void *pendingRefcon; static int posted = 0, postRefused = 0;

esp_err_t esp_event_loop_create_default(void) { logCall("loop"); if (loopCreated) return ESP_ERR_INVALID_STATE; loopCreated = 1; return ESP_OK; }
esp_err_t esp_wifi_init(const wifi_init_config_t *c) { logCall(c->nvs_enable ? "init(nvs)" : "init"); if (wifiInited) return ESP_ERR_INVALID_STATE; wifiInited = 1; return ESP_OK; }
esp_err_t esp_wifi_set_storage(wifi_storage_t s) { logCall(s == WIFI_STORAGE_RAM ? "storage(ram)" : "storage(flash)"); return wifiInited ? ESP_OK : ESP_ERR_WIFI_NOT_INIT; }
esp_err_t esp_wifi_get_mode(wifi_mode_t *m) { *m = wifiMode; return wifiInited ? ESP_OK : ESP_ERR_WIFI_NOT_INIT; }
esp_err_t esp_wifi_set_mode(wifi_mode_t m) { char b[20]; snprintf(b, sizeof b, "mode(%d)", m); logCall(b); wifiMode = m; return ESP_OK; }
esp_err_t esp_wifi_set_mac(wifi_interface_t i, const uint8_t mac[6]) { char b[40]; snprintf(b, sizeof b, "mac(%02x:%02x:%02x:%02x:%02x:%02x)", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]); logCall(b); (void)i; if (!wifiInited) return ESP_ERR_WIFI_NOT_INIT; return wifiStarted ? ESP_ERR_WIFI_MODE : ESP_OK; }
esp_err_t esp_wifi_start(void) { logCall("start"); wifiStarted = 1; return ESP_OK; }
esp_err_t esp_wifi_stop(void) { logCall("stop"); wifiStarted = 0; return ESP_OK; }
esp_err_t esp_wifi_deinit(void) { logCall("deinit"); wifiInited = 0; return ESP_OK; }
/* like ESP-IDF: upper-case ISO codes or "01"; "01" and "US" allow 1..11, the others here 1..13 */
esp_err_t esp_wifi_set_country_code(const char *cc, bool d)
{
	char b[20]; snprintf(b, sizeof b, "country(%s)", cc); logCall(b); (void)d;
	if (!wifiInited) return ESP_ERR_WIFI_NOT_INIT;
	if (strcmp(cc, "01") && strcmp(cc, "US") && strcmp(cc, "DE") && strcmp(cc, "JP")) return ESP_ERR_INVALID_ARG;
	memcpy(countryCode, cc, 3);
	return ESP_OK;
}
esp_err_t esp_wifi_get_country(wifi_country_t *c)
{
	memset(c, 0, sizeof *c); memcpy(c->cc, countryCode, 3); c->schan = 1;
	c->nchan = (!strcmp(countryCode, "01") || !strcmp(countryCode, "US")) ? 11 : 13;
	return ESP_OK;
}
esp_err_t esp_wifi_set_channel(uint8_t p, wifi_second_chan_t s) { char b[20]; snprintf(b, sizeof b, "channel(%d)", p); logCall(b); (void)s; return wifiStarted ? ESP_OK : ESP_ERR_WIFI_NOT_STARTED; }
esp_err_t esp_wifi_set_max_tx_power(int8_t p) { char b[20]; snprintf(b, sizeof b, "txpower(%d)", p); logCall(b); return wifiStarted ? ESP_OK : ESP_ERR_WIFI_NOT_STARTED; }
esp_err_t esp_wifi_get_max_tx_power(int8_t *p) { *p = 0; return ESP_OK; }
esp_err_t esp_now_init(void) { logCall("espnow"); if (!wifiStarted) return ESP_ERR_WIFI_NOT_STARTED; if (nowInitFails) return ESP_ERR_ESPNOW_INTERNAL; nowInited = 1; return ESP_OK; }
esp_err_t esp_now_deinit(void) { if (nowInited) logCall("espnow-deinit"); nowInited = 0; peerCount = 0; return ESP_OK; }
esp_err_t esp_now_register_recv_cb(esp_now_recv_cb_t cb) { recvCb = cb; return ESP_OK; }
esp_err_t esp_now_unregister_recv_cb(void) { recvCb = NULL; return ESP_OK; }
esp_err_t esp_now_register_send_cb(esp_now_send_cb_t cb) { sendCb = cb; return ESP_OK; }
esp_err_t esp_now_unregister_send_cb(void) { sendCb = NULL; return ESP_OK; }
static int findPeer(const uint8_t *mac) { for (int i = 0; i < peerCount; i++) if (!memcmp(peers[i], mac, 6)) return i; return -1; }
esp_err_t esp_now_add_peer(const esp_now_peer_info_t *p)
{
	if (findPeer(p->peer_addr) >= 0) return ESP_ERR_ESPNOW_EXIST;
	if (brokenPeerExist && p->peer_addr[0] == 0xFF) return ESP_ERR_ESPNOW_EXIST;	/* e.g. added by another module */
	if (peerCount >= ESP_NOW_MAX_TOTAL_PEER_NUM) return ESP_ERR_ESPNOW_FULL;
	memcpy(peers[peerCount++], p->peer_addr, 6);
	return ESP_OK;
}
esp_err_t esp_now_del_peer(const uint8_t *mac)
{
	int i = findPeer(mac);
	if (mac[0] == 0xFF) broadcastDeleted++;
	if (i < 0) return ESP_ERR_ESPNOW_NOT_FOUND;
	memmove(peers[i], peers[i + 1], (size_t)(peerCount - i - 1) * 6);
	peerCount--;
	return ESP_OK;
}
esp_err_t esp_now_send(const uint8_t *mac, const uint8_t *data, size_t len)
{
	(void)data; (void)len;
	if (sendFails) return ESP_ERR_ESPNOW_NO_MEM;
	if (findPeer(mac) < 0) return ESP_ERR_ESPNOW_NOT_FOUND;	/* broadcast too: the driver needs its peer */
	return ESP_OK;
}
int modMessagePostToMachineFromISR(xsMachine *the, modMessageDeliver cb, void *refcon)
{
	(void)the;
	if (postFails) { postRefused++; return -1; }
	posted++; pendingDeliver = cb; pendingRefcon = refcon;
	return 0;
}
/* the XS task services its message queue */
static void service(void) { if (pendingDeliver) { modMessageDeliver d = pendingDeliver; pendingDeliver = NULL; d(&machine, pendingRefcon, NULL, 0); } }

/* ---- the Wi-Fi task ---- */
static void air(uint16_t from, int broadcast, int8_t rssi, uint8_t first, int len)
{
	uint8_t src[6], dst[6], frame[300];
	int8_t rx[16] = { rssi };	/* the first byte of wifi_pkt_rx_ctrl_t holds `signed rssi: 8` */
	esp_now_recv_info_t info = { src, dst, (wifi_pkt_rx_ctrl_t *)rx };
	addressToMac(from, src);
	if (broadcast) memset(dst, 0xFF, 6); else addressToMac(7, dst);
	memset(frame, 0, sizeof frame); frame[0] = first;
	recvCb(&info, frame, len);
}
static void sent(uint16_t to, int ok)
{
	uint8_t dst[6];
	wifi_tx_info_t tx;
	memset(&tx, 0, sizeof tx);
	if (to == 0xFFFF) memset(dst, 0xFF, 6); else addressToMac(to, dst);
	tx.des_addr = dst;
	sendCb(&tx, ok ? ESP_NOW_SEND_SUCCESS : ESP_NOW_SEND_FAIL);
}

static int open_(const char *country, int channel, int power)
{
	return CALL(xs_espnow_constructor, 4, I(7), I(channel), S(country), I(power));
}
static int sendTo(int to) { uint8_t f[10] = { 1 }; if (!CALL(xs_espnow_send, 2, I(to), B(f, sizeof f), N(), N())) return -1; return machine.result.i; }
static int hasPeer(uint16_t a) { uint8_t mac[6]; addressToMac(a, mac); return findPeer(mac) >= 0; }
static int counter(int k) { CALL(xs_espnow_stats, 1, N(), N(), N(), N()); return statsArray[k].i; }
static void reset(void)
{
	if (machine.hostData) CALL(xs_espnow_close, 0, N(), N(), N(), N());
	memset(&machine, 0, sizeof machine);
	log_[0] = 0; wifiInited = wifiStarted = loopCreated = nowInited = nowInitFails = 0; wifiMode = WIFI_MODE_NULL; peerCount = 0; memcpy(countryCode, "01", 3);
	brokenPeerExist = postFails = sendFails = broadcastDeleted = 0; posted = postRefused = 0; pendingDeliver = NULL;
	received = sentReports = 0; lastTo = lastAcked = lastBroadcast = lastFrom = lastFirst = -1; throwOnReceive = -1;
}

int main(int argc, char **argv)
{
	const char *scenario = argc > 1 ? argv[1] : "";
	if (!strcmp(scenario, "bringup")) {
		printf("ok %d\n", open_("01", 6, 32));
		printf("log %s\n", log_);
		printf("peers %d\n", peerCount);
		printf("broadcastPeer %d\n", findPeer((const uint8_t *)"\xff\xff\xff\xff\xff\xff") >= 0);
	} else if (!strcmp(scenario, "already-started")) {
		wifiInited = 1; wifiStarted = 1; loopCreated = 1; wifiMode = WIFI_MODE_AP;
		printf("ok %d\n", open_("01", 6, 32));
		printf("log %s\n", log_);
		printf("started %d\n", wifiStarted);
	} else if (!strcmp(scenario, "bad-channel")) {
		printf("ok %d\n", open_("01", 13, 32));
		printf("error %s\n", thrown);
		printf("log %s\n", log_);
		printf("wifi %d %d\n", wifiInited, wifiStarted);
	} else if (!strcmp(scenario, "country")) {
		printf("lower %d\n", open_("de", 13, 32));
		reset();
		printf("unknown %d\n", open_("xx", 1, 32));
		printf("error %s\n", thrown);
	} else if (!strcmp(scenario, "bringup-fails")) {
		nowInitFails = 1;
		printf("ok %d\n", open_("01", 6, 32));
		printf("error %s\n", thrown);
		printf("log %s\n", log_);
		printf("wifi %d %d\n", wifiInited, wifiStarted);
		reset();
		wifiInited = 1; wifiStarted = 1; loopCreated = 1; wifiMode = WIFI_MODE_STA; nowInitFails = 1;
		printf("otherOk %d\n", open_("01", 6, 32));
		printf("otherWifi %d %d\n", wifiInited, wifiStarted);
	} else if (!strcmp(scenario, "broadcast-exists")) {
		brokenPeerExist = 1;
		printf("ok %d\n", open_("01", 1, 32));
	} else if (!strcmp(scenario, "peers")) {
		open_("01", 1, 32);
		int taken = 0;
		for (int a = 100; a < 140; a++) taken += sendTo(a) == 1;
		int b = sendTo(0xFFFF);
		printf("taken %d\n", taken);
		printf("broadcastAfter %d\n", b == 1);
		printf("peers %d\n", peerCount);
		printf("broadcastDeleted %d\n", broadcastDeleted);
		printf("broadcastPeer %d\n", findPeer((const uint8_t *)"\xff\xff\xff\xff\xff\xff") >= 0);
		printf("evictions %d\n", counter(kPeerEvictions));
	} else if (!strcmp(scenario, "lru")) {
		open_("01", 1, 32);
		for (int a = 200; a < 200 + MODDEF_D2D_PEERS; a++) sendTo(a);	/* table full: 200 is the oldest */
		sendTo(200);						/* 200 used again: 201 is now the oldest */
		sendTo(300);						/* evicts 201 */
		printf("kept %d %d\n", hasPeer(200), hasPeer(300));
		printf("evicted %d\n", !hasPeer(201));
	} else if (!strcmp(scenario, "ring")) {
		open_("01", 1, 32);
		air(0x0102, 1, -71, 0xA1, 40);
		printf("postedAfterOne %d\n", posted);
		air(0x0103, 0, -60, 0xA2, 40);
		printf("postedAfterTwo %d\n", posted);
		service();
		printf("received %d\n", received);
		printf("lastFrom %d\nlastRssi %d\nlastBroadcast %d\n", lastFrom, lastRssi, lastBroadcast);
		for (int i = 0; i < MODDEF_D2D_RX_RING + 5; i++) air(0x0104, 1, -80, (uint8_t)i, 20);
		printf("overflow %d\n", counter(kRxOverflow));
		received = 0; service();
		printf("receivedAfterBurst %d\n", received);
		air(0x0105, 1, -80, 1, 0); air(0x0105, 1, -80, 1, 251);
		{ uint8_t src[6] = { 0x24, 0x6F, 0x28, 1, 2, 3 }, dst[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }; int8_t rx[16] = { -50 };
		  esp_now_recv_info_t info = { src, dst, (wifi_pkt_rx_ctrl_t *)rx }; uint8_t f[20] = { 0 }; recvCb(&info, f, 20); }
		printf("foreign %d\n", counter(kRxForeign));
	} else if (!strcmp(scenario, "lost-wakeup")) {
		open_("01", 1, 32);
		postFails = 1;
		air(0x0102, 1, -70, 1, 30);
		printf("wakeFailures %d\n", counter(kWakeFailures));
		postFails = 0;
		air(0x0102, 1, -70, 2, 30);
		printf("postedAfterRecovery %d\n", posted);
		service(); received = 0; air(0x0102, 1, -70, 3, 30); postFails = 1; air(0x0102, 1, -70, 4, 30); postFails = 0; pendingDeliver = NULL;
		CALL(xs_espnow_poll, 0, N(), N(), N(), N());
		service();
		printf("receivedAfterPoll %d\n", received);	/* frames 3 and 4: the wake-up for 3 was lost with the queue */
	} else if (!strcmp(scenario, "poll-while-queued")) {
		open_("01", 1, 32);
		air(0x0102, 1, -70, 1, 30);			/* posts the wake-up; the XS task has not run it yet */
		CALL(xs_espnow_poll, 0, N(), N(), N(), N());	/* the poll timer drains first */
		printf("receivedByPoll %d\n", received);
		air(0x0102, 1, -70, 2, 30);			/* a message is still queued: no second post */
		printf("posted %d\n", posted);
		service();
		printf("receivedAfterMessage %d\n", received);
		air(0x0102, 1, -70, 3, 30);			/* the message ran: the next frame posts again */
		printf("postedAfter %d\n", posted);
	} else if (!strcmp(scenario, "throwing-handler")) {
		open_("01", 1, 32);
		throwOnReceive = 2;
		air(0x0102, 1, -70, 1, 30); air(0x0102, 1, -70, 2, 30); air(0x0102, 1, -70, 3, 30);
		service();
		printf("received %d\nlastFirst %d\n", received, lastFirst);
	} else if (!strcmp(scenario, "completions")) {
		open_("01", 1, 32);
		sendTo(0x0200); sendTo(0x0300); sendTo(0xFFFF);
		sent(0x0200, 1); sent(0x0300, 0);
		service();
		printf("reports %d\nlast %d %d\n", sentReports, lastTo, lastAcked);
		sent(0xFFFF, 1); service();
		printf("broadcast %d %d\n", lastTo, lastAcked);
		for (int i = 0; i < 9; i++) sent(0x0400, 1);	/* more completions than the ring holds between drains */
		printf("txOverflow %d\n", counter(kTxOverflow));
		sentReports = 0; service();
		printf("reportsAfterBurst %d\n", sentReports);
		sendFails = 1;
		printf("refused %d\n", sendTo(0x0200));
		printf("sendRefused %d\n", counter(kSendRefused));
	} else if (!strcmp(scenario, "limits")) {
		CALL(xs_espnow_limits, 1, N(), N(), N(), N());
		printf("limits %d %d %d %d\n", statsArray[0].i, statsArray[1].i, statsArray[2].i, statsArray[3].i);
		printf("opened %d\n", open_("01", 1, 32));
		{ uint8_t big[MODDEF_D2D_MAX_FRAME + 1] = { 0 }; printf("oversizeSend %d\n", CALL(xs_espnow_send, 2, I(0x200), B(big, sizeof big), N(), N())); printf("error %s\n", thrown); }
	} else {
		printf("unknown scenario %s\n", scenario);
		return 2;
	}
	reset();
	return 0;
}

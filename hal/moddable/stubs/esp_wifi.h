/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_wifi/include/esp_wifi.h.
 * Signatures as in v6.0 (line numbers of that header); wifi_init_config_t keeps the v6.0
 * member order but WIFI_INIT_CONFIG_DEFAULT fills only what a desktop can (the real macro
 * reads sdkconfig). The real build uses the real header (npm run check:idf).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "esp_err.h"
#include "esp_wifi_types.h"

#define ESP_ERR_WIFI_NOT_INIT (ESP_ERR_WIFI_BASE + 1)      /* esp_wifi.h:63 */
#define ESP_ERR_WIFI_NOT_STARTED (ESP_ERR_WIFI_BASE + 2)   /* esp_wifi.h:64 */
#define ESP_ERR_WIFI_IF (ESP_ERR_WIFI_BASE + 4)            /* esp_wifi.h:66 */
#define ESP_ERR_WIFI_MODE (ESP_ERR_WIFI_BASE + 5)          /* esp_wifi.h:67 */
#define ESP_ERR_WIFI_MAC (ESP_ERR_WIFI_BASE + 9)           /* esp_wifi.h:71 */

typedef struct wifi_osi_funcs_t wifi_osi_funcs_t;          /* esp_wifi.h:92 */
typedef struct { void *opaque; } wpa_crypto_funcs_t;       /* esp_wifi_crypto_types.h (contents not used here) */

typedef struct {                                           /* esp_wifi.h:97 */
	wifi_osi_funcs_t *osi_funcs;
	wpa_crypto_funcs_t wpa_crypto_funcs;
	int static_rx_buf_num;
	int dynamic_rx_buf_num;
	int tx_buf_type;
	int static_tx_buf_num;
	int dynamic_tx_buf_num;
	int rx_mgmt_buf_type;
	int rx_mgmt_buf_num;
	int cache_tx_buf_num;
	int csi_enable;
	int ampdu_rx_enable;
	int ampdu_tx_enable;
	int amsdu_tx_enable;
	int nvs_enable;
	int nano_enable;
	int rx_ba_win;
	int wifi_task_core_id;
	int beacon_max_len;
	int mgmt_sbuf_num;
	uint64_t feature_caps;
	bool sta_disconnected_pm;
	int espnow_max_encrypt_num;
	int tx_hetb_queue_num;
	bool dump_hesigb_enable;
	int magic;
} wifi_init_config_t;

#define WIFI_INIT_CONFIG_MAGIC 0x1F2F3F4F                   /* esp_wifi.h:189 */
#define WIFI_INIT_CONFIG_DEFAULT() { .osi_funcs = 0, .nvs_enable = 1, .magic = WIFI_INIT_CONFIG_MAGIC }

esp_err_t esp_wifi_init(const wifi_init_config_t *config);              /* esp_wifi.h:356 */
esp_err_t esp_wifi_deinit(void);                                        /* esp_wifi.h:368 */
esp_err_t esp_wifi_set_mode(wifi_mode_t mode);                          /* esp_wifi.h:384 */
esp_err_t esp_wifi_get_mode(wifi_mode_t *mode);                         /* esp_wifi.h:396 */
esp_err_t esp_wifi_start(void);                                         /* esp_wifi.h:413 */
esp_err_t esp_wifi_stop(void);                                          /* esp_wifi.h:426 */
esp_err_t esp_wifi_set_channel(uint8_t primary, wifi_second_chan_t second);   /* esp_wifi.h:791 */
esp_err_t esp_wifi_get_country(wifi_country_t *country);                /* esp_wifi.h:848 */
esp_err_t esp_wifi_set_mac(wifi_interface_t ifx, const uint8_t mac[6]); /* esp_wifi.h:870 */
esp_err_t esp_wifi_set_storage(wifi_storage_t storage);                 /* esp_wifi.h:1074 */
esp_err_t esp_wifi_set_max_tx_power(int8_t power);                      /* esp_wifi.h:1137, 0.25 dBm units, 8..84 */
esp_err_t esp_wifi_get_max_tx_power(int8_t *power);                     /* esp_wifi.h:1150 */
esp_err_t esp_wifi_set_country_code(const char *country, bool ieee80211d_enabled); /* esp_wifi.h:1516 */

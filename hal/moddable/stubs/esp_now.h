/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_wifi/include/esp_now.h.
 * Signatures and values as in v6.0 (line numbers of that header). Since ESP-IDF v5.5 the
 * send callback takes the frame's wifi_tx_info_t, not the peer MAC.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_err.h"
#include "esp_wifi_types.h"

#define ESP_ERR_ESPNOW_BASE (ESP_ERR_WIFI_BASE + 100)      /* esp_now.h:18 */
#define ESP_ERR_ESPNOW_NOT_INIT (ESP_ERR_ESPNOW_BASE + 1)
#define ESP_ERR_ESPNOW_ARG (ESP_ERR_ESPNOW_BASE + 2)
#define ESP_ERR_ESPNOW_NO_MEM (ESP_ERR_ESPNOW_BASE + 3)
#define ESP_ERR_ESPNOW_FULL (ESP_ERR_ESPNOW_BASE + 4)
#define ESP_ERR_ESPNOW_NOT_FOUND (ESP_ERR_ESPNOW_BASE + 5)
#define ESP_ERR_ESPNOW_INTERNAL (ESP_ERR_ESPNOW_BASE + 6)
#define ESP_ERR_ESPNOW_EXIST (ESP_ERR_ESPNOW_BASE + 7)     /* esp_now.h:25 */
#define ESP_ERR_ESPNOW_IF (ESP_ERR_ESPNOW_BASE + 8)
#define ESP_ERR_ESPNOW_CHAN (ESP_ERR_ESPNOW_BASE + 9)

#define ESP_NOW_ETH_ALEN 6                                  /* esp_now.h:29 */
#define ESP_NOW_KEY_LEN 16                                  /* esp_now.h:30 */
#define ESP_NOW_MAX_TOTAL_PEER_NUM 20                       /* esp_now.h:32 */
#define ESP_NOW_MAX_ENCRYPT_PEER_NUM 6                      /* esp_now.h:33 */
#define ESP_NOW_MAX_IE_DATA_LEN 250                         /* esp_now.h:35 */
#define ESP_NOW_MAX_DATA_LEN ESP_NOW_MAX_IE_DATA_LEN        /* esp_now.h:36 */

typedef enum {                                              /* esp_now.h:42 */
	ESP_NOW_SEND_SUCCESS = WIFI_SEND_SUCCESS,
	ESP_NOW_SEND_FAIL = WIFI_SEND_FAIL,
} esp_now_send_status_t;

typedef struct esp_now_peer_info {                          /* esp_now.h:50 */
	uint8_t peer_addr[ESP_NOW_ETH_ALEN];
	uint8_t lmk[ESP_NOW_KEY_LEN];
	uint8_t channel;
	wifi_interface_t ifidx;
	bool encrypt;
	void *priv;
} esp_now_peer_info_t;

typedef struct esp_now_recv_info {                          /* esp_now.h:72 */
	uint8_t *src_addr;
	uint8_t *des_addr;
	wifi_pkt_rx_ctrl_t *rx_ctrl;
} esp_now_recv_info_t;

typedef wifi_tx_info_t esp_now_send_info_t;                 /* esp_now.h:81 */

typedef void (*esp_now_recv_cb_t)(const esp_now_recv_info_t *esp_now_info, const uint8_t *data, int data_len);   /* esp_now.h:120 */
typedef void (*esp_now_send_cb_t)(const esp_now_send_info_t *tx_info, esp_now_send_status_t status);             /* esp_now.h:127 */

esp_err_t esp_now_init(void);                               /* esp_now.h:136 */
esp_err_t esp_now_deinit(void);                             /* esp_now.h:144 */
esp_err_t esp_now_register_recv_cb(esp_now_recv_cb_t cb);  /* esp_now.h:172 */
esp_err_t esp_now_unregister_recv_cb(void);
esp_err_t esp_now_register_send_cb(esp_now_send_cb_t cb);  /* esp_now.h:193 */
esp_err_t esp_now_unregister_send_cb(void);
esp_err_t esp_now_send(const uint8_t *peer_addr, const uint8_t *data, size_t len);   /* esp_now.h:226 */
esp_err_t esp_now_add_peer(const esp_now_peer_info_t *peer);   /* esp_now.h:241 */
esp_err_t esp_now_del_peer(const uint8_t *peer_addr);   /* esp_now.h:254 */

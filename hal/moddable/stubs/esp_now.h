/* Minimal ESP-IDF-shaped declarations (IDF 5 signatures), only for compile-checking espnow.c on a desktop. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "esp_err.h"
#include "esp_wifi.h"
#define ESP_NOW_ETH_ALEN 6
typedef enum { ESP_NOW_SEND_SUCCESS = 0, ESP_NOW_SEND_FAIL } esp_now_send_status_t;
typedef struct {
	uint8_t *src_addr;
	uint8_t *des_addr;
	wifi_pkt_rx_ctrl_t *rx_ctrl;
} esp_now_recv_info_t;
typedef struct {
	uint8_t peer_addr[ESP_NOW_ETH_ALEN];
	uint8_t lmk[16];
	uint8_t channel;
	wifi_interface_t ifidx;
	bool encrypt;
	void *priv;
} esp_now_peer_info_t;
typedef void (*esp_now_recv_cb_t)(const esp_now_recv_info_t *info, const uint8_t *data, int len);
typedef void (*esp_now_send_cb_t)(const uint8_t *mac, esp_now_send_status_t status);
esp_err_t esp_now_init(void);
esp_err_t esp_now_deinit(void);
esp_err_t esp_now_register_recv_cb(esp_now_recv_cb_t cb);
esp_err_t esp_now_unregister_recv_cb(void);
esp_err_t esp_now_register_send_cb(esp_now_send_cb_t cb);
esp_err_t esp_now_unregister_send_cb(void);
esp_err_t esp_now_add_peer(const esp_now_peer_info_t *peer);
esp_err_t esp_now_del_peer(const uint8_t *peer_addr);
esp_err_t esp_now_send(const uint8_t *peer_addr, const uint8_t *data, size_t len);

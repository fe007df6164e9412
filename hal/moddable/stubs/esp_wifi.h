/* Minimal ESP-IDF-shaped declarations, only for compile-checking espnow.c on a desktop. */
#pragma once
#include <stdint.h>
#include "esp_err.h"
typedef enum { WIFI_IF_STA = 0, WIFI_IF_AP = 1 } wifi_interface_t;
typedef enum { WIFI_SECOND_CHAN_NONE = 0, WIFI_SECOND_CHAN_ABOVE, WIFI_SECOND_CHAN_BELOW } wifi_second_chan_t;
typedef struct { signed rssi: 8; unsigned rate: 5; } wifi_pkt_rx_ctrl_t;
esp_err_t esp_wifi_set_mac(wifi_interface_t ifx, const uint8_t mac[6]);
esp_err_t esp_wifi_set_channel(uint8_t primary, wifi_second_chan_t second);

/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_wifi/include/esp_wifi_types.h
 * and esp_wifi_types_generic.h, as Moddable 8.2.x's include list sees them: that list has
 * esp_wifi/include but not esp_wifi/include/local, so esp_wifi_types_native.h is not found
 * and wifi_pkt_rx_ctrl_t is the OPAQUE struct of esp_wifi_types.h:23. Keep it opaque: code
 * that dereferences it must fail here as it fails on the device.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

typedef struct wifi_pkt_rx_ctrl_t wifi_pkt_rx_ctrl_t;   /* esp_wifi_types.h:23 (opaque) */

typedef enum {                                          /* esp_wifi_types_generic.h:24 */
	WIFI_MODE_NULL = 0,
	WIFI_MODE_STA,
	WIFI_MODE_AP,
	WIFI_MODE_APSTA,
	WIFI_MODE_NAN,
	WIFI_MODE_MAX
} wifi_mode_t;

typedef enum {                                          /* esp_wifi_types_generic.h:36 (ESP32, ESP32-S3: no NAN) */
	WIFI_IF_STA,
	WIFI_IF_AP,
	WIFI_IF_MAX
} wifi_interface_t;

typedef enum {                                          /* esp_wifi_types_generic.h:57 */
	WIFI_COUNTRY_POLICY_AUTO,
	WIFI_COUNTRY_POLICY_MANUAL,
} wifi_country_policy_t;

typedef struct {                                        /* esp_wifi_types_generic.h:65 (no 5 GHz mask on ESP32/S3) */
	char cc[3];
	uint8_t schan;
	uint8_t nchan;
	int8_t max_tx_power;
	wifi_country_policy_t policy;
} wifi_country_t;

typedef enum {                                          /* esp_wifi_types_generic.h:179 */
	WIFI_SECOND_CHAN_NONE = 0,
	WIFI_SECOND_CHAN_ABOVE,
	WIFI_SECOND_CHAN_BELOW,
} wifi_second_chan_t;

typedef enum {                                          /* esp_wifi_types_generic.h:628 */
	WIFI_STORAGE_FLASH,
	WIFI_STORAGE_RAM,
} wifi_storage_t;

typedef enum {                                          /* esp_wifi_types_generic.h:1029 (first member only) */
	WIFI_PHY_RATE_1M_L = 0x00,
} wifi_phy_rate_t;

typedef enum {                                          /* esp_wifi_types_generic.h:1517 */
	WIFI_SEND_SUCCESS = 0,
	WIFI_SEND_FAIL,
} wifi_tx_status_t;

typedef struct {                                        /* esp_wifi_types_generic.h:1525 */
	uint8_t *des_addr;
	uint8_t *src_addr;
	wifi_interface_t ifidx;
	uint8_t *data;
	uint8_t data_len;
	wifi_phy_rate_t rate;
	wifi_tx_status_t tx_status;
} wifi_tx_info_t;

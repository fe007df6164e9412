/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_common/include/esp_err.h.
 * Only the declarations the native modules use; names, types and values as in v6.0.
 * The real build uses the real header (npm run check:idf compiles against it).
 */
#pragma once
typedef int esp_err_t;                  /* esp_err.h:19 */
#define ESP_OK 0                        /* esp_err.h:22 */
#define ESP_FAIL -1                     /* esp_err.h:23 */
#define ESP_ERR_NO_MEM 0x101            /* esp_err.h:25 */
#define ESP_ERR_INVALID_ARG 0x102       /* esp_err.h:26 */
#define ESP_ERR_INVALID_STATE 0x103     /* esp_err.h:27 */
#define ESP_ERR_WIFI_BASE 0x3000        /* esp_err.h:39 */

/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_event/include/esp_event.h.
 * Only what espnow.c calls. The real build uses the real header (npm run check:idf).
 */
#pragma once
#include "esp_err.h"
/* esp_event.h:68; ESP_ERR_INVALID_STATE when the default loop already exists */
esp_err_t esp_event_loop_create_default(void);

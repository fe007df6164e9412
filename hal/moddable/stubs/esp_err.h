/* Minimal ESP-IDF-shaped declarations, only for compile-checking espnow.c on a desktop. */
#pragma once
typedef int esp_err_t;
#define ESP_OK 0
#define ESP_FAIL -1

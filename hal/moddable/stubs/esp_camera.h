/*
 * Desktop compile-check stand-in for Espressif's esp32-camera component,
 * version 2.1.5 (the version boards/esp32-cam/manifest.json pins, "~2.1.5"):
 * driver/include/esp_camera.h.
 *
 * Rules for this file:
 * - only declarations camera.c uses, each with the line of the real header it mirrors;
 * - names, field order, types and enum values exactly as in 2.1.5 (a stub that accepts
 *   what the real header rejects hides bugs: see npm run check:idf for the real one);
 * - the real header's CONFIG_CAMERA_CONVERTER_ENABLED field (conv_mode) is left out:
 *   that option exists only for the ESP32-S3, and the ESP32-CAM is a plain ESP32.
 * The real header also includes "sdkconfig.h" and, at its end, "img_converters.h"
 * (conversions/include, which includes esp_jpeg's "jpeg_decoder.h"); camera.c uses neither.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "esp_err.h"      /* esp_camera.h:69 */
#include "driver/ledc.h"  /* esp_camera.h:70 (ESP-IDF v6.0 esp_driver_ledc) */
#include "sensor.h"       /* esp_camera.h:71 (pixformat_t, framesize_t) */
#include <sys/time.h>     /* esp_camera.h:72 "sys/time.h" (struct timeval) */

/* esp_camera.h:88-91 */
typedef enum {
	CAMERA_GRAB_WHEN_EMPTY,
	CAMERA_GRAB_LATEST
} camera_grab_mode_t;

/* esp_camera.h:96-99 */
typedef enum {
	CAMERA_FB_IN_PSRAM,
	CAMERA_FB_IN_DRAM
} camera_fb_location_t;

/* esp_camera.h:117-158 (without conv_mode, see above) */
typedef struct {
	int pin_pwdn;
	int pin_reset;
	int pin_xclk;
	union {
		int pin_sccb_sda;
		int pin_sscb_sda __attribute__((deprecated("please use pin_sccb_sda instead")));
	};
	union {
		int pin_sccb_scl;
		int pin_sscb_scl __attribute__((deprecated("please use pin_sccb_scl instead")));
	};
	int pin_d7;
	int pin_d6;
	int pin_d5;
	int pin_d4;
	int pin_d3;
	int pin_d2;
	int pin_d1;
	int pin_d0;
	int pin_vsync;
	int pin_href;
	int pin_pclk;
	int xclk_freq_hz;
	ledc_timer_t ledc_timer;
	ledc_channel_t ledc_channel;
	pixformat_t pixel_format;
	framesize_t frame_size;
	int jpeg_quality;
	size_t fb_count;
	camera_fb_location_t fb_location;
	camera_grab_mode_t grab_mode;
	int sccb_i2c_port;
} camera_config_t;

/* esp_camera.h:163-170 */
typedef struct {
	uint8_t * buf;
	size_t len;
	size_t width;
	size_t height;
	pixformat_t format;
	struct timeval timestamp;
} camera_fb_t;

/* esp_camera.h:172-173 */
#define ESP_ERR_CAMERA_BASE 0x20000
#define ESP_ERR_CAMERA_NOT_DETECTED             (ESP_ERR_CAMERA_BASE + 1)

esp_err_t esp_camera_init(const camera_config_t* config);   /* esp_camera.h:192 */
esp_err_t esp_camera_deinit(void);                           /* esp_camera.h:201 */
camera_fb_t* esp_camera_fb_get(void);                        /* esp_camera.h:208 */
void esp_camera_fb_return(camera_fb_t * fb);                 /* esp_camera.h:215 */

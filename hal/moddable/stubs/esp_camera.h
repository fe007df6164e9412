/* Minimal esp32-camera-shaped declarations, only for compile-checking camera.c on a desktop. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "esp_err.h"
typedef enum { LEDC_TIMER_0 = 0, LEDC_TIMER_1 } ledc_timer_t;
typedef enum { LEDC_CHANNEL_0 = 0, LEDC_CHANNEL_1 } ledc_channel_t;
typedef enum { PIXFORMAT_RGB565, PIXFORMAT_YUV422, PIXFORMAT_GRAYSCALE, PIXFORMAT_JPEG } pixformat_t;
typedef enum { FRAMESIZE_QVGA = 5, FRAMESIZE_VGA = 8, FRAMESIZE_SVGA = 9 } framesize_t;
typedef struct {
	int pin_pwdn, pin_reset, pin_xclk, pin_sccb_sda, pin_sccb_scl;
	int pin_d7, pin_d6, pin_d5, pin_d4, pin_d3, pin_d2, pin_d1, pin_d0;
	int pin_vsync, pin_href, pin_pclk;
	int xclk_freq_hz;
	ledc_timer_t ledc_timer;
	ledc_channel_t ledc_channel;
	pixformat_t pixel_format;
	framesize_t frame_size;
	int jpeg_quality;
	size_t fb_count;
} camera_config_t;
typedef struct {
	uint8_t *buf;
	size_t len;
	size_t width, height;
	pixformat_t format;
} camera_fb_t;
esp_err_t esp_camera_init(const camera_config_t *config);
esp_err_t esp_camera_deinit(void);
camera_fb_t *esp_camera_fb_get(void);
void esp_camera_fb_return(camera_fb_t *fb);

/*
 * Desktop compile-check stand-in for Espressif's esp32-camera component, version 2.1.5:
 * driver/include/sensor.h, as included by esp_camera.h.
 * Rules: only the types camera.c uses, each with the line of the real header it mirrors;
 * enum members and their order exactly as in 2.1.5 (the values are what the driver reads).
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

/* sensor.h:81-92 */
typedef enum {
	PIXFORMAT_RGB565,
	PIXFORMAT_YUV422,
	PIXFORMAT_YUV420,
	PIXFORMAT_GRAYSCALE,
	PIXFORMAT_JPEG,
	PIXFORMAT_RGB888,
	PIXFORMAT_RAW,
	PIXFORMAT_RGB444,
	PIXFORMAT_RGB555,
	PIXFORMAT_RAW8,
} pixformat_t;

/* sensor.h:94-123 */
typedef enum {
	FRAMESIZE_96X96,
	FRAMESIZE_QQVGA,
	FRAMESIZE_128X128,
	FRAMESIZE_QCIF,
	FRAMESIZE_HQVGA,
	FRAMESIZE_240X240,
	FRAMESIZE_QVGA,
	FRAMESIZE_320X320,
	FRAMESIZE_CIF,
	FRAMESIZE_HVGA,
	FRAMESIZE_VGA,
	FRAMESIZE_SVGA,
	FRAMESIZE_XGA,
	FRAMESIZE_HD,
	FRAMESIZE_SXGA,
	FRAMESIZE_UXGA,
	FRAMESIZE_FHD,
	FRAMESIZE_P_HD,
	FRAMESIZE_P_3MP,
	FRAMESIZE_QXGA,
	FRAMESIZE_QHD,
	FRAMESIZE_WQXGA,
	FRAMESIZE_P_FHD,
	FRAMESIZE_QSXGA,
	FRAMESIZE_5MP,
	FRAMESIZE_INVALID
} framesize_t;

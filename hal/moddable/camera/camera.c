/*
 * JPEG capture on the AI-Thinker ESP32-CAM (OV2640) for the Moddable SDK 8.2.x, over
 * Espressif's esp32-camera component 2.1.x on ESP-IDF v6.0: the native half of
 * hal/moddable/camera.ts, bound in camera.js.
 *
 *   new Camera(pins, quality = 12, maxBytes = CAMERA_JPEG_MAX)
 *   camera.capture()  one JPEG taken after the call, as an ArrayBuffer; undefined if the
 *                     sensor gave none; RangeError if it is over maxBytes
 *   camera.close()    releases the driver (the destructor does the same at GC)
 *
 * Rules of this file:
 * - A fresh frame per capture. The driver runs with one frame buffer, grab-when-empty: it
 *   fills the free buffer at the next VSYNC, queues it and then captures nothing until the
 *   application returns it (cam_hal.c cam_task / cam_start_frame). So the frame waiting in
 *   the queue was taken just after the previous capture() returned: one capture interval
 *   old. capture() takes that stale frame, returns it, and takes the next one, which the
 *   driver starts only after the return. Cost: one extra frame time (tens of ms at VGA).
 *   Two buffers with CAMERA_GRAB_LATEST would also give a recent frame, but keep the
 *   capture task copying every frame into PSRAM, at a priority next to the Wi-Fi task's on
 *   core 0, for one image a minute; and cost a second 61 KB buffer.
 * - No frame buffer leak: every esp_camera_fb_get() has its esp_camera_fb_return() on every
 *   path. Nothing that can throw runs while a frame is held, except the ArrayBuffer
 *   allocation, which runs inside xsTry and returns the frame before rethrowing.
 *   host-tests/camera-native.test.ts runs these paths against a scripted driver, and checks
 *   that removing any esp_camera_fb_return() is caught.
 * - The driver is a singleton: a second esp_camera_init() while one is live frees the live
 *   driver's state (esp_camera.c camera_probe/fail path), so one Camera at a time.
 * - esp_camera_init() cleans up after itself when it fails (its fail path calls
 *   esp_camera_deinit()); so on failure we free only our own record. close() and the
 *   destructor call esp_camera_deinit() once, for an open camera only.
 * - Nothing huge reaches the XS heap: a JPEG over maxBytes is returned to the driver and
 *   reported, never copied. The ceiling CAMERA_JPEG_MAX is the largest object a gateway
 *   reassembles (protocol/fragment.ts DEFAULT_REASSEMBLY.maxObjectBytes; a test keeps them
 *   equal). Frame buffers live in PSRAM (boards/esp32-cam/sdkconfig enables it).
 */
#include <stdint.h>
#include <string.h>
#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"
#include "esp_err.h"
#include "esp_camera.h"

#define CAMERA_JPEG_MAX 65536
#define CAMERA_QUALITY_DEFAULT 12

typedef struct {
	uint32_t maxBytes;
	uint8_t open;
} CameraRecord, *Camera;

/* The esp32-camera driver holds one global state: at most one open Camera. */
static uint8_t gCameraOpen = 0;

static int pin(xsMachine *the, xsIdentifier id, int optional)
{
	int value;
	xsmcGet(xsVar(0), xsArg(0), id);
	if ((xsmcTypeOf(xsVar(0)) != xsIntegerType) && (xsmcTypeOf(xsVar(0)) != xsNumberType))
		xsTypeError("camera pin missing");
	value = xsmcToInteger(xsVar(0));
	if ((value < (optional ? -1 : 0)) || (value > 39))
		xsRangeError("camera pin %d out of range", value);
	return value;
}

void xs_camera_destructor(void *data)
{
	Camera c = data;
	if (!c) return;
	if (c->open) {
		esp_camera_deinit();
		c->open = 0;
		gCameraOpen = 0;
	}
	c_free(c);
}

void xs_camera_constructor(xsMachine *the)
{
	camera_config_t config;
	Camera c;
	esp_err_t err;
	int quality = CAMERA_QUALITY_DEFAULT;
	int maxBytes = CAMERA_JPEG_MAX;
	int argc = xsmcArgc;

	if (argc < 1) xsTypeError("camera pins required");
	if ((argc > 1) && (xsmcTypeOf(xsArg(1)) != xsUndefinedType)) {
		quality = xsmcToInteger(xsArg(1));
		if ((quality < 4) || (quality > 63)) xsRangeError("JPEG quality must be 4..63");
	}
	if ((argc > 2) && (xsmcTypeOf(xsArg(2)) != xsUndefinedType)) {
		maxBytes = xsmcToInteger(xsArg(2));
		if ((maxBytes < 1) || (maxBytes > CAMERA_JPEG_MAX)) xsRangeError("maxBytes must be 1..%d", CAMERA_JPEG_MAX);
	}
	xsmcVars(1);
	memset(&config, 0, sizeof(config));
	config.pin_pwdn = pin(the, xsID_pwdn, 1);
	config.pin_reset = pin(the, xsID_reset, 1);
	config.pin_xclk = pin(the, xsID_xclk, 0);
	config.pin_sccb_sda = pin(the, xsID_siod, 0);
	config.pin_sccb_scl = pin(the, xsID_sioc, 0);
	config.pin_d7 = pin(the, xsID_d7, 0);
	config.pin_d6 = pin(the, xsID_d6, 0);
	config.pin_d5 = pin(the, xsID_d5, 0);
	config.pin_d4 = pin(the, xsID_d4, 0);
	config.pin_d3 = pin(the, xsID_d3, 0);
	config.pin_d2 = pin(the, xsID_d2, 0);
	config.pin_d1 = pin(the, xsID_d1, 0);
	config.pin_d0 = pin(the, xsID_d0, 0);
	config.pin_vsync = pin(the, xsID_vsync, 0);
	config.pin_href = pin(the, xsID_href, 0);
	config.pin_pclk = pin(the, xsID_pclk, 0);
	config.xclk_freq_hz = 20000000;
	config.ledc_timer = LEDC_TIMER_0;
	config.ledc_channel = LEDC_CHANNEL_0;
	config.pixel_format = PIXFORMAT_JPEG;
	/* VGA: the driver sizes a JPEG buffer at width * height / 5 = 61 440 bytes (cam_hal.c
	   cam_config); VGA at quality 12 is 20..60 KB, what the media path is built for. */
	config.frame_size = FRAMESIZE_VGA;
	config.jpeg_quality = quality;
	config.fb_count = 1;
	config.fb_location = CAMERA_FB_IN_PSRAM;
	config.grab_mode = CAMERA_GRAB_WHEN_EMPTY;

	if (gCameraOpen) xsUnknownError("camera already open");
	c = c_calloc(1, sizeof(CameraRecord));
	if (!c) xsUnknownError("no memory");
	c->maxBytes = (uint32_t)maxBytes;
	/* Attach before init, so nothing that can throw runs after the driver is up. */
	xsmcSetHostData(xsThis, c);
	err = esp_camera_init(&config);
	if (ESP_OK != err) {
		xsmcSetHostData(xsThis, NULL);
		c_free(c);
		if (ESP_ERR_CAMERA_NOT_DETECTED == err) xsUnknownError("camera init failed: no sensor found (check the ribbon cable)");
		xsUnknownError("camera init failed: error 0x%x (is PSRAM enabled?)", (unsigned int)err);
	}
	c->open = 1;
	gCameraOpen = 1;
}

void xs_camera_capture(xsMachine *the)
{
	Camera c = xsmcGetHostDataValidate(xsThis, (void *)xs_camera_destructor);
	camera_fb_t *stale;
	camera_fb_t *volatile fb;
	size_t length;

	if (!c || !c->open) xsUnknownError("camera closed");

	/* From here until each frame is returned, nothing may throw outside xsTry. */
	stale = esp_camera_fb_get();
	if (!stale) return;		/* the driver waited 4 s for a frame: sensor gave none */
	esp_camera_fb_return(stale);

	fb = esp_camera_fb_get();
	if (!fb) return;
	length = fb->len;
	if ((PIXFORMAT_JPEG != fb->format) || (length < 4) || (0xFF != fb->buf[0]) || (0xD8 != fb->buf[1])) {
		esp_camera_fb_return(fb);
		return;
	}
	if (length > c->maxBytes) {
		esp_camera_fb_return(fb);
		xsRangeError("JPEG of %u bytes over the %u-byte cap", (unsigned int)length, (unsigned int)c->maxBytes);
	}
	xsTry {
		xsmcSetArrayBuffer(xsResult, fb->buf, (xsIntegerValue)length);
	}
	xsCatch {
		esp_camera_fb_return(fb);
		xsThrow(xsException);
	}
	esp_camera_fb_return(fb);
}

void xs_camera_close(xsMachine *the)
{
	Camera c = xsmcGetHostDataValidate(xsThis, (void *)xs_camera_destructor);
	if (!c) return;
	xsmcSetHostData(xsThis, NULL);
	xs_camera_destructor(c);
}

/*
 * JPEG capture on the AI-Thinker ESP32-CAM (OV2640) for the Moddable SDK: the
 * native half of hal/moddable/camera. Uses Espressif's esp32-camera component.
 * new Camera(pins, quality): pins is the board's config.d2d.pins.camera object.
 */
#include <string.h>
#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"
#include "esp_err.h"
#include "esp_camera.h"

typedef struct { uint8_t open; } CameraRecord, *Camera;

static int pin(xsMachine *the, xsIdentifier id)
{
	xsmcGet(xsVar(0), xsArg(0), id);
	return xsmcToInteger(xsVar(0));
}

void xs_camera_destructor(void *data)
{
	Camera c = data;
	if (!c) return;
	if (c->open) esp_camera_deinit();
	c_free(c);
}

void xs_camera_constructor(xsMachine *the)
{
	camera_config_t config;
	Camera c;
	int quality = xsmcArgc > 1 ? xsmcToInteger(xsArg(1)) : 12;
	if (quality < 4 || quality > 63) xsRangeError("JPEG quality must be 4..63");
	xsmcVars(1);
	memset(&config, 0, sizeof(config));
	config.pin_pwdn = pin(the, xsID_pwdn);
	config.pin_reset = pin(the, xsID_reset);
	config.pin_xclk = pin(the, xsID_xclk);
	config.pin_sccb_sda = pin(the, xsID_siod);
	config.pin_sccb_scl = pin(the, xsID_sioc);
	config.pin_d7 = pin(the, xsID_d7);
	config.pin_d6 = pin(the, xsID_d6);
	config.pin_d5 = pin(the, xsID_d5);
	config.pin_d4 = pin(the, xsID_d4);
	config.pin_d3 = pin(the, xsID_d3);
	config.pin_d2 = pin(the, xsID_d2);
	config.pin_d1 = pin(the, xsID_d1);
	config.pin_d0 = pin(the, xsID_d0);
	config.pin_vsync = pin(the, xsID_vsync);
	config.pin_href = pin(the, xsID_href);
	config.pin_pclk = pin(the, xsID_pclk);
	config.xclk_freq_hz = 20000000;
	config.ledc_timer = LEDC_TIMER_0;
	config.ledc_channel = LEDC_CHANNEL_0;
	config.pixel_format = PIXFORMAT_JPEG;
	/* VGA JPEG at quality 12 is 20..60 KB: the size the media path is built for. */
	config.frame_size = FRAMESIZE_VGA;
	config.jpeg_quality = quality;
	config.fb_count = 1;
	c = c_calloc(1, sizeof(CameraRecord));
	if (!c) xsUnknownError("no memory");
	if (esp_camera_init(&config) != ESP_OK) {
		c_free(c);
		xsUnknownError("camera init failed");
	}
	c->open = 1;
	xsmcSetHostData(xsThis, c);
}

/* capture(): an ArrayBuffer with one JPEG, or undefined if the sensor gave none. */
void xs_camera_capture(xsMachine *the)
{
	Camera c = xsmcGetHostData(xsThis);
	camera_fb_t *fb;
	if (!c || !c->open) xsUnknownError("closed");
	fb = esp_camera_fb_get();
	if (!fb) return;
	if (fb->format == PIXFORMAT_JPEG && fb->len > 0) xsmcSetArrayBuffer(xsResult, fb->buf, fb->len);
	esp_camera_fb_return(fb);
}

void xs_camera_close(xsMachine *the)
{
	Camera c = xsmcGetHostData(xsThis);
	if (!c) return;
	xs_camera_destructor(c);
	xsmcSetHostData(xsThis, NULL);
}

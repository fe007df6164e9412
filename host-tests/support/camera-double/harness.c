/*
 * Runs hal/moddable/camera/camera.c on a desktop against a scripted esp32-camera driver
 * and the XS stand-in in xsmc.h, path by path. Built and run by
 * host-tests/camera-native.test.ts; test-only, never built into firmware.
 *
 * The driver double keeps the one rule of the real driver's one-buffer, grab-when-empty
 * mode that matters here (esp32-camera 2.1.5 cam_hal.c): the buffer is either queued with
 * a frame, held by the application, or being filled; a returned buffer is filled again at
 * the next VSYNC, so the frame after a return was taken after it. Frames carry their
 * capture time, so a test can tell a stale frame from a fresh one.
 *
 * Checked on every path: no frame held after a call returns or throws; no frame returned
 * twice or unknown; no fb_get while the only buffer is held; no second init while open;
 * deinit only when open; every c_calloc freed; XS's jump chain restored.
 * Prints one line per check and "N passed, M failed"; exits 1 on any failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"
#include "esp_err.h"
#include "esp_camera.h"

void xs_camera_destructor(void *data);
void xs_camera_constructor(xsMachine *the);
void xs_camera_capture(xsMachine *the);
void xs_camera_close(xsMachine *the);

/* ------------------------------------------------------------------ driver double */

typedef enum { NEXT_OK, NEXT_NULL, NEXT_RGB, NEXT_NO_SOI, NEXT_BIG, NEXT_3000 } Next;

static struct {
	int initialized, initCalls, deinitCalls, gets;
	esp_err_t initResult;
	camera_config_t config;
	camera_fb_t fb;
	uint8_t data[70000];
	int held, queued;
	unsigned clock, queuedAt;
	Next script[8];
	int scripted, next;
	int violations;
	char violation[200];
} drv;

static void violate(const char *what)
{
	if (!drv.violations++) snprintf(drv.violation, sizeof(drv.violation), "%s", what);
}

esp_err_t esp_camera_init(const camera_config_t *config)
{
	drv.initCalls++;
	if (drv.initialized) {
		violate("esp_camera_init while the driver is open (the real driver frees the live state)");
		return ESP_ERR_INVALID_STATE;
	}
	if (ESP_OK != drv.initResult) return drv.initResult;	/* the real driver deinits itself on failure */
	drv.config = *config;
	drv.initialized = 1;
	drv.held = 0;
	drv.queued = 1;
	drv.queuedAt = ++drv.clock;
	return ESP_OK;
}

esp_err_t esp_camera_deinit(void)
{
	drv.deinitCalls++;
	if (!drv.initialized) violate("esp_camera_deinit while not open");
	drv.initialized = 0;
	drv.held = drv.queued = 0;
	return ESP_OK;
}

camera_fb_t *esp_camera_fb_get(void)
{
	Next next = (drv.next < drv.scripted) ? drv.script[drv.next++] : NEXT_OK;
	size_t length = 2000;
	drv.gets++;
	if (!drv.initialized) {
		violate("esp_camera_fb_get while not open");
		return NULL;
	}
	if (drv.held) {
		violate("esp_camera_fb_get while the only frame buffer is held (a leak: the real driver waits 4 s and gives NULL)");
		return NULL;
	}
	if (NEXT_NULL == next) return NULL;
	if (!drv.queued) {
		drv.queued = 1;
		drv.queuedAt = ++drv.clock;
	}
	drv.queued = 0;
	drv.held = 1;
	if (NEXT_BIG == next) length = 65537;
	else if (NEXT_3000 == next) length = 3000;
	memset(drv.data, 0x55, length);
	drv.data[0] = 0xFF;
	drv.data[1] = (NEXT_NO_SOI == next) ? 0x00 : 0xD8;
	memcpy(&drv.data[2], &drv.queuedAt, sizeof(drv.queuedAt));
	drv.data[length - 2] = 0xFF;
	drv.data[length - 1] = 0xD9;
	drv.fb.buf = drv.data;
	drv.fb.len = length;
	drv.fb.width = 640;
	drv.fb.height = 480;
	drv.fb.format = (NEXT_RGB == next) ? PIXFORMAT_RGB565 : PIXFORMAT_JPEG;
	return &drv.fb;
}

void esp_camera_fb_return(camera_fb_t *fb)
{
	if ((fb != &drv.fb) || !drv.held) {
		violate("esp_camera_fb_return of a frame not held");
		return;
	}
	drv.held = 0;
	drv.queued = 1;
	drv.queuedAt = ++drv.clock;	/* filled again from the next VSYNC */
}

static void script(int count, ...)
{
	va_list ap;
	va_start(ap, count);
	for (int i = 0; i < count; i++) drv.script[i] = (Next)va_arg(ap, int);
	va_end(ap);
	drv.scripted = count;
	drv.next = 0;
}

/* ------------------------------------------------------------------ XS double */

static int allocs, frees, failCalloc;

void *fakeCalloc(size_t count, size_t size)
{
	if (failCalloc) return NULL;
	allocs++;
	return calloc(count, size);
}

void fakeFree(void *p)
{
	if (!p) return;
	frees++;
	free(p);
}

void fakeThrow(xsMachine *the, xsSlot *slot)
{
	if (slot != &the->exception) the->exception = *slot;
	if (!the->jump) {
		fprintf(stderr, "throw outside any try\n");
		abort();
	}
	longjmp(the->jump->buffer, 1);
}

void fakeError(xsMachine *the, int kind, const char *format, ...)
{
	va_list ap;
	memset(&the->exception, 0, sizeof(xsSlot));
	the->exception.type = xsReferenceType;
	the->exception.error = kind;
	va_start(ap, format);
	vsnprintf(the->exception.message, sizeof(the->exception.message), format, ap);
	va_end(ap);
	fakeThrow(the, &the->exception);
}

void fakeGet(xsMachine *the, xsSlot *result, xsSlot *object, xsIdentifier id)
{
	memset(result, 0, sizeof(xsSlot));
	if ((xsUndefinedType == object->type) || (xsNullType == object->type)) fakeError(the, FAKE_TYPE_ERROR, "cannot coerce to object");
	if ((xsReferenceType != object->type) || !object->object || (id >= FAKE_PROPERTIES) || !object->object->has[id]) return;
	result->type = xsNumberType;
	result->number = object->object->value[id];
}

int fakeTypeOf(xsMachine *the, xsSlot *slot)
{
	return slot->type;
}

xsIntegerValue fakeToInteger(xsMachine *the, xsSlot *slot)
{
	if ((xsIntegerType == slot->type) || (xsNumberType == slot->type)) return (xsIntegerValue)slot->number;
	return 0;
}

void fakeSetHostData(xsMachine *the, xsSlot *slot, void *data)
{
	if ((slot != &the->thisSlot) || !the->thisIsHost) fakeError(the, FAKE_SYNTAX_ERROR, "not a host object");
	the->hostData = data;
}

void *fakeGetHostDataValidate(xsMachine *the, xsSlot *slot, void *validator)
{
	if ((slot != &the->thisSlot) || !the->thisIsHost) fakeError(the, FAKE_SYNTAX_ERROR, "not a host object");
	if (validator != (void *)xs_camera_destructor) fakeError(the, FAKE_SYNTAX_ERROR, "invalid host data");
	return the->hostData;
}

void fakeSetArrayBuffer(xsMachine *the, xsSlot *slot, void *data, xsIntegerValue length)
{
	if (the->failArrayBuffer) {
		the->failArrayBuffer = 0;
		fakeError(the, FAKE_UNKNOWN_ERROR, "memory full");
	}
	free(slot->bytes);
	memset(slot, 0, sizeof(xsSlot));
	slot->type = xsReferenceType;
	slot->bytes = malloc((size_t)length);
	memcpy(slot->bytes, data, (size_t)length);
	slot->length = (size_t)length;
}

/* ------------------------------------------------------------------ running */

static xsMachine machine;
static FakeObject pins;
static int passed, failed;
static char failure[300];

#define CHECK(COND, ...) do { if (!(COND) && !failure[0]) snprintf(failure, sizeof(failure), __VA_ARGS__); } while (0)

/* Calls a host function as XS would; 0 when it returned, else the kind of error thrown. */
static int call(void (*fn)(xsMachine *), xsMachine *the)
{
	FakeJump top;
	int heldBefore = drv.held;
	top.next = NULL;
	the->jump = &top;
	free(the->result.bytes);
	memset(&the->result, 0, sizeof(xsSlot));
	memset(&the->exception, 0, sizeof(xsSlot));
	if (setjmp(top.buffer) == 0) {
		fn(the);
		CHECK(the->jump == &top, "XS jump chain not restored after a normal return");
		the->jump = NULL;
		CHECK(!drv.held || heldBefore, "a frame buffer is still held after the call returned");
		return 0;
	}
	the->jump = NULL;
	CHECK(!drv.held || heldBefore, "a frame buffer is still held after the call threw (%s)", the->exception.message);
	return the->exception.error ? the->exception.error : -1;
}

static void setPin(int id, double value)
{
	pins.has[id] = 1;
	pins.value[id] = value;
}

/* A fresh machine with `this` a Camera host object and the AI-Thinker pins as argument 0. */
static void fresh(int argc, int quality, int maxBytes)
{
	free(machine.result.bytes);
	memset(&machine, 0, sizeof(machine));
	memset(&pins, 0, sizeof(pins));
	setPin(xsID_pwdn, 32); setPin(xsID_reset, -1); setPin(xsID_xclk, 0);
	setPin(xsID_siod, 26); setPin(xsID_sioc, 27);
	setPin(xsID_d7, 35); setPin(xsID_d6, 34); setPin(xsID_d5, 39); setPin(xsID_d4, 36);
	setPin(xsID_d3, 21); setPin(xsID_d2, 19); setPin(xsID_d1, 18); setPin(xsID_d0, 5);
	setPin(xsID_vsync, 25); setPin(xsID_href, 23); setPin(xsID_pclk, 22);
	machine.thisSlot.type = xsReferenceType;
	machine.thisIsHost = 1;
	machine.argc = argc;
	machine.args[0].type = xsReferenceType;
	machine.args[0].object = &pins;
	machine.args[1].type = quality ? xsNumberType : xsUndefinedType;
	machine.args[1].number = quality;
	machine.args[2].type = maxBytes ? xsNumberType : xsUndefinedType;
	machine.args[2].number = maxBytes;
}

static unsigned frameTime(const xsSlot *buffer)
{
	unsigned at = 0;
	if (buffer->bytes && (buffer->length >= 2 + sizeof(at))) memcpy(&at, &buffer->bytes[2], sizeof(at));
	return at;
}

static void begin(void)
{
	memset(&drv, 0, sizeof(drv));
	drv.initResult = ESP_OK;
	allocs = frees = failCalloc = 0;
	failure[0] = 0;
}

/* Every scenario ends with the camera closed, then checks the invariants. */
static void end(const char *name)
{
	if (machine.hostData) {
		machine.thisIsHost = 1;
		CHECK(call(xs_camera_close, &machine) == 0, "close threw: %s", machine.exception.message);
	}
	CHECK(!drv.initialized, "the driver is still open after close");
	CHECK(!drv.violations, "%s", drv.violation);
	CHECK(allocs == frees, "%d c_calloc, %d c_free", allocs, frees);
	if (failure[0]) {
		failed++;
		printf("not ok - %s: %s\n", name, failure);
	}
	else {
		passed++;
		printf("ok - %s\n", name);
	}
}

static void openCamera(void)
{
	fresh(1, 0, 0);
	CHECK(call(xs_camera_constructor, &machine) == 0, "constructor threw: %s", machine.exception.message);
}

int main(void)
{
	unsigned calledAt;

	begin();
	openCamera();
	CHECK(drv.initCalls == 1, "esp_camera_init called %d times", drv.initCalls);
	CHECK(drv.config.fb_count == 1, "fb_count %zu", drv.config.fb_count);
	CHECK(drv.config.grab_mode == CAMERA_GRAB_WHEN_EMPTY, "grab_mode %d", (int)drv.config.grab_mode);
	CHECK(drv.config.fb_location == CAMERA_FB_IN_PSRAM, "fb_location %d", (int)drv.config.fb_location);
	CHECK(drv.config.pixel_format == PIXFORMAT_JPEG, "pixel_format %d", (int)drv.config.pixel_format);
	CHECK(drv.config.frame_size == FRAMESIZE_VGA, "frame_size %d", (int)drv.config.frame_size);
	CHECK(drv.config.jpeg_quality == 12, "jpeg_quality %d", drv.config.jpeg_quality);
	CHECK((drv.config.pin_sccb_sda == 26) && (drv.config.pin_sccb_scl == 27) && (drv.config.pin_d0 == 5)
		&& (drv.config.pin_pwdn == 32) && (drv.config.pin_reset == -1) && (drv.config.pin_pclk == 22), "pins not as given");
	end("the constructor asks for one PSRAM frame buffer, grab-when-empty, JPEG VGA, with the board's pins");

	begin();
	openCamera();
	drv.clock += 100;	/* a capture interval later */
	calledAt = drv.clock;
	CHECK(call(xs_camera_capture, &machine) == 0, "capture threw: %s", machine.exception.message);
	CHECK(machine.result.bytes && (machine.result.length == 2000), "no 2000-byte ArrayBuffer");
	CHECK(frameTime(&machine.result) > calledAt, "the JPEG was taken at %u, before the call at %u (stale)", frameTime(&machine.result), calledAt);
	drv.clock += 100;
	calledAt = drv.clock;
	CHECK(call(xs_camera_capture, &machine) == 0, "second capture threw: %s", machine.exception.message);
	CHECK(frameTime(&machine.result) > calledAt, "the second JPEG is stale");
	end("capture gives a JPEG taken after the call, every time");

	begin();
	openCamera();
	script(1, NEXT_NULL);
	CHECK(call(xs_camera_capture, &machine) == 0, "capture threw: %s", machine.exception.message);
	CHECK(machine.result.type == xsUndefinedType, "not undefined");
	end("no frame from the driver: undefined, nothing held");

	begin();
	openCamera();
	script(2, NEXT_OK, NEXT_NULL);
	CHECK(call(xs_camera_capture, &machine) == 0, "capture threw: %s", machine.exception.message);
	CHECK(machine.result.type == xsUndefinedType, "not undefined");
	end("the fresh frame never comes: undefined, nothing held");

	begin();
	openCamera();
	script(2, NEXT_OK, NEXT_RGB);
	CHECK(call(xs_camera_capture, &machine) == 0, "capture threw: %s", machine.exception.message);
	CHECK(machine.result.type == xsUndefinedType, "not undefined");
	script(2, NEXT_OK, NEXT_NO_SOI);
	CHECK(call(xs_camera_capture, &machine) == 0, "capture threw: %s", machine.exception.message);
	CHECK(machine.result.type == xsUndefinedType, "not undefined");
	end("a frame that is not a JPEG: undefined, nothing held");

	begin();
	openCamera();
	script(2, NEXT_OK, NEXT_BIG);
	CHECK(call(xs_camera_capture, &machine) == FAKE_RANGE_ERROR, "no RangeError");
	CHECK(!machine.result.bytes, "the oversized JPEG was copied");
	CHECK(call(xs_camera_capture, &machine) == 0, "the next capture threw: %s", machine.exception.message);
	end("a JPEG over the cap: RangeError, returned to the driver, never copied");

	begin();
	fresh(3, 0, 1000);
	CHECK(call(xs_camera_constructor, &machine) == 0, "constructor threw: %s", machine.exception.message);
	script(2, NEXT_OK, NEXT_3000);
	CHECK(call(xs_camera_capture, &machine) == FAKE_RANGE_ERROR, "no RangeError for 3000 bytes over a 1000-byte cap");
	end("a lower cap from JavaScript applies");

	begin();
	openCamera();
	machine.failArrayBuffer = 1;
	CHECK(call(xs_camera_capture, &machine) == FAKE_UNKNOWN_ERROR, "the allocation error did not reach JavaScript");
	CHECK(call(xs_camera_capture, &machine) == 0, "the next capture threw: %s", machine.exception.message);
	end("the ArrayBuffer allocation throws: the frame goes back first, the error reaches JavaScript");

	begin();
	fresh(0, 0, 0);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_TYPE_ERROR, "no TypeError without pins");
	fresh(1, 0, 0);
	pins.has[xsID_d0] = 0;
	CHECK(call(xs_camera_constructor, &machine) == FAKE_TYPE_ERROR, "no TypeError for a missing pin");
	fresh(1, 0, 0);
	setPin(xsID_d3, 40);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_RANGE_ERROR, "no RangeError for GPIO 40");
	fresh(1, 0, 0);
	setPin(xsID_xclk, -1);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_RANGE_ERROR, "no RangeError for an unconnected XCLK");
	fresh(2, 3, 0);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_RANGE_ERROR, "no RangeError for quality 3");
	fresh(3, 12, 65537);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_RANGE_ERROR, "no RangeError for a cap over 65536");
	CHECK(drv.initCalls == 0, "the driver was touched");
	CHECK(!machine.hostData, "host data left behind");
	end("bad arguments throw before the driver is touched");

	begin();
	drv.initResult = ESP_ERR_CAMERA_NOT_DETECTED;
	fresh(1, 0, 0);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_UNKNOWN_ERROR, "no error when init fails");
	CHECK(strstr(machine.exception.message, "no sensor") != NULL, "message: %s", machine.exception.message);
	CHECK(!machine.hostData, "host data left behind after a failed init");
	CHECK(drv.deinitCalls == 0, "deinit after a failed init (the driver cleans up itself)");
	drv.initResult = ESP_FAIL;
	CHECK(call(xs_camera_constructor, &machine) == FAKE_UNKNOWN_ERROR, "no error when init fails");
	drv.initResult = ESP_OK;
	openCamera();
	CHECK(drv.initialized, "a camera cannot open after a failed init");
	end("init fails: an error, nothing leaked, and a later camera opens");

	begin();
	failCalloc = 1;
	fresh(1, 0, 0);
	CHECK(call(xs_camera_constructor, &machine) == FAKE_UNKNOWN_ERROR, "no error without memory");
	CHECK(drv.initCalls == 0, "the driver was started without a record");
	failCalloc = 0;
	end("no memory for the record: an error before the driver starts");

	begin();
	openCamera();
	{
		void *first = machine.hostData;
		fresh(1, 0, 0);
		CHECK(call(xs_camera_constructor, &machine) == FAKE_UNKNOWN_ERROR, "a second camera opened");
		CHECK(drv.initCalls == 1, "esp_camera_init called again while open");
		machine.hostData = first;
		CHECK(call(xs_camera_capture, &machine) == 0, "the first camera broke: %s", machine.exception.message);
	}
	end("one camera at a time: a second one throws and the first keeps working");

	begin();
	openCamera();
	{
		void *record = machine.hostData;
		CHECK(call(xs_camera_close, &machine) == 0, "close threw: %s", machine.exception.message);
		CHECK(drv.deinitCalls == 1, "deinit called %d times", drv.deinitCalls);
		CHECK(!machine.hostData, "host data left after close");
		CHECK(call(xs_camera_capture, &machine) == FAKE_UNKNOWN_ERROR, "capture after close did not throw");
		CHECK(call(xs_camera_close, &machine) == 0, "a second close threw");
		xs_camera_destructor(machine.hostData);	/* the GC, later: host data is NULL */
		CHECK(drv.deinitCalls == 1, "deinit called again");
		(void)record;
	}
	openCamera();
	end("close releases the driver once; capture after close throws; a later camera opens");

	begin();
	openCamera();
	xs_camera_destructor(machine.hostData);	/* collected while open */
	machine.hostData = NULL;
	CHECK(drv.deinitCalls == 1, "the destructor did not deinit");
	openCamera();
	end("the destructor of an open camera releases the driver");

	begin();
	openCamera();
	machine.thisIsHost = 0;
	CHECK(call(xs_camera_capture, &machine) == FAKE_SYNTAX_ERROR, "capture on a plain object did not throw");
	CHECK(drv.gets == 0, "the driver was asked for a frame");
	end("capture on something else than a Camera throws before the driver is asked");

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

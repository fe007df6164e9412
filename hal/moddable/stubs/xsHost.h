/*
 * Desktop compile-check stand-in for the Moddable SDK 8.2.x host header for ESP32,
 * xs/platforms/esp/xsHost.h.
 * Only what the native modules use. The real build uses the real header (npm run check:idf
 * compiles against the SDK's own xs/platforms/esp).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "xs.h"
/* xsHost.h:319 */
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
/* xsHost.h:322; blocks up to MODDEF_TASK_QUEUEWAIT (portMAX_DELAY in release builds) when the queue is full */
int modMessagePostToMachine(xsMachine *the, uint8_t *message, uint16_t messageLength, modMessageDeliver callback, void *refcon);
/* xsHost.h:324 (ESP32 only); never blocks: non-zero when the queue is full */
int modMessagePostToMachineFromISR(xsMachine *the, modMessageDeliver callback, void *refcon);
#define c_calloc calloc   /* xsHost.h:382 */
#define c_free free       /* xsHost.h:388 */

/* Fake of Moddable's xs/platforms/esp/xsHost.h for the harness: the message post the harness controls. */
#pragma once
#include <stdlib.h>
#include "xsmc.h"
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
int modMessagePostToMachineFromISR(xsMachine *the, modMessageDeliver callback, void *refcon);
#define c_calloc calloc
#define c_free free

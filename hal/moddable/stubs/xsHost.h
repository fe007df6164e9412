/* Minimal Moddable-shaped host declarations (xsHost.h), only for compile-checking native modules on a desktop. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "xs.h"
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
int modMessagePostToMachine(xsMachine *the, uint8_t *message, uint16_t messageLength, modMessageDeliver callback, void *refcon);
#define c_calloc calloc
#define c_free free

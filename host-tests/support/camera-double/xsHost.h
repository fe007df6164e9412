/* Test-only stand-in for Moddable's xsHost.h: c_calloc/c_free counted by harness.c. */
#pragma once
#include <stddef.h>
void *fakeCalloc(size_t count, size_t size);
void fakeFree(void *p);
#define c_calloc fakeCalloc
#define c_free fakeFree

/*
 * Which kind of build this firmware is, as the C compiler saw it: the native
 * half of build-kind.js, for hal/moddable/host-link.ts.
 *
 * Rules
 * - It mirrors the Moddable SDK 8.2.x's own test: mcconfig compiles every module
 *   with -DmxDebug=1 for `-d` builds and -DmxInstrument=1 for `-d` and `-i` builds
 *   (tools/mcconfig/make.esp32.mk, C_DEFINES), and xs/platforms/esp/xsPlatform.h
 *   tests the same mxDebug (it defines mxNoConsole: trace() goes to xsbug only);
 *   xs/platforms/esp/xsPlatform.c then owns UART 0 for the debugger.
 * - No state, no allocation beyond the result string.
 */
#include <stddef.h>	/* size_t, for xs.h: the SDK gets it through xsPlatform.h */
#include "xsmc.h"

void xs_d2d_build_kind(xsMachine *the)
{
#if defined(mxDebug)
	xsmcSetString(xsResult, "debug");
#elif defined(mxInstrument)
	xsmcSetString(xsResult, "instrumented");
#else
	xsmcSetString(xsResult, "release");
#endif
}

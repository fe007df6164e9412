/*
 * A fake of the few XS C API macros espnow.c uses (the real ones: Moddable SDK 8.2.x
 * xs/includes/xs.h and xsmc.h), for host-tests/native/espnow-harness.c only. No VM:
 * slots are plain structs, calls into JS are recorded by the harness, exceptions are
 * setjmp/longjmp. Enough to run the native module's logic on a desktop, nothing more.
 */
#pragma once
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
typedef int32_t xsIntegerValue;
typedef uint32_t xsUnsignedValue;
typedef int xsIdentifier;
typedef struct { int kind; int32_t i; const char *s; uint8_t *bytes; size_t length; } xsSlot;
typedef struct xsMachineRecord { xsSlot args[4]; int argc; xsSlot result; xsSlot self; void *hostData; xsSlot vars[8]; } xsMachine;

/* the harness implements these */
void fake_call(xsMachine *the, xsIdentifier id, xsSlot *args, int argc);
void fake_throw(xsMachine *the, const char *kind, const char *format, ...) __attribute__((noreturn));
extern jmp_buf *fake_try;

#define xsArg(i) (the->args[i])
#define xsThis (the->self)
#define xsResult (the->result)
#define xsVar(i) (the->vars[i])
#define xsmcVars(n) ((void)0)
#define xsmcToInteger(slot) ((slot).i)
#define xsmcToString(slot) ((slot).s)
#define xsmcSetInteger(slot, v) ((slot).kind = 1, (slot).i = (int32_t)(v))
#define xsmcSetBoolean(slot, v) ((slot).kind = 2, (slot).i = (v) ? 1 : 0)
#define xsmcSetArrayBuffer(slot, data, size) ((slot).kind = 3, (slot).bytes = (uint8_t *)(data), (slot).length = (size))
#define xsmcGetBufferReadable(slot, data, count) (*(data) = (void *)(slot).bytes, *(count) = (xsUnsignedValue)(slot).length)
#define xsmcSetIndex(array, index, slot) fake_set_index(&(array), (index), &(slot))
void fake_set_index(xsSlot *array, int index, xsSlot *value);
#define xsmcSetHostData(slot, data) (the->hostData = (data))
#define xsmcGetHostData(slot) (the->hostData)
#define xsRemember(slot) ((void)0)
#define xsForget(slot) ((void)0)
#define xsBeginHost(machine) do { xsMachine *the = (machine);
#define xsEndHost(machine) } while (0)
#define xsCall2(obj, id, a, b) do { xsSlot _a[2] = { a, b }; fake_call(the, id, _a, 2); } while (0)
#define xsCall4(obj, id, a, b, c, d) do { xsSlot _a[4] = { a, b, c, d }; fake_call(the, id, _a, 4); } while (0)
#define xsTry jmp_buf _jb, *_outer = fake_try; fake_try = &_jb; if (setjmp(_jb) == 0) for (int _once = 1; _once; _once = 0, fake_try = _outer)
#define xsCatch else for (int _c = (fake_try = _outer, 1); _c; _c = 0)
#define xsUnknownError(...) fake_throw(the, "Error", __VA_ARGS__)
#define xsRangeError(...) fake_throw(the, "RangeError", __VA_ARGS__)

/*
 * A scripted stand-in for the XS API subset hal/moddable/camera/camera.c uses, so that
 * camera.c runs on a desktop against a scripted esp32-camera driver (harness.c).
 * Rules: same macro names and calling shapes as XS (xs.h/xsmc.h); errors never return
 * (longjmp, as XS's fxThrow); xsTry/xsCatch keep XS's shape (xsTry declares a jump record
 * in the enclosing scope). Test-only: never built into firmware.
 */
#pragma once
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t xsIntegerValue;
typedef uint16_t xsIdentifier;
enum { xsUndefinedType, xsNullType, xsBooleanType, xsIntegerType, xsNumberType, xsStringType, xsReferenceType };

#define FAKE_PROPERTIES 32
typedef struct { int has[FAKE_PROPERTIES]; double value[FAKE_PROPERTIES]; } FakeObject;

typedef struct {
	int type;
	double number;
	FakeObject *object;
	uint8_t *bytes;     /* an ArrayBuffer's copy */
	size_t length;
	int error;          /* XS_*_ERROR kind of a thrown error, else 0 */
	char message[160];
} xsSlot;

typedef struct FakeJump { jmp_buf buffer; struct FakeJump *next; int once; } FakeJump;

typedef struct {
	xsSlot thisSlot;
	int thisIsHost;
	void *hostData;
	xsSlot args[4];
	int argc;
	xsSlot vars[2];
	xsSlot result;
	xsSlot exception;
	FakeJump *jump;
	int failArrayBuffer;   /* the next xsmcSetArrayBuffer throws, as XS does when memory is short */
} xsMachine;

enum { FAKE_UNKNOWN_ERROR = 1, FAKE_RANGE_ERROR = 3, FAKE_SYNTAX_ERROR = 5, FAKE_TYPE_ERROR = 6 };

void fakeThrow(xsMachine *the, xsSlot *slot) __attribute__((noreturn));
void fakeError(xsMachine *the, int kind, const char *format, ...) __attribute__((noreturn, format(printf, 3, 4)));
void fakeGet(xsMachine *the, xsSlot *result, xsSlot *object, xsIdentifier id);
int fakeTypeOf(xsMachine *the, xsSlot *slot);
xsIntegerValue fakeToInteger(xsMachine *the, xsSlot *slot);
void fakeSetHostData(xsMachine *the, xsSlot *slot, void *data);
void *fakeGetHostDataValidate(xsMachine *the, xsSlot *slot, void *validator);
void fakeSetArrayBuffer(xsMachine *the, xsSlot *slot, void *data, xsIntegerValue length);

#define xsThis (the->thisSlot)
#define xsArg(_INDEX) (the->args[_INDEX])
#define xsVar(_INDEX) (the->vars[_INDEX])
#define xsResult (the->result)
#define xsException (the->exception)
#define xsmcArgc (the->argc)
#define xsmcVars(_COUNT) ((void)(_COUNT))
#define xsmcGet(_SLOT, _THIS, _ID) fakeGet(the, &(_SLOT), &(_THIS), _ID)
#define xsmcTypeOf(_SLOT) fakeTypeOf(the, &(_SLOT))
#define xsmcToInteger(_SLOT) fakeToInteger(the, &(_SLOT))
#define xsmcSetHostData(_SLOT, _DATA) fakeSetHostData(the, &(_SLOT), _DATA)
#define xsmcGetHostDataValidate(_SLOT, _VALIDATOR) fakeGetHostDataValidate(the, &(_SLOT), _VALIDATOR)
#define xsmcSetArrayBuffer(_SLOT, _DATA, _SIZE) fakeSetArrayBuffer(the, &(_SLOT), _DATA, _SIZE)
#define xsUnknownError(...) fakeError(the, FAKE_UNKNOWN_ERROR, __VA_ARGS__)
#define xsRangeError(...) fakeError(the, FAKE_RANGE_ERROR, __VA_ARGS__)
#define xsTypeError(...) fakeError(the, FAKE_TYPE_ERROR, __VA_ARGS__)
#define xsThrow(_SLOT) fakeThrow(the, &(_SLOT))

#define xsTry \
	FakeJump __JUMP__; \
	__JUMP__.next = the->jump; \
	the->jump = &__JUMP__; \
	if (setjmp(__JUMP__.buffer) == 0) {

#define xsCatch \
		the->jump = __JUMP__.next; \
	} \
	else for (the->jump = __JUMP__.next, __JUMP__.once = 1; __JUMP__.once; __JUMP__.once = 0)

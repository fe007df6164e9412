/*
 * check:idf only (a desktop gcc syntax check against ESP-IDF headers): Debian's
 * newlib 3.3 headers (libnewlib-dev) stand in for the Espressif toolchain's newlib 4.x.
 * They differ in one declaration that ESP-IDF v6.0 restates
 * (components/esp_libc/platform_include/sys/reent.h: `struct _reent *_global_impure_ptr`,
 * newlib 3.3: `struct _reent *const _global_impure_ptr`); the host one is renamed away.
 */
#define _global_impure_ptr __host_newlib_global_impure_ptr
#include_next <sys/reent.h>
#undef _global_impure_ptr

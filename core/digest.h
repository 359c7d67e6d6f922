/*
 * digest — content versions: FNV-1a 64 over bytes, as PHP's hash('fnv1a64')
 * computes it, so a version made here and one made by PHP code (the handler
 * files' fallback when the extension is not loaded) agree. Not for security:
 * it tells whether a client's copy is current.
 */
#ifndef VTWS_DIGEST_H
#define VTWS_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define VTWS_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

/* Continue an FNV-1a 64 digest (start from VTWS_FNV1A64_INIT) over len bytes. */
uint64_t vtws_fnv1a64(uint64_t h, const void *data, size_t len);

/* The digest as 16 lower-case hex digits and a NUL, PHP's hash() output. */
void vtws_digest_hex(uint64_t h, char out[17]);

#endif

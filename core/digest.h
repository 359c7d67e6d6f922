/*
 * digest — content versions: FNV-1a 64 over bytes, as PHP's hash('fnv1a64')
 * computes it, so a version made here and one made by PHP code (the handler
 * files' fallback when the extension is not loaded) agree. Not for security:
 * it tells whether a client's copy is current. And a fast checksum for memory
 * other processes wrote.
 */
#ifndef VTWS_DIGEST_H
#define VTWS_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define VTWS_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

/* Continue an FNV-1a 64 digest (start from VTWS_FNV1A64_INIT) over len bytes. */
uint64_t vtws_fnv1a64(uint64_t h, const void *data, size_t len);

/* A checksum of len bytes for telling damaged memory from what was written (the shared
 * store's entries): four lanes of 64-bit multiply-rotate rounds over 8-byte words, the
 * scheme of xxHash64, at several bytes a cycle. Not for security, and not a content
 * version: its value is only ever compared with one computed by this same function. */
uint64_t vtws_checksum64(const void *data, size_t len, uint64_t seed);

/* The digest as 16 lower-case hex digits and a NUL, PHP's hash() output. */
void vtws_digest_hex(uint64_t h, char out[17]);

#endif

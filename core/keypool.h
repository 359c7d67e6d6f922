/*
 * keypool — one shared copy of each key, for a host that keeps many tables with the same
 * keys (every language of a Vtiger install, every version of a file, has the same ones).
 *
 * A key is found by the hash the core's arrays already hold (vtws_key.h), so a lookup
 * hashes nothing; its bytes are compared to be sure. A new key gets one object from the
 * pool's arena: `header` bytes for the host (a zend_string's, say), then the key's bytes
 * and a NUL. Objects live as long as the pool. Not thread-safe: one pool per thread.
 */
#ifndef VTWS_KEYPOOL_H
#define VTWS_KEYPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct vtws_keypool vtws_keypool;

/* NULL on OOM. header: the host's bytes before each key's (objects are 8-byte aligned). */
vtws_keypool *vtws_keypool_new(size_t header);

/* The object for key (s, len) whose core hash is h: the one made before, or a new one whose
 * header the caller fills (*made = 1). NULL on OOM. */
void *vtws_keypool_get(vtws_keypool *p, const char *s, size_t len, uint64_t h, int *made);

size_t vtws_keypool_count(const vtws_keypool *p);
/* Memory held: objects, table and the pool itself. */
size_t vtws_keypool_bytes(const vtws_keypool *p);

void vtws_keypool_free(vtws_keypool *p);

#endif

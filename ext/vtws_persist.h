/*
 * vtws_persist — the core's values as persistent, immutable PHP values that
 * every request reads without copying: strings flagged interned (never
 * refcounted, hash precomputed), arrays flagged immutable. The recipe of
 * opcache and yaconf. The values of one table version are carved from one
 * block, since they are freed together; keys come from a per-process pool, since
 * every language (and every version of a file) has the same ones.
 */
#ifndef VTWS_PERSIST_H
#define VTWS_PERSIST_H

#include "php.h"
#include "value.h"

typedef struct vtws_persist_block {
    char *base, *cur, *end;
} vtws_persist_block;

/* Bytes of block needed for the string values of a, nested included. */
size_t vtws_persist_size(const vtws_array *a);

/* An immutable persistent array equal to a, its strings taken from blk (sized
 * with vtws_persist_size); adds the bytes of its tables to *bytes. */
HashTable *vtws_persist_array(const vtws_array *a, vtws_persist_block *blk, size_t *bytes);

/* Free the array's tables (not its strings: they belong to the block and the pool). */
void vtws_persist_free(HashTable *ht);

/* Free a table's unused buckets; for tables no one inserts into again. */
void vtws_persist_compact(HashTable *ht);

/* Memory the key pool holds, and its release (at shutdown: tables use its keys). */
size_t vtws_persist_pool_bytes(void);
void vtws_persist_pool_free(void);

#endif

/*
 * vtws_persist — the core's values as persistent, immutable PHP values that
 * every request reads without copying: strings flagged interned (never
 * refcounted, hash precomputed), arrays flagged immutable. The recipe of
 * opcache and yaconf. The strings of one table version are carved from one
 * block, since they are freed together.
 */
#ifndef VTWS_PERSIST_H
#define VTWS_PERSIST_H

#include "php.h"
#include "value.h"

typedef struct vtws_persist_block {
    char *base, *cur, *end;
} vtws_persist_block;

/* Bytes of block needed for the strings (keys and values) of a, nested included. */
size_t vtws_persist_size(const vtws_array *a);

/* An immutable persistent array equal to a, its strings taken from blk (sized
 * with vtws_persist_size); adds the bytes of its tables to *bytes. */
HashTable *vtws_persist_array(const vtws_array *a, vtws_persist_block *blk, size_t *bytes);

/* Free the array's tables (not its strings: they belong to the block). */
void vtws_persist_free(HashTable *ht);

#endif

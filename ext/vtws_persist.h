/*
 * vtws_persist — the core's values as persistent, immutable PHP values that
 * every request reads without copying: strings flagged interned (never
 * refcounted, hash precomputed), arrays flagged immutable. The recipe of
 * opcache and yaconf. Freed only by vtws_persist_free.
 */
#ifndef VTWS_PERSIST_H
#define VTWS_PERSIST_H

#include "php.h"
#include "value.h"

/* An immutable persistent array equal to a; adds the bytes used to *bytes. */
HashTable *vtws_persist_array(const vtws_array *a, size_t *bytes);
void vtws_persist_free(HashTable *ht);

#endif

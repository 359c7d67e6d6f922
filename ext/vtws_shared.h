/*
 * vtws_shared — the PHP side of the store shared by the processes of one user
 * (core/shstore): whether this process uses it (NTS builds, every SAPI but the CLI unless
 * vtws.shm_cli, vtws.shm_size > 0), when it is opened (on a request's first translation,
 * after php-fpm has switched the worker to its pool's user: never in the master), and
 * what a table is there: immutable PHP arrays and interned strings, the layout opcache
 * uses, at the address every process maps the store at, so that workers answer from it
 * without copying. Entries are named by root, language and module, and versioned by the
 * identity (device, inode, size, mtime) of the files they were read from.
 */
#ifndef VTWS_SHARED_H
#define VTWS_SHARED_H

#include "php.h"
#include "catalog.h"

/* The store for this request, begun on first use; NULL when this process does without.
 * *moved: the store moved to a new generation, every table found before must be dropped
 * (they stay mapped until the request's end). */
struct vtws_shstore *vtws_shared_begin(int *moved);

/* Whether the store is in use in this request (vtws_shared_begin() gave it). */
int vtws_shared_active(void);

/* The tables of version v in the store: 1 and arrays[] (NULL where the file has none). */
int vtws_shared_find_table(const vtws_catalog_version *v, HashTable *arrays[2]);

/* Copy arrays (a table built for this version) to the store: 1 and out[] the copies;
 * 0 when the store could not take them (counted as a fallback). */
int vtws_shared_publish_table(const vtws_catalog_version *v, HashTable *const arrays[2], HashTable *out[2]);

/* A chain's merged table in the store, named by key (the tables it merges); published
 * from merged (whose strings are all in the store) when not there yet. NULL: keep merged. */
HashTable *vtws_shared_merged(const void *key, size_t key_len, const HashTable *merged);

/* Whether p is in the store as this process maps it. */
int vtws_shared_contains(const void *p);

/* A table kept per process while the store is on: counted. */
void vtws_shared_count_fallback(void);

/* End of a request (post-deactivate: nothing of it points anywhere any more). */
void vtws_shared_end(void);
void vtws_shared_shutdown(void);

/* The store's numbers: enabled, status, path, size, used, ... (cache_info()["shared"]). */
void vtws_shared_info(zval *out);

#endif

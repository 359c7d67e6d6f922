/*
 * vtws_shared — the PHP side of the store shared by the processes of one user
 * (core/shstore): whether this process uses it (NTS builds, every SAPI but the CLI unless
 * vtws.shm_cli, vtws.shm_size > 0), when it is opened (on a request's first translation,
 * after php-fpm has switched the worker to its pool's user: never in the master), and
 * what a table is there: a core shtable whose string values are laid out as interned
 * zend_strings, so that workers hand them out without copying. Entries are named by root,
 * language and module, and versioned by the identity (device, inode, size, mtime) of the
 * files they were read from; a chain's merged table by the tables it merges.
 */
#ifndef VTWS_SHARED_H
#define VTWS_SHARED_H

#include "php.h"
#include "catalog.h"
#include "shtable.h"

/* The store for this request, begun on first use; NULL when this process does without.
 * *moved: the store moved to a new generation, every table found before must be dropped
 * (they stay mapped until the request's end). */
struct vtws_shstore *vtws_shared_begin(int *moved);

/* Whether this process may use the store (it may still turn out unusable). */
int vtws_shared_enabled(void);

/* Whether the store is in use in this request (vtws_shared_begin() gave it). */
int vtws_shared_active(void);

/* A module's tables in the store: a view of each type (view.base NULL: none). */
typedef struct vtws_shared_table {
    const void *payload;
    uint64_t slot_hash; /* of the name it is found by (root, language, module) */
    vtws_sht_view views[2];
} vtws_shared_table;

/* The tables of version v in the store: 1 and *out (its views' checked bits allocated). */
int vtws_shared_find_table(const vtws_catalog_version *v, vtws_shared_table *out);

/* Publish the tables of version v read from its files: 1 and *out; 0 when the store
 * could not take them (counted as a fallback) or they hold what it cannot (nested
 * arrays): the caller keeps its own. */
int vtws_shared_publish_table(const vtws_catalog_version *v, const vtws_array *const arrays[2], vtws_shared_table *out);

/* The merged table of one type of a chain of tables in the store: the first non-empty value
 * of each key, found in the store (named by the tables) or made and published now. 1 and
 * *out; 0 when there is none (a table's record damaged: walk the chain). */
int vtws_shared_merged(const vtws_shared_table *const *tables, int n, vtws_strings_type type, vtws_sht_view *out);

/* The answer to a list of labels (label => value, in the answer's order) kept in the store,
 * named by what the request gave (root, languages, module, a digest of the list: see
 * vtws_translate.c) and versioned by the identities of the files of the chain it was made
 * from. */
typedef struct vtws_shared_answer {
    const void *payload;
    size_t len;
    vtws_sht_view view;   /* its table, once opened (vtws_shared_answer_table()) */
    uint64_t version;     /* of the chain's files */
    uint64_t *checked_at; /* in the store: when a process last found the files of that version */
    const void *image;    /* its PHP array, laid out for where it lies (not checked yet), or NULL */
} vtws_shared_answer;

/* The kept answer's PHP array, to be returned as it is (immutable: never freed, never
 * written), and its count; NULL when it has none usable in this process, or it is damaged
 * (counted). */
zend_array *vtws_shared_answer_array(const vtws_shared_answer *a, uint32_t *count);

/* Opens the answer's table (a->view), when it is not yet: 0 when it is damaged (counted). */
int vtws_shared_answer_table(vtws_shared_answer *a);

/* Whether key is the key of bucket i of a's array ht (from vtws_shared_answer_array()). */
int vtws_shared_answer_holds(const vtws_shared_answer *a, const zend_string *key, uint32_t i, const zend_array *ht);

/* The answer kept under name for files of *version, or the newest whatever its version
 * (version NULL): 1 and *out. home: the entry holding its array laid out for this process's
 * home (name's buffer has 8 bytes of room after name_len for its name), else its table. */
int vtws_shared_answer_find(char *name, size_t name_len, const uint64_t *version, int home, vtws_shared_answer *out);

/* Whether a process found the answer's files as they were less than revalidate_freq
 * seconds ago (as a process's own tables are trusted for that long). */
int vtws_shared_answer_fresh(const vtws_shared_answer *a, zend_long revalidate_freq);

/* This process found the answer's files as they were: now. */
void vtws_shared_answer_checked(const vtws_shared_answer *a);

/* Keep an answer for files of version (while answers take less than half the store): its
 * table and, in a process with a home, its array (name: as vtws_shared_answer_find()'s). from:
 * the kept answer it was read from (its table: only the array is kept now, as trusted as
 * it), or NULL when it was made from the files. */
void vtws_shared_answer_publish(char *name, size_t name_len, uint64_t version, const HashTable *answer,
                                const vtws_shared_answer *from);

/* Give a view its reader's bits, when it has none yet (before its first lookup). */
void vtws_shared_view_bits(vtws_sht_view *v);

/* Free the checked bits of a table's views. */
void vtws_shared_table_release(vtws_shared_table *t);

/* A record's value as a PHP value: strings are the store's own (interned, not copied). */
void vtws_shared_zval(const vtws_sht_item *it, zval *out);

/* A table kept per process while the store is on: counted. */
void vtws_shared_count_fallback(void);

/* A table found damaged where it was read: counted. */
void vtws_shared_count_damaged(void);

/* End of a request (post-deactivate: nothing of it points anywhere any more). */
void vtws_shared_end(void);
void vtws_shared_shutdown(void);

/* At module start, before any fork: where the store's generations will be mapped. */
void vtws_shared_startup(void);

/* Where this process maps the store (the same in every worker of a php-fpm master; 0: no
 * fixed place): kept answers are named by it, as their arrays point there. */
uintptr_t vtws_shared_home(void);

/* The store's numbers: enabled, status, path, size, used, ... (cache_info()["shared"]). */
void vtws_shared_info(zval *out);

#endif

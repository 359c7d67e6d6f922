/*
 * vtws_cache — the translation cache of this process (of this thread under
 * ZTS): one core catalog per Vtiger root, whose module strings are held as
 * persistent immutable PHP arrays (vtws_persist). A version replaced while
 * requests may hold its strings is freed at the end of the request.
 */
#ifndef VTWS_CACHE_H
#define VTWS_CACHE_H

#include "php.h"
#include "catalog.h"
#include "shtable.h"

/* The catalog of a Vtiger root, created on first use; NULL on failure. */
vtws_catalog *vtws_cache_catalog(const char *root);

/* The shared store for this request, begun on first use (tables of an older generation
 * dropped): whether it is in use. */
int vtws_cache_shared(void);

/* Seconds on a clock that never goes back (for revalidation). */
double vtws_cache_now(void);

/* vtws_cache_now() from the coarse clock (no system call), for revalidation and the shared
 * store's times of check: within a tick of it. */
double vtws_cache_coarse_now(void);
uint64_t vtws_cache_coarse_ms(void);

/* vtws.preload: load every language file under vtws.vtiger_root (at MINIT,
 * so php-fpm's forked workers share the pages). */
void vtws_cache_preload(void);

/* Add a module table's languageStrings or jsLanguageStrings to the array out, keys out
 * has already winning: 0 when the table is in the store and damaged (out is partial). */
int vtws_cache_add_strings(const void *table, vtws_strings_type type, zval *out);

/* A chain's merged table (vtws_catalog_merged()): this process's array, or a table of the
 * store. */
typedef struct vtws_merged {
    const HashTable *ht;
    vtws_sht_view view;
} vtws_merged;

/* A record's value as PHP's: strings are the store's own, interned (not copied). */
static zend_always_inline void vtws_cache_record_zval(const vtws_sht_record *r, zval *out)
{
    const void *v = vtws_sht_value(r);
    switch (r->type) {
    case VTWS_SHT_STRING: ZVAL_INTERNED_STR(out, (zend_string *)v); break;
    case VTWS_SHT_LONG: ZVAL_LONG(out, (zend_long) * (const int64_t *)v); break;
    case VTWS_SHT_DOUBLE: ZVAL_DOUBLE(out, *(const double *)v); break;
    case VTWS_SHT_TRUE: ZVAL_TRUE(out); break;
    case VTWS_SHT_FALSE: ZVAL_FALSE(out); break;
    default: ZVAL_NULL(out); break;
    }
}

/* A key in a merged table of the store: 1 and *out (not referenced: the store's), 0 when
 * absent or empty(), -1 when damaged. */
int vtws_cache_merged_find(const vtws_merged *m, zend_string *key, zval *out);

/* exporttranslation's version of the strings of a (resolved) chain, named by key (the
 * language, module and type the version is computed with): 1 and hex when it was computed
 * for exactly these tables before (tables never change; a changed file is a new table). */
int vtws_cache_export_version(const char *key, const vtws_chain *chain, char hex[17]);
void vtws_cache_export_version_set(const char *key, const vtws_chain *chain, const char hex[17]);

void vtws_cache_info(zval *out);
void vtws_cache_reset(void);
void vtws_cache_request_end(void);
void vtws_cache_shutdown(void);

#endif

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

/* The catalog of a Vtiger root, created on first use; NULL on failure. */
vtws_catalog *vtws_cache_catalog(const char *root);

/* Seconds on a clock that never goes back (for revalidation). */
double vtws_cache_now(void);

/* vtws.preload: load every language file under vtws.vtiger_root (at MINIT,
 * so php-fpm's forked workers share the pages). */
void vtws_cache_preload(void);

/* A module table's languageStrings or jsLanguageStrings (NULL: none). */
HashTable *vtws_cache_strings(const void *table, vtws_strings_type type);

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

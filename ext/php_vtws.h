/*
 * php_vtws.h — the extension's module entry, version, INI settings and
 * per-process (per-thread under ZTS) globals.
 */
#ifndef PHP_VTWS_H
#define PHP_VTWS_H

#include "php.h"
#include "alloc.h"
#include "version.h"

#define PHP_VTWS_VERSION VTWS_VERSION

extern zend_module_entry vtws_module_entry;
#define phpext_vtws_ptr &vtws_module_entry

#define VTWS_MAX_ROOTS 8
/* bytes of language-file memory kept between calls of Vtws\parse_language_file() */
#define VTWS_LANGFILE_SCRATCH ((size_t)1 << 20)

struct vtws_catalog;

ZEND_BEGIN_MODULE_GLOBALS(vtws)
    /* INI */
    char *vtiger_root;
    char *default_language;
    char *fallback_languages;
    zend_long revalidate_freq;
    zend_bool preload;
    zend_long max_labels;
    /* the translation cache: one catalog per Vtiger root seen */
    struct vtws_catalog *catalogs[VTWS_MAX_ROOTS];
    int ncatalogs;
    /* tables replaced during a request, freed when no request can see them */
    void **graveyard;
    size_t ngraveyard, graveyard_cap;
    /* one copy of each key for every table (vtws_persist) */
    struct vtws_keypool *key_pool;
    /* tables built so far: each table's serial, so a table is never taken for another */
    uint64_t table_serial;
    /* exporttranslation versions of recent chains (vtws_cache) */
    struct vtws_export_version *export_versions;
    int export_versions_next;
    /* the memory of files Vtws\parse_language_file() reads, kept for the next call */
    vtws_block_pool langfile_scratch;
    /* a lookup's value in the store, as PHP's (vtws_cache) */
    zval found;
    /* the store shared by this user's processes (vtws_shared): INI, and this process's view */
    zend_long shm_size;
    char *shm_dir;
    zend_bool shm_cli;
    struct vtws_shstore *shm;
    int shm_state;          /* 0: not tried, 1: open, -1: cannot be used (logged) */
    zend_bool shm_in_unit;  /* vtws_shstore_begin() done in this request */
    uint64_t first_list_root; /* hash of the last root whose first list looked for a kept
                                 * answer before anything else (vtws_translate.c): 0 none */
    zend_bool shm_usable;   /* ... and the store can be used in it */
    zend_bool shm_starting; /* MINIT (preload): never the store, which is per user */
    zend_bool shm_logged_full, shm_logged_unusable;
    zend_bool shm_published; /* this request built tables only to copy them to the store */
    char shm_error[256];
    uint64_t shm_fallbacks; /* tables this process kept for itself while the store was on */
ZEND_END_MODULE_GLOBALS(vtws)

ZEND_EXTERN_MODULE_GLOBALS(vtws)
#define VTWS_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(vtws, v)

#if defined(ZTS) && defined(COMPILE_DL_VTWS)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#if PHP_VERSION_ID < 80000
#define Z_PARAM_STR_OR_NULL(dest) Z_PARAM_STR_EX(dest, 1, 0)
/* PHP 7: an array or anything else taken as a string */
#define Z_PARAM_ARRAY_HT_OR_STR(dest_ht, dest_str) \
    Z_PARAM_PROLOGUE(0, 0); \
    if (Z_TYPE_P(_arg) == IS_ARRAY) { dest_ht = Z_ARRVAL_P(_arg); dest_str = NULL; } \
    else if (!zend_parse_arg_str(_arg, &dest_str, 0)) { _expected_type = Z_EXPECTED_STRING; _error_code = ZPP_ERROR_WRONG_ARG; break; }
#endif

/* Persistent immutable values (vtws_persist): what marks them differs between 7.4 and 8.x;
 * a table's memory: 8.2 stores packed arrays as zvals, not buckets. */
#if PHP_VERSION_ID < 80000
#define VTWS_GC_STRING IS_STRING
#define VTWS_SET_NOT_COLLECTABLE(ht) GC_DEL_FLAGS(ht, GC_COLLECTABLE)
#else
#define VTWS_GC_STRING GC_STRING
#define VTWS_SET_NOT_COLLECTABLE(ht) GC_ADD_FLAGS(ht, GC_NOT_COLLECTABLE)
#endif
#if PHP_VERSION_ID >= 80200
#define VTWS_HT_BYTES(ht) (HT_IS_PACKED(ht) ? HT_PACKED_USED_SIZE(ht) : HT_USED_SIZE(ht))
#else
#define VTWS_HT_BYTES(ht) HT_USED_SIZE(ht)
#endif

#ifndef RETURN_THROWS
#define RETURN_THROWS() do { ZEND_ASSERT(EG(exception)); (void) return_value; return; } while (0)
#endif

/* Vtws\Exception */
extern zend_class_entry *vtws_ce_exception;

#endif

/* The vtws module: INI entries, globals and cache lifetime, phpinfo, and the
 * function table generated from vtws.stub.php. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_vtws.h"
#include "vtws_cache.h"
#include "vtws_shared.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#if PHP_VERSION_ID < 80000
#include "vtws_legacy_arginfo.h"
#else
#include "vtws_arginfo.h"
#endif

ZEND_DECLARE_MODULE_GLOBALS(vtws)

zend_class_entry *vtws_ce_exception;

static ZEND_INI_MH(on_update_revalidate)
{
    zend_long v = ZEND_STRTOL(ZSTR_VAL(new_value), NULL, 10);
    if (v < 0)
        return FAILURE;
    return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(on_update_max_labels)
{
    zend_long v = ZEND_STRTOL(ZSTR_VAL(new_value), NULL, 10);
    if (v < 1)
        return FAILURE;
    return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* A size such as "64M" (0: off). */
static ZEND_INI_MH(on_update_shm_size)
{
#if PHP_VERSION_ID >= 80200
    zend_long v = zend_ini_parse_quantity_warn(new_value, entry->name);
#else
    zend_long v = zend_atol(ZSTR_VAL(new_value), ZSTR_LEN(new_value));
#endif
    if (v < 0)
        return FAILURE;
    VTWS_G(shm_size) = v;
    return SUCCESS;
}

PHP_INI_BEGIN()
    STD_PHP_INI_ENTRY("vtws.vtiger_root", "", PHP_INI_ALL, OnUpdateString, vtiger_root, zend_vtws_globals, vtws_globals)
    STD_PHP_INI_ENTRY("vtws.default_language", "en_us", PHP_INI_ALL, OnUpdateString, default_language,
                      zend_vtws_globals, vtws_globals)
    STD_PHP_INI_ENTRY("vtws.fallback_languages", "", PHP_INI_ALL, OnUpdateString, fallback_languages,
                      zend_vtws_globals, vtws_globals)
    STD_PHP_INI_ENTRY("vtws.revalidate_freq", "2", PHP_INI_ALL, on_update_revalidate, revalidate_freq,
                      zend_vtws_globals, vtws_globals)
    STD_PHP_INI_BOOLEAN("vtws.preload", "0", PHP_INI_SYSTEM, OnUpdateBool, preload, zend_vtws_globals, vtws_globals)
    STD_PHP_INI_ENTRY("vtws.max_labels", "5000", PHP_INI_ALL, on_update_max_labels, max_labels, zend_vtws_globals,
                      vtws_globals)
    PHP_INI_ENTRY("vtws.shm_size", "64M", PHP_INI_SYSTEM, on_update_shm_size)
    STD_PHP_INI_ENTRY("vtws.shm_dir", "/dev/shm", PHP_INI_SYSTEM, OnUpdateString, shm_dir, zend_vtws_globals, vtws_globals)
    STD_PHP_INI_BOOLEAN("vtws.shm_cli", "0", PHP_INI_SYSTEM, OnUpdateBool, shm_cli, zend_vtws_globals, vtws_globals)
PHP_INI_END()

/* PHP_GINIT_FUNCTION()/PHP_GSHUTDOWN_FUNCTION() written out: the macros name their
 * parameter vtws_globals, which shadows the module globals of an NTS build (-Wshadow). */
static void ZEND_MODULE_GLOBALS_CTOR_N(vtws)(zend_vtws_globals *g)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    memset(g, 0, sizeof(*g));
    vtws_block_pool_init(&g->langfile_scratch, VTWS_LANGFILE_SCRATCH);
}

static void ZEND_MODULE_GLOBALS_DTOR_N(vtws)(zend_vtws_globals *g)
{
    vtws_block_pool_clear(&g->langfile_scratch);
}

static PHP_MINIT_FUNCTION(vtws)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    REGISTER_INI_ENTRIES();
    vtws_ce_exception = register_class_Vtws_Exception(zend_ce_exception);
    /* before php-fpm forks: every worker shares these pages, and maps the store at one address */
    vtws_shared_startup();
    vtws_cache_preload();
    return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(vtws)
{
    vtws_cache_shutdown();
    UNREGISTER_INI_ENTRIES();
    return SUCCESS;
}

static PHP_RINIT_FUNCTION(vtws)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    /* A php-fpm worker copies the page of these globals (copy-on-write from the master) on its
     * first write to it: a new page, tens of microseconds on a VM. Every request writes it at
     * its end (RSHUTDOWN) anyway, so the first request's copy is taken here, before the script
     * runs, and not inside its first translation. Nothing is in the graveyard now. */
    VTWS_G(ngraveyard) = 0;
    return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(vtws)
{
    /* strings of replaced versions may have been handed out until now */
    vtws_cache_request_end();
    return SUCCESS;
}

/* After the request's variables are gone: the store's old generations can be unmapped. */
static ZEND_MODULE_POST_ZEND_DEACTIVATE_D(vtws)
{
    vtws_shared_end();
    return SUCCESS;
}

static zend_long info_long(const zval *info, const char *key)
{
    zval *v = zend_hash_str_find(Z_ARRVAL_P(info), key, strlen(key));
    return v ? zval_get_long(v) : 0;
}

static void info_row_long(const char *label, zend_long n)
{
    char buf[32];
    snprintf(buf, sizeof(buf), ZEND_LONG_FMT, n);
    php_info_print_table_row(2, label, buf);
}

/* "en_us (2 files), ru_ru (3 files)" */
static void info_row_languages(const zval *info)
{
    zval *langs = zend_hash_str_find(Z_ARRVAL_P(info), "languages", sizeof("languages") - 1);
    smart_str out = {0};
    zend_string *lang;
    zval *files;
    ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(langs), lang, files) {
        if (!lang)
            continue;
        zend_long n = zval_get_long(files);
        smart_str_append_printf(&out, "%s%s (" ZEND_LONG_FMT " file%s)", out.s ? ", " : "", ZSTR_VAL(lang), n,
                                n == 1 ? "" : "s");
    } ZEND_HASH_FOREACH_END();
    smart_str_0(&out);
    php_info_print_table_row(2, "Languages cached", out.s ? ZSTR_VAL(out.s) : "none");
    smart_str_free(&out);
}

/* One row per file held, with the modification time it was read at. */
static void info_table_files(const zval *info)
{
    zval *files = zend_hash_str_find(Z_ARRVAL_P(info), "file_mtimes", sizeof("file_mtimes") - 1);
    if (zend_hash_num_elements(Z_ARRVAL_P(files)) == 0)
        return;
    php_info_print_table_start();
    php_info_print_table_header(2, "Cached language file", "Modified (UTC)");
    zend_string *path;
    zval *mtime;
    ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(files), path, mtime) {
        char when[32] = "?";
        time_t t = (time_t)zval_get_long(mtime);
        struct tm tm;
        if (path && php_gmtime_r(&t, &tm))
            strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        php_info_print_table_row(2, path ? ZSTR_VAL(path) : "?", when);
    } ZEND_HASH_FOREACH_END();
    php_info_print_table_end();
}

/* The store shared by this user's processes. */
static void info_table_shared(const zval *info)
{
    zval *sh = zend_hash_str_find(Z_ARRVAL_P(info), "shared", sizeof("shared") - 1);
    zval *st = zend_hash_str_find(Z_ARRVAL_P(sh), "status", sizeof("status") - 1);
    php_info_print_table_start();
    php_info_print_table_header(2, "Shared store", st ? Z_STRVAL_P(st) : "?");
    zval *path = zend_hash_str_find(Z_ARRVAL_P(sh), "path", sizeof("path") - 1);
    if (path) {
        php_info_print_table_row(2, "File", Z_STRVAL_P(path));
        static const char *const rows[][2] = {
            {"size", "Size (bytes)"},
            {"used", "Used (bytes)"},
            {"garbage", "Superseded versions (bytes)"},
            {"entries", "Entries"},
            {"hits", "Hits (entries found)"},
            {"misses", "Misses (entries not there)"},
            {"fallbacks", "Fallbacks (tables kept per process)"},
            {"generation", "Generation"},
            {"damaged", "Damaged entries seen"},
        };
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
            info_row_long(rows[i][1], info_long(sh, rows[i][0]));
    }
    info_row_long("Fallbacks in this process", info_long(sh, "process_fallbacks"));
    php_info_print_table_end();
}

static PHP_MINFO_FUNCTION(vtws)
{
    zval info;
    vtws_cache_info(&info);
    php_info_print_table_start();
    php_info_print_table_row(2, "vtws support", "enabled");
    php_info_print_table_row(2, "Version", PHP_VTWS_VERSION);
    php_info_print_table_row(2, "Language file reader", "PHP 8 semantics, no code executed");
    php_info_print_table_row(2, "Operations served", "gettranslation, exporttranslation");
    php_info_print_table_row(2, "Preload", VTWS_G(preload) ? "on" : "off");
    info_row_languages(&info);
    info_row_long("Cached files", info_long(&info, "files"));
    info_row_long("Cached modules", info_long(&info, "modules"));
    info_row_long("Cached entries", info_long(&info, "entries"));
    info_row_long("Memory held (bytes)", info_long(&info, "bytes"));
    info_row_long("Kept for reading files (bytes)", info_long(&info, "scratch_bytes"));
    info_row_long("Labels found (hits)", info_long(&info, "hits"));
    info_row_long("Labels not found (misses)", info_long(&info, "misses"));
    info_row_long("Modules re-read after a change (reloads)", info_long(&info, "reloads"));
    php_info_print_table_end();
    info_table_shared(&info);
    info_table_files(&info);
    zval_ptr_dtor(&info);
    DISPLAY_INI_ENTRIES();
}

/* exporttranslation's versions are made with ext/json's encoder (a shared module on PHP 7.4) */
static const zend_module_dep vtws_deps[] = {
    ZEND_MOD_REQUIRED("json")
    ZEND_MOD_END
};

zend_module_entry vtws_module_entry = {
    STANDARD_MODULE_HEADER_EX,
    NULL,
    vtws_deps,
    "vtws",
    ext_functions,
    PHP_MINIT(vtws),
    PHP_MSHUTDOWN(vtws),
    PHP_RINIT(vtws),
    PHP_RSHUTDOWN(vtws),
    PHP_MINFO(vtws),
    PHP_VTWS_VERSION,
    PHP_MODULE_GLOBALS(vtws),
    PHP_GINIT(vtws),
    PHP_GSHUTDOWN(vtws),
    ZEND_MODULE_POST_ZEND_DEACTIVATE_N(vtws),
    STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_VTWS
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(vtws)
#endif

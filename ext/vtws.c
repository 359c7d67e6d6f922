/* The vtws module: INI entries, globals and cache lifetime, phpinfo, and the
 * function table generated from vtws.stub.php. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_vtws.h"
#include "vtws_cache.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"

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
PHP_INI_END()

static PHP_GINIT_FUNCTION(vtws)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    memset(vtws_globals, 0, sizeof(*vtws_globals));
}

static PHP_GSHUTDOWN_FUNCTION(vtws)
{
    (void)vtws_globals;
}

static PHP_MINIT_FUNCTION(vtws)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    REGISTER_INI_ENTRIES();
    vtws_ce_exception = register_class_Vtws_Exception(zend_ce_exception);
    /* before php-fpm forks: every worker shares these pages */
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
    return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(vtws)
{
    /* strings of replaced versions may have been handed out until now */
    vtws_cache_request_end();
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(vtws)
{
    zval info;
    vtws_cache_info(&info);
    php_info_print_table_start();
    php_info_print_table_row(2, "vtws support", "enabled");
    php_info_print_table_row(2, "Version", PHP_VTWS_VERSION);
    php_info_print_table_row(2, "Language file reader", "PHP 8 semantics, no code executed");
    php_info_print_table_row(2, "Operations served", "gettranslation");
    php_info_print_table_row(2, "Preload", VTWS_G(preload) ? "on" : "off");
    char buf[64];
    snprintf(buf, sizeof(buf), ZEND_LONG_FMT, zval_get_long(zend_hash_str_find(Z_ARRVAL(info), "modules", 7)));
    php_info_print_table_row(2, "Cached modules", buf);
    snprintf(buf, sizeof(buf), ZEND_LONG_FMT, zval_get_long(zend_hash_str_find(Z_ARRVAL(info), "entries", 7)));
    php_info_print_table_row(2, "Cached entries", buf);
    snprintf(buf, sizeof(buf), ZEND_LONG_FMT, zval_get_long(zend_hash_str_find(Z_ARRVAL(info), "bytes", 5)));
    php_info_print_table_row(2, "Memory held (bytes)", buf);
    php_info_print_table_end();
    zval_ptr_dtor(&info);
    DISPLAY_INI_ENTRIES();
}

zend_module_entry vtws_module_entry = {
    STANDARD_MODULE_HEADER,
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
    NULL,
    STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_VTWS
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(vtws)
#endif

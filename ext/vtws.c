/* The vtws module: registration, phpinfo, and the function table from the stub. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_vtws.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"

#if PHP_VERSION_ID < 80000
#include "vtws_legacy_arginfo.h"
#else
#include "vtws_arginfo.h"
#endif

zend_class_entry *vtws_ce_exception;

static PHP_MINIT_FUNCTION(vtws)
{
#if defined(ZTS) && defined(COMPILE_DL_VTWS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    vtws_ce_exception = register_class_Vtws_Exception(zend_ce_exception);
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(vtws)
{
    php_info_print_table_start();
    php_info_print_table_row(2, "vtws support", "enabled");
    php_info_print_table_row(2, "Version", PHP_VTWS_VERSION);
    php_info_print_table_row(2, "Language file reader", "PHP 8 semantics, no code executed");
    php_info_print_table_end();
}

zend_module_entry vtws_module_entry = {
    STANDARD_MODULE_HEADER,
    "vtws",
    ext_functions,
    PHP_MINIT(vtws),
    NULL,
    NULL,
    NULL,
    PHP_MINFO(vtws),
    PHP_VTWS_VERSION,
    STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_VTWS
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(vtws)
#endif

/*
 * php_vtws.h — the extension's module entry, version and shared glue.
 */
#ifndef PHP_VTWS_H
#define PHP_VTWS_H

#include "php.h"

#define PHP_VTWS_VERSION "0.1.0"

extern zend_module_entry vtws_module_entry;
#define phpext_vtws_ptr &vtws_module_entry

#if defined(ZTS) && defined(COMPILE_DL_VTWS)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#ifndef RETURN_THROWS
#define RETURN_THROWS() do { ZEND_ASSERT(EG(exception)); (void) return_value; return; } while (0)
#endif

/* Vtws\Exception */
extern zend_class_entry *vtws_ce_exception;

#endif

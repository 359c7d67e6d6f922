#include "php_vtws.h"
#include "vtws_error.h"

#include "zend_exceptions.h"

static zend_class_entry *vtiger_exception_class(void)
{
    zend_string *name = zend_string_init("WebServiceException", sizeof("WebServiceException") - 1, 0);
#if PHP_VERSION_ID >= 80000
    zend_class_entry *ce = zend_lookup_class_ex(name, NULL, ZEND_FETCH_CLASS_NO_AUTOLOAD);
#else
    zend_class_entry *ce = zend_lookup_class_ex(name, NULL, 0);
#endif
    zend_string_release(name);
    return ce && instanceof_function(ce, zend_ce_throwable) ? ce : NULL;
}

static void set_string_property(zend_class_entry *ce, zend_object *obj, const char *name, const char *value)
{
#if PHP_VERSION_ID >= 80000
    zend_update_property_string(ce, obj, name, strlen(name), value);
#else
    zval zv;
    ZVAL_OBJ(&zv, obj);
    zend_update_property_string(ce, &zv, name, strlen(name), value);
#endif
}

void vtws_throw(const char *code, const char *fmt, ...)
{
    va_list ap;
    char *msg;
    va_start(ap, fmt);
    vspprintf(&msg, 0, fmt, ap);
    va_end(ap);

    zend_class_entry *ce = vtiger_exception_class();
    if (ce) {
        /* Vtiger's WebServiceException keeps them as public $code and $message */
        zval ex;
        object_init_ex(&ex, ce);
        set_string_property(ce, Z_OBJ(ex), "code", code);
        set_string_property(ce, Z_OBJ(ex), "message", msg);
        zend_throw_exception_object(&ex);
    } else {
        zend_object *obj = zend_throw_exception(vtws_ce_exception, msg, 0);
        set_string_property(vtws_ce_exception, obj, "errorCode", code);
    }
    efree(msg);
}

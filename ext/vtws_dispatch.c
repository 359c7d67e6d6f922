#include "php_vtws.h"
#include "hot.h"
#include "vtws_error.h"
#include "vtws_dispatch.h"

#include "registry.h"
#include "zend_smart_str.h"

/* names a worker's first call reads (hot.h) */
static const char GET_NAME[] VTWS_HOT_CONST = "_GET", POST_NAME[] VTWS_HOT_CONST = "_POST",
                  OPERATION[] VTWS_HOT_CONST = "operation", GET_METHOD[] VTWS_HOT_CONST = "GET";

/* $_GET or $_POST as the script sees it now (the symbol table, not the request's startup copy). */
VTWS_HOT static HashTable *superglobal(const char *name, size_t len)
{
    zval *zv = zend_hash_str_find(&EG(symbol_table), name, len);
    if (!zv)
        return NULL;
    ZVAL_DEREF(zv);
    return Z_TYPE_P(zv) == IS_ARRAY ? Z_ARRVAL_P(zv) : NULL;
}

/* Whether `ht` has an "operation" field naming `name` (ignoring case, as webservice.php
 * lower-cases it and the table's collation matches it). */
VTWS_HOT static int names_operation(HashTable *ht, const char *name)
{
    zval *v = ht ? zend_hash_str_find(ht, OPERATION, sizeof(OPERATION) - 1) : NULL;
    if (!v)
        return 0;
    ZVAL_DEREF(v);
    return Z_TYPE_P(v) == IS_STRING && strlen(Z_STRVAL_P(v)) == Z_STRLEN_P(v) &&
           zend_binary_strcasecmp(Z_STRVAL_P(v), Z_STRLEN_P(v), name, strlen(name)) == 0;
}

/* How many of op's parameters `ht` has; their names appended to `names` (", " between). */
static size_t parameters_in(const vtws_operation *op, HashTable *ht, smart_str *names)
{
    size_t n = 0;
    for (size_t i = 0; ht && i < op->nparams; i++) {
        if (!zend_hash_str_exists(ht, op->params[i].name, strlen(op->params[i].name)))
            continue;
        if (names) {
            if (n)
                smart_str_appends(names, ", ");
            smart_str_appends(names, op->params[i].name);
        }
        n++;
    }
    return n;
}

VTWS_HOT int vtws_dispatch_parameters_placed(const char *name)
{
    const vtws_operation *op = vtws_registry_served_find(name);
    if (!op || op->nparams == 0)
        return 1;
    HashTable *get = superglobal(GET_NAME, sizeof(GET_NAME) - 1), *post = superglobal(POST_NAME, sizeof(POST_NAME) - 1);
    if (!names_operation(get, name) && !names_operation(post, name))
        return 1;
    int is_get = strcmp(op->type, GET_METHOD) == 0;
    HashTable *read = is_get ? get : post, *other = is_get ? post : get;
    if (parameters_in(op, read, NULL) > 0 || parameters_in(op, other, NULL) == 0)
        return 1;
    smart_str sent = {0}, all = {0};
    parameters_in(op, other, &sent);
    for (size_t i = 0; i < op->nparams; i++) {
        if (i)
            smart_str_appends(&all, ", ");
        smart_str_appends(&all, op->params[i].name);
    }
    smart_str_0(&sent);
    smart_str_0(&all);
    const char *there = is_get ? "the query string" : "the request body";
    vtws_throw(VTWS_E_INVALID_REQUEST_METHOD,
               "%s is a %s operation: Vtiger reads its parameters (%s) from %s only, and this request sent %s in %s;"
               " send them in %s%s",
               op->name, op->type, ZSTR_VAL(all.s), there, ZSTR_VAL(sent.s), is_get ? "the request body" : "the query string",
               there, is_get ? " (GET webservice.php?operation=...&sessionName=...&...)" : " (POST, form-encoded)");
    smart_str_free(&sent);
    smart_str_free(&all);
    return 0;
}

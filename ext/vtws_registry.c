/*
 * Vtws\operations(), validate_operations(), plan_operations(), check_signature():
 * PHP arrays to and from core/registry's structs, and a loaded function's
 * argument info as a signature.
 */
#include "php_vtws.h"
#include "vtws_error.h"

#include "registry.h"

/* ---- PHP arrays -> operations ---------------------------------------------------------------- */

typedef struct ops_in {
    vtws_operation *ops;
    vtws_op_param *params;
    size_t n;
} ops_in;

static const char *string_field(HashTable *ht, const char *key, const char *fallback, char *err, size_t errlen,
                                const char *what)
{
    zval *v = zend_hash_str_find(ht, key, strlen(key));
    if (!v) {
        if (fallback)
            return fallback;
        snprintf(err, errlen, "%s has no \"%s\"", what, key);
        return NULL;
    }
    ZVAL_DEREF(v);
    if (Z_TYPE_P(v) != IS_STRING) {
        snprintf(err, errlen, "%s: \"%s\" must be a string, %s given", what, key, zend_zval_type_name(v));
        return NULL;
    }
    if (strlen(Z_STRVAL_P(v)) != Z_STRLEN_P(v)) {
        snprintf(err, errlen, "%s: \"%s\" contains a NUL byte", what, key);
        return NULL;
    }
    return Z_STRVAL_P(v);
}

static int long_field(HashTable *ht, const char *key, long fallback, long *out, char *err, size_t errlen,
                      const char *what)
{
    zval *v = zend_hash_str_find(ht, key, strlen(key));
    if (!v) {
        *out = fallback;
        return 1;
    }
    ZVAL_DEREF(v);
    if (Z_TYPE_P(v) == IS_LONG || Z_TYPE_P(v) == IS_TRUE || Z_TYPE_P(v) == IS_FALSE ||
        (Z_TYPE_P(v) == IS_STRING && is_numeric_string(Z_STRVAL_P(v), Z_STRLEN_P(v), NULL, NULL, 0) == IS_LONG)) {
        *out = (long)zval_get_long(v);
        return 1;
    }
    snprintf(err, errlen, "%s: \"%s\" must be an integer, %s given", what, key, zend_zval_type_name(v));
    return 0;
}

/* One operation; its parameters are appended at *params. Returns 0 with err set. */
static int operation_from(zval *zv, vtws_operation *op, vtws_op_param **params, char *err, size_t errlen)
{
    ZVAL_DEREF(zv);
    if (Z_TYPE_P(zv) != IS_ARRAY) {
        snprintf(err, errlen, "an operation must be an array, %s given", zend_zval_type_name(zv));
        return 0;
    }
    HashTable *ht = Z_ARRVAL_P(zv);
    memset(op, 0, sizeof(*op));
    long id, prelogin;
    if (!(op->name = string_field(ht, "name", NULL, err, errlen, "the operation")) ||
        !(op->handler_path = string_field(ht, "handler_path", NULL, err, errlen, op->name)) ||
        !(op->handler_method = string_field(ht, "handler_method", NULL, err, errlen, op->name)) ||
        !(op->type = string_field(ht, "type", NULL, err, errlen, op->name)) ||
        !long_field(ht, "prelogin", 0, &prelogin, err, errlen, op->name) ||
        !long_field(ht, "operationid", 0, &id, err, errlen, op->name))
        return 0;
    op->id = id;
    op->prelogin = (int)prelogin;
    zval *plist = zend_hash_str_find(ht, "parameters", sizeof("parameters") - 1);
    op->params = *params;
    if (!plist)
        return 1;
    ZVAL_DEREF(plist);
    if (Z_TYPE_P(plist) != IS_ARRAY) {
        snprintf(err, errlen, "%s: \"parameters\" must be a list", op->name);
        return 0;
    }
    zval *p;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(plist), p) {
        ZVAL_DEREF(p);
        if (Z_TYPE_P(p) != IS_ARRAY) {
            snprintf(err, errlen, "%s: parameter %zu must be an array", op->name, op->nparams + 1);
            return 0;
        }
        vtws_op_param *par = &(*params)[op->nparams];
        long seq;
        char what[160];
        snprintf(what, sizeof(what), "%s: parameter %zu", op->name, op->nparams + 1);
        if (!(par->name = string_field(Z_ARRVAL_P(p), "name", NULL, err, errlen, what)) ||
            !(par->type = string_field(Z_ARRVAL_P(p), "type", NULL, err, errlen, what)) ||
            !long_field(Z_ARRVAL_P(p), "sequence", (long)op->nparams + 1, &seq, err, errlen, what))
            return 0;
        par->sequence = seq;
        op->nparams++;
    } ZEND_HASH_FOREACH_END();
    *params += op->nparams;
    return 1;
}

static size_t count_params(HashTable *list)
{
    size_t n = 0;
    zval *zv;
    ZEND_HASH_FOREACH_VAL(list, zv) {
        ZVAL_DEREF(zv);
        if (Z_TYPE_P(zv) != IS_ARRAY)
            continue;
        zval *p = zend_hash_str_find(Z_ARRVAL_P(zv), "parameters", sizeof("parameters") - 1);
        if (p) {
            ZVAL_DEREF(p);
            if (Z_TYPE_P(p) == IS_ARRAY)
                n += zend_hash_num_elements(Z_ARRVAL_P(p));
        }
    } ZEND_HASH_FOREACH_END();
    return n;
}

/* All operations of a list; on the first bad one, throws (strict) or reports
 * it through `bad` and leaves it out. */
static int ops_from(HashTable *list, ops_in *in, int strict, zval *bad, size_t *index_map)
{
    size_t n = zend_hash_num_elements(list), np = count_params(list);
    in->ops = safe_emalloc(n ? n : 1, sizeof(vtws_operation), 0);
    in->params = safe_emalloc(np ? np : 1, sizeof(vtws_op_param), 0);
    in->n = 0;
    vtws_op_param *next = in->params;
    size_t i = 0;
    zval *zv;
    ZEND_HASH_FOREACH_VAL(list, zv) {
        char err[256];
        vtws_op_param *mark = next;
        if (operation_from(zv, &in->ops[in->n], &next, err, sizeof(err))) {
            if (index_map)
                index_map[in->n] = i;
            in->n++;
        } else {
            next = mark;
            if (strict) {
                vtws_throw(VTWS_E_INVALID_OPERATION, "operation %zu: %s", i + 1, err);
                return 0;
            }
            zval problem;
            array_init(&problem);
            add_assoc_long(&problem, "operation", (zend_long)i);
            add_assoc_string(&problem, "message", err);
            add_next_index_zval(bad, &problem);
        }
        i++;
    } ZEND_HASH_FOREACH_END();
    return 1;
}

static void ops_free(ops_in *in)
{
    efree(in->ops);
    efree(in->params);
}

/* ---- operations -> PHP arrays ------------------------------------------------------------------ */

static void operation_to_zval(const vtws_operation *op, zval *out)
{
    zval params;
    array_init_size(out, 6);
    add_assoc_string(out, "name", (char *)op->name);
    add_assoc_string(out, "handler_path", (char *)op->handler_path);
    add_assoc_string(out, "handler_method", (char *)op->handler_method);
    add_assoc_string(out, "type", (char *)op->type);
    add_assoc_long(out, "prelogin", op->prelogin);
    array_init_size(&params, (uint32_t)op->nparams);
    for (size_t k = 0; k < op->nparams; k++) {
        zval p;
        array_init_size(&p, 2);
        add_assoc_string(&p, "name", (char *)op->params[k].name);
        add_assoc_string(&p, "type", (char *)op->params[k].type);
        add_next_index_zval(&params, &p);
    }
    add_assoc_zval(out, "parameters", &params);
}

ZEND_FUNCTION(Vtws_operations)
{
    ZEND_PARSE_PARAMETERS_NONE();
    size_t n;
    const vtws_operation *served = vtws_registry_served(&n);
    array_init(return_value);
    for (size_t i = 0; i < n; i++) {
        zval op;
        operation_to_zval(&served[i], &op);
        add_next_index_zval(return_value, &op);
    }
}

typedef struct problem_sink {
    zval *list;
    const size_t *index_map;
} problem_sink;

static void add_problem(void *ctx, size_t op, const char *message)
{
    problem_sink *sink = ctx;
    zval problem;
    array_init(&problem);
    add_assoc_long(&problem, "operation", (zend_long)(sink->index_map ? sink->index_map[op] : op));
    add_assoc_string(&problem, "message", (char *)message);
    add_next_index_zval(sink->list, &problem);
}

ZEND_FUNCTION(Vtws_validate_operations)
{
    HashTable *list;
    zend_bool stored = 0;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_ARRAY_HT(list)
        Z_PARAM_OPTIONAL
        Z_PARAM_BOOL(stored)
    ZEND_PARSE_PARAMETERS_END();

    array_init(return_value);
    size_t n = zend_hash_num_elements(list);
    size_t *map = safe_emalloc(n ? n : 1, sizeof(size_t), 0);
    ops_in in;
    ops_from(list, &in, 0, return_value, map);
    problem_sink sink = {return_value, map};
    vtws_registry_validate(in.ops, in.n, stored ? VTWS_RULES_STORED : VTWS_RULES_DEFINITION, add_problem, &sink);
    ops_free(&in);
    efree(map);
}

static const char *action_name(vtws_change_kind k)
{
    switch (k) {
    case VTWS_CHANGE_INSERT: return "insert";
    case VTWS_CHANGE_UPDATE: return "update";
    case VTWS_CHANGE_PARAMETERS: return "replace_parameters";
    default: return "delete";
    }
}

ZEND_FUNCTION(Vtws_plan_operations)
{
    HashTable *wanted_list, *stored_list;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_ARRAY_HT(wanted_list)
        Z_PARAM_ARRAY_HT(stored_list)
    ZEND_PARSE_PARAMETERS_END();

    ops_in wanted, stored;
    if (!ops_from(wanted_list, &wanted, 1, NULL, NULL)) {
        ops_free(&wanted);
        RETURN_THROWS();
    }
    if (!ops_from(stored_list, &stored, 1, NULL, NULL)) {
        ops_free(&wanted);
        ops_free(&stored);
        RETURN_THROWS();
    }
    size_t n = vtws_registry_plan(wanted.ops, wanted.n, stored.ops, stored.n, NULL, 0);
    vtws_change *changes = safe_emalloc(n ? n : 1, sizeof(vtws_change), 0);
    vtws_registry_plan(wanted.ops, wanted.n, stored.ops, stored.n, changes, n);
    static const struct { unsigned bit; const char *name; } fields[] = {
        {VTWS_FIELD_NAME, "name"}, {VTWS_FIELD_HANDLER_PATH, "handler_path"},
        {VTWS_FIELD_HANDLER_METHOD, "handler_method"}, {VTWS_FIELD_TYPE, "type"}, {VTWS_FIELD_PRELOGIN, "prelogin"}};
    array_init_size(return_value, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const vtws_change *c = &changes[i];
        zval change, list;
        array_init(&change);
        add_assoc_string(&change, "action", (char *)action_name(c->kind));
        const char *name = wanted.ops[c->wanted].name;
        if (c->kind == VTWS_CHANGE_DELETE)
            for (size_t s = 0; s < stored.n; s++)
                if (stored.ops[s].id == c->id)
                    name = stored.ops[s].name;
        add_assoc_string(&change, "operation", (char *)name);
        if (c->kind == VTWS_CHANGE_INSERT)
            add_assoc_null(&change, "operationid");
        else
            add_assoc_long(&change, "operationid", (zend_long)c->id);
        add_assoc_long(&change, "wanted", (zend_long)c->wanted);
        array_init(&list);
        for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
            if (c->fields & fields[f].bit)
                add_next_index_string(&list, fields[f].name);
        add_assoc_zval(&change, "fields", &list);
        add_next_index_zval(return_value, &change);
    }
    efree(changes);
    ops_free(&wanted);
    ops_free(&stored);
}

/* ---- signatures -------------------------------------------------------------------------------- */

static zend_function *find_function(zend_string *name)
{
    const char *s = ZSTR_VAL(name);
    size_t len = ZSTR_LEN(name);
    if (len && s[0] == '\\') {
        s++;
        len--;
    }
    zend_string *lc = zend_string_alloc(len, 0);
    zend_str_tolower_copy(ZSTR_VAL(lc), s, len);
    zend_function *fn = zend_hash_find_ptr(EG(function_table), lc);
    zend_string_release(lc);
    return fn;
}

/* The argument info of a loaded function, PHP or native alike. */
static int signature_of_function(zend_function *fn, vtws_signature *sig, vtws_fn_param *params, size_t max)
{
    uint32_t n = fn->common.num_args;
    if (n > max)
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        if (fn->type == ZEND_INTERNAL_FUNCTION)
            params[i].name = ((zend_internal_arg_info *)fn->common.arg_info)[i].name;
        else
            params[i].name = ZSTR_VAL(fn->common.arg_info[i].name);
        params[i].optional = i >= fn->common.required_num_args;
    }
    sig->params = params;
    sig->nparams = n;
    sig->variadic = (fn->common.fn_flags & ZEND_ACC_VARIADIC) != 0;
    sig->internal = fn->type == ZEND_INTERNAL_FUNCTION;
    return 1;
}

/* [['name', 'optional', 'variadic'], ...] as a (PHP function's) signature. */
static int signature_of_array(HashTable *list, vtws_signature *sig, vtws_fn_param *params, size_t max)
{
    memset(sig, 0, sizeof(*sig));
    sig->params = params;
    zval *p;
    ZEND_HASH_FOREACH_VAL(list, p) {
        ZVAL_DEREF(p);
        zval *name = Z_TYPE_P(p) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(p), "name", 4) : NULL;
        if (!name || Z_TYPE_P(name) != IS_STRING || sig->nparams == max) {
            vtws_throw(VTWS_E_INVALID_OPERATION, "a handler parameter must be ['name' => string, ...]");
            return 0;
        }
        zval *variadic = zend_hash_str_find(Z_ARRVAL_P(p), "variadic", 8);
        if (variadic && zend_is_true(variadic)) {
            sig->variadic = 1;
            continue;
        }
        zval *optional = zend_hash_str_find(Z_ARRVAL_P(p), "optional", 8);
        params[sig->nparams].name = Z_STRVAL_P(name);
        params[sig->nparams].optional = optional && zend_is_true(optional);
        sig->nparams++;
    } ZEND_HASH_FOREACH_END();
    return 1;
}

static void add_message(void *ctx, size_t op, const char *message)
{
    (void)op;
    add_next_index_string((zval *)ctx, message);
}

#define VTWS_MAX_HANDLER_PARAMS 128

ZEND_FUNCTION(Vtws_check_signature)
{
    HashTable *operation;
    zend_string *fname = NULL;
    HashTable *described = NULL;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_ARRAY_HT(operation)
        Z_PARAM_ARRAY_HT_OR_STR(described, fname)
    ZEND_PARSE_PARAMETERS_END();

    zval one;
    ZVAL_ARR(&one, operation);
    vtws_operation op;
    size_t np = 0;
    zval *plist = zend_hash_str_find(operation, "parameters", sizeof("parameters") - 1);
    if (plist && Z_TYPE_P(plist) == IS_ARRAY)
        np = zend_hash_num_elements(Z_ARRVAL_P(plist));
    vtws_op_param *params = safe_emalloc(np ? np : 1, sizeof(vtws_op_param), 0), *cursor = params;
    char err[256];
    if (!operation_from(&one, &op, &cursor, err, sizeof(err))) {
        efree(params);
        vtws_throw(VTWS_E_INVALID_OPERATION, "%s", err);
        RETURN_THROWS();
    }
    vtws_signature sig;
    vtws_fn_param fparams[VTWS_MAX_HANDLER_PARAMS];
    int ok;
    if (fname) {
        zend_function *fn = find_function(fname);
        if (!fn) {
            efree(params);
            vtws_throw(VTWS_E_INVALID_OPERATION, "function %s is not defined", ZSTR_VAL(fname));
            RETURN_THROWS();
        }
        ok = signature_of_function(fn, &sig, fparams, VTWS_MAX_HANDLER_PARAMS);
        if (!ok)
            vtws_throw(VTWS_E_INVALID_OPERATION, "function %s has too many parameters", ZSTR_VAL(fname));
    } else {
        ok = signature_of_array(described, &sig, fparams, VTWS_MAX_HANDLER_PARAMS);
    }
    if (!ok) {
        efree(params);
        RETURN_THROWS();
    }
    zval named, positional;
    array_init(&named);
    array_init(&positional);
    vtws_registry_check_named(&op, &sig, add_message, &named);
    vtws_registry_check_positional(&op, &sig, add_message, &positional);
    efree(params);
    array_init_size(return_value, 2);
    add_assoc_zval(return_value, "named", &named);
    add_assoc_zval(return_value, "positional", &positional);
}

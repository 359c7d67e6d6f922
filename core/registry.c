#include "registry.h"
#include "hot.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

VTWS_HOT static int same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static int equal(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void say(vtws_report_fn report, void *ctx, size_t op, size_t *count, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    (*count)++;
    if (report)
        report(ctx, op, msg);
}

/* ---- the operations vtws serves ------------------------------------------------------- */

/* what dispatch checks read at a worker's first call (hot.h) */
static const char GETTRANSLATION[] VTWS_HOT_CONST = "gettranslation", EXPORTTRANSLATION[] VTWS_HOT_CONST = "exporttranslation",
                  LISTLANGUAGES[] VTWS_HOT_CONST = "listlanguages", GET[] VTWS_HOT_CONST = "GET",
                  POST[] VTWS_HOT_CONST = "POST", TOTRANSLATE[] VTWS_HOT_CONST = "totranslate",
                  LANGUAGE[] VTWS_HOT_CONST = "language", MODULE[] VTWS_HOT_CONST = "module";

static const vtws_op_param gettranslation_params[] = {
    {TOTRANSLATE, "encoded", 1}, {LANGUAGE, "string", 2}, {MODULE, "string", 3}};
static const vtws_op_param exporttranslation_params[] = {
    {LANGUAGE, "string", 1}, {MODULE, "string", 2}, {"type", "string", 3}, {"version", "string", 4}};
/* One handler file for all three: it declares listlanguages (plain PHP), and the other two
 * in PHP only when the extension is not loaded. */
static const vtws_operation SERVED[] = {
    {0, GETTRANSLATION, "include/Webservices/GetTranslation.php", "vtws_gettranslation", POST, 0,
     gettranslation_params, 3},
    {0, EXPORTTRANSLATION, "include/Webservices/GetTranslation.php", "vtws_exporttranslation", GET, 0,
     exporttranslation_params, 4},
    {0, LISTLANGUAGES, "include/Webservices/GetTranslation.php", "vtws_listlanguages", GET, 0, NULL, 0},
};

const vtws_operation *vtws_registry_served(size_t *n)
{
    *n = sizeof(SERVED) / sizeof(SERVED[0]);
    return SERVED;
}

VTWS_HOT const vtws_operation *vtws_registry_served_find(const char *name)
{
    for (size_t i = 0; i < sizeof(SERVED) / sizeof(SERVED[0]); i++)
        if (same_ci(SERVED[i].name, name))
            return &SERVED[i];
    return NULL;
}

/* Vtiger 8.3's own GET operations (its installer and migrations); every other stock one is POST. */
static const char *const VTIGER_GET[] = {"describe", "files_retrieve", "getchallenge", "listtypes", "query",
                                         "query_related", "relatedtypes", "retrieve", "retrieve_inventory",
                                         "retrieve_related", "sync", NULL};
static const char *const VTIGER_POST[] = {
    "add_related", "changePassword", "convertlead", "create", "delete", "deleteUser", "extendsession", "login", "logout",
    "revise", "update", "wsapp_deregister", "wsapp_get", "wsapp_map", "wsapp_put", "wsapp_register", NULL};

const char *vtws_registry_method_of(const char *name)
{
    for (int i = 0; VTIGER_GET[i]; i++)
        if (same_ci(VTIGER_GET[i], name))
            return "GET";
    for (int i = 0; VTIGER_POST[i]; i++)
        if (same_ci(VTIGER_POST[i], name))
            return "POST";
    if (strncmp(name, "mobile.", 7) == 0)
        return "POST";
    const vtws_operation *op = vtws_registry_served_find(name);
    return op ? op->type : NULL;
}

/* ---- validation ------------------------------------------------------------------------ */

static int word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * A string as messages show it: printable ASCII as is, every other byte as \xNN, cut after
 * 60 bytes with "...". Rows come from anyone who can write the tables: a name must never
 * reach a terminal, a log or a generated file as raw bytes.
 */
static const char *shown(char *buf, size_t cap, const char *s)
{
    size_t o = 0, i = 0;
    for (; s[i] && i < 60 && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f)
            buf[o++] = (char)c;
        else
            o += (size_t)snprintf(buf + o, cap - o, "\\x%02X", c);
    }
    if (s[i] && o + 4 <= cap)
        memcpy(buf + o, "...", 3), o += 3;
    buf[o] = '\0';
    return buf;
}

/* An ASCII PHP identifier: [A-Za-z_][A-Za-z0-9_]*. PHP also takes bytes 0x80-0xFF, but such
 * a name would reach generated source and terminals as bytes nobody can read or type. */
static int ascii_identifier(const char *s, size_t len)
{
    if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!word_char((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Words PHP reads as something other than a call to a function of that name: reserved
 * words (none can be declared as a function) and the constructs that look like calls
 * (include(), eval(), isset(), exit(), ...). Checked against php -l on 8.2 and the
 * reserved words of 7.4 to 8.4 (fn since 7.4, match since 8.0). */
static const char *const NOT_CALLABLE[] = {
    "__halt_compiler", "abstract", "and", "array", "as", "break", "callable", "case", "catch", "class", "clone",
    "const", "continue", "declare", "default", "die", "do", "echo", "else", "elseif", "empty", "enddeclare",
    "endfor", "endforeach", "endif", "endswitch", "endwhile", "eval", "exit", "extends", "final", "finally", "fn",
    "for", "foreach", "function", "global", "goto", "if", "implements", "include", "include_once", "instanceof",
    "insteadof", "interface", "isset", "list", "match", "namespace", "new", "or", "print", "private", "protected",
    "public", "require", "require_once", "return", "static", "switch", "throw", "trait", "try", "unset", "use",
    "var", "while", "xor", "yield", "__class__", "__dir__", "__file__", "__function__", "__line__", "__method__",
    "__namespace__", "__trait__", NULL};

static int not_callable(const char *s, size_t len)
{
    for (int i = 0; NOT_CALLABLE[i]; i++) {
        size_t k = 0;
        while (k < len && NOT_CALLABLE[i][k] && lower((unsigned char)s[k]) == NOT_CALLABLE[i][k])
            k++;
        if (k == len && NOT_CALLABLE[i][k] == '\0')
            return 1;
    }
    return 0;
}

/* Ns\Sub\function, each part an ASCII identifier and no reserved word; an optional leading
 * backslash. A "Class::method" string is callable too, but nothing can check its signature. */
static int php_function_name(const char *s)
{
    if (*s == '\\')
        s++;
    for (;;) {
        const char *sep = strchr(s, '\\');
        size_t len = sep ? (size_t)(sep - s) : strlen(s);
        if (!ascii_identifier(s, len) || not_callable(s, len))
            return 0;
        if (!sep)
            return 1;
        s = sep + 1;
    }
}

/* Names PHP refuses as a parameter: "Cannot use $this as parameter", "Cannot re-assign
 * auto-global variable" (php -l). Compared exactly: variables are case-sensitive. */
static const char *const NOT_PARAMETERS[] = {"this", "GLOBALS", "_GET", "_POST", "_COOKIE", "_FILES", "_SERVER",
                                             "_ENV", "_REQUEST", "_SESSION", NULL};

static int not_parameter(const char *s)
{
    for (int i = 0; NOT_PARAMETERS[i]; i++)
        if (strcmp(s, NOT_PARAMETERS[i]) == 0)
            return 1;
    return 0;
}

static const char *const PARAM_TYPES[] = {"string", "encoded", "datetime", "double", "boolean", NULL};

static int param_type_ok(const char *t)
{
    for (int i = 0; PARAM_TYPES[i]; i++)
        if (same_ci(t, PARAM_TYPES[i]))
            return 1;
    return 0;
}

/* Top folders Vtiger's checkFileAccessForInclusion() refuses to include from (uploads and
 * caches live there). */
static const char *const UNSAFE_TOP[] = {"storage", "cache", "test", NULL};

static void validate_path(const char *p, size_t i, vtws_report_fn report, void *ctx, size_t *count)
{
    char q[320];
    size_t len = strlen(p);
    if (len == 0) {
        say(report, ctx, i, count, "handler_path is empty");
        return;
    }
    shown(q, sizeof(q), p);
    if (len > 255)
        say(report, ctx, i, count, "handler_path is longer than 255 characters");
    if (p[0] == '/' || p[0] == '\\' || (len > 1 && p[1] == ':'))
        say(report, ctx, i, count, "handler_path must be relative to the Vtiger root: %s", q);
    if (len < 5 || strcmp(p + len - 4, ".php") != 0)
        say(report, ctx, i, count, "handler_path must end in .php: %s", q);
    for (const char *s = p; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!(word_char(c) || c == '/' || c == '.' || c == '-')) {
            say(report, ctx, i, count,
                "handler_path has a character that is not allowed (0x%02X; letters, digits, _ . - and / are): %s", c, q);
            break;
        }
    }
    /* no ".." component: the file must stay inside the root */
    for (const char *s = p; (s = strstr(s, "..")); s += 2) {
        if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/')) {
            say(report, ctx, i, count, "handler_path must stay inside the Vtiger root (no \"..\"): %s", q);
            break;
        }
    }
    for (int k = 0; UNSAFE_TOP[k]; k++) {
        size_t n = strlen(UNSAFE_TOP[k]);
        if (strncmp(p, UNSAFE_TOP[k], n) == 0 && p[n] == '/')
            say(report, ctx, i, count, "handler_path is under %s/, where Vtiger refuses to include files from: %s",
                UNSAFE_TOP[k], q);
    }
}

/* An operation's name: a definition's letters, digits and _; a stored row may also have
 * "." (Vtiger's own mobile.* operations). Nothing else can appear in a wrapper's name. */
static void validate_name(const vtws_operation *ops, size_t i, vtws_rules rules, vtws_report_fn report, void *ctx,
                          size_t *count)
{
    char q[320];
    const char *name = ops[i].name ? ops[i].name : "";
    size_t nlen = strlen(name);
    shown(q, sizeof(q), name);
    if (nlen == 0)
        say(report, ctx, i, count, "name is empty");
    else if (nlen > 128)
        say(report, ctx, i, count, "name is longer than 128 characters");
    for (const char *s = name; *s; s++) {
        if (!word_char((unsigned char)*s) && !(rules == VTWS_RULES_STORED && *s == '.')) {
            say(report, ctx, i, count, rules == VTWS_RULES_STORED
                ? "name may only have letters, digits, _ and .: %s" : "name may only have letters, digits and _: %s", q);
            break;
        }
    }
    if (rules == VTWS_RULES_STORED || nlen == 0)
        return; /* stored rows: the caller names the colliding row by its operationid */
    for (size_t j = 0; j < i; j++) {
        if (ops[j].name && same_ci(ops[j].name, name)) {
            say(report, ctx, i, count, "name %s is also the name of operation %zu (names are matched ignoring case)", q,
                j + 1);
            break;
        }
    }
}

static void validate_params(const vtws_operation *op, size_t i, vtws_rules rules, vtws_report_fn report, void *ctx,
                            size_t *count)
{
    for (size_t k = 0; k < op->nparams; k++) {
        char q[320];
        const vtws_op_param *p = &op->params[k];
        const char *pn = p->name ? p->name : "";
        shown(q, sizeof(q), pn);
        if (!ascii_identifier(pn, strlen(pn)) || strlen(pn) > 128)
            say(report, ctx, i, count, "parameter %zu: the name is not a PHP variable name: %s", k + 1, q);
        else if (not_parameter(pn))
            say(report, ctx, i, count, "parameter %zu: PHP refuses $%s as a parameter name", k + 1, q);
        else if (same_ci(pn, "user"))
            say(report, ctx, i, count, "parameter %zu: \"user\" is passed by Vtiger itself and cannot be registered",
                k + 1);
        if (rules == VTWS_RULES_DEFINITION && (!p->type || !param_type_ok(p->type)))
            say(report, ctx, i, count, "parameter %s: type must be string, encoded, datetime, double or boolean", q);
        for (size_t j = 0; j < k; j++) {
            if (op->params[j].name && same_ci(op->params[j].name, pn)) {
                say(report, ctx, i, count, "parameter %s appears twice (names are matched ignoring case)", q);
                break;
            }
        }
    }
}

size_t vtws_registry_validate(const vtws_operation *ops, size_t n, vtws_rules rules, vtws_report_fn report,
                              void *ctx)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const vtws_operation *op = &ops[i];
        char q[320];
        validate_name(ops, i, rules, report, ctx, &count);
        if (!op->type || !(same_ci(op->type, "GET") || same_ci(op->type, "POST")))
            say(report, ctx, i, &count, "type must be GET or POST");
        if (rules == VTWS_RULES_DEFINITION && op->prelogin != 0 && op->prelogin != 1)
            say(report, ctx, i, &count, "prelogin must be 0 or 1");
        validate_path(op->handler_path ? op->handler_path : "", i, report, ctx, &count);
        const char *m = op->handler_method ? op->handler_method : "";
        if (strlen(m) > 64)
            say(report, ctx, i, &count, "handler_method is longer than 64 characters");
        if (!php_function_name(m))
            say(report, ctx, i, &count, "handler_method is not a PHP function name: %s", shown(q, sizeof(q), m));
        validate_params(op, i, rules, report, ctx, &count);
    }
    return count;
}

/* ---- the plan ------------------------------------------------------------------------------ */

static int params_match(const vtws_operation *want, const vtws_operation *have)
{
    if (want->nparams != have->nparams)
        return 0;
    for (size_t k = 0; k < want->nparams; k++) {
        const vtws_op_param *w = &want->params[k], *h = &have->params[k];
        /* stored rows come ordered by sequence: the k-th must be the k-th wanted, at sequence k+1 */
        if (!equal(w->name, h->name) || !same_ci(w->type ? w->type : "", h->type ? h->type : "") ||
            h->sequence != (long)k + 1)
            return 0;
    }
    return 1;
}

static unsigned changed_fields(const vtws_operation *want, const vtws_operation *have)
{
    unsigned f = 0;
    if (!equal(want->name, have->name))
        f |= VTWS_FIELD_NAME;
    if (!equal(want->handler_path, have->handler_path))
        f |= VTWS_FIELD_HANDLER_PATH;
    if (!equal(want->handler_method, have->handler_method))
        f |= VTWS_FIELD_HANDLER_METHOD;
    if (!equal(want->type, have->type)) /* stored upper case, as Vtiger's helper does */
        f |= VTWS_FIELD_TYPE;
    if ((want->prelogin != 0) != (have->prelogin != 0))
        f |= VTWS_FIELD_PRELOGIN;
    return f;
}

static void emit(vtws_change *out, size_t max, size_t *n, vtws_change_kind kind, size_t wanted, long id, unsigned fields)
{
    if (*n < max) {
        out[*n].kind = kind;
        out[*n].wanted = wanted;
        out[*n].id = id;
        out[*n].fields = fields;
    }
    (*n)++;
}

size_t vtws_registry_plan(const vtws_operation *wanted, size_t nwanted, const vtws_operation *stored,
                          size_t nstored, vtws_change *out, size_t max)
{
    size_t n = 0;
    for (size_t w = 0; w < nwanted; w++) {
        const vtws_operation *keep = NULL;
        for (size_t s = 0; s < nstored; s++)
            if (stored[s].name && wanted[w].name && same_ci(stored[s].name, wanted[w].name) &&
                (!keep || stored[s].id < keep->id))
                keep = &stored[s];
        for (size_t s = 0; s < nstored; s++)
            if (&stored[s] != keep && stored[s].name && wanted[w].name && same_ci(stored[s].name, wanted[w].name))
                emit(out, max, &n, VTWS_CHANGE_DELETE, w, stored[s].id, 0);
        if (!keep) {
            emit(out, max, &n, VTWS_CHANGE_INSERT, w, 0, 0);
            continue;
        }
        unsigned f = changed_fields(&wanted[w], keep);
        if (f)
            emit(out, max, &n, VTWS_CHANGE_UPDATE, w, keep->id, f);
        if (!params_match(&wanted[w], keep))
            emit(out, max, &n, VTWS_CHANGE_PARAMETERS, w, keep->id, 0);
    }
    return n;
}

/* ---- signatures ---------------------------------------------------------------------------------- */

/* The argument names the dispatcher passes, in order (user last when not prelogin). */
static size_t passed_names(const vtws_operation *op, const char **names, size_t max)
{
    size_t n = 0;
    int login = op->prelogin && op->handler_method && strcmp(op->handler_method, "vtws_login") == 0;
    for (size_t k = 0; k < op->nparams && n < max; k++) {
        const char *name = op->params[k].name ? op->params[k].name : "";
        names[n++] = login && strcmp(name, "accessKey") == 0 ? "pwd" : name; /* Vtiger's special case */
    }
    if (!op->prelogin && n < max)
        names[n++] = "user";
    return n;
}

static long param_index(const vtws_signature *sig, const char *name, int ignore_case)
{
    for (size_t i = 0; i < sig->nparams; i++)
        if (ignore_case ? same_ci(sig->params[i].name, name) : strcmp(sig->params[i].name, name) == 0)
            return (long)i;
    return -1;
}

#define MAX_PASSED 256

size_t vtws_registry_check_named(const vtws_operation *op, const vtws_signature *sig, vtws_report_fn report,
                                 void *ctx)
{
    size_t count = 0;
    const char *names[MAX_PASSED];
    size_t n = passed_names(op, names, MAX_PASSED);
    for (size_t i = 0; i < n; i++) {
        if (param_index(sig, names[i], 0) >= 0 || sig->variadic)
            continue;
        if (strcmp(names[i], "user") == 0 && i == n - 1 && !op->prelogin)
            say(report, ctx, 0, &count,
                "the handler has no $user parameter, which Vtiger passes by name to every operation that is not prelogin");
        else if (param_index(sig, names[i], 1) >= 0)
            say(report, ctx, 0, &count, "unknown named parameter $%s: the handler spells it $%s (names are case-sensitive)",
                names[i], sig->params[param_index(sig, names[i], 1)].name);
        else
            say(report, ctx, 0, &count, "unknown named parameter $%s: the handler has no parameter of that name", names[i]);
    }
    for (size_t p = 0; p < sig->nparams; p++) {
        if (sig->params[p].optional)
            continue;
        int passed = 0;
        for (size_t i = 0; i < n && !passed; i++)
            passed = strcmp(names[i], sig->params[p].name) == 0;
        if (!passed)
            say(report, ctx, 0, &count, "required parameter $%s is never passed (too few arguments)", sig->params[p].name);
    }
    return count;
}

size_t vtws_registry_check_positional(const vtws_operation *op, const vtws_signature *sig,
                                      vtws_report_fn report, void *ctx)
{
    size_t count = 0;
    const char *names[MAX_PASSED];
    size_t n = passed_names(op, names, MAX_PASSED);
    /* ties: the database returns tied parameters in no defined order */
    for (size_t k = 1; k < op->nparams; k++) {
        if (op->params[k].sequence == op->params[k - 1].sequence) {
            say(report, ctx, 0, &count, "parameters share sequence %ld: their order, and so their positions, is undefined",
                op->params[k].sequence);
            break;
        }
    }
    size_t required = 0;
    for (size_t p = 0; p < sig->nparams; p++)
        if (!sig->params[p].optional)
            required = p + 1;
    if (n < required)
        say(report, ctx, 0, &count, "the handler requires %zu arguments, the dispatcher passes %zu", required, n);
    if (sig->internal && !sig->variadic && n > sig->nparams)
        say(report, ctx, 0, &count, "the dispatcher passes %zu arguments, the native handler takes at most %zu", n,
            sig->nparams);
    for (size_t i = 0; i < n; i++) {
        long at = param_index(sig, names[i], 1);
        if (at >= 0 && (size_t)at != i)
            say(report, ctx, 0, &count, "%s is passed at position %zu, but the handler takes $%s at position %ld",
                names[i], i + 1, sig->params[at].name, at + 1);
    }
    return count;
}

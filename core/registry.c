#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int same_ci(const char *a, const char *b)
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

/* ---- validation ------------------------------------------------------------------------ */

static int word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A PHP identifier: [A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]* */
static int php_identifier(const char *s, size_t len)
{
    if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!word_char((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
            return 0;
    return 1;
}

/* Ns\Sub\function, each part an identifier; an optional leading backslash. */
static int php_function_name(const char *s)
{
    if (*s == '\\')
        s++;
    for (;;) {
        const char *sep = strchr(s, '\\');
        size_t len = sep ? (size_t)(sep - s) : strlen(s);
        if (!php_identifier(s, len))
            return 0;
        if (!sep)
            return 1;
        s = sep + 1;
    }
}

static const char *const PARAM_TYPES[] = {"string", "encoded", "datetime", "double", "boolean", NULL};

static int param_type_ok(const char *t)
{
    for (int i = 0; PARAM_TYPES[i]; i++)
        if (same_ci(t, PARAM_TYPES[i]))
            return 1;
    return 0;
}

static void validate_path(const char *p, size_t i, vtws_report_fn report, void *ctx, size_t *count)
{
    size_t len = strlen(p);
    if (len == 0) {
        say(report, ctx, i, count, "handler_path is empty");
        return;
    }
    if (len > 255)
        say(report, ctx, i, count, "handler_path is longer than 255 characters");
    if (p[0] == '/' || p[0] == '\\' || (len > 1 && p[1] == ':'))
        say(report, ctx, i, count, "handler_path must be relative to the Vtiger root: %.80s", p);
    if (len < 5 || strcmp(p + len - 4, ".php") != 0)
        say(report, ctx, i, count, "handler_path must end in .php: %.80s", p);
    for (const char *s = p; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!(word_char(c) || c == '/' || c == '.' || c == '-')) {
            say(report, ctx, i, count, "handler_path has a character that is not allowed (0x%02X): %.80s", c, p);
            break;
        }
    }
    /* no ".." component: the file must stay inside the root */
    for (const char *s = p; (s = strstr(s, "..")); s += 2) {
        if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/')) {
            say(report, ctx, i, count, "handler_path must stay inside the Vtiger root (no \"..\"): %.80s", p);
            break;
        }
    }
}

size_t vtws_registry_validate(const vtws_operation *ops, size_t n, vtws_report_fn report, void *ctx)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const vtws_operation *op = &ops[i];
        const char *name = op->name ? op->name : "";
        size_t nlen = strlen(name);
        if (nlen == 0)
            say(report, ctx, i, &count, "name is empty");
        else if (nlen > 128)
            say(report, ctx, i, &count, "name is longer than 128 characters");
        for (const char *s = name; *s; s++) {
            if (!word_char((unsigned char)*s)) {
                say(report, ctx, i, &count, "name may only have letters, digits and _: %.80s", name);
                break;
            }
        }
        for (size_t j = 0; j < i; j++) {
            if (ops[j].name && nlen && same_ci(ops[j].name, name)) {
                say(report, ctx, i, &count, "name %.80s is also the name of operation %zu (names are matched ignoring case)",
                    name, j + 1);
                break;
            }
        }
        if (!op->type || !(same_ci(op->type, "GET") || same_ci(op->type, "POST")))
            say(report, ctx, i, &count, "type must be GET or POST");
        if (op->prelogin != 0 && op->prelogin != 1)
            say(report, ctx, i, &count, "prelogin must be 0 or 1");
        validate_path(op->handler_path ? op->handler_path : "", i, report, ctx, &count);
        const char *m = op->handler_method ? op->handler_method : "";
        if (strlen(m) > 64)
            say(report, ctx, i, &count, "handler_method is longer than 64 characters");
        if (!php_function_name(m))
            say(report, ctx, i, &count, "handler_method is not a PHP function name: %.80s", m);
        for (size_t k = 0; k < op->nparams; k++) {
            const vtws_op_param *p = &op->params[k];
            const char *pn = p->name ? p->name : "";
            if (!php_identifier(pn, strlen(pn)) || strlen(pn) > 128)
                say(report, ctx, i, &count, "parameter %zu: the name is not a PHP variable name: %.80s", k + 1, pn);
            else if (same_ci(pn, "user"))
                say(report, ctx, i, &count, "parameter %zu: \"user\" is passed by Vtiger itself and cannot be registered",
                    k + 1);
            if (!p->type || !param_type_ok(p->type))
                say(report, ctx, i, &count,
                    "parameter %.80s: type must be string, encoded, datetime, double or boolean", pn);
            for (size_t j = 0; j < k; j++) {
                if (op->params[j].name && same_ci(op->params[j].name, pn)) {
                    say(report, ctx, i, &count, "parameter %.80s appears twice (names are matched ignoring case)", pn);
                    break;
                }
            }
        }
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

#include "langfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexer.h"

/* An evaluated expression. `bad` means a runtime error was already reported
 * (PHP would throw): the value must not be stored. */
typedef struct ev {
    vtws_value v;
    int bad;
} ev;

typedef struct parser {
    vtws_lexer *lx;
    vtws_token tok;
    vtws_arena *arena;
    vtws_diag_list *diags;
    vtws_array *vars;  /* name => value, in order of first appearance */
    int depth;
    int quiet;         /* > 0 while skipping: no warnings */
    int skipping;      /* > 0 while a skipped string is read: its value is not built */
    int leaf_line;     /* line of the last operand token read */
    int nonconst;      /* the expression read so far is not a compile-time constant for PHP */
    struct fold_state {     /* PHP 7's folding of constant operations (see fold_date) */
        int depth;          /* array literals open since the last call's arguments */
        int line;           /* the outermost one's line (its first element's value), 0 until known */
        int wait;           /* line is the next operand's line */
    } fold;
    int reserved;      /* the file's first array literal was given room */
    size_t output_bytes;
} parser;

#define MAX_DEPTH 256
#define MAX_DIMS 64
/* Guards against files built to exhaust memory (PHP would hit memory_limit). */
#define MAX_STRING ((size_t)64 << 20)
#define MAX_ELEMENTS 1000000u
#define RESERVE_MAX 65536u /* elements the first literal is given room for (3 MiB of buckets) */

static const ev EV_NULL = {{VTWS_NULL, {0}}, 0};
static const ev EV_BAD = {{VTWS_NULL, {0}}, 1};

static int parse_expr(parser *P, ev *out);
static int parse_element_part(parser *P, int closer, ev *out);
static int array_elements(parser *P, int closer, vtws_array *arr, int *array_line);

/* ---- helpers -------------------------------------------------------------- */

/* Elements a variable may hold, nested arrays counted each time they appear. */
static uint64_t max_expanded(const parser *P)
{
    return VTWS_LANGFILE_MAX_EXPANDED((size_t)(P->lx->end - P->lx->start));
}

static void next(parser *P) { vtws_lex_next(P->lx, &P->tok); }

/* An operand token read at line: the last one dates runtime errors; the first one, when
 * P->fold.wait, dates the outermost array literal too (see fold_date). */
static void leaf_at(parser *P, int line)
{
    P->leaf_line = line;
    if (P->fold.wait) {
        P->fold.wait = 0;
        P->fold.line = line;
    }
}

static int is_char(const parser *P, int ch)
{
    return P->tok.type == VTWS_TK_CHAR && P->tok.ch == ch;
}

static int is_op(const parser *P, const char *op)
{
    size_t n = strlen(op);
    return P->tok.type == VTWS_TK_OP && P->tok.len == n && memcmp(P->tok.text, op, n) == 0;
}

static int at_statement_end(const parser *P)
{
    return P->tok.type == VTWS_TK_EOF || P->tok.type == VTWS_TK_CLOSE_TAG || is_char(P, ';');
}

/* A syntax error on the current token, on the line PHP names (a multi-line token's
 * last: then at its column 1). A token the lexer already reported is not reported again,
 * except a broken heredoc: PHP reads its start as a token of its own and fails on it
 * before it reads the body. */
static int unexpected(parser *P)
{
    if (P->tok.type != VTWS_TK_ERROR || (P->tok.body_line && P->tok.text[0] == '<')) {
        char what[96];
        vtws_token_describe(&P->tok, what, sizeof(what));
        int line = vtws_token_error_line(P->lx, &P->tok);
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, line == P->tok.line ? P->tok.column : 1,
                      "syntax error, unexpected %s", what);
    }
    return -1;
}

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

PRINTF_LIKE(4, 5) static void warn(parser *P, int line, int col, const char *fmt, ...)
{
    if (P->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vtws_diag_addv(P->diags, VTWS_DIAG_WARNING, line, col, fmt, ap);
    va_end(ap);
}

/* A name or key as PHP's messages show it here: its first 40 bytes, NUL-terminated. */
typedef struct {
    char s[64];
} shown;

static shown show(const char *text, size_t len)
{
    shown r;
    snprintf(r.s, sizeof(r.s), "%.*s", (int)(len > 40 ? 40 : len), text);
    return r;
}

PRINTF_LIKE(4, 5) static ev runtime_error(parser *P, int line, int col, const char *fmt, ...)
{
    if (!P->quiet) {
        va_list ap;
        va_start(ap, fmt);
        vtws_diag_addv(P->diags, VTWS_DIAG_ERROR, line, col, fmt, ap);
        va_end(ap);
    }
    return EV_BAD;
}

/* Whether the PHP whose rules apply (0: the newest) is at least version_id. The texts and
 * the cases below were checked against php-src 7.4.33, 8.0.28 and 8.1.16 builds. */
static int php_at_least(const parser *P, int version_id)
{
    return vtws_lex_php_at_least(P->lx, version_id);
}

static void warn_undefined_var(parser *P, const char *name, size_t len, int line, int col)
{
    shown n = show(name, len);
    warn(P, line, col, php_at_least(P, 80000) ? "Undefined variable $%s" : "Undefined variable: %s", n.s);
}

static void warn_undefined_key(parser *P, vtws_key k, int line, int col)
{
    char kb[80];
    if (!php_at_least(P, 80000)) { /* PHP 7: "Undefined index: k", "Undefined offset: 5" */
        if (k.str)
            warn(P, line, col, "Undefined index: %.*s", (int)(k.len > 60 ? 60 : k.len), k.str);
        else
            warn(P, line, col, "Undefined offset: %lld", (long long)k.h);
        return;
    }
    if (k.str)
        snprintf(kb, sizeof(kb), "\"%.*s\"", (int)(k.len > 60 ? 60 : k.len), k.str);
    else
        snprintf(kb, sizeof(kb), "%lld", (long long)k.h);
    warn(P, line, col, "Undefined array key %s", kb);
}

static int name_is(const vtws_token *t, const char *lower)
{
    const char *s = t->text;
    size_t n = t->len;
    if (n && s[0] == '\\') { /* fully qualified: \array_merge, \true */
        s++;
        n--;
    }
    if (n != strlen(lower))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lower[i])
            return 0;
    }
    return 1;
}

static const char *type_name(const vtws_value *v)
{
    switch (v->type) {
    case VTWS_NULL: case VTWS_UNDEF: return "null";
    case VTWS_FALSE: case VTWS_TRUE: return "bool";
    case VTWS_LONG: return "int";
    case VTWS_DOUBLE: return "float";
    case VTWS_STRING: return "string";
    default: return "array";
    }
}

/*
 * Before PHP 8.3 an empty literal ([] or array()) is the engine's shared empty array, whose
 * next index is 0, not "unset": $a = []; $a[-5] = 'x'; $a[] = 'y'; gives keys -5 and 0 there,
 * -5 and -4 from 8.3 on (and in any array PHP creates: a non-empty literal, or one made by
 * writing to a missing variable). The counter travels with the array: copies, the left side
 * of +, and array_merge()'s shortcut below keep it.
 */
static vtws_array *new_array(parser *P)
{
    vtws_array *a = vtws_array_new(P->arena, 0);
    /* PHP 7 starts every array's next index at 0, so a negative key never moves it:
     * [-5 => 'a', 'b'] has keys -5 and 0 there, -5 and -4 from PHP 8.0 on. */
    if (a && !php_at_least(P, 80000))
        a->next_free = 0;
    return a;
}

/* ---- variables ------------------------------------------------------------- */

static const char *SUPERGLOBALS[] = {"GLOBALS", "_GET", "_POST", "_COOKIE", "_SERVER", "_ENV",
                                     "_REQUEST", "_FILES", "_SESSION", "this", NULL};

static int is_special_var(const char *name, size_t len)
{
    for (int i = 0; SUPERGLOBALS[i]; i++)
        if (strlen(SUPERGLOBALS[i]) == len && memcmp(SUPERGLOBALS[i], name, len) == 0)
            return 1;
    return 0;
}

/* The slot of a variable, registered (undefined) on first appearance. The
 * pointer is valid until the next variable is registered. */
static vtws_value *var_slot(parser *P, const char *name, size_t len)
{
    vtws_key k = vtws_key_from_string(name, len);
    vtws_value *slot = vtws_array_find(P->vars, k);
    if (slot)
        return slot;
    vtws_value undef;
    undef.type = VTWS_UNDEF;
    return vtws_array_update(P->vars, k, undef);
}

static ev read_var(parser *P, const char *name, size_t len, int line, int col)
{
    P->nonconst = 1;
    if (is_special_var(name, len)) {
        shown n = show(name, len);
        return runtime_error(P, line, col, "variable $%s is not supported in a language file", n.s);
    }
    vtws_value *slot = var_slot(P, name, len);
    if (!slot)
        return EV_BAD;
    if (slot->type == VTWS_UNDEF) {
        warn_undefined_var(P, name, len, line, col);
        return EV_NULL;
    }
    ev r = {*slot, 0};
    return r;
}

/* ---- conversions ------------------------------------------------------------ */

/* An array key from a value, as PHP converts offsets. Returns 0 on error. */
static int to_key(parser *P, const ev *e, vtws_key *key, int line, int col)
{
    const vtws_value *v = &e->v;
    switch (v->type) {
    case VTWS_STRING:
        *key = vtws_key_from_string(v->u.s.ptr, v->u.s.len);
        return 1;
    case VTWS_LONG:
        *key = vtws_key_from_long(v->u.l);
        return 1;
    case VTWS_TRUE:
        *key = vtws_key_from_long(1);
        return 1;
    case VTWS_FALSE:
        *key = vtws_key_from_long(0);
        return 1;
    case VTWS_NULL:
    case VTWS_UNDEF:
        if (php_at_least(P, 80500)) { /* a deprecation from PHP 8.5 */
            P->nonconst = 1; /* as the float key below (8.5.7's differential agrees either way) */
            warn(P, line, col, "Using null as an array offset is deprecated, use an empty string instead");
        }
        *key = vtws_key_from_string("", 0);
        return 1;
    case VTWS_DOUBLE: {
        double d = v->u.d;
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
            runtime_error(P, line, col, "float key out of the integer range is not supported");
            return 0;
        }
        int64_t l = (int64_t)d;
        if ((double)l != d && php_at_least(P, 80100)) { /* a deprecation from PHP 8.1 */
            P->nonconst = 1; /* PHP 8.1 leaves such arrays to run time, to warn there */
            char buf[40];
            vtws_value_scalar_to_string(v, buf);
            warn(P, line, col, "Implicit conversion from float %s to int loses precision", buf);
        }
        *key = vtws_key_from_long(l);
        return 1;
    }
    default:
        runtime_error(P, line, col, "Illegal offset type: %s", type_name(v));
        return 0;
    }
}

static vtws_value to_string(parser *P, const ev *e, int line, int col)
{
    if (e->v.type == VTWS_STRING)
        return e->v;
    char buf[48];
    if (e->v.type == VTWS_ARRAY)
        warn(P, line, col, "Array to string conversion");
    size_t n = vtws_value_scalar_to_string(&e->v, buf);
    char *s = vtws_arena_strndup(P->arena, buf, n);
    return vtws_value_string(s ? s : "", s ? n : 0);
}

static ev concat(parser *P, const ev *a, const ev *b, int line, int col)
{
    if (a->bad || b->bad)
        return EV_BAD;
    vtws_value sa = to_string(P, a, line, col), sb = to_string(P, b, line, col);
    if (sb.u.s.len == 0) {
        ev r = {sa, 0};
        return r;
    }
    if (sa.u.s.len == 0) {
        ev r = {sb, 0};
        return r;
    }
    size_t n = sa.u.s.len + sb.u.s.len;
    if (n > MAX_STRING)
        return runtime_error(P, line, col, "string longer than 64 MiB");
    char *s = vtws_arena_alloc(P->arena, n + 1);
    if (!s)
        return EV_BAD;
    memcpy(s, sa.u.s.ptr, sa.u.s.len);
    memcpy(s + sa.u.s.len, sb.u.s.ptr, sb.u.s.len);
    s[n] = '\0';
    ev r = {vtws_value_string(s, n), 0};
    return r;
}

/* A number for arithmetic: null/false 0, true 1. Strings are not converted
 * (PHP 8 throws for non-numeric ones; numeric ones are not supported). */
static int as_number(const vtws_value *v, vtws_value *out)
{
    switch (v->type) {
    case VTWS_NULL: case VTWS_UNDEF: case VTWS_FALSE: *out = vtws_value_long(0); return 1;
    case VTWS_TRUE: *out = vtws_value_long(1); return 1;
    case VTWS_LONG: case VTWS_DOUBLE: *out = *v; return 1;
    default: return 0;
    }
}

static int space_char(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
static int digit_char(char c) { return c >= '0' && c <= '9'; }

/* A string as PHP's arithmetic reads it (is_numeric_string_ex): 2 a numeric string, 1 a
 * leading-numeric one (trailing data), 0 none; the number in *out. Leading whitespace is
 * allowed; trailing whitespace too from PHP 8 (PHP 7: trailing data). Checked against
 * php-src 7.4.33, 8.0.28 and 8.2 on "5", "5 apples", " 5", "5 ", "a", "", "1e3", "0x1A",
 * ".5", "-", "-5.", "9223372036854775808", " +7.5e1x". */
static int numeric_string(const char *s, size_t len, int php8, vtws_value *out)
{
    size_t i = 0;
    while (i < len && space_char(s[i]))
        i++;
    size_t start = i;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t int_digits = 0, frac_digits = 0;
    int is_double = 0;
    while (i < len && digit_char(s[i]))
        i++, int_digits++;
    if (i < len && s[i] == '.') {
        size_t j = i + 1;
        while (j < len && digit_char(s[j]))
            j++, frac_digits++;
        if (int_digits || frac_digits) {
            is_double = 1;
            i = j;
        }
    }
    if (!int_digits && !frac_digits)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < len && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < len && digit_char(s[j])) {
            while (j < len && digit_char(s[j]))
                j++;
            is_double = 1;
            i = j;
        }
    }
    size_t end = i;
    if (php8)
        while (i < len && space_char(s[i]))
            i++;
    /* strtoll/strtod need a terminated copy; a long one (600 zeros, then e600) goes to the heap */
    char small[512], *buf = small;
    size_t n = end - start;
    if (n >= sizeof(small) && !(buf = vtws_malloc(n + 1))) {
        buf = small; /* out of memory: the first digits */
        n = sizeof(small) - 1;
    }
    memcpy(buf, s + start, n);
    buf[n] = '\0';
    if (!is_double) {
        errno = 0;
        long long l = strtoll(buf, NULL, 10);
        if (errno == ERANGE)
            is_double = 1;
        else
            *out = vtws_value_long((int64_t)l);
    }
    if (is_double) {
        out->type = VTWS_DOUBLE;
        out->u.d = strtod(buf, NULL);
    }
    if (buf != small)
        vtws_free(buf);
    return i == len ? 2 : 1;
}

/* The number PHP's arithmetic makes of v, with PHP's warnings; 0 when PHP 8 would throw
 * a TypeError instead (a string that is not numeric, an array). */
static int to_number(parser *P, const vtws_value *v, vtws_value *out, int line, int col)
{
    if (v->type != VTWS_STRING)
        return as_number(v, out);
    int php8 = php_at_least(P, 80000);
    switch (numeric_string(v->u.s.ptr, v->u.s.len, php8, out)) {
    case 2:
        return 1;
    case 1:
        warn(P, line, col, php8 ? "A non-numeric value encountered" : "A non well formed numeric value encountered");
        return 1;
    default:
        if (php8)
            return 0;
        warn(P, line, col, "A non-numeric value encountered"); /* PHP 7: 0, and a warning */
        *out = vtws_value_long(0);
        return 1;
    }
}

static ev array_union(parser *P, const vtws_array *a, const vtws_array *b)
{
    if ((uint64_t)a->count + b->count > MAX_ELEMENTS)
        return runtime_error(P, P->leaf_line, 1, "array with more than 1000000 elements");
    vtws_array *r = vtws_array_new(P->arena, a->count + b->count);
    if (!r)
        return EV_BAD;
    for (uint32_t i = 0; i < a->count; i++)
        if (!vtws_array_update(r, a->buckets[i].key, vtws_value_share(a->buckets[i].val)))
            return EV_BAD;
    for (uint32_t i = 0; i < b->count; i++) {
        if (vtws_array_find(r, b->buckets[i].key))
            continue;
        if (!vtws_array_update(r, b->buckets[i].key, vtws_value_share(b->buckets[i].val)))
            return EV_BAD;
    }
    r->next_free = a->next_free; /* PHP keeps the left array's counter... */
    for (uint32_t i = 0; i < r->count; i++) /* ...then raises it for added keys */
        if (!r->buckets[i].key.str && r->buckets[i].key.h >= r->next_free)
            r->next_free = r->buckets[i].key.h < INT64_MAX ? r->buckets[i].key.h + 1 : INT64_MAX;
    ev e = {vtws_value_array(r), 0};
    e.v.u.a->refs = 0;
    return e;
}

/* Appending where the next index is taken: PHP 8 throws (EV_BAD), PHP 7 warns and writes
 * nothing (null). */
static ev next_element_occupied(parser *P, int line, int col)
{
    static const char message[] = "Cannot add element to the array as the next element is already occupied";
    if (php_at_least(P, 80000))
        return runtime_error(P, line, col, "%s", message);
    warn(P, line, col, "%s", message);
    return EV_NULL;
}

/* PHP 8 names the operand types ("array + int"); PHP 7 says only "Unsupported operand types". */
static ev unsupported_operands(parser *P, int line, int col, const char *lhs, const char *op, const char *rhs)
{
    if (!php_at_least(P, 80000))
        return runtime_error(P, line, col, "Unsupported operand types");
    return runtime_error(P, line, col, "Unsupported operand types: %s %s %s", lhs, op, rhs);
}

/* a + b or a - b (sign = 1 or -1). */
static ev arith(parser *P, const ev *a, const ev *b, int sign, int line, int col)
{
    if (a->bad || b->bad)
        return EV_BAD;
    const char *op = sign > 0 ? "+" : "-";
    if (a->v.type == VTWS_ARRAY && b->v.type == VTWS_ARRAY && sign > 0)
        return array_union(P, a->v.u.a, b->v.u.a);
    vtws_value x, y;
    if (!to_number(P, &a->v, &x, line, col) || !to_number(P, &b->v, &y, line, col)) {
        return unsupported_operands(P, line, col, type_name(&a->v), op, type_name(&b->v));
    }
    ev r = {{VTWS_LONG, {0}}, 0};
    if (x.type == VTWS_LONG && y.type == VTWS_LONG) {
        int64_t p = x.u.l, q = sign > 0 ? y.u.l : 0, m = sign > 0 ? 0 : y.u.l;
        int of = sign > 0 ? ((q > 0 && p > INT64_MAX - q) || (q < 0 && p < INT64_MIN - q))
                          : ((m < 0 && p > INT64_MAX + m) || (m > 0 && p < INT64_MIN + m));
        if (!of) {
            r.v = vtws_value_long(sign > 0 ? p + q : p - m);
            return r;
        }
    }
    double dx = x.type == VTWS_LONG ? (double)x.u.l : x.u.d;
    double dy = y.type == VTWS_LONG ? (double)y.u.l : y.u.d;
    r.v.type = VTWS_DOUBLE;
    r.v.u.d = sign > 0 ? dx + dy : dx - dy;
    return r;
}

static ev negate(parser *P, const ev *a, int line, int col)
{
    if (a->bad)
        return EV_BAD;
    vtws_value x;
    if (!to_number(P, &a->v, &x, line, col)) /* PHP negates by "* -1" */
        return unsupported_operands(P, line, col, type_name(&a->v), "*", "int");
    ev r = {x, 0};
    if (x.type == VTWS_LONG) {
        if (x.u.l == INT64_MIN) {
            r.v.type = VTWS_DOUBLE;
            r.v.u.d = 9223372036854775808.0;
        } else {
            r.v.u.l = -x.u.l;
        }
    } else {
        r.v.u.d = -x.u.d;
    }
    return r;
}

/* PHP 8's offset into a string: integers as they are; integer strings (with
 * blanks around) as their value; a string with a leading integer warns and
 * uses it; other strings throw; bool, null and float warn and are cast. */
static int string_offset(parser *P, const vtws_value *k, int64_t *out, int line, int col)
{
    switch (k->type) {
    case VTWS_LONG:
        *out = k->u.l;
        return 1;
    case VTWS_NULL: case VTWS_UNDEF: case VTWS_FALSE: case VTWS_TRUE: case VTWS_DOUBLE:
        warn(P, line, col, "String offset cast occurred");
        if (k->type == VTWS_DOUBLE) {
            if (!(k->u.d > -9.2e18 && k->u.d < 9.2e18)) {
                runtime_error(P, line, col, "string offset out of range");
                return 0;
            }
            *out = (int64_t)k->u.d;
        } else {
            *out = k->type == VTWS_TRUE;
        }
        return 1;
    case VTWS_STRING: {
        const char *s = k->u.s.ptr, *e = s + k->u.s.len;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f'))
            s++;
        const char *num = s;
        if (s < e && (*s == '-' || *s == '+'))
            s++;
        const char *digits = s;
        while (s < e && *s >= '0' && *s <= '9')
            s++;
        const char *rest = s;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f'))
            s++;
        if (rest > digits && rest - num < 19 && (s == e || (*rest != '.' && (*rest | 0x20) != 'e'))) {
            char buf[24];
            memcpy(buf, num, (size_t)(rest - num));
            buf[rest - num] = '\0';
            *out = strtoll(buf, NULL, 10);
            if (s != e && !php_at_least(P, 80000)) {
                warn(P, line, col, "A non well formed numeric value encountered"); /* PHP 7 */
            } else if (s != e) {
                shown key = show(k->u.s.ptr, k->u.s.len);
                warn(P, line, col, "Illegal string offset \"%s\"", key.s);
            }
            return 1;
        }
        if (!php_at_least(P, 80000)) { /* PHP 7: a warning, and the offset PHP's (int) cast gives */
            shown key = show(k->u.s.ptr, k->u.s.len);
            warn(P, line, col, "Illegal string offset '%s'", key.s);
            vtws_value n;
            if (!numeric_string(k->u.s.ptr, k->u.s.len, 0, &n))
                *out = 0;
            else if (n.type == VTWS_LONG)
                *out = n.u.l;
            else /* '1e30': PHP 7 caps a float string at the integer range ('1.9e1' is 19) */
                *out = n.u.d != n.u.d ? 0 : n.u.d >= 9.2e18 ? INT64_MAX : n.u.d <= -9.2e18 ? INT64_MIN : (int64_t)n.u.d;
            return 1;
        }
        runtime_error(P, line, col, "Cannot access offset of type %s on string",
                      rest > digits ? "float-like string" : "string");
        return 0;
    }
    default:
        runtime_error(P, line, col, "Cannot access offset of type %s on string", type_name(k));
        return 0;
    }
}

/* $v[k] for reading. */
static ev read_dim(parser *P, const ev *base, const ev *key, int line, int col)
{
    if (base->bad || key->bad)
        return EV_BAD;
    const vtws_value *v = &base->v;
    if (v->type == VTWS_ARRAY) {
        vtws_key k;
        if (!to_key(P, key, &k, line, col))
            return EV_BAD;
        vtws_value *found = vtws_array_find(v->u.a, k);
        if (found) {
            ev r = {*found, 0};
            return r;
        }
        warn_undefined_key(P, k, line, col);
        return EV_NULL;
    }
    if (v->type == VTWS_STRING) {
        int64_t i;
        if (!string_offset(P, &key->v, &i, line, col))
            return EV_BAD;
        int64_t n = (int64_t)v->u.s.len, at = i < 0 ? i + n : i;
        if (at < 0 || at >= n) {
            char buf[32];
            snprintf(buf, sizeof(buf), "%lld", (long long)i);
            warn(P, line, col, php_at_least(P, 80000) ? "Uninitialized string offset %s" : "Uninitialized string offset: %s", buf);
            ev r = {vtws_value_string("", 0), 0};
            return r;
        }
        ev r = {vtws_value_string(v->u.s.ptr + at, 1), 0};
        return r;
    }
    warn(P, line, col, "Trying to access array offset on value of type %s", type_name(v));
    return EV_NULL;
}

/* ---- writes ------------------------------------------------------------------ */

typedef struct dim {
    ev key;
    int append; /* $v[] */
    int line, col;
} dim;

typedef enum { ASSIGN, ASSIGN_CONCAT, ASSIGN_ADD } assign_op;

/* Make *slot an array we may write to (auto-vivification, copy on write). */
static vtws_array *writable_array(parser *P, vtws_value *slot, int line, int col)
{
    switch (slot->type) {
    case VTWS_UNDEF:
    case VTWS_NULL:
        break;
    case VTWS_FALSE:
        if (php_at_least(P, 80100))
            warn(P, line, col, "Automatic conversion of false to array is deprecated");
        break;
    case VTWS_ARRAY: {
        vtws_array *a = vtws_array_separate(slot->u.a);
        if (a)
            slot->u.a = a;
        return a;
    }
    case VTWS_STRING:
        runtime_error(P, line, col, "writing to string offsets is not supported");
        return NULL;
    default:
        runtime_error(P, line, col, "Cannot use a scalar value as an array");
        return NULL;
    }
    vtws_array *a = new_array(P);
    if (!a)
        return NULL;
    *slot = vtws_value_array(a);
    return a;
}

/* $name[dims] op= rhs. A plain '=' writes (no warnings for what is missing);
 * '.=' and '+=' read-modify-write, so PHP warns about every missing piece. */
static ev assign(parser *P, const char *name, size_t name_len, dim *dims, int ndims, assign_op op,
                 const ev *rhs, int line, int col)
{
    if (rhs->bad)
        return EV_BAD;
    for (int i = 0; i < ndims; i++)
        if (dims[i].key.bad)
            return EV_BAD;
    if (is_special_var(name, name_len))
        return runtime_error(P, line, col, "assigning to this variable is not supported");
    if (rhs->v.type == VTWS_ARRAY && rhs->v.u.a->depth + (uint32_t)ndims > MAX_DEPTH)
        return runtime_error(P, line, col, "arrays nested more than 256 levels deep");
    /* Hold the value first: `$a['x'] = $a` must copy $a before writing to it. */
    vtws_value held = vtws_value_share(rhs->v);
    vtws_value *slot = var_slot(P, name, name_len);
    if (!slot)
        return EV_BAD;
    if (op != ASSIGN && slot->type == VTWS_UNDEF && ndims > 0)
        warn_undefined_var(P, name, name_len, line, col);
    vtws_value null_v;
    null_v.type = VTWS_NULL;
    vtws_array *path[MAX_DIMS];
    for (int i = 0; i < ndims; i++) {
        vtws_array *a = writable_array(P, slot, dims[i].line, dims[i].col);
        if (!a)
            return EV_BAD;
        path[i] = a;
        if (dims[i].append) {
            int full;
            slot = vtws_array_append(a, null_v, &full);
            if (!slot)
                return full ? next_element_occupied(P, dims[i].line, dims[i].col) : EV_BAD;
            slot->type = VTWS_UNDEF; /* fresh: reads as undefined for compound ops */
            continue;
        }
        vtws_key k;
        if (!to_key(P, &dims[i].key, &k, dims[i].line, dims[i].col))
            return EV_BAD;
        vtws_value *found = vtws_array_find(a, k);
        if (!found) {
            if (op != ASSIGN)
                warn_undefined_key(P, k, dims[i].line, dims[i].col);
            found = vtws_array_update(a, k, null_v);
            if (!found)
                return EV_BAD;
            found->type = VTWS_UNDEF;
        }
        slot = found;
    }
    ev result = {held, 0};
    if (op != ASSIGN) {
        ev cur = {*slot, 0};
        if (cur.v.type == VTWS_UNDEF) {
            if (ndims == 0)
                warn_undefined_var(P, name, name_len, line, col);
            cur.v.type = VTWS_NULL;
        }
        /* PHP dates a compound assignment by its target */
        result = op == ASSIGN_CONCAT ? concat(P, &cur, rhs, line, col) : arith(P, &cur, rhs, 1, line, col);
        if (result.bad) {
            if (slot->type == VTWS_UNDEF)
                slot->type = VTWS_NULL;
            return EV_BAD;
        }
        result.v = vtws_value_share(result.v);
    }
    /* A walk of the variable (to PHP values, to JSON) visits a shared array each time it
     * appears: $a = [$a, $a] doubles it with a few bytes of source. */
    uint64_t grows = vtws_value_expanded(&result.v);
    if (vtws_add_sat(ndims ? path[0]->expanded : 0, grows) > max_expanded(P)) {
        if (slot->type == VTWS_UNDEF)
            slot->type = VTWS_NULL;
        return runtime_error(P, line, col,
                             "the value would hold more than %llu elements, nested arrays counted each time "
                             "they appear (the reader's limit for a file of this size)",
                             (unsigned long long)max_expanded(P));
    }
    *slot = result.v;
    for (int i = 0; i < ndims; i++)
        path[i]->expanded = vtws_add_sat(path[i]->expanded, grows);
    /* the containers along the path may now be deeper */
    uint32_t depth = result.v.type == VTWS_ARRAY ? result.v.u.a->depth : 0;
    for (int i = ndims - 1; i >= 0; i--) {
        if (path[i]->depth < depth + 1)
            path[i]->depth = depth + 1;
        depth = path[i]->depth;
    }
    return result;
}

/* ---- strings with interpolation ------------------------------------------------- */

typedef struct strbuf {
    char *ptr;
    size_t len, cap;
    vtws_value first; /* a single part is returned without copying */
    int parts;
} strbuf;

static void sb_add(parser *P, strbuf *sb, vtws_value s)
{
    if (s.u.s.len == 0)
        return;
    sb->parts++;
    if (sb->parts == 1) {
        sb->first = s;
        return;
    }
    if (sb->parts == 2) {
        vtws_value f = sb->first;
        sb->parts = 1;
        sb->first.u.s.len = 0;
        sb_add(P, sb, f);
        sb->parts = 2;
    }
    if (sb->len + s.u.s.len + 1 > sb->cap) {
        size_t ncap = (sb->cap ? sb->cap : 64);
        while (ncap < sb->len + s.u.s.len + 1)
            ncap *= 2;
        char *n = vtws_arena_alloc(P->arena, ncap);
        if (!n)
            return;
        if (sb->len)
            memcpy(n, sb->ptr, sb->len);
        sb->ptr = n;
        sb->cap = ncap;
    }
    memcpy(sb->ptr + sb->len, s.u.s.ptr, s.u.s.len);
    sb->len += s.u.s.len;
    sb->ptr[sb->len] = '\0';
}

static vtws_value sb_value(strbuf *sb)
{
    if (sb->parts <= 1)
        return sb->parts ? sb->first : vtws_value_string("", 0);
    return vtws_value_string(sb->ptr, sb->len);
}

/* "[expr]" after a variable inside a string (the current token is '['): v[expr]. */
static int parse_string_dim(parser *P, ev *v)
{
    int kl = P->tok.line, kc = P->tok.column;
    next(P);
    ev key;
    if (parse_expr(P, &key) < 0)
        return -1;
    if (!is_char(P, ']'))
        return unexpected(P);
    next(P);
    *v = read_dim(P, v, &key, kl, kc);
    return 0;
}

/* After "{$": $name, then [expr] or ->name, up to '}' (left as the current token). */
static int parse_curly_var(parser *P, ev *out)
{
    next(P);
    if (P->tok.type != VTWS_TK_VARIABLE)
        return unexpected(P);
    int line = P->tok.line, col = P->tok.column;
    ev v = read_var(P, P->tok.text, P->tok.len, line, col);
    next(P);
    for (;;) {
        if (is_char(P, '[')) {
            if (parse_string_dim(P, &v) < 0)
                return -1;
        } else if (P->tok.type == VTWS_TK_OBJECT_OP) {
            runtime_error(P, P->tok.line, P->tok.column, "property access is not supported");
            return -1;
        } else {
            break;
        }
    }
    if (!is_char(P, '}'))
        return unexpected(P);
    *out = v;
    return 0;
}

/* After "${": ${name} or ${name[expr]}, up to '}' (left as the current token). */
static int parse_dollar_curly(parser *P, int line, int col, ev *out)
{
    const char *name;
    size_t len;
    if (!vtws_lex_varname(P->lx, &name, &len)) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "${expression} in strings is not supported");
        return -1;
    }
    if (php_at_least(P, 80200))
        warn(P, line, col, "Using ${var} in strings is deprecated, use {$var} instead");
    ev v = read_var(P, name, len, line, col);
    next(P);
    if (is_char(P, '[') && parse_string_dim(P, &v) < 0)
        return -1;
    if (!is_char(P, '}'))
        return unexpected(P);
    *out = v;
    return 0;
}

/* The parts of a "..." string or heredoc body; the lexer stands after the
 * opening quote (or at the body's start). */
static int parse_interpolated(parser *P, vtws_lex_mode mode, ev *out)
{
    strbuf sb;
    memset(&sb, 0, sizeof(sb));
    int bad = 0, broken = 0;
    for (;;) {
        vtws_part part;
        vtws_lex_string_part(P->lx, mode, &part);
        ev v;
        switch (part.type) {
        case VTWS_SP_LITERAL:
            broken |= part.bad; /* keep reading to the closing quote */
            if (!P->skipping)
                sb_add(P, &sb, part.val);
            continue;
        case VTWS_SP_END:
            out->v = sb_value(&sb);
            out->bad = bad;
            return broken ? -1 : 0;
        case VTWS_SP_ERROR:
            return -1;
        case VTWS_SP_VAR: {
            v = read_var(P, part.text, part.len, part.line, part.column);
            vtws_suffix sfx;
            vtws_lex_simple_suffix(P->lx, &sfx);
            if (sfx.type == VTWS_SUFFIX_ERROR)
                return -1;
            if (sfx.type == VTWS_SUFFIX_KEY) {
                ev key = {sfx.val, 0};
                v = read_dim(P, &v, &key, sfx.line, sfx.column);
            } else if (sfx.type == VTWS_SUFFIX_VAR_KEY) {
                ev key = read_var(P, sfx.text, sfx.len, sfx.line, sfx.column);
                v = read_dim(P, &v, &key, sfx.line, sfx.column);
            } else if (sfx.type == VTWS_SUFFIX_PROPERTY && !v.bad) {
                shown prop = show(sfx.text, sfx.len);
                if (php_at_least(P, 80000))
                    warn(P, sfx.line, sfx.column, "Attempt to read property \"%s\" on %s", prop.s, type_name(&v.v));
                else
                    warn(P, sfx.line, sfx.column, "Trying to get property '%s' of non-object", prop.s);
                v = EV_NULL;
            }
            break;
        }
        case VTWS_SP_CURLY:
            if (parse_curly_var(P, &v) < 0)
                return -1;
            break;
        case VTWS_SP_DOLLAR_CURLY:
            if (parse_dollar_curly(P, part.line, part.column, &v) < 0)
                return -1;
            break;
        }
        if (v.bad) {
            bad = 1;
            continue;
        }
        if (!P->skipping)
            sb_add(P, &sb, to_string(P, &v, part.line, part.column));
    }
}

static int parse_heredoc(parser *P, ev *out)
{
    vtws_lexer sub, *outer = P->lx;
    vtws_lex_init(&sub, P->tok.val.u.s.ptr, P->tok.val.u.s.len, 1, P->tok.body_line, P->arena, P->diags);
    sub.php_version = P->lx->php_version;
    P->lx = &sub;
    int r = parse_interpolated(P, VTWS_MODE_HEREDOC, out);
    P->lx = outer;
    return r;
}

/* A "..." string in tokens being skipped: read to its end, its value not built (it could
 * be large: "$s$s" where $s is). Returns parse_interpolated's answer. */
static int skip_interpolated(parser *P)
{
    ev ignored;
    P->skipping++;
    int r = parse_interpolated(P, VTWS_MODE_DQ, &ignored);
    P->skipping--;
    return r;
}

/* ---- expressions ----------------------------------------------------------------- */

/* Skip a balanced run of tokens up to ',' or `closer` at depth 0 (consumed:
 * returns 1 or 2), or stop before ';', "?>" or end of file (returns 0). */
static int skip_element(parser *P, int closer)
{
    int depth = 0;
    P->quiet++;
    for (;;) {
        if (P->tok.type == VTWS_TK_EOF)
            break;
        if (depth == 0) {
            if (is_char(P, ',')) {
                next(P);
                P->quiet--;
                return 1;
            }
            if (closer && is_char(P, closer)) {
                next(P);
                P->quiet--;
                return 2;
            }
            if (at_statement_end(P))
                break;
        }
        if (is_char(P, '(') || is_char(P, '[') || is_char(P, '{')) {
            depth++;
        } else if (is_char(P, ')') || is_char(P, ']') || is_char(P, '}')) {
            if (depth == 0)
                break; /* belongs to an enclosing construct */
            depth--;
        } else if (P->tok.type == VTWS_TK_DQ_OPEN) {
            if (skip_interpolated(P) < 0 && P->lx->p >= P->lx->end)
                break;
        }
        next(P);
    }
    P->quiet--;
    return 0;
}

/* array(...) or [...]: the current token is the one after the opener. */
static int parse_array_literal(parser *P, int closer, ev *out)
{
    vtws_array *arr = new_array(P);
    if (!arr)
        return -1;
    if (!P->reserved) {
        /* A file's first literal is its big one. Room for an element every 16 bytes left:
         * only the buckets written are ever touched, where doubling would copy (and touch)
         * twice what the array holds. */
        P->reserved = 1;
        size_t room = vtws_lex_bytes_left(P->lx) / 16;
        if (room > 64 && !vtws_array_reserve(arr, room < RESERVE_MAX ? (uint32_t)room : RESERVE_MAX))
            return -1;
    }
    /* PHP folds a constant array literal into one value dated by its first
     * element's value (or, when empty, its closing token); a non-constant one
     * is built at run time, dated by the last operand compiled. Runtime
     * errors on the array name that line. */
    int array_line = 0, outer_nonconst = P->nonconst;
    int outermost = P->fold.depth++ == 0;
    P->nonconst = 0;
    int r = array_elements(P, closer, arr, &array_line);
    P->fold.depth--;
    if (outermost)
        P->fold.line = P->fold.wait = 0;
    if (r < 0)
        return -1;
    if (arr->count == 0 && !php_at_least(P, 80300))
        arr->next_free = 0; /* the shared empty array's counter (above new_array()) */
    out->v = vtws_value_array(arr);
    arr->refs = 0; /* a temporary: nobody holds it yet */
    out->bad = 0;
    if (!P->nonconst)
        P->leaf_line = array_line;
    P->nonconst |= outer_nonconst;
    return 0;
}

/* P->fold.line, the line of the outermost array literal open (PHP 7 folds the constant
 * operations of the literals inside it while compiling it, and dates their fatal errors
 * by it): an AST node's line is its leftmost leaf's, a literal's that of its first
 * element's value, an empty literal's that of its closer. Known once the leftmost leaf
 * of the outermost literal's first value is read. */
static void fold_date(parser *P, int line)
{
    if (P->fold.depth && !P->fold.line) {
        P->fold.line = line;
        P->fold.wait = 0;
    }
}

/* The line PHP gives the value starting at the current token: a heredoc's is its body's. */
static int value_line(parser *P)
{
    return vtws_token_error_line(P->lx, &P->tok) == P->tok.body_line && P->tok.body_line ? P->tok.body_line
                                                                                          : P->tok.line;
}

/* The first element's value begins here: date the outermost literal by it, now when the
 * token is an operand, else (an operator, a parenthesis, a nested literal) by the first
 * operand or literal inside. */
static void fold_date_value(parser *P)
{
    int operand = P->tok.type == VTWS_TK_STRING || P->tok.type == VTWS_TK_NUMBER || P->tok.type == VTWS_TK_HEREDOC
                  || P->tok.type == VTWS_TK_DQ_OPEN || P->tok.type == VTWS_TK_VARIABLE
                  || (P->tok.type == VTWS_TK_NAME && !name_is(&P->tok, "array"));
    P->fold.line = operand ? value_line(P) : 0;
    P->fold.wait = !operand;
}

/* The elements of an array literal up to its closer; *array_line as parse_array_literal
 * dates the array. Returns -1 when the statement is abandoned. */
static int array_elements(parser *P, int closer, vtws_array *arr, int *array_line)
{
    for (;;) {
        if (P->tok.type == VTWS_TK_STRING && !P->tok.body_line) {
            /* Most elements are 'key' => 'value': read a run of them from the bytes. */
            vtws_value k, v;
            int vline, taken = 0;
            vtws_lex_rewind(P->lx, &P->tok);
            while (vtws_lex_plain_pair(P->lx, closer, &k, &v, &vline)) {
                if (!vtws_array_update(arr, vtws_key_from_string(k.u.s.ptr, k.u.s.len), v))
                    return -1;
                if (!*array_line)
                    fold_date(P, *array_line = vline);
                leaf_at(P, vline);
                taken = 1;
            }
            next(P);
            if (taken)
                continue;
        }
        if (is_char(P, closer)) {
            if (!*array_line)
                fold_date(P, *array_line = P->tok.line);
            next(P);
            break;
        }
        int line = P->tok.line, col = P->tok.column;
        ev first, value;
        int ok = 0;
        /* the first element: its first token dates the literal (a key is dated again by its value) */
        int fold_tentative = !*array_line && P->fold.depth && !P->fold.line;
        if (fold_tentative)
            fold_date_value(P);
        if (is_op(P, "...") || is_op(P, "&")) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "%s in array literals is not supported",
                          is_op(P, "...") ? "spread (...)" : "reference (&)");
        } else if (parse_element_part(P, closer, &first) == 0) {
            if (!*array_line && P->tok.type != VTWS_TK_DOUBLE_ARROW)
                *array_line = line;
            if (P->tok.type == VTWS_TK_DOUBLE_ARROW) {
                next(P);
                if (fold_tentative)
                    fold_date_value(P);
                if (!*array_line)
                    *array_line = value_line(P);
                if (is_op(P, "&"))
                    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                                  "reference (&) in array literals is not supported");
                else if (parse_element_part(P, closer, &value) == 0)
                    ok = 1;
                if (ok && !first.bad && !value.bad) {
                    vtws_key k;
                    if (to_key(P, &first, &k, line, col)) {
                        if (!vtws_array_update(arr, k, vtws_value_share(value.v)))
                            return -1;
                    }
                }
            } else {
                ok = 1;
                if (!first.bad) {
                    int full;
                    if (!vtws_array_append(arr, vtws_value_share(first.v), &full) && full)
                        next_element_occupied(P, line, col);
                }
            }
        }
        if (ok) {
            if (is_char(P, ',')) {
                next(P);
                continue;
            }
            if (is_char(P, closer)) {
                next(P);
                break;
            }
            unexpected(P);
        }
        int r = skip_element(P, closer);
        if (r == 1)
            continue;
        if (r == 2)
            break;
        return -1; /* unclosed: the statement is abandoned */
    }
    return 0;
}

/* last_line, last_col: where PHP 7 dates the call (its last argument's line) */
static int parse_call_args(parser *P, ev *args, int max, int *count, int *last_line, int *last_col)
{
    /* current token: after '(' */
    *count = 0;
    if (is_char(P, ')')) {
        next(P);
        return 0;
    }
    for (;;) {
        ev a;
        if (is_op(P, "...")) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                          "argument unpacking (...) is not supported");
            return -1;
        }
        int start_line = P->tok.line;
        *last_col = P->tok.column;
        if (parse_expr(P, &a) < 0)
            return -1;
        *last_line = P->leaf_line;
        if (*last_line != start_line)
            *last_col = 1; /* a multi-line argument PHP dates by a later line */
        if (*count < max)
            args[*count] = a;
        (*count)++;
        if (is_char(P, ',')) {
            next(P);
            if (is_char(P, ')')) { /* trailing comma */
                next(P);
                return 0;
            }
            continue;
        }
        if (is_char(P, ')')) {
            next(P);
            return 0;
        }
        return unexpected(P);
    }
}

static ev array_merge(parser *P, ev *args, int n, int line, int col)
{
    if (n == 2 && !args[0].bad && !args[1].bad && args[0].v.type == VTWS_ARRAY && args[1].v.type == VTWS_ARRAY
        && args[0].v.u.a->count == 0 && args[1].v.u.a->count == 0) {
        /* PHP returns its second argument itself when the first is empty (and both are
         * here), so the result carries that array's next index (see new_array()) */
        return args[1];
    }
    vtws_array *r = new_array(P);
    if (!r)
        return EV_BAD;
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        if (args[i].v.type == VTWS_ARRAY)
            total += args[i].v.u.a->count;
    if (total > MAX_ELEMENTS)
        return runtime_error(P, line, col, "array with more than 1000000 elements");
    for (int i = 0; i < n; i++) {
        if (args[i].bad)
            return EV_BAD;
        if (args[i].v.type != VTWS_ARRAY) {
            char pos[16];
            snprintf(pos, sizeof(pos), "%d", i + 1);
            if (!php_at_least(P, 80000)) { /* PHP 7: a warning, and null */
                warn(P, line, col, "array_merge(): Expected parameter %s to be an array, %s given", pos,
                     type_name(&args[i].v));
                return EV_NULL;
            }
            return runtime_error(P, line, col, "array_merge(): Argument #%s must be of type array, %s given", pos,
                                 type_name(&args[i].v));
        }
        r = vtws_array_merge(P->arena, r, args[i].v.u.a);
        if (!r)
            return EV_BAD;
    }
    if (r->next_free == VTWS_NEXT_FREE_UNSET && !php_at_least(P, 80000))
        r->next_free = 0; /* an empty result: PHP 7 counts from 0 (new_array()) */
    ev e = {vtws_value_array(r), 0};
    r->refs = 0;
    return e;
}

#define MAX_ARGS 64

/* Whether a name has the shape of a constant PHP or a common extension defines (PHP_EOL,
 * E_ALL, JSON_..., DIRECTORY_SEPARATOR). PHP 7 reads an undefined constant as its own name,
 * but these are defined in every PHP, and their values are the host's: the reader refuses
 * them on every version rather than guess. Prefixes taken from get_defined_constants() of 7.4.33. */
static int named_like_php_constant(const vtws_token *name)
{
    static const char *const prefixes[] = {
        "PHP_", "E_", "M_", "JSON_", "PREG_", "PCRE_", "STREAM_", "DATE_", "ENT_", "HTML_", "LC_", "INI_",
        "FILE_", "LOCK_", "SEEK_", "SORT_", "COUNT_", "EXTR_", "CASE_", "STR_PAD_", "PATHINFO_", "UPLOAD_ERR_",
        "ZEND_", "PEAR_", "DEBUG_", "CONNECTION_", "ARRAY_FILTER_", "MB_", "CURL", "FILTER_", "PASSWORD_",
        "CRYPT_", "LIBXML_", "ICONV_", "T_", "INFO_", "CREDITS_", "FNM_", "GLOB_", "DNS_", "LOG_", "SQLITE",
        "MYSQLI_", "PDO_", "OPENSSL_", "PKCS7_", "X509_", "ABDAY_", "DAY_", "MON_", "ABMON_", NULL};
    static const char *const names[] = {"DIRECTORY_SEPARATOR", "PATH_SEPARATOR", "DEFAULT_INCLUDE_PATH", "INF",
                                        "NAN", "STDIN", "STDOUT", "STDERR", "__COMPILER_HALT_OFFSET__", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);
        if (name->len >= n && memcmp(name->text, prefixes[i], n) == 0)
            return 1;
    }
    for (int i = 0; names[i]; i++)
        if (name->len == strlen(names[i]) && memcmp(name->text, names[i], name->len) == 0)
            return 1;
    return 0;
}

static int parse_name(parser *P, ev *out)
{
    vtws_token name = P->tok;
    if (name_is(&name, "array"))
        P->leaf_line = name.line; /* a literal's own elements date it for PHP 7's folding */
    else
        leaf_at(P, name.line);
    next(P);
    if (is_char(P, '(')) {
        next(P);
        ev args[MAX_ARGS];
        int n;
        if (name_is(&name, "array")) {
            P->depth++;
            int r = P->depth > MAX_DEPTH ? -1 : parse_array_literal(P, ')', out);
            if (P->depth > MAX_DEPTH)
                vtws_diag_add(P->diags, VTWS_DIAG_ERROR, name.line, name.column, "nesting too deep");
            P->depth--;
            return r;
        }
        int is_merge = name_is(&name, "array_merge");
        P->nonconst = 1;
        if (!is_merge)
            P->quiet++;
        struct fold_state fold = P->fold;
        memset(&P->fold, 0, sizeof(P->fold)); /* a call's arguments are compiled on their own */
        int last_line = name.line, last_col = name.column;
        int r = parse_call_args(P, args, MAX_ARGS, &n, &last_line, &last_col);
        P->fold = fold;
        if (!is_merge)
            P->quiet--;
        if (r < 0)
            return -1;
        if (!is_merge) {
            shown fn = show(name.text, name.len);
            *out = runtime_error(P, name.line, name.column, "call to %s() is not supported in a language file", fn.s);
            return 0;
        }
        if (n > MAX_ARGS) {
            *out = runtime_error(P, name.line, name.column, "too many arguments to array_merge()");
            return 0;
        }
        if (php_at_least(P, 80000)) /* PHP 7 dates the call's warnings by its last argument */
            last_line = name.line, last_col = name.column;
        *out = array_merge(P, args, n, last_line, last_col);
        return 0;
    }
    if (P->tok.type == VTWS_TK_OP && P->tok.len == 2 && memcmp(P->tok.text, "::", 2) == 0)
        return unexpected(P);
    if (name_is(&name, "true")) {
        out->v.type = VTWS_TRUE;
        out->bad = 0;
        return 0;
    }
    if (name_is(&name, "false")) {
        out->v.type = VTWS_FALSE;
        out->bad = 0;
        return 0;
    }
    if (name_is(&name, "null")) {
        *out = EV_NULL;
        return 0;
    }
    static const char *const keywords[] = {
        "array", "include", "include_once", "require", "require_once", "return", "echo", "print", "if",
        "else", "elseif", "while", "do", "for", "foreach", "switch", "function", "fn", "class", "interface",
        "trait", "enum", "namespace", "use", "global", "static", "const", "unset", "isset", "empty", "declare",
        "goto", "break", "continue", "try", "throw", "abstract", "final", "exit", "die", "new", "clone",
        "list", "match", "yield", "instanceof", "and", "or", "xor", "eval", "var", "public", "private",
        "protected", "readonly", "endif", "endwhile", "endfor", "endforeach", "endswitch", "enddeclare",
        "case", "default", "catch", "finally", "insteadof", "as", "extends", "implements", "__halt_compiler",
        NULL};
    for (int i = 0; keywords[i]; i++) {
        if (name_is(&name, keywords[i])) {
            shown kw = show(name.text, name.len);
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, name.line, name.column,
                          "'%s' is not supported in a language file", kw.s);
            return -1;
        }
    }
    shown cn = show(name.text, name.len);
    if (named_like_php_constant(&name)) {
        *out = runtime_error(P, name.line, name.column,
                             "constant %s is not supported in a language file (PHP defines it; write its value)", cn.s);
        return 0;
    }
    if (!php_at_least(P, 80000) && !memchr(name.text, '\\', name.len)) {
        /* PHP 7 takes an undefined unqualified constant for its own name, with a warning */
        warn(P, name.line, name.column,
             "Use of undefined constant %s - assumed '%s' (this will throw an Error in a future version of PHP)", cn.s, cn.s);
        out->v = vtws_value_string(vtws_arena_strndup(P->arena, name.text, name.len), name.len);
        out->bad = out->v.u.s.ptr == NULL;
        return 0;
    }
    *out = runtime_error(P, name.line, name.column, "constant %s is not supported in a language file (PHP: Undefined constant)",
                         cn.s);
    return 0;
}

/* $name, dims, and an optional assignment. */
static int parse_variable(parser *P, ev *out)
{
    vtws_token var = P->tok;
    P->nonconst = 1;
    leaf_at(P, var.line);
    /* register on first appearance: PHP orders variables by first use */
    if (!is_special_var(var.text, var.len) && !var_slot(P, var.text, var.len))
        return -1;
    next(P);
    dim dims[MAX_DIMS];
    int nd = 0, has_append = 0;
    while (is_char(P, '[')) {
        int line = P->tok.line, col = P->tok.column;
        next(P);
        if (nd == MAX_DIMS) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "too many dimensions");
            return -1;
        }
        dim *d = &dims[nd++];
        d->line = line;
        d->col = col;
        d->append = 0;
        d->key = EV_NULL;
        if (is_char(P, ']')) {
            d->append = 1;
            has_append = 1;
        } else if (parse_expr(P, &d->key) < 0) {
            return -1;
        }
        if (!is_char(P, ']'))
            return unexpected(P);
        next(P);
    }
    if (P->tok.type == VTWS_TK_OBJECT_OP) {
        /* PHP's grammar takes a name, a variable, {expr} or $ after "->" (and fails when it
         * runs: no object here); anything else is its syntax error, on that token. */
        int line = P->tok.line, col = P->tok.column;
        next(P);
        if (P->tok.type != VTWS_TK_NAME && P->tok.type != VTWS_TK_VARIABLE && !is_char(P, '{') && !is_char(P, '$'))
            return unexpected(P);
        runtime_error(P, line, col, "property access is not supported");
        return -1;
    }
    if (is_char(P, '{'))
        return unexpected(P);
    assign_op op;
    if (is_char(P, '='))
        op = ASSIGN;
    else if (P->tok.type == VTWS_TK_CONCAT_EQUAL)
        op = ASSIGN_CONCAT;
    else if (P->tok.type == VTWS_TK_PLUS_EQUAL)
        op = ASSIGN_ADD;
    else {
        if (has_append) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, var.line, var.column, "Cannot use [] for reading");
            return -1;
        }
        ev v = read_var(P, var.text, var.len, var.line, var.column);
        for (int i = 0; i < nd; i++)
            v = read_dim(P, &v, &dims[i].key, dims[i].line, dims[i].col);
        *out = v;
        return 0;
    }
    next(P);
    if (is_op(P, "&")) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "assignment by reference is not supported");
        return -1;
    }
    ev rhs;
    if (parse_expr(P, &rhs) < 0)
        return -1;
    *out = assign(P, var.text, var.len, dims, nd, op, &rhs, var.line, var.column);
    return 0;
}

static int parse_primary(parser *P, ev *out)
{
    vtws_token *t = &P->tok;
    switch (t->type) {
    case VTWS_TK_STRING:
    case VTWS_TK_NUMBER:
        out->v = t->val;
        out->bad = 0;
        leaf_at(P, t->body_line ? t->body_line : t->line); /* a nowdoc's value starts on its body line */
        next(P);
        return 0;
    case VTWS_TK_DQ_OPEN: {
        leaf_at(P, t->line);
        if (parse_interpolated(P, VTWS_MODE_DQ, out) < 0) {
            next(P);
            return -1;
        }
        next(P);
        return 0;
    }
    case VTWS_TK_HEREDOC: {
        leaf_at(P, t->body_line);
        int r = parse_heredoc(P, out);
        next(P);
        return r;
    }
    case VTWS_TK_NAME:
        return parse_name(P, out);
    case VTWS_TK_VARIABLE:
        return parse_variable(P, out);
    case VTWS_TK_ERROR:
        if (P->tok.body_line)
            return -1; /* a broken heredoc where PHP takes one: the lexer said why */
        break;
    default:
        break;
    }
    if (is_char(P, '[')) {
        next(P);
        return parse_array_literal(P, ']', out);
    }
    if (is_char(P, '(')) {
        next(P);
        if (parse_expr(P, out) < 0)
            return -1;
        if (!is_char(P, ')'))
            return unexpected(P);
        next(P);
        return 0;
    }
    return unexpected(P);
}

static int parse_unary(parser *P, ev *out)
{
    if (is_char(P, '-') || is_char(P, '+')) {
        if (P->depth + 1 > MAX_DEPTH) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "nesting too deep");
            return -1;
        }
        int neg = P->tok.ch == '-';
        int line = P->tok.line, col = P->tok.column;
        next(P);
        ev operand;
        P->depth++;
        int r = parse_unary(P, &operand);
        P->depth--;
        if (r < 0)
            return -1;
        if (neg) {
            *out = negate(P, &operand, line, col);
        } else {
            vtws_value x;
            if (operand.bad)
                *out = EV_BAD;
            else if (!to_number(P, &operand.v, &x, line, col))
                *out = unsupported_operands(P, line, col, type_name(&operand.v), "*", "int");
            else
                out->v = x, out->bad = 0;
        }
        return 0;
    }
    return parse_primary(P, out);
}

/* The binary operators after a left operand already read: '+' and '-' bind
 * tighter than '.' (PHP 8). */
static int continue_additive(parser *P, ev *out)
{
    while (is_char(P, '+') || is_char(P, '-')) {
        int sign = P->tok.ch == '+' ? 1 : -1;
        next(P);
        int col = P->tok.column;
        ev rhs;
        if (parse_unary(P, &rhs) < 0)
            return -1;
        *out = arith(P, out, &rhs, sign, P->leaf_line, col);
    }
    return 0;
}

static int parse_additive(parser *P, ev *out)
{
    if (parse_unary(P, out) < 0)
        return -1;
    return continue_additive(P, out);
}

/* parse_unary, and whether the operand it read is a compile-time constant for PHP
 * (*is_const); P->nonconst keeps what it was, plus this operand. */
static int parse_operand(parser *P, ev *out, int *is_const)
{
    int outer_nonconst = P->nonconst;
    P->nonconst = 0;
    int r = parse_unary(P, out);
    *is_const = !P->nonconst;
    P->nonconst |= outer_nonconst;
    return r;
}

/* PHP 7.4 folds `array + scalar` (and `-` with an array) of constant operands while
 * compiling: its fatal error is dated by the array literal being compiled. */
static int folds_to_fatal_php7(const ev *a, const ev *b, int sign)
{
    if (a->bad || b->bad)
        return 0;
    int arrays = (a->v.type == VTWS_ARRAY) + (b->v.type == VTWS_ARRAY);
    return arrays == 1 || (arrays == 2 && sign < 0);
}

/* PHP 7: '+', '-' and '.' at one precedence, left to right; an unparenthesized '.' as the
 * left operand of '+'/'-' is deprecated (checked against php-src 7.4.33).
 * left_const: the left operand is a compile-time constant. */
static int continue_expr_php7(parser *P, ev *out, int start_line, int left_const)
{
    int left_is_concat = 0;
    while (is_char(P, '+') || is_char(P, '-') || is_char(P, '.')) {
        int ch = P->tok.ch, line = P->tok.line, col = P->tok.column;
        next(P);
        ev rhs;
        int rhs_const;
        if (parse_operand(P, &rhs, &rhs_const) < 0)
            return -1;
        left_const = left_const && rhs_const;
        int sign = ch == '+' ? 1 : -1;
        if (ch == '.') {
            *out = concat(P, out, &rhs, line, col);
        } else if (left_const && P->fold.line && folds_to_fatal_php7(out, &rhs, sign)) {
            *out = unsupported_operands(P, P->fold.line, col, type_name(&out->v), ch == '+' ? "+" : "-",
                                        type_name(&rhs.v));
        } else {
            if (left_is_concat)
                warn(P, start_line, col, "The behavior of unparenthesized expressions containing both '.' and '+'/'-' will "
                                   "change in PHP 8: '+'/'-' will take a higher precedence");
            *out = arith(P, out, &rhs, sign, P->leaf_line, col);
        }
        left_is_concat = ch == '.';
    }
    return 0;
}

/* start_line: where the expression began, the line PHP 7 gives its compile-time notes;
 * left_const: the left operand is a compile-time constant */
static int continue_expr(parser *P, ev *out, int start_line, int left_const)
{
    if (!php_at_least(P, 80000))
        return continue_expr_php7(P, out, start_line, left_const);
    if (continue_additive(P, out) < 0)
        return -1;
    while (is_char(P, '.')) {
        int line = P->tok.line, col = P->tok.column;
        next(P);
        ev rhs;
        if (parse_additive(P, &rhs) < 0)
            return -1;
        *out = concat(P, out, &rhs, line, col);
    }
    return 0;
}

static int parse_expr(parser *P, ev *out)
{
    if (++P->depth > MAX_DEPTH) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "nesting too deep");
        P->depth--;
        return -1;
    }
    int start_line = P->tok.body_line ? P->tok.body_line : P->tok.line; /* a heredoc: its body */
    int left_const;
    int r = parse_operand(P, out, &left_const);
    if (r == 0)
        r = continue_expr(P, out, start_line, left_const);
    P->depth--;
    return r;
}

/* An array element's key or value. Most are one plain string followed by
 * '=>', ',' or the closing bracket: take those without the descent. */
static int parse_element_part(parser *P, int closer, ev *out)
{
    if (P->tok.type != VTWS_TK_STRING)
        return parse_expr(P, out);
    out->v = P->tok.val;
    out->bad = 0;
    int start_line = P->tok.body_line ? P->tok.body_line : P->tok.line;
    leaf_at(P, start_line);
    next(P);
    if (P->tok.type == VTWS_TK_DOUBLE_ARROW || is_char(P, ',') || is_char(P, closer))
        return 0;
    return continue_expr(P, out, start_line, 1); /* a plain string: constant */
}

/* ---- statements ---------------------------------------------------------------------- */

/* Skip tokens, strings and interpolations included: to the end of a broken statement
 * (after ';' or "?>" at depth 0, after a '}' that closes what the statement opened,
 * or before end of file), or, when balanced, from an opening ( [ or { to just after
 * the bracket that closes it. */
static void skip_tokens(parser *P, int balanced)
{
    int depth = 0;
    P->quiet++;
    for (;;) {
        if (P->tok.type == VTWS_TK_EOF)
            break;
        if (!balanced && depth == 0 && (is_char(P, ';') || P->tok.type == VTWS_TK_CLOSE_TAG)) {
            next(P);
            break;
        }
        if (is_char(P, '(') || is_char(P, '[') || is_char(P, '{')) {
            depth++;
        } else if (is_char(P, ')') || is_char(P, ']') || is_char(P, '}')) {
            int closes = balanced ? --depth <= 0 : (depth > 0 && --depth == 0 && is_char(P, '}'));
            if (closes) {
                next(P);
                break;
            }
        } else if (P->tok.type == VTWS_TK_DQ_OPEN) {
            skip_interpolated(P);
        }
        next(P);
    }
    P->quiet--;
}

static void skip_statement(parser *P)
{
    skip_tokens(P, 0);
}

static void skip_balanced(parser *P)
{
    skip_tokens(P, 1);
}

/* A body: a { block }, or one statement. */
static void skip_body(parser *P)
{
    if (is_char(P, '{'))
        skip_balanced(P);
    else
        skip_statement(P);
}

/*
 * Control structures and declarations that real files use around assignments
 * (coreBOS: if (isset($_COOKIE[...]) && ...) { ... } else { ... }, or
 * foreach (glob(...) as $f) { include $f; }), and include/require statements (never
 * followed: no path read from a file is opened): PHP accepts them, the reader does
 * not evaluate them. Name the statement once, skip all of it (an if with its elseif
 * and else parts), and read on. Returns 0 when the token starts no such statement.
 */
static int skip_control_statement(parser *P)
{
    static const char *const heads[] = {"if", "foreach", "for", "while", "switch", "do", "try", "function",
                                        "class", "interface", "trait", "enum", "declare", "else", "elseif",
                                        /* SalesPlatform's ru_ru files end with include 'renamed/X.php'; */
                                        "include", "include_once", "require", "require_once", NULL};
    if (P->tok.type != VTWS_TK_NAME)
        return 0;
    int k = 0;
    while (heads[k] && !name_is(&P->tok, heads[k]))
        k++;
    if (!heads[k])
        return 0;
    vtws_token head = P->tok;
    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, head.line, head.column,
                  "'%s' is not supported in a language file (the statement is not evaluated)", heads[k]);
    int is_if = name_is(&head, "if") || name_is(&head, "elseif") || name_is(&head, "else");
    next(P);
    /* a declaration's name, then (parameters) or (condition), then the body */
    while (P->tok.type == VTWS_TK_NAME && !name_is(&head, "do") && !name_is(&head, "try") && !name_is(&head, "else"))
        next(P);
    if (is_char(P, '('))
        skip_balanced(P);
    if (is_op(P, ":") && name_is(&head, "function")) { /* a return type */
        next(P);
        while (P->tok.type == VTWS_TK_NAME || is_op(P, "?") || is_op(P, "|") || is_char(P, '?') || is_char(P, '|'))
            next(P);
    }
    if (is_op(P, ":")) { /* the alternative syntax: if (...): ... else: ... endif; */
        P->quiet++;
        while (P->tok.type != VTWS_TK_EOF &&
               !(P->tok.type == VTWS_TK_NAME &&
                 (name_is(&P->tok, "endif") || name_is(&P->tok, "endforeach") || name_is(&P->tok, "endwhile") ||
                  name_is(&P->tok, "endfor") || name_is(&P->tok, "endswitch") || name_is(&P->tok, "enddeclare")))) {
            if (P->tok.type == VTWS_TK_DQ_OPEN)
                skip_interpolated(P);
            next(P);
        }
        P->quiet--;
        if (P->tok.type != VTWS_TK_EOF)
            skip_statement(P); /* endif; */
        return 1;
    }
    skip_body(P);
    if (name_is(&head, "do") && P->tok.type == VTWS_TK_NAME && name_is(&P->tok, "while"))
        skip_statement(P); /* while (...); */
    while (P->tok.type == VTWS_TK_NAME && (name_is(&P->tok, "catch") || name_is(&P->tok, "finally"))) {
        next(P);
        if (is_char(P, '('))
            skip_balanced(P);
        skip_body(P);
    }
    while (is_if && P->tok.type == VTWS_TK_NAME && (name_is(&P->tok, "elseif") || name_is(&P->tok, "else"))) {
        int is_else = name_is(&P->tok, "else");
        next(P);
        if (is_else && P->tok.type == VTWS_TK_NAME && name_is(&P->tok, "if"))
            next(P);
        if (is_char(P, '('))
            skip_balanced(P);
        skip_body(P);
    }
    return 1;
}

static void inline_text(parser *P, const vtws_langfile *lf)
{
    const vtws_token *t = &P->tok;
    P->output_bytes += t->len;
    if (t->text == P->lx->start && t->len >= 3 && memcmp(t->text, "\xEF\xBB\xBF", 3) == 0)
        vtws_diag_add(P->diags, VTWS_DIAG_WARNING, t->line, t->column,
                      "a UTF-8 byte order mark before <?php is sent to the client");
    else
        vtws_diag_add(P->diags, VTWS_DIAG_WARNING, t->line, t->column,
                      "%zu byte%s of text outside <?php ?> %s sent to the client", t->len,
                      t->len == 1 ? "" : "s", t->len == 1 ? "is" : "are");
    (void)lf;
}

/* One statement, or a stray ';', '?>', '{' or '}' (blocks counts the '{' still open). */
static void parse_statement(parser *P, vtws_langfile *lf, int *blocks)
{
    if (P->tok.type == VTWS_TK_INLINE_HTML) {
        inline_text(P, lf);
        next(P);
        return;
    }
    if (P->tok.type == VTWS_TK_CLOSE_TAG || is_char(P, ';')) {
        next(P);
        return;
    }
    if (P->tok.type == VTWS_TK_ECHO_TAG) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                      "<?= output is not supported in a language file");
        next(P);
        skip_statement(P);
        return;
    }
    if (is_op(P, "#[")) {
        /* An attribute group: PHP reads it, then wants a declaration. */
        int depth = 1;
        next(P);
        while (P->tok.type != VTWS_TK_EOF && depth > 0) {
            if (is_char(P, '[') || is_op(P, "#["))
                depth++;
            else if (is_char(P, ']'))
                depth--;
            next(P);
        }
        if (P->tok.type == VTWS_TK_NAME) {
            ev ignored;
            parse_name(P, &ignored); /* reports the keyword or name as unsupported */
        } else {
            unexpected(P);
        }
        skip_statement(P);
        return;
    }
    if (is_char(P, '{')) {
        (*blocks)++;
        next(P);
        return;
    }
    if (is_char(P, '}') && *blocks > 0) {
        (*blocks)--;
        next(P);
        return;
    }
    if (skip_control_statement(P))
        return;
    ev ignored;
    if (parse_expr(P, &ignored) < 0) {
        skip_statement(P);
        return;
    }
    if (is_char(P, ';') || P->tok.type == VTWS_TK_CLOSE_TAG) {
        next(P);
        return;
    }
    unexpected(P);
    skip_statement(P);
}

/* The arena refused memory past the file's limit (see VTWS_LANGFILE_LIMIT): the reader's
 * "Allowed memory size exhausted". Said once, at the statement that passed it. */
static void stop_at_limit(parser *P, vtws_langfile *lf, int line, int column)
{
    P->arena->limit = P->arena->total + 65536; /* room for the message; nothing more is read */
    lf->over_limit = 1;
    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, column,
                  "reading stops: the file's values need more than %zu bytes of memory "
                  "(the reader's limit for a file of %zu bytes: %d times its size plus %zu MiB)",
                  VTWS_LANGFILE_LIMIT(P->lx->end - P->lx->start), (size_t)(P->lx->end - P->lx->start),
                  VTWS_LANGFILE_LIMIT_FACTOR, VTWS_LANGFILE_LIMIT_BASE >> 20);
}

static void parse_statements(parser *P, vtws_langfile *lf)
{
    int blocks = 0;
    next(P);
    while (P->tok.type != VTWS_TK_EOF) {
        int line = P->tok.line, column = P->tok.column;
        parse_statement(P, lf, &blocks);
        if (P->arena->over_limit) {
            stop_at_limit(P, lf, line, column);
            return;
        }
    }
    if (blocks > 0)
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                      "syntax error, unexpected end of file");
}

/* ---- API ------------------------------------------------------------------------------- */

/* An empty result whose arena starts with one block of first_block bytes. */
static vtws_langfile *langfile_new(size_t first_block, vtws_block_pool *pool)
{
    vtws_langfile *lf = vtws_malloc(sizeof(*lf));
    if (!lf)
        return NULL;
    memset(lf, 0, sizeof(*lf));
    vtws_arena_init_pooled(&lf->arena, first_block, pool);
    vtws_diag_init(&lf->diags, &lf->arena);
    return lf;
}

/* The parse's own memory for a source of len bytes: values, buckets and indexes. */
static size_t parse_block_size(size_t len) { return len / 2 + 4096; }

static void parse_into(vtws_langfile *lf, const char *src, size_t len, unsigned flags)
{
    vtws_lexer lx;
    vtws_lex_init(&lx, src ? src : "", len, 0, 1, &lf->arena, &lf->diags);
    lx.php_version = VTWS_LANGFILE_PHP_OF(flags);
    parser P;
    memset(&P, 0, sizeof(P));
    P.lx = &lx;
    P.arena = &lf->arena;
    P.diags = &lf->diags;
    P.vars = vtws_array_new(&lf->arena, 8);
    if (!P.vars) {
        lf->out_of_memory = 1;
        return;
    }
    lf->arena.limit = VTWS_LANGFILE_LIMIT(len);
    parse_statements(&P, lf);
    lf->arena.limit = 0;
    lf->output_bytes = P.output_bytes;
    if (lf->over_limit)
        return; /* no variables: they may miss parts */

    size_t n = 0;
    for (uint32_t i = 0; i < P.vars->count; i++)
        if (P.vars->buckets[i].val.type != VTWS_UNDEF)
            n++;
    lf->vars = vtws_arena_alloc(&lf->arena, (n ? n : 1) * sizeof(vtws_langvar));
    if (!lf->vars) {
        lf->out_of_memory = 1;
        return;
    }
    for (uint32_t i = 0; i < P.vars->count; i++) {
        const vtws_bucket *b = &P.vars->buckets[i];
        if (b->val.type == VTWS_UNDEF)
            continue;
        vtws_langvar *v = &lf->vars[lf->var_count++];
        v->name = vtws_arena_strndup(&lf->arena, b->key.str, b->key.len);
        v->name_len = b->key.len;
        v->value = b->val;
        if (!v->name) {
            lf->var_count--;
            lf->out_of_memory = 1;
        }
    }
    if (lf->arena.failed)
        lf->out_of_memory = 1;
}

vtws_langfile *vtws_langfile_parse(const char *buf, size_t len, unsigned flags)
{
    vtws_langfile *lf = langfile_new(parse_block_size(len), NULL);
    if (!lf)
        return NULL;
    const char *src = buf;
    if (!(flags & VTWS_LANGFILE_BORROW)) {
        char *copy = vtws_arena_alloc(&lf->arena, len + 1);
        if (!copy) {
            lf->out_of_memory = 1;
            return lf;
        }
        if (len)
            memcpy(copy, buf, len);
        copy[len] = '\0';
        src = copy;
    }
    parse_into(lf, src, len, flags);
    return lf;
}

/* The whole file into the arena, with one read(2) when its size is known; NULL with errno
 * set on failure. A file that grows while it is read is read to its new end. */
static char *read_into(vtws_arena *arena, FILE *f, size_t cap, size_t *len_out)
{
    setvbuf(f, NULL, _IONBF, 0); /* read straight into buf */
    char *buf = vtws_arena_alloc(arena, cap);
    size_t len = 0;
    while (buf) {
        size_t want = cap - len, got = fread(buf + len, 1, want, f);
        len += got;
        if (got < want) { /* the end of the file, or an error */
            if (ferror(f)) {
                errno = errno ? errno : EIO;
                return NULL;
            }
            *len_out = len;
            return buf;
        }
        char *bigger = cap > SIZE_MAX / 2 ? NULL : vtws_arena_alloc(arena, cap * 2);
        if (bigger)
            memcpy(bigger, buf, len);
        buf = bigger;
        cap *= 2;
    }
    errno = ENOMEM;
    return NULL;
}

vtws_langfile *vtws_langfile_load_pooled(const char *path, unsigned flags, vtws_block_pool *pool)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 4)
        cap = (size_t)st.st_size + 1; /* + 1: the end of the file is seen in the same read */
    /* the bytes and the parse share the first block; the strings point into the bytes */
    vtws_langfile *lf = langfile_new(cap + parse_block_size(cap), pool);
    size_t len = 0;
    char *buf = lf ? read_into(&lf->arena, f, cap, &len) : NULL;
    int e = lf ? errno : ENOMEM;
    fclose(f);
    if (!buf) {
        vtws_langfile_free(lf);
        errno = e;
        return NULL;
    }
    parse_into(lf, buf, len, flags);
    return lf;
}

vtws_langfile *vtws_langfile_load(const char *path, unsigned flags)
{
    return vtws_langfile_load_pooled(path, flags, NULL);
}

const vtws_value *vtws_langfile_find(const vtws_langfile *lf, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < lf->var_count; i++)
        if (lf->vars[i].name_len == n && memcmp(lf->vars[i].name, name, n) == 0)
            return &lf->vars[i].value;
    return NULL;
}

size_t vtws_langfile_error_count(const vtws_langfile *lf)
{
    return lf->diags.errors;
}

void vtws_langfile_free(vtws_langfile *lf)
{
    if (!lf)
        return;
    vtws_arena_destroy(&lf->arena);
    vtws_free(lf);
}

/*
 * langfile_convert — PHP's conversions and operators on values, as Zend/zend_operators.c
 * has them: array keys from values (offsets), strings (casts, concatenation), numbers
 * (numeric strings, PHP 7's and 8's warnings and TypeErrors), + and - (array union,
 * integer overflow to float), unary minus, offsets into strings, reading an element
 * ($v[k]), and the next index of a new array in each PHP version. Part of the reader
 * (core/langfile*.c, see langfile_parser.h).
 */
#include "langfile_parser.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Before PHP 8.3 an empty literal ([] or array()) is the engine's shared empty array, whose
 * next index is 0, not "unset": $a = []; $a[-5] = 'x'; $a[] = 'y'; gives keys -5 and 0 there,
 * -5 and -4 from 8.3 on (and in any array PHP creates: a non-empty literal, or one made by
 * writing to a missing variable). The counter travels with the array: copies, the left side
 * of +, and array_merge()'s shortcut below keep it.
 */
vtws_array *vtws_lf_new_array(parser *P)
{
    vtws_array *a = vtws_array_new(P->arena, 0);
    /* PHP 7 starts every array's next index at 0, so a negative key never moves it:
     * [-5 => 'a', 'b'] has keys -5 and 0 there, -5 and -4 from PHP 8.0 on. */
    if (a && !php_at_least(P, 80000))
        a->next_free = 0;
    return a;
}

/* ---- conversions ------------------------------------------------------------ */

/* An array key from a value, as PHP converts offsets. Returns 0 on error. */
int vtws_lf_to_key(parser *P, const ev *e, vtws_key *key, int line, int col)
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
            vtws_lf_warn(P, line, col, "Using null as an array offset is deprecated, use an empty string instead");
        }
        *key = vtws_key_from_string("", 0);
        return 1;
    case VTWS_DOUBLE: {
        double d = v->u.d;
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
            vtws_lf_runtime_error(P, line, col, "float key out of the integer range is not supported");
            return 0;
        }
        int64_t l = (int64_t)d;
        if ((double)l != d && php_at_least(P, 80100)) { /* a deprecation from PHP 8.1 */
            P->nonconst = 1; /* PHP 8.1 leaves such arrays to run time, to warn there */
            char buf[40];
            vtws_value_scalar_to_string(v, buf);
            vtws_lf_warn(P, line, col, "Implicit conversion from float %s to int loses precision", buf);
        }
        *key = vtws_key_from_long(l);
        return 1;
    }
    default:
        vtws_lf_runtime_error(P, line, col, "Illegal offset type: %s", type_name(v));
        return 0;
    }
}

vtws_value vtws_lf_to_string(parser *P, const ev *e, int line, int col)
{
    if (e->v.type == VTWS_STRING)
        return e->v;
    char buf[48];
    if (e->v.type == VTWS_ARRAY)
        vtws_lf_warn(P, line, col, "Array to string conversion");
    size_t n = vtws_value_scalar_to_string(&e->v, buf);
    char *s = vtws_arena_strndup(P->arena, buf, n);
    return vtws_value_string(s ? s : "", s ? n : 0);
}

ev vtws_lf_concat(parser *P, const ev *a, const ev *b, int line, int col)
{
    if (a->bad || b->bad)
        return EV_BAD;
    vtws_value sa = vtws_lf_to_string(P, a, line, col), sb = vtws_lf_to_string(P, b, line, col);
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
        return vtws_lf_runtime_error(P, line, col, "string longer than 64 MiB");
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
int vtws_lf_to_number(parser *P, const vtws_value *v, vtws_value *out, int line, int col)
{
    if (v->type != VTWS_STRING)
        return as_number(v, out);
    int php8 = php_at_least(P, 80000);
    switch (numeric_string(v->u.s.ptr, v->u.s.len, php8, out)) {
    case 2:
        return 1;
    case 1:
        vtws_lf_warn(P, line, col,
                     php8 ? "A non-numeric value encountered" : "A non well formed numeric value encountered");
        return 1;
    default:
        if (php8)
            return 0;
        vtws_lf_warn(P, line, col, "A non-numeric value encountered"); /* PHP 7: 0, and a warning */
        *out = vtws_value_long(0);
        return 1;
    }
}

static ev array_union(parser *P, const vtws_array *a, const vtws_array *b)
{
    if ((uint64_t)a->count + b->count > MAX_ELEMENTS)
        return vtws_lf_runtime_error(P, P->leaf_line, 1, "array with more than 1000000 elements");
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
ev vtws_lf_next_element_occupied(parser *P, int line, int col)
{
    static const char message[] = "Cannot add element to the array as the next element is already occupied";
    if (php_at_least(P, 80000))
        return vtws_lf_runtime_error(P, line, col, "%s", message);
    vtws_lf_warn(P, line, col, "%s", message);
    return EV_NULL;
}

/* PHP 8 names the operand types ("array + int"); PHP 7 says only "Unsupported operand types". */
ev vtws_lf_unsupported_operands(parser *P, int line, int col, const char *lhs, const char *op, const char *rhs)
{
    if (!php_at_least(P, 80000))
        return vtws_lf_runtime_error(P, line, col, "Unsupported operand types");
    return vtws_lf_runtime_error(P, line, col, "Unsupported operand types: %s %s %s", lhs, op, rhs);
}

/* a + b or a - b (sign = 1 or -1). */
ev vtws_lf_arith(parser *P, const ev *a, const ev *b, int sign, int line, int col)
{
    if (a->bad || b->bad)
        return EV_BAD;
    const char *op = sign > 0 ? "+" : "-";
    if (a->v.type == VTWS_ARRAY && b->v.type == VTWS_ARRAY && sign > 0)
        return array_union(P, a->v.u.a, b->v.u.a);
    vtws_value x, y;
    if (!vtws_lf_to_number(P, &a->v, &x, line, col) || !vtws_lf_to_number(P, &b->v, &y, line, col)) {
        return vtws_lf_unsupported_operands(P, line, col, type_name(&a->v), op, type_name(&b->v));
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

ev vtws_lf_negate(parser *P, const ev *a, int line, int col)
{
    if (a->bad)
        return EV_BAD;
    vtws_value x;
    if (!vtws_lf_to_number(P, &a->v, &x, line, col)) /* PHP negates by "* -1" */
        return vtws_lf_unsupported_operands(P, line, col, type_name(&a->v), "*", "int");
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
        vtws_lf_warn(P, line, col, "String offset cast occurred");
        if (k->type == VTWS_DOUBLE) {
            if (!(k->u.d > -9.2e18 && k->u.d < 9.2e18)) {
                vtws_lf_runtime_error(P, line, col, "string offset out of range");
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
                vtws_lf_warn(P, line, col, "A non well formed numeric value encountered"); /* PHP 7 */
            } else if (s != e) {
                shown key = show(k->u.s.ptr, k->u.s.len);
                vtws_lf_warn(P, line, col, "Illegal string offset \"%s\"", key.s);
            }
            return 1;
        }
        if (!php_at_least(P, 80000)) { /* PHP 7: a warning, and the offset PHP's (int) cast gives */
            shown key = show(k->u.s.ptr, k->u.s.len);
            vtws_lf_warn(P, line, col, "Illegal string offset '%s'", key.s);
            vtws_value n;
            if (!numeric_string(k->u.s.ptr, k->u.s.len, 0, &n))
                *out = 0;
            else if (n.type == VTWS_LONG)
                *out = n.u.l;
            else /* '1e30': PHP 7 caps a float string at the integer range ('1.9e1' is 19) */
                *out = n.u.d != n.u.d ? 0 : n.u.d >= 9.2e18 ? INT64_MAX : n.u.d <= -9.2e18 ? INT64_MIN : (int64_t)n.u.d;
            return 1;
        }
        vtws_lf_runtime_error(P, line, col, "Cannot access offset of type %s on string",
                              rest > digits ? "float-like string" : "string");
        return 0;
    }
    default:
        vtws_lf_runtime_error(P, line, col, "Cannot access offset of type %s on string", type_name(k));
        return 0;
    }
}

/* $v[k] for reading. */
ev vtws_lf_read_dim(parser *P, const ev *base, const ev *key, int line, int col)
{
    if (base->bad || key->bad)
        return EV_BAD;
    const vtws_value *v = &base->v;
    if (v->type == VTWS_ARRAY) {
        vtws_key k;
        if (!vtws_lf_to_key(P, key, &k, line, col))
            return EV_BAD;
        vtws_value *found = vtws_array_find(v->u.a, k);
        if (found) {
            ev r = {*found, 0};
            return r;
        }
        vtws_lf_warn_undefined_key(P, k, line, col);
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
            vtws_lf_warn(P, line, col,
                         php_at_least(P, 80000) ? "Uninitialized string offset %s" : "Uninitialized string offset: %s",
                         buf);
            ev r = {vtws_value_string("", 0), 0};
            return r;
        }
        ev r = {vtws_value_string(v->u.s.ptr + at, 1), 0};
        return r;
    }
    vtws_lf_warn(P, line, col, "Trying to access array offset on value of type %s", type_name(v));
    return EV_NULL;
}

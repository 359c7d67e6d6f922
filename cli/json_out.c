/* Core values to JSON (jansson), the way PHP's json_encode shows them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "utf8.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("vtws: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static char *utf8_fixed(const char *s, size_t len, size_t *out_len)
{
    if (vtws_utf8_valid(s, len))
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int ok;
    for (size_t i = 0; i < len;) {
        size_t n = vtws_utf8_step(u + i, len - i, &ok);
        if (ok) {
            memcpy(out + o, s + i, n);
            o += n;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        i += n;
    }
    *out_len = o;
    return out;
}

static json_t *json_str(const char *s, size_t len)
{
    size_t fixed_len;
    char *fixed = utf8_fixed(s, len, &fixed_len);
    json_t *j = fixed ? json_stringn(fixed, fixed_len) : json_stringn(s, len);
    free(fixed);
    return j;
}

static int is_list(const vtws_array *a)
{
    for (uint32_t i = 0; i < a->count; i++)
        if (a->buckets[i].key.str || a->buckets[i].key.h != (int64_t)i)
            return 0;
    return 1;
}

json_t *cli_value_to_json(const vtws_value *v)
{
    switch (v->type) {
    case VTWS_FALSE: return json_false();
    case VTWS_TRUE: return json_true();
    case VTWS_LONG: return json_integer((json_int_t)v->u.l);
    case VTWS_DOUBLE: return isfinite(v->u.d) ? json_real(v->u.d) : json_null(); /* JSON has no INF/NAN */
    case VTWS_STRING: return json_str(v->u.s.ptr, v->u.s.len);
    case VTWS_ARRAY: break;
    default: return json_null();
    }
    const vtws_array *a = v->u.a;
    if (is_list(a)) {
        json_t *arr = json_array();
        for (uint32_t i = 0; i < a->count; i++)
            json_array_append_new(arr, cli_value_to_json(&a->buckets[i].val));
        return arr;
    }
    json_t *obj = json_object();
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        char num[24];
        const char *key = b->key.str;
        size_t klen = b->key.len;
        if (!key) {
            klen = (size_t)snprintf(num, sizeof(num), "%lld", (long long)b->key.h);
            key = num;
        }
        size_t fixed_len;
        char *fixed = utf8_fixed(key, klen, &fixed_len);
        json_object_setn_new(obj, fixed ? fixed : key, fixed ? fixed_len : klen, cli_value_to_json(&b->val));
        free(fixed);
    }
    return obj;
}

int cli_print_json(json_t *j)
{
    size_t flags = JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY;
    flags |= isatty(STDOUT_FILENO) ? JSON_INDENT(2) : JSON_COMPACT;
    int r = json_dumpf(j, stdout, flags);
    fputc('\n', stdout);
    return r == 0 && fflush(stdout) == 0 ? 0 : -1;
}

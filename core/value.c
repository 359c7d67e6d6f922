#include "value.h"
#include "hot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- hashing: 8 bytes at a time, multiply-xorshift mixing ---------------- */

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

VTWS_HOT uint64_t vtws_hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL);
    if (len >= 8) {
        const char *last = s + len - 8; /* the tail is read as the (overlapping) last word */
        while (s < last) {
            h = (h ^ load64(s)) * 0xc4ceb9fe1a85ec53ULL;
            h ^= h >> 29;
            s += 8;
        }
        h = (h ^ load64(last)) * 0xc4ceb9fe1a85ec53ULL;
        return mix64(h);
    }
    uint64_t tail = 0;
    if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        tail = ((uint64_t)a << 32) | b;
    } else {
        for (size_t i = 0; i < len; i++)
            tail = (tail << 8) | (unsigned char)s[i];
    }
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    return mix64(h);
}

/* ---- keys ---------------------------------------------------------------- */

int vtws_string_is_int_key(const char *s, size_t len, int64_t *out)
{
    /* "0", or an optional '-' then [1-9][0-9]*, fitting in int64; "-0" is not. */
    if (len == 0 || len > 20)
        return 0;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '-') {
        neg = 1;
        i = 1;
        if (len == 1)
            return 0;
    }
    if (s[i] == '0') {
        if (len - i != 1 || neg)
            return 0;
        *out = 0;
        return 1;
    }
    uint64_t acc = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned char)s[i] - '0';
        if (d > 9)
            return 0;
        if (acc > (UINT64_MAX - d) / 10)
            return 0;
        acc = acc * 10 + d;
    }
    if (neg) {
        if (acc > (uint64_t)INT64_MAX + 1)
            return 0;
        *out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
    } else {
        if (acc > (uint64_t)INT64_MAX)
            return 0;
        *out = (int64_t)acc;
    }
    return 1;
}

vtws_key vtws_key_from_long(int64_t l)
{
    vtws_key k = {NULL, 0, l};
    return k;
}

vtws_key vtws_key_from_string(const char *s, size_t len)
{
    int64_t l;
    if (len && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) && vtws_string_is_int_key(s, len, &l))
        return vtws_key_from_long(l);
    vtws_key k = {s ? s : "", len, (int64_t)vtws_hash_bytes(s ? s : "", len)};
    return k;
}

static inline int key_equal(const vtws_key *a, const vtws_key *b)
{
    if (a->h != b->h)
        return 0;
    if (!a->str || !b->str)
        return !a->str && !b->str;
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static inline uint32_t slot_of(int64_t h, uint32_t mask)
{
    return (uint32_t)mix64((uint64_t)h) & mask;
}

/* ---- arrays -------------------------------------------------------------- */

#define LINEAR_MAX 8 /* small arrays are scanned, not indexed */

vtws_array *vtws_array_new(vtws_arena *arena, uint32_t size_hint)
{
    vtws_array *a = vtws_arena_alloc(arena, sizeof(*a));
    if (!a)
        return NULL;
    memset(a, 0, sizeof(*a));
    a->arena = arena;
    a->depth = 1;
    a->next_free = VTWS_NEXT_FREE_UNSET;
    if (size_hint) {
        a->buckets = vtws_arena_alloc(arena, (size_t)size_hint * sizeof(vtws_bucket));
        if (!a->buckets)
            return NULL;
        a->cap = size_hint;
    }
    return a;
}

static int rebuild_index(vtws_array *a, uint32_t want)
{
    uint32_t size = 16;
    while (size < want * 2u)
        size <<= 1;
    uint32_t *idx = vtws_arena_alloc(a->arena, (size_t)size * sizeof(uint32_t));
    if (!idx)
        return 0;
    memset(idx, 0, (size_t)size * sizeof(uint32_t));
    a->index = idx;
    a->index_mask = size - 1;
    for (uint32_t i = 0; i < a->count; i++) {
        uint32_t s = slot_of(a->buckets[i].key.h, a->index_mask);
        while (idx[s])
            s = (s + 1) & a->index_mask;
        idx[s] = i + 1;
    }
    return 1;
}

static vtws_value *find_slot(const vtws_array *a, const vtws_key *key)
{
    if (!a->index_mask) {
        for (uint32_t i = 0; i < a->count; i++)
            if (key_equal(&a->buckets[i].key, key))
                return &a->buckets[i].val;
        return NULL;
    }
    uint32_t s = slot_of(key->h, a->index_mask);
    for (;;) {
        uint32_t b = a->index[s];
        if (!b)
            return NULL;
        if (key_equal(&a->buckets[b - 1].key, key))
            return &a->buckets[b - 1].val;
        s = (s + 1) & a->index_mask;
    }
}

vtws_value *vtws_array_find(const vtws_array *a, vtws_key key)
{
    return find_slot(a, &key);
}

static vtws_value *insert_new(vtws_array *a, vtws_key key, vtws_value val)
{
    if (a->count == UINT32_MAX - 1)
        return NULL;
    if (a->count == a->cap &&
        !vtws_array_reserve(a, a->cap ? (a->cap > UINT32_MAX / 2 ? UINT32_MAX - 1 : a->cap * 2) : 8))
        return NULL;
    vtws_bucket *b = &a->buckets[a->count++];
    b->key = key;
    b->val = val;
    if (val.type == VTWS_ARRAY && val.u.a->depth + 1 > a->depth)
        a->depth = val.u.a->depth + 1;
    a->expanded = vtws_add_sat(a->expanded, vtws_value_expanded(&val));
    if (!key.str && key.h >= a->next_free)
        a->next_free = key.h < INT64_MAX ? key.h + 1 : INT64_MAX;
    if (a->index_mask) {
        if ((uint64_t)a->count * 2 > (uint64_t)a->index_mask + 1) {
            if (!rebuild_index(a, a->count))
                return NULL;
        } else {
            uint32_t s = slot_of(key.h, a->index_mask);
            while (a->index[s])
                s = (s + 1) & a->index_mask;
            a->index[s] = a->count;
        }
    } else if (a->count > LINEAR_MAX && !rebuild_index(a, a->count)) {
        return NULL;
    }
    return &b->val;
}

vtws_value *vtws_array_update(vtws_array *a, vtws_key key, vtws_value val)
{
    vtws_value *slot = find_slot(a, &key);
    if (slot) {
        *slot = val;
        if (val.type == VTWS_ARRAY && val.u.a->depth + 1 > a->depth)
            a->depth = val.u.a->depth + 1;
        a->expanded = vtws_add_sat(a->expanded, vtws_value_expanded(&val));
        return slot;
    }
    return insert_new(a, key, val);
}

vtws_value *vtws_array_append(vtws_array *a, vtws_value val, int *full)
{
    *full = 0;
    int64_t h = a->next_free == VTWS_NEXT_FREE_UNSET ? 0 : a->next_free;
    vtws_key key = vtws_key_from_long(h);
    if (find_slot(a, &key)) { /* only possible once next_free saturated */
        *full = 1;
        return NULL;
    }
    return insert_new(a, key, val);
}

int vtws_array_add_if_absent(vtws_array *a, vtws_key key, vtws_value val)
{
    if (find_slot(a, &key))
        return 1;
    return insert_new(a, key, val) != NULL;
}

int vtws_array_reserve(vtws_array *a, uint32_t n)
{
    if (n <= a->cap)
        return 1;
    vtws_bucket *nb = vtws_arena_alloc(a->arena, (size_t)n * sizeof(vtws_bucket));
    if (!nb)
        return 0;
    if (a->count)
        memcpy(nb, a->buckets, (size_t)a->count * sizeof(vtws_bucket));
    a->buckets = nb;
    a->cap = n;
    return 1;
}

vtws_array *vtws_array_separate(vtws_array *a)
{
    if (a->refs <= 1)
        return a;
    vtws_array *c = vtws_array_new(a->arena, a->count);
    if (!c)
        return NULL;
    if (a->count)
        memcpy(c->buckets, a->buckets, (size_t)a->count * sizeof(vtws_bucket));
    c->count = a->count;
    c->next_free = a->next_free;
    c->depth = a->depth;
    c->expanded = a->expanded;
    for (uint32_t i = 0; i < c->count; i++)
        if (c->buckets[i].val.type == VTWS_ARRAY)
            c->buckets[i].val.u.a->refs++;
    if (c->count > LINEAR_MAX && !rebuild_index(c, c->count))
        return NULL;
    a->refs--;
    c->refs = 1;
    return c;
}

static int merge_into(vtws_array *r, const vtws_array *a)
{
    for (uint32_t j = 0; j < a->count; j++) {
        const vtws_bucket *b = &a->buckets[j];
        vtws_value v = vtws_value_share(b->val);
        int full;
        if (b->key.str ? !vtws_array_update(r, b->key, v) : !vtws_array_append(r, v, &full))
            return 0;
    }
    return 1;
}

vtws_array *vtws_array_merge(vtws_arena *arena, const vtws_array *a, const vtws_array *b)
{
    vtws_array *r = vtws_array_new(arena, (a ? a->count : 0) + (b ? b->count : 0));
    if (!r || (a && !merge_into(r, a)) || (b && !merge_into(r, b)))
        return NULL;
    return r;
}

/* ---- values -------------------------------------------------------------- */

vtws_value vtws_value_long(int64_t l)
{
    vtws_value v;
    v.type = VTWS_LONG;
    v.u.l = l;
    return v;
}

vtws_value vtws_value_array(vtws_array *a)
{
    vtws_value v;
    v.type = VTWS_ARRAY;
    v.u.a = a;
    a->refs++;
    return v;
}

vtws_value vtws_value_share(vtws_value v)
{
    if (v.type == VTWS_ARRAY)
        v.u.a->refs++;
    return v;
}

/* PHP's zend_gcvt with precision 14, as used by (string)$float:
 * up to 14 significant digits, fixed notation unless the decimal exponent is
 * below -4 or at least 15, exponent form like "1.0E+25". */
static size_t double_to_string(double d, char *buf)
{
    if (isnan(d))
        return (size_t)sprintf(buf, "NAN");
    if (isinf(d))
        return (size_t)sprintf(buf, d > 0 ? "INF" : "-INF");
    if (d == 0)
        return (size_t)sprintf(buf, signbit(d) ? "-0" : "0");

    char sci[40];
    snprintf(sci, sizeof(sci), "%.13e", d); /* correctly rounded 14 digits */
    const char *p = sci;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    char digits[16];
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    int exp10 = atoi(p + 1);
    int decpt = exp10 + 1; /* value = 0.DIGITS * 10^decpt */

    size_t n = 0;
    if (neg)
        buf[n++] = '-';
    if (decpt < 0 ? decpt < -3 : decpt > 14) {
        buf[n++] = digits[0];
        buf[n++] = '.';
        if (nd == 1) {
            buf[n++] = '0';
        } else {
            for (int i = 1; i < nd; i++)
                buf[n++] = digits[i];
        }
        n += (size_t)sprintf(buf + n, "E%c%d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    } else if (decpt <= 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -decpt; i++)
            buf[n++] = '0';
        for (int i = 0; i < nd; i++)
            buf[n++] = digits[i];
    } else {
        for (int i = 0; i < nd || i < decpt; i++) {
            if (i == decpt)
                buf[n++] = '.';
            buf[n++] = i < nd ? digits[i] : '0';
        }
    }
    buf[n] = '\0';
    return n;
}

int vtws_value_empty(const vtws_value *v)
{
    switch (v->type) {
    case VTWS_TRUE: return 0;
    case VTWS_LONG: return v->u.l == 0;
    case VTWS_DOUBLE: return v->u.d == 0.0;
    case VTWS_STRING: return v->u.s.len == 0 || (v->u.s.len == 1 && v->u.s.ptr[0] == '0');
    case VTWS_ARRAY: return v->u.a->count == 0;
    default: return 1;
    }
}

size_t vtws_value_scalar_to_string(const vtws_value *v, char *buf)
{
    switch (v->type) {
    case VTWS_TRUE:
        buf[0] = '1';
        return 1;
    case VTWS_LONG:
        return (size_t)sprintf(buf, "%lld", (long long)v->u.l);
    case VTWS_DOUBLE:
        return double_to_string(v->u.d, buf);
    case VTWS_ARRAY:
        memcpy(buf, "Array", 5);
        return 5;
    default:
        return 0; /* null, false; strings are not converted */
    }
}

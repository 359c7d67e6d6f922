/*
 * value — PHP values as the reader produces them: null, booleans, integers,
 * floats, byte strings and ordered arrays with PHP's semantics.
 *
 * An array keeps insertion order; a later write to an existing key replaces
 * the value in place; decimal-integer strings ("123", "-5", not "007" or "-0")
 * are integer keys; appends use PHP 8's next free index. Arrays are shared
 * between values and copied on write (vtws_array_separate), as PHP does.
 * All memory comes from the arena given at creation and dies with it.
 */
#ifndef VTWS_VALUE_H
#define VTWS_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef enum {
    VTWS_NULL,
    VTWS_FALSE,
    VTWS_TRUE,
    VTWS_LONG,
    VTWS_DOUBLE,
    VTWS_STRING,
    VTWS_ARRAY,
    VTWS_UNDEF /* internal: a variable seen but never assigned; never in results */
} vtws_type;

typedef struct vtws_array vtws_array;

typedef struct vtws_value {
    vtws_type type;
    union {
        int64_t l;
        double d;
        struct {
            const char *ptr; /* not NUL-terminated when borrowed from the input */
            size_t len;
        } s;
        vtws_array *a;
    } u;
} vtws_value;

typedef struct vtws_key {
    const char *str; /* NULL for an integer key */
    size_t len;
    int64_t h;       /* the integer, or the string's hash */
} vtws_key;

typedef struct vtws_bucket {
    vtws_key key;
    vtws_value val;
} vtws_bucket;

struct vtws_array {
    vtws_bucket *buckets; /* insertion order, no holes */
    uint32_t count;
    uint32_t cap;
    uint32_t *index;      /* open addressing: bucket number + 1, 0 = empty */
    uint32_t index_mask;  /* index size - 1, or 0 without an index */
    uint32_t refs;        /* values holding this array; > 1 means shared */
    uint32_t depth;       /* 1 + the deepest nested array (an upper bound) */
    uint64_t expanded;    /* elements here and in nested arrays, a shared one counted each
                             time it appears (an upper bound): what a walk of the value visits */
    int64_t next_free;    /* PHP's nNextFreeElement */
    vtws_arena *arena;
};

#define VTWS_NEXT_FREE_UNSET INT64_MIN

vtws_array *vtws_array_new(vtws_arena *arena, uint32_t size_hint);
/* Room for n elements' buckets, so that appends do not move them (the index still grows
 * as elements arrive); 0 on OOM. */
int vtws_array_reserve(vtws_array *a, uint32_t n);
/* A private copy when shared (refs > 1), else the array itself. NULL on OOM. */
vtws_array *vtws_array_separate(vtws_array *a);

/* a + b, at most UINT64_MAX. */
static inline uint64_t vtws_add_sat(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
/* What a value adds to its container's `expanded`. */
static inline uint64_t vtws_value_expanded(const struct vtws_value *v);

/* Key helpers. */
uint64_t vtws_hash_bytes(const char *s, size_t len);
/* PHP's ZEND_HANDLE_NUMERIC_STR: is this string an integer key? */
int vtws_string_is_int_key(const char *s, size_t len, int64_t *out);
vtws_key vtws_key_from_string(const char *s, size_t len);
vtws_key vtws_key_from_long(int64_t l);

/* Lookup; NULL when absent. */
vtws_value *vtws_array_find(const vtws_array *a, vtws_key key);
/* Insert or overwrite in place; returns the slot or NULL on OOM. */
vtws_value *vtws_array_update(vtws_array *a, vtws_key key, vtws_value val);
/* Append at the next free index. Returns NULL on OOM and sets *full when the
 * next index is already taken (PHP throws in that case). */
vtws_value *vtws_array_append(vtws_array *a, vtws_value val, int *full);
/* Keep the key on insert: add only when absent (the `+` operator). */
int vtws_array_add_if_absent(vtws_array *a, vtws_key key, vtws_value val);

/* PHP's array_merge() of two arrays into a new one: integer keys renumbered
 * from 0, string keys overwrite in place. NULL on OOM. */
vtws_array *vtws_array_merge(vtws_arena *arena, const vtws_array *a, const vtws_array *b);

/* Value helpers. A value holding an array counts as one of its refs. */
/* Inline: the reader's hot path (a plain 'key' => 'value' pair) makes two per element. */
static inline vtws_value vtws_value_string(const char *ptr, size_t len)
{
    vtws_value v;
    v.type = VTWS_STRING;
    v.u.s.ptr = ptr;
    v.u.s.len = len;
    return v;
}
static inline uint64_t vtws_value_expanded(const vtws_value *v)
{
    return v->type == VTWS_ARRAY ? vtws_add_sat(1, v->u.a->expanded) : 1;
}
vtws_value vtws_value_long(int64_t l);
vtws_value vtws_value_array(vtws_array *a);
/* Copy semantics of PHP's assignment: share arrays, bump their refs. */
vtws_value vtws_value_share(vtws_value v);

/* PHP's empty(): null, false, 0, 0.0, "", "0" and [] are empty. */
int vtws_value_empty(const vtws_value *v);

/* PHP's string conversion of a scalar (precision=14 for floats), written into
 * buf (at least 32 bytes). Arrays give "Array". Returns the length. */
size_t vtws_value_scalar_to_string(const vtws_value *v, char *buf);

#endif

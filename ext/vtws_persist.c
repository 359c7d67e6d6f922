#include "vtws_persist.h"
#include "php_vtws.h"

#include "keypool.h"

#define STR_SLOT(len) ZEND_MM_ALIGNED_SIZE(_ZSTR_STRUCT_SIZE(len))

/* The header of a string nobody counts references to nor frees (interned, persistent) whose
 * len bytes and NUL are in place. */
static void interned_header(zend_string *str, size_t len)
{
    GC_SET_REFCOUNT(str, 1);
    GC_TYPE_INFO(str) = VTWS_GC_STRING | ((IS_STR_INTERNED | IS_STR_PERSISTENT) << GC_FLAGS_SHIFT);
    ZSTR_LEN(str) = len;
    ZSTR_H(str) = 0;
    /* computed now: PHP takes an interned string's hash as known (zend_hash.c adds interned
     * keys without hashing them), and a translation may well become an array key */
    zend_string_hash_val(str);
}

static void make_interned(zend_string *str, const char *s, size_t len)
{
    memcpy(ZSTR_VAL(str), s, len);
    ZSTR_VAL(str)[len] = '\0';
    interned_header(str, len);
}

/* ---- the key pool ---------------------------------------------------------------------
 * Every language of a Vtiger install has the same keys, and every version of a file
 * mostly the same: one copy of each key per process (per thread under ZTS), shared by
 * all tables and kept until shutdown (core/keypool: found by the hash the reader already
 * computed). */

static zend_string *pooled_key(const vtws_key *key)
{
    if (!VTWS_G(key_pool))
        VTWS_G(key_pool) = vtws_keypool_new(_ZSTR_HEADER_SIZE);
    int made;
    zend_string *str = VTWS_G(key_pool) ? vtws_keypool_get(VTWS_G(key_pool), key->str, key->len, (uint64_t)key->h, &made)
                                        : NULL;
    if (!str)
        zend_error_noreturn(E_ERROR, "vtws: out of memory for the key pool");
    if (made)
        interned_header(str, key->len);
    return str;
}

size_t vtws_persist_pool_bytes(void)
{
    return VTWS_G(key_pool) ? vtws_keypool_bytes(VTWS_G(key_pool)) : 0;
}

void vtws_persist_pool_free(void)
{
    vtws_keypool_free(VTWS_G(key_pool));
    VTWS_G(key_pool) = NULL;
}

void vtws_persist_compact(HashTable *ht)
{
    /* Only the buckets in use: no insert ever follows (opcache does the same for its
     * immutable arrays). The hash part keeps its size: lookups stay one probe. */
    if (HT_FLAGS(ht) & HASH_FLAG_UNINITIALIZED || HT_IS_PACKED(ht) || ht->nNumUsed == ht->nTableSize)
        return;
    size_t used = HT_USED_SIZE(ht);
    void *data = pemalloc(used, 1);
    memcpy(data, HT_GET_DATA_ADDR(ht), used);
    pefree(HT_GET_DATA_ADDR(ht), 1);
    HT_SET_DATA_ADDR(ht, data);
}

size_t vtws_persist_size(const vtws_array *a)
{
    size_t n = 0;
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i]; /* (keys live in the key pool) */
        if (b->val.type == VTWS_STRING)
            n += STR_SLOT(b->val.u.s.len);
        else if (b->val.type == VTWS_ARRAY)
            n += vtws_persist_size(b->val.u.a);
    }
    return n;
}

static zend_string *persist_string(vtws_persist_block *blk, const char *s, size_t len)
{
    zend_string *str = (zend_string *)blk->cur;
    blk->cur += STR_SLOT(len);
    ZEND_ASSERT(blk->cur <= blk->end);
    make_interned(str, s, len);
    return str;
}

static void persist_value(const vtws_value *v, zval *out, vtws_persist_block *blk, size_t *bytes)
{
    switch (v->type) {
    case VTWS_FALSE: ZVAL_FALSE(out); break;
    case VTWS_TRUE: ZVAL_TRUE(out); break;
    case VTWS_LONG: ZVAL_LONG(out, (zend_long)v->u.l); break;
    case VTWS_DOUBLE: ZVAL_DOUBLE(out, v->u.d); break;
    case VTWS_STRING:
        ZVAL_INTERNED_STR(out, persist_string(blk, v->u.s.ptr, v->u.s.len));
        break;
    case VTWS_ARRAY:
        ZVAL_ARR(out, vtws_persist_array(v->u.a, blk, bytes));
        Z_TYPE_FLAGS_P(out) = 0; /* not refcounted */
        break;
    default: ZVAL_NULL(out); break;
    }
}

/* What zend_hash_real_init_mixed() makes for n elements, but with only the n buckets that
 * will be filled (no insert ever follows): no bigger block to fill and copy down, as
 * vtws_persist_compact() does for tables of unknown size. An empty one stays
 * uninitialized, as PHP leaves an empty array. */
static void persist_hash_init(HashTable *ht, uint32_t n)
{
    zend_hash_init(ht, n, NULL, NULL, 1);
    if (!n)
        return;
    ht->nTableMask = HT_SIZE_TO_MASK(ht->nTableSize);
    HT_SET_DATA_ADDR(ht, pemalloc(HT_HASH_SIZE(ht->nTableMask) + (size_t)n * sizeof(Bucket), 1));
    HT_FLAGS(ht) = HASH_FLAG_STATIC_KEYS;
    HT_HASH_RESET(ht);
}

HashTable *vtws_persist_array(const vtws_array *a, vtws_persist_block *blk, size_t *bytes)
{
    HashTable *ht = pemalloc(sizeof(HashTable), 1);
    persist_hash_init(ht, a->count);
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        zval v;
        persist_value(&b->val, &v, blk, bytes);
        if (b->key.str)
            zend_hash_add_new(ht, pooled_key(&b->key), &v);
        else
            zend_hash_index_add_new(ht, (zend_ulong)b->key.h, &v);
    }
    *bytes += sizeof(HashTable) + (HT_FLAGS(ht) & HASH_FLAG_UNINITIALIZED ? 0 : VTWS_HT_BYTES(ht));
    GC_SET_REFCOUNT(ht, 2);
    GC_ADD_FLAGS(ht, IS_ARRAY_IMMUTABLE);
    VTWS_SET_NOT_COLLECTABLE(ht);
    HT_FLAGS(ht) |= HASH_FLAG_STATIC_KEYS;
    return ht;
}

void vtws_persist_free(HashTable *ht)
{
    zval *v;
    ZEND_HASH_FOREACH_VAL(ht, v) {
        if (Z_TYPE_P(v) == IS_ARRAY)
            vtws_persist_free(Z_ARR_P(v));
    } ZEND_HASH_FOREACH_END();
    /* not zend_hash_destroy: the keys are not the table's to release */
    if (!(HT_FLAGS(ht) & HASH_FLAG_UNINITIALIZED))
        pefree(HT_GET_DATA_ADDR(ht), 1);
    pefree(ht, 1);
}

#include "vtws_persist.h"

#define STR_SLOT(len) ZEND_MM_ALIGNED_SIZE(_ZSTR_STRUCT_SIZE(len))

size_t vtws_persist_size(const vtws_array *a)
{
    size_t n = 0;
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        if (b->key.str)
            n += STR_SLOT(b->key.len);
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
    GC_SET_REFCOUNT(str, 1);
    /* interned: the engine never counts references to it nor frees it */
    GC_TYPE_INFO(str) = GC_STRING | ((IS_STR_INTERNED | IS_STR_PERSISTENT) << GC_FLAGS_SHIFT);
    ZSTR_LEN(str) = len;
    memcpy(ZSTR_VAL(str), s, len);
    ZSTR_VAL(str)[len] = '\0';
    ZSTR_H(str) = 0;
    zend_string_hash_val(str); /* computed now: nobody may write to shared strings later */
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

HashTable *vtws_persist_array(const vtws_array *a, vtws_persist_block *blk, size_t *bytes)
{
    HashTable *ht = pemalloc(sizeof(HashTable), 1);
    zend_hash_init(ht, a->count, NULL, NULL, 1);
    zend_hash_real_init_mixed(ht);
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        zval v;
        persist_value(&b->val, &v, blk, bytes);
        if (b->key.str)
            zend_hash_add_new(ht, persist_string(blk, b->key.str, b->key.len), &v);
        else
            zend_hash_index_add_new(ht, (zend_ulong)b->key.h, &v);
    }
    *bytes += sizeof(HashTable) + HT_SIZE(ht);
    GC_SET_REFCOUNT(ht, 2);
    GC_ADD_FLAGS(ht, IS_ARRAY_IMMUTABLE);
#if PHP_VERSION_ID >= 70300
    GC_ADD_FLAGS(ht, GC_NOT_COLLECTABLE);
#endif
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

#include "vtws_persist.h"

static zend_string *persist_string(const char *s, size_t len, size_t *bytes)
{
    zend_string *str = zend_string_init(s, len, 1);
    ZSTR_H(str) = zend_string_hash_val(str);
    /* interned: the engine never counts references to it nor frees it */
    GC_TYPE_INFO(str) = GC_STRING | ((IS_STR_INTERNED | IS_STR_PERSISTENT) << GC_FLAGS_SHIFT);
    *bytes += _ZSTR_STRUCT_SIZE(len);
    return str;
}

static void persist_value(const vtws_value *v, zval *out, size_t *bytes)
{
    switch (v->type) {
    case VTWS_FALSE: ZVAL_FALSE(out); break;
    case VTWS_TRUE: ZVAL_TRUE(out); break;
    case VTWS_LONG: ZVAL_LONG(out, (zend_long)v->u.l); break;
    case VTWS_DOUBLE: ZVAL_DOUBLE(out, v->u.d); break;
    case VTWS_STRING:
        ZVAL_INTERNED_STR(out, persist_string(v->u.s.ptr, v->u.s.len, bytes));
        break;
    case VTWS_ARRAY:
        ZVAL_ARR(out, vtws_persist_array(v->u.a, bytes));
        Z_TYPE_FLAGS_P(out) = 0; /* not refcounted */
        break;
    default: ZVAL_NULL(out); break;
    }
}

HashTable *vtws_persist_array(const vtws_array *a, size_t *bytes)
{
    HashTable *ht = pemalloc(sizeof(HashTable), 1);
    zend_hash_init(ht, a->count, NULL, NULL, 1);
    zend_hash_real_init_mixed(ht);
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        zval v;
        persist_value(&b->val, &v, bytes);
        if (b->key.str)
            zend_hash_add_new(ht, persist_string(b->key.str, b->key.len, bytes), &v);
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
    Bucket *p;
    ZEND_HASH_FOREACH_BUCKET(ht, p) {
        if (p->key)
            pefree(p->key, 1);
        if (Z_TYPE(p->val) == IS_STRING)
            pefree(Z_STR(p->val), 1);
        else if (Z_TYPE(p->val) == IS_ARRAY)
            vtws_persist_free(Z_ARR(p->val));
    } ZEND_HASH_FOREACH_END();
    /* not zend_hash_destroy: it would release the keys freed above */
    if (!(HT_FLAGS(ht) & HASH_FLAG_UNINITIALIZED))
        pefree(HT_GET_DATA_ADDR(ht), 1);
    pefree(ht, 1);
}

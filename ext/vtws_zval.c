#include "vtws_zval.h"

static void array_to_zval(const vtws_array *a, zval *out)
{
    array_init_size(out, a->count);
    HashTable *ht = Z_ARRVAL_P(out);
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        zval item;
        vtws_value_to_zval(&b->val, &item);
        if (b->key.str) /* already normalised by the core: never numeric */
            zend_hash_str_update(ht, b->key.str, b->key.len, &item);
        else
            zend_hash_index_update(ht, (zend_ulong)b->key.h, &item);
    }
}

void vtws_value_to_zval(const vtws_value *v, zval *out)
{
    switch (v->type) {
    case VTWS_FALSE:
        ZVAL_FALSE(out);
        break;
    case VTWS_TRUE:
        ZVAL_TRUE(out);
        break;
    case VTWS_LONG:
        ZVAL_LONG(out, (zend_long)v->u.l);
        break;
    case VTWS_DOUBLE:
        ZVAL_DOUBLE(out, v->u.d);
        break;
    case VTWS_STRING:
        ZVAL_STRINGL(out, v->u.s.ptr, v->u.s.len);
        break;
    case VTWS_ARRAY:
        array_to_zval(v->u.a, out);
        break;
    default:
        ZVAL_NULL(out);
        break;
    }
}

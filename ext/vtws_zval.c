#include "vtws_zval.h"

/* Arrays the core shares (copy-on-write) are converted once and shared in PHP
 * too, with a reference count, so a file cannot make the result explode. */
typedef struct conversion {
    HashTable seen; /* vtws_array* => zend_array* */
} conversion;

static void convert(conversion *c, const vtws_value *v, zval *out);

static void array_to_zval(conversion *c, const vtws_array *a, zval *out)
{
    zval *done = a->refs > 1 ? zend_hash_index_find(&c->seen, (zend_ulong)(uintptr_t)a) : NULL;
    if (done) {
        ZVAL_COPY(out, done);
        return;
    }
    array_init_size(out, a->count);
    HashTable *ht = Z_ARRVAL_P(out);
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        zval item;
        convert(c, &b->val, &item);
        /* the core's keys are already normalised (never numeric strings) and unique */
        if (b->key.str)
            zend_hash_str_add_new(ht, b->key.str, b->key.len, &item);
        else
            zend_hash_index_add_new(ht, (zend_ulong)b->key.h, &item);
    }
    if (a->refs > 1) {
        zval keep;
        ZVAL_COPY(&keep, out);
        zend_hash_index_add_new(&c->seen, (zend_ulong)(uintptr_t)a, &keep);
    }
}

static void convert(conversion *c, const vtws_value *v, zval *out)
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
        array_to_zval(c, v->u.a, out);
        break;
    default:
        ZVAL_NULL(out);
        break;
    }
}

void vtws_value_to_zval(const vtws_value *v, zval *out)
{
    conversion c;
    zend_hash_init(&c.seen, 8, NULL, ZVAL_PTR_DTOR, 0);
    convert(&c, v, out);
    zend_hash_destroy(&c.seen);
}

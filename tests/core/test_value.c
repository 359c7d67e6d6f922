/* PHP array and conversion semantics of core/value. Expected values are PHP 8's. */
#include <string.h>
#include <stdio.h>

#include "test_main.h"
#include "value.h"

static vtws_arena arena;

static void setup(void) { vtws_arena_init(&arena, 1024); }
static void teardown(void) { vtws_arena_destroy(&arena); }

static vtws_key skey(const char *s) { return vtws_key_from_string(s, strlen(s)); }

START_TEST(integer_like_strings_become_integer_keys)
{
    int64_t l;
    ck_assert(vtws_string_is_int_key("123", 3, &l) && l == 123);
    ck_assert(vtws_string_is_int_key("-5", 2, &l) && l == -5);
    ck_assert(vtws_string_is_int_key("0", 1, &l) && l == 0);
    ck_assert(vtws_string_is_int_key("9223372036854775807", 19, &l) && l == INT64_MAX);
    ck_assert(vtws_string_is_int_key("-9223372036854775808", 20, &l) && l == INT64_MIN);
    ck_assert(!vtws_string_is_int_key("007", 3, &l));
    ck_assert(!vtws_string_is_int_key("-0", 2, &l));
    ck_assert(!vtws_string_is_int_key("9223372036854775808", 19, &l));
    ck_assert(!vtws_string_is_int_key(" 1", 2, &l));
    ck_assert(!vtws_string_is_int_key("1.5", 3, &l));
    ck_assert(!vtws_string_is_int_key("", 0, &l));
    ck_assert(!vtws_string_is_int_key("-", 1, &l));
    ck_assert_ptr_null(skey("42").str);
    ck_assert_ptr_nonnull(skey("042").str);
}
END_TEST

START_TEST(duplicates_overwrite_in_place)
{
    vtws_array *a = vtws_array_new(&arena, 0);
    vtws_array_update(a, skey("A"), vtws_value_string("first", 5));
    vtws_array_update(a, skey("B"), vtws_value_string("b", 1));
    vtws_array_update(a, skey("A"), vtws_value_string("second", 6));
    ck_assert_uint_eq(a->count, 2);
    ck_assert_int_eq(memcmp(a->buckets[0].key.str, "A", 1), 0);
    ck_assert_int_eq(memcmp(a->buckets[0].val.u.s.ptr, "second", 6), 0);
}
END_TEST

START_TEST(append_follows_php8_next_index)
{
    vtws_array *a = vtws_array_new(&arena, 0);
    int full;
    vtws_array_append(a, vtws_value_long(1), &full);
    ck_assert(!a->buckets[0].key.str && a->buckets[0].key.h == 0);
    vtws_array *n = vtws_array_new(&arena, 0);
    vtws_array_update(n, vtws_key_from_long(-5), vtws_value_long(1));
    vtws_array_append(n, vtws_value_long(2), &full);
    ck_assert_int_eq(n->buckets[1].key.h, -4); /* PHP 8.2: [-5 => 1, 2] gives -4 */
    vtws_array *m = vtws_array_new(&arena, 0);
    vtws_array_update(m, vtws_key_from_long(INT64_MAX), vtws_value_long(1));
    ck_assert_ptr_null(vtws_array_append(m, vtws_value_long(2), &full));
    ck_assert_int_eq(full, 1);
}
END_TEST

START_TEST(many_keys_stay_findable)
{
    vtws_array *a = vtws_array_new(&arena, 0);
    char k[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(k, sizeof(k), "LBL_%d", i);
        char *dup = vtws_arena_strndup(&arena, k, strlen(k));
        vtws_array_update(a, skey(dup), vtws_value_long(i));
    }
    ck_assert_uint_eq(a->count, 5000);
    for (int i = 0; i < 5000; i += 7) {
        snprintf(k, sizeof(k), "LBL_%d", i);
        vtws_value *v = vtws_array_find(a, skey(k));
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(v->u.l, i);
    }
    ck_assert_ptr_null(vtws_array_find(a, skey("LBL_5000")));
}
END_TEST

START_TEST(shared_arrays_are_copied_on_write)
{
    vtws_array *a = vtws_array_new(&arena, 0);
    vtws_array_update(a, skey("x"), vtws_value_long(1));
    vtws_value held1 = vtws_value_array(a), held2 = vtws_value_share(held1);
    ck_assert_uint_eq(a->refs, 2);
    vtws_array *w = vtws_array_separate(held2.u.a);
    ck_assert_ptr_ne(w, a);
    vtws_array_update(w, skey("x"), vtws_value_long(2));
    ck_assert_int_eq(vtws_array_find(a, skey("x"))->u.l, 1);
    ck_assert_int_eq(vtws_array_find(w, skey("x"))->u.l, 2);
    ck_assert_ptr_eq(vtws_array_separate(held1.u.a), a); /* now the only holder */
}
END_TEST

static const char *str_of(vtws_value v, char *buf)
{
    size_t n = vtws_value_scalar_to_string(&v, buf);
    buf[n] = '\0';
    return buf;
}

static vtws_value dbl(double d)
{
    vtws_value v;
    v.type = VTWS_DOUBLE;
    v.u.d = d;
    return v;
}

START_TEST(floats_convert_like_php_precision_14)
{
    char b[48];
    ck_assert_str_eq(str_of(dbl(0.1 + 0.2), b), "0.3");
    ck_assert_str_eq(str_of(dbl(1e15), b), "1.0E+15");
    ck_assert_str_eq(str_of(dbl(1e14), b), "1.0E+14");
    ck_assert_str_eq(str_of(dbl(0.0001), b), "0.0001");
    ck_assert_str_eq(str_of(dbl(0.00001), b), "1.0E-5");
    ck_assert_str_eq(str_of(dbl(-0.0), b), "-0");
    ck_assert_str_eq(str_of(dbl(1.5), b), "1.5");
    ck_assert_str_eq(str_of(dbl(100.0), b), "100");
    ck_assert_str_eq(str_of(dbl(123456789012345.0), b), "1.2345678901234E+14");
    ck_assert_str_eq(str_of(dbl(-2.5e-7), b), "-2.5E-7");
    ck_assert_str_eq(str_of(vtws_value_long(-42), b), "-42");
    vtws_value t = {VTWS_TRUE, {0}}, f = {VTWS_FALSE, {0}}, n = {VTWS_NULL, {0}};
    ck_assert_str_eq(str_of(t, b), "1");
    ck_assert_str_eq(str_of(f, b), "");
    ck_assert_str_eq(str_of(n, b), "");
}
END_TEST

Suite *value_suite(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("arrays");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, integer_like_strings_become_integer_keys);
    tcase_add_test(tc, duplicates_overwrite_in_place);
    tcase_add_test(tc, append_follows_php8_next_index);
    tcase_add_test(tc, many_keys_stay_findable);
    tcase_add_test(tc, shared_arrays_are_copied_on_write);
    tcase_add_test(tc, floats_convert_like_php_precision_14);
    suite_add_tcase(s, tc);
    return s;
}

/* keypool: one object per distinct key, found again by the core's hash and the bytes,
 * with the host's header in front; collisions, growth and every allocation returned. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "keypool.h"
#include "value.h"
#include "test_main.h"

#define HEADER 24 /* a zend_string's, on 64-bit PHP */

static void *get(vtws_keypool *p, const char *s, int *made)
{
    vtws_key k = vtws_key_from_string(s, strlen(s));
    return vtws_keypool_get(p, s, strlen(s), (uint64_t)k.h, made);
}

START_TEST(a_key_is_made_once_with_its_bytes_after_the_header)
{
    vtws_keypool *p = vtws_keypool_new(HEADER);
    int made;
    char *a = get(p, "SINGLE_Contacts", &made);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(made, 1);
    ck_assert_uint_eq((uintptr_t)a % 8, 0);
    ck_assert_str_eq(a + HEADER, "SINGLE_Contacts"); /* NUL-terminated */
    memset(a, 0x5a, HEADER);                          /* the host's bytes: left alone */
    ck_assert_ptr_eq(get(p, "SINGLE_Contacts", &made), a);
    ck_assert_int_eq(made, 0);
    ck_assert_ptr_ne(get(p, "Contacts", &made), a);
    ck_assert_int_eq(made, 1);
    ck_assert_uint_eq(vtws_keypool_count(p), 2);
    ck_assert_uint_eq((unsigned char)a[0], 0x5a);
    ck_assert_str_eq(a + HEADER, "SINGLE_Contacts");
    vtws_keypool_free(p);
}
END_TEST

/* The hash only chooses where to look: keys that share one are still told apart by their
 * bytes, and a key's prefix or extension is another key. */
START_TEST(keys_with_one_hash_are_told_apart_by_their_bytes)
{
    vtws_keypool *p = vtws_keypool_new(HEADER);
    const char *keys[] = {"LBL_A", "LBL_B", "LBL_AB", "LBL_", "", "lbl_a"};
    void *objs[6];
    int made;
    for (int i = 0; i < 6; i++) {
        objs[i] = vtws_keypool_get(p, keys[i], strlen(keys[i]), 42, &made);
        ck_assert_int_eq(made, 1);
    }
    for (int i = 0; i < 6; i++) {
        ck_assert_ptr_eq(vtws_keypool_get(p, keys[i], strlen(keys[i]), 42, &made), objs[i]);
        ck_assert_int_eq(made, 0);
        ck_assert_str_eq((char *)objs[i] + HEADER, keys[i]);
    }
    ck_assert_uint_eq(vtws_keypool_count(p), 6);
    vtws_keypool_free(p);
}
END_TEST

START_TEST(objects_stay_put_while_the_pool_grows)
{
    vtws_keypool *p = vtws_keypool_new(HEADER);
    enum { N = 20000 };
    static void *objs[N];
    char key[32];
    int made;
    size_t before = vtws_keypool_bytes(p);
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof(key), "LBL_%d", i);
        objs[i] = get(p, key, &made);
        ck_assert_int_eq(made, 1);
    }
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof(key), "LBL_%d", i);
        ck_assert_ptr_eq(get(p, key, &made), objs[i]);
        ck_assert_int_eq(made, 0);
    }
    ck_assert_uint_eq(vtws_keypool_count(p), N);
    ck_assert_uint_gt(vtws_keypool_bytes(p), before + (size_t)N * (HEADER + 6));
    vtws_keypool_free(p);
}
END_TEST

START_TEST(every_allocation_is_given_back)
{
    test_count_allocations();
    vtws_keypool *p = vtws_keypool_new(HEADER);
    char key[32];
    int made;
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof(key), "K%d", i);
        ck_assert_ptr_nonnull(get(p, key, &made));
    }
    ck_assert_int_gt(test_live_blocks, 0);
    vtws_keypool_free(p);
    ck_assert_int_eq(test_live_blocks, 0);
    test_default_allocations();
}
END_TEST

Suite *keypool_suite(void)
{
    Suite *s = suite_create("keypool");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, a_key_is_made_once_with_its_bytes_after_the_header);
    tcase_add_test(tc, keys_with_one_hash_are_told_apart_by_their_bytes);
    tcase_add_test(tc, objects_stay_put_while_the_pool_grows);
    tcase_add_test(tc, every_allocation_is_given_back);
    suite_add_tcase(s, tc);
    return s;
}

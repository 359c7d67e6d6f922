/* digest: FNV-1a 64 must equal PHP's hash('fnv1a64'), which the handler files'
 * fallback uses for the same content versions. Expected values from PHP 8.2. */
#include <string.h>

#include "digest.h"
#include "test_main.h"

static const char *hex_of(const char *s, size_t len)
{
    static char out[17];
    vtws_digest_hex(vtws_fnv1a64(VTWS_FNV1A64_INIT, s, len), out);
    return out;
}

START_TEST(agrees_with_php_hash_fnv1a64)
{
    ck_assert_str_eq(hex_of("", 0), "cbf29ce484222325");
    ck_assert_str_eq(hex_of("hello", 5), "a430d84680aabd0b");
    ck_assert_str_eq(hex_of("Контакт\0x", 16), "7f6fdf52e7879e74");
}
END_TEST

START_TEST(continues_across_pieces)
{
    uint64_t h = vtws_fnv1a64(VTWS_FNV1A64_INIT, "hel", 3);
    h = vtws_fnv1a64(h, "lo", 2);
    ck_assert_uint_eq(h, vtws_fnv1a64(VTWS_FNV1A64_INIT, "hello", 5));
}
END_TEST

Suite *digest_suite(void)
{
    Suite *s = suite_create("digest");
    TCase *tc = tcase_create("fnv1a64");
    tcase_add_test(tc, agrees_with_php_hash_fnv1a64);
    tcase_add_test(tc, continues_across_pieces);
    suite_add_tcase(s, tc);
    return s;
}

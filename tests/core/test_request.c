/* Request checks (core/request): vtws_scan_label() against the two checks it fuses
 * (vtws_check_label() and memchr for '&'), on crafted and random labels of every length
 * around the eight-byte steps, ASCII and not, valid UTF-8 and not, NUL bytes included. */
#include <string.h>

#include "request.h"
#include "test_main.h"

static void agrees(const char *s, size_t len)
{
    int amp = -1;
    vtws_label_check got = vtws_scan_label(s, len, &amp);
    vtws_label_check want = vtws_check_label(s, len);
    ck_assert_int_eq(got, want);
    if (want == VTWS_LABEL_OK)
        ck_assert_int_eq(amp, memchr(s, '&', len) != NULL);
}

START_TEST(scan_label_as_the_separate_checks)
{
    static const char *const crafted[] = {"", "&", "a&", "LBL_SAVE", "LBL_SAVE&", "&LBL_SAVE", "LBL_TERMS_&amp;_X",
                                          "Контакт", "Контакт&", "\xff", "abcdefg\xff", "abcdefgh\xc3", "\xc3\x28",
                                          "abcdefghijklmno&", "abcdefghijklmnop", "&bcdefghijklmnop", "%26", "\x26\x26"};
    for (size_t i = 0; i < sizeof(crafted) / sizeof(crafted[0]); i++)
        agrees(crafted[i], strlen(crafted[i]));
    agrees("a\0&b", 4); /* a NUL byte does not end a label */
    static const unsigned char pool[] = {'a', 'Z', '_', '&', ' ', 0, 0x7f, 0xc3, 0xa9, 0xd0, 0x9a, 0xe2, 0x82, 0xac, 0xff, 0x80};
    unsigned r = 20261202;
    char buf[64];
    for (int n = 0; n < 200000; n++) {
        size_t len = (size_t)(n % 41);
        for (size_t k = 0; k < len; k++) {
            r = r * 1103515245u + 12345u;
            /* mostly ASCII letters, as labels are; the rest of the pool now and then */
            buf[k] = (char)((r >> 16) % 8 ? 'A' + (r >> 20) % 26 : pool[(r >> 24) % sizeof(pool)]);
        }
        agrees(buf, len);
    }
    char big[VTWS_MAX_LABEL_BYTES + 1];
    memset(big, 'x', sizeof(big));
    int amp = -1;
    ck_assert_int_eq(vtws_scan_label(big, sizeof(big), &amp), VTWS_LABEL_TOO_LONG);
    ck_assert_int_eq(vtws_scan_label(big, sizeof(big) - 1, &amp), VTWS_LABEL_OK);
}
END_TEST

Suite *request_suite(void)
{
    Suite *s = suite_create("request");
    TCase *tc = tcase_create("labels");
    tcase_add_test(tc, scan_label_as_the_separate_checks);
    suite_add_tcase(s, tc);
    return s;
}

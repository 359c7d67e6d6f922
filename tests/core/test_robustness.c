/* Whatever the bytes: no crash, no overrun (run under ASan), bounded work. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langfile.h"
#include "test_main.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Parse from an exact-size heap copy, so ASan sees any read past the end. */
static void parse_exact(const char *bytes, size_t len)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, bytes, len);
    vtws_langfile *lf = vtws_langfile_parse(copy, len, VTWS_LANGFILE_BORROW);
    ck_assert_ptr_nonnull(lf);
    vtws_langfile_free(lf);
    free(copy);
}

static int for_each_fixture(void (*fn)(const char *, size_t))
{
    const char *dirs[] = {VTWS_FIXTURES, VTWS_FIXTURES "/errors", VTWS_FIXTURES "/../../fuzz/regressions"};
    int n = 0;
    for (int d = 0; d < 3; d++) {
        DIR *dir = opendir(dirs[d]);
        ck_assert_ptr_nonnull(dir);
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t l = strlen(e->d_name);
            if (d < 2 ? (l < 5 || strcmp(e->d_name + l - 4, ".php") != 0) : (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0))
                continue;
            char path[1024];
            snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
            size_t len;
            char *buf = slurp(path, &len);
            fn(buf, len);
            free(buf);
            n++;
        }
        closedir(dir);
    }
    return n;
}

static void every_prefix(const char *buf, size_t len)
{
    for (size_t i = 0; i <= len; i++)
        parse_exact(buf, i);
}

START_TEST(every_prefix_of_every_fixture)
{
    ck_assert_int_gt(for_each_fixture(every_prefix), 20);
}
END_TEST

static unsigned rng = 12345;
static unsigned next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static void mutations(const char *buf, size_t len)
{
    static const char tokens[] = "'\"$\\{}[]()<>?;,.=+-#/*\n\r\t\x00\x01\xEF\xBB\xBF<<<EOT0xe";
    char *m = malloc(len + 64);
    for (int round = 0; round < 200; round++) {
        memcpy(m, buf, len);
        size_t n = len;
        for (int k = 1 + (int)(next_rand() % 4); k > 0 && n; k--) {
            size_t at = next_rand() % n;
            switch (next_rand() % 3) {
            case 0: m[at] = tokens[next_rand() % (sizeof(tokens) - 1)]; break;
            case 1: memmove(m + at, m + at + 1, n - at - 1); n--; break;
            default:
                if (n < len + 60) {
                    memmove(m + at + 1, m + at, n - at);
                    m[at] = tokens[next_rand() % (sizeof(tokens) - 1)];
                    n++;
                }
            }
        }
        parse_exact(m, n);
    }
    free(m);
}

START_TEST(random_mutations_of_every_fixture)
{
    for_each_fixture(mutations);
}
END_TEST

static vtws_langfile *parse_generated(const char *head, const char *unit, int times, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    size_t len = hl + ul * (size_t)times + tl;
    char *src = malloc(len);
    memcpy(src, head, hl);
    for (int i = 0; i < times; i++)
        memcpy(src + hl + ul * (size_t)i, unit, ul);
    memcpy(src + hl + ul * (size_t)times, tail, tl);
    vtws_langfile *lf = vtws_langfile_parse(src, len, 0);
    free(src);
    return lf;
}

static int has_message(const vtws_langfile *lf, const char *needle)
{
    for (size_t i = 0; i < lf->diags.count; i++)
        if (strstr(lf->diags.items[i].message, needle))
            return 1;
    return 0;
}

START_TEST(deep_nesting_is_refused_not_recursed)
{
    vtws_langfile *lf = parse_generated("<?php $a = ", "array(", 100000, "1);");
    ck_assert(has_message(lf, "nesting too deep"));
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = ", "- ", 100000, "1;");
    ck_assert(has_message(lf, "nesting too deep"));
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = ", "(", 100000, "1;");
    ck_assert(has_message(lf, "nesting too deep"));
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(doubling_is_bounded)
{
    vtws_langfile *lf = parse_generated("<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = $a . $a;", 40, "");
    ck_assert(has_message(lf, "longer than 64 MiB"));
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = [1];", "$a = array_merge($a, $a);", 40, "");
    ck_assert(has_message(lf, "more than 1000000 elements"));
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = [1];", "$a = [$a, $a];", 60, "");
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0); /* shared, not copied: cheap */
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = [];", "$a[] = $a;", 300, "");
    ck_assert(has_message(lf, "nested more than 256 levels"));
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(diagnostics_are_capped)
{
    vtws_langfile *lf = parse_generated("<?php ", "=>;", 50000, "");
    ck_assert_uint_le(lf->diags.count, VTWS_DIAG_MAX + 1);
    ck_assert(lf->diags.truncated);
    vtws_langfile_free(lf);
}
END_TEST

Suite *robustness_suite(void)
{
    Suite *s = suite_create("robustness");
    TCase *tc = tcase_create("hostile input");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_prefix_of_every_fixture);
    tcase_add_test(tc, random_mutations_of_every_fixture);
    tcase_add_test(tc, deep_nesting_is_refused_not_recursed);
    tcase_add_test(tc, doubling_is_bounded);
    tcase_add_test(tc, diagnostics_are_capped);
    suite_add_tcase(s, tc);
    return s;
}

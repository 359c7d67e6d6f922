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

static int in_regressions; /* the file for_each_fixture gives is a fuzz finding, not a fixture */

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
            in_regressions = d == 2;
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

/* Every byte the reader takes from the allocator while it parses, counted. */
static size_t counted_bytes;
static void *counting_malloc(size_t n)
{
    counted_bytes += n;
    return malloc(n);
}
static void *counting_realloc(void *p, size_t n)
{
    counted_bytes += n;
    return realloc(p, n);
}

/* Parse len bytes with the allocator counted: returns the result, *bytes what it took. */
static vtws_langfile *parse_counted(const char *src, size_t len, size_t *bytes)
{
    vtws_set_alloc_funcs(counting_malloc, counting_realloc, free);
    counted_bytes = 0;
    vtws_langfile *lf = vtws_langfile_parse(src, len, 0);
    *bytes = counted_bytes;
    vtws_set_alloc_funcs(NULL, NULL, NULL);
    return lf;
}

static vtws_langfile *generated_counted(const char *head, const char *unit, int times, size_t *len, size_t *bytes)
{
    size_t hl = strlen(head), ul = strlen(unit);
    *len = hl + ul * (size_t)times;
    char *src = malloc(*len);
    memcpy(src, head, hl);
    for (int i = 0; i < times; i++)
        memcpy(src + hl + ul * (size_t)i, unit, ul);
    vtws_langfile *lf = parse_counted(src, *len, bytes);
    free(src);
    return lf;
}

/* The limit's own slack: the result's struct, and the error message made after it. */
#define LIMIT_SLACK 4096

/* Files that grow a value fast, on each path the reader evaluates or skips: every one
 * stays within VTWS_LANGFILE_LIMIT, stops with one error that says where, and gives no
 * variables (they could miss parts). */
START_TEST(growing_values_stop_at_the_limit)
{
    static const struct {
        const char *head, *unit;
    } cases[] = {
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = $a . $a;"},
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a .= $a;"},
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = \"$a$a\";"},
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = \"{$a}{$a}\";"},
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = <<<EOT\n$a$a\nEOT;\n"},
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = array($a . $a)[0];"},
        {"<?php $a = [1, 2];", "$a = array_merge($a, $a);"},
        {"<?php $a = [1, 2];", "$a = [...$a, ...$a];"},
        /* arguments of a call the reader declines are still evaluated, quietly */
        {"<?php $a = 'xxxxxxxxxxxxxxxx';", "$a = f($a . $a) ?? $a . $a;"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len, bytes;
        vtws_langfile *lf = generated_counted(cases[i].head, cases[i].unit, 64, &len, &bytes);
        ck_assert_msg(bytes <= VTWS_LANGFILE_LIMIT(len) + LIMIT_SLACK, "case %zu: %zu bytes for %zu", i, bytes, len);
        if (lf->over_limit) {
            ck_assert_msg(has_message(lf, "reading stops"), "case %zu", i);
            ck_assert_uint_eq(lf->var_count, 0);
        } else {
            ck_assert_msg(vtws_langfile_error_count(lf) > 0, "case %zu: grew 2^64 times without an error", i);
        }
        vtws_langfile_free(lf);
    }
}
END_TEST

/* The worst inputs the fuzzer found, and the fixtures: within the limit, and no fixture
 * (real files among them) comes near it. */
static int over_limit_fixtures;
static void within_limit(const char *buf, size_t len)
{
    size_t bytes;
    vtws_langfile *lf = parse_counted(buf, len, &bytes);
    ck_assert_msg(bytes <= VTWS_LANGFILE_LIMIT(len) + LIMIT_SLACK, "%zu bytes for a file of %zu", bytes, len);
    over_limit_fixtures += lf->over_limit && !in_regressions;
    vtws_langfile_free(lf);
}

START_TEST(every_fixture_and_fuzz_finding_stays_within_the_limit)
{
    over_limit_fixtures = 0;
    ck_assert_int_gt(for_each_fixture(within_limit), 20);
    ck_assert_int_eq(over_limit_fixtures, 0);
    size_t len, bytes;
    char *src = slurp(VTWS_FIXTURES "/../../fuzz/regressions/langfile-oom-4043.php", &len);
    vtws_langfile *lf = parse_counted(src, len, &bytes);
    ck_assert_uint_le(bytes, 16u << 20); /* it took 4.6 GB */
    /* PHP: syntax error, unexpected heredoc start "<<<EOT" ... on line 3 */
    int line3 = 0;
    for (size_t i = 0; i < lf->diags.count; i++)
        line3 |= lf->diags.items[i].line == 3 && strstr(lf->diags.items[i].message, "unexpected heredoc start") != NULL;
    ck_assert(line3);
    vtws_langfile_free(lf);
    free(src);
}
END_TEST

START_TEST(doubling_is_bounded)
{
    vtws_langfile *lf = parse_generated("<?php $a = [1];", "$a = array_merge($a, $a);", 40, "");
    ck_assert(has_message(lf, "reading stops"));
    vtws_langfile_free(lf);
    /* shared, not copied: cheap to read, but whoever walks it (the persistent cache, JSON)
     * visits every copy */
    lf = parse_generated("<?php $a = [1];", "$a = [$a, $a];", 60, "");
    ck_assert(has_message(lf, "nested arrays counted each time"));
    const vtws_value *a = vtws_langfile_find(lf, "a");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_le(a->u.a->expanded, VTWS_LANGFILE_MAX_EXPANDED(15 + 60 * 14));
    vtws_langfile_free(lf);
    lf = parse_generated("<?php $a = [];", "$a = [$a];", 300, "");
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
    tcase_add_test(tc, growing_values_stop_at_the_limit);
    tcase_add_test(tc, every_fixture_and_fuzz_finding_stays_within_the_limit);
    tcase_add_test(tc, diagnostics_are_capped);
    suite_add_tcase(s, tc);
    return s;
}

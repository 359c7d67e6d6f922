/* The reader's API: values, diagnostics with positions, recovery, I/O, hooks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "langfile.h"
#include "test_main.h"

static vtws_langfile *parse(const char *src) { return vtws_langfile_parse(src, strlen(src), 0); }

/* src read as PHP version_id reads it (70400, 80000, ...) */
static vtws_langfile *parse_as(const char *src, int version_id)
{
    return vtws_langfile_parse(src, strlen(src), VTWS_LANGFILE_PHP(version_id));
}

/* The string a top-level variable holds, NUL-terminated; NULL when it is not a string. */
static const char *str_var(const vtws_langfile *lf, const char *name)
{
    static char buf[256];
    const vtws_value *v = vtws_langfile_find(lf, name);
    if (!v || v->type != VTWS_STRING)
        return NULL;
    snprintf(buf, sizeof(buf), "%.*s", (int)v->u.s.len, v->u.s.ptr);
    return buf;
}

static const char *sval(const vtws_value *arr, const char *key)
{
    static char buf[256];
    vtws_value *v = vtws_array_find(arr->u.a, vtws_key_from_string(key, strlen(key)));
    if (!v || v->type != VTWS_STRING)
        return NULL;
    snprintf(buf, sizeof(buf), "%.*s", (int)v->u.s.len, v->u.s.ptr);
    return buf;
}

static int has_diag(const vtws_langfile *lf, vtws_severity sev, int line, int col)
{
    for (size_t i = 0; i < lf->diags.count; i++)
        if (lf->diags.items[i].severity == sev && lf->diags.items[i].line == line &&
            (col == 0 || lf->diags.items[i].column == col))
            return 1;
    return 0;
}

START_TEST(reads_both_vtiger_arrays_in_order)
{
    vtws_langfile *lf = parse("<?php\n$languageStrings = array('SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты');\n"
                              "$jsLanguageStrings = ['JS_X' => \"x\\ty\"];\n");
    ck_assert_uint_eq(lf->var_count, 2);
    ck_assert_str_eq(lf->vars[0].name, "languageStrings");
    ck_assert_str_eq(lf->vars[1].name, "jsLanguageStrings");
    ck_assert_str_eq(sval(&lf->vars[0].value, "Contacts"), "Контакты");
    ck_assert_str_eq(sval(vtws_langfile_find(lf, "jsLanguageStrings"), "JS_X"), "x\ty");
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    ck_assert_uint_eq(lf->diags.count, 0);
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(an_error_in_an_element_loses_that_element_only)
{
    vtws_langfile *lf = parse("<?php\n$a = array(\n  'x' => FOO,\n  'y' => 'ok',\n  'z' => 'a' 'b',\n  'w' => 'last',\n);\n");
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 3, 10));
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 5, 14));
    const vtws_value *a = vtws_langfile_find(lf, "a");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(sval(a, "x"));
    ck_assert_str_eq(sval(a, "y"), "ok");
    ck_assert_str_eq(sval(a, "w"), "last");
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(a_broken_statement_is_skipped)
{
    vtws_langfile *lf = parse("<?php\n$a = 'one';\n$b = ;\ninclude 'x.php';\n$c = 'three';\n");
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 3, 6));
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 4, 1));
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "a"));
    ck_assert_ptr_null(vtws_langfile_find(lf, "b"));
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "c"));
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(text_outside_tags_and_bom_warn)
{
    vtws_langfile *lf = parse("\xEF\xBB\xBF<?php $a = 1; ?>\n\n");
    ck_assert_uint_eq(lf->output_bytes, 4); /* the BOM and the second newline */
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 1, 1));
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 2, 1));
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(undefined_variable_interpolates_as_empty_with_a_warning)
{
    vtws_langfile *lf = parse("<?php\n$a = array(\n 'x' => \"Ask $HELPDESK_SUPPORT_NAME now\");\n");
    ck_assert_str_eq(sval(vtws_langfile_find(lf, "a"), "x"), "Ask  now");
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 3, 14));
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(merge_renumbers_and_plus_keeps_first)
{
    vtws_langfile *lf = parse("<?php $a = array_merge(array(5 => 'x', 'k' => 'a'), array(5 => 'y', 'k' => 'b'));"
                              "$b = array('k' => 'first') + array('k' => 'second', 'n' => 'new');");
    const vtws_value *a = vtws_langfile_find(lf, "a"), *b = vtws_langfile_find(lf, "b");
    ck_assert_uint_eq(a->u.a->count, 3);
    ck_assert_int_eq(a->u.a->buckets[0].key.h, 0);
    ck_assert_int_eq(a->u.a->buckets[2].key.h, 1);
    ck_assert_str_eq(sval(a, "k"), "b");
    ck_assert_str_eq(sval(b, "k"), "first");
    ck_assert_str_eq(sval(b, "n"), "new");
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(borrowed_strings_point_into_the_input)
{
    static const char src[] = "<?php $a = array('k' => 'plain value');";
    vtws_langfile *lf = vtws_langfile_parse(src, sizeof(src) - 1, VTWS_LANGFILE_BORROW);
    const vtws_value *v = vtws_array_find(vtws_langfile_find(lf, "a")->u.a, vtws_key_from_string("k", 1));
    ck_assert(v->u.s.ptr > src && v->u.s.ptr < src + sizeof(src));
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(load_reports_a_missing_file_with_errno)
{
    errno = 0;
    ck_assert_ptr_null(vtws_langfile_load("/nonexistent/vtws/Contacts.php", 0));
    ck_assert_int_eq(errno, ENOENT);
    vtws_langfile *lf = vtws_langfile_load(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0);
    ck_assert_ptr_nonnull(lf);
    ck_assert_str_eq(sval(vtws_langfile_find(lf, "languageStrings"), "SINGLE_Contacts"), "Контакт");
    vtws_langfile_free(lf);
}
END_TEST

START_TEST(every_allocation_goes_through_the_hooks)
{
    test_count_allocations();
    vtws_langfile *lf = vtws_langfile_load(VTWS_FIXTURES "/strings-every-form.php", 0);
    ck_assert_ptr_nonnull(lf);
    ck_assert_int_gt(test_live_blocks, 0);
    vtws_langfile_free(lf);
    ck_assert_int_eq(test_live_blocks, 0);
    test_default_allocations();
}
END_TEST

/* A cold load reads a module's files one after the other: the second file must get the
 * pages of the first (no new block, not even for its bytes), and read the same values. */
START_TEST(a_pool_hands_the_memory_of_one_file_to_the_next)
{
    test_count_allocations();
    vtws_block_pool pool;
    vtws_block_pool_init(&pool, 1 << 20);
    vtws_langfile *lf = vtws_langfile_load_pooled(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0, &pool);
    ck_assert_ptr_nonnull(lf);
    vtws_langfile_free(lf);
    ck_assert_int_gt(pool.bytes, 0);
    ck_assert_int_gt(test_live_blocks, 0); /* kept, not freed */
    long before = test_mallocs;
    lf = vtws_langfile_load_pooled(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0, &pool);
    ck_assert_ptr_nonnull(lf);
    ck_assert_int_eq(test_mallocs - before, 1); /* the result's own struct only */
    ck_assert_int_eq(pool.bytes, 0);
    ck_assert_str_eq(sval(vtws_langfile_find(lf, "languageStrings"), "SINGLE_Contacts"), "Контакт");
    vtws_langfile_free(lf);
    vtws_block_pool_clear(&pool);
    ck_assert_int_eq(pool.bytes, 0);
    ck_assert_int_eq(test_live_blocks, 0);
    test_default_allocations();
}
END_TEST

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define TEST_ASAN 1
#endif
#endif

#ifdef TEST_ASAN
/* Under AddressSanitizer, a freed file's strings resting in the pool are poisoned as after
 * free(), so a read of them is reported; taken again, the block is usable. */
START_TEST(a_pooled_block_is_out_of_bounds_until_taken_again)
{
    vtws_block_pool pool;
    vtws_block_pool_init(&pool, 1 << 20);
    vtws_langfile *lf = vtws_langfile_load_pooled(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0, &pool);
    ck_assert_ptr_nonnull(lf);
    const vtws_value *ls = vtws_langfile_find(lf, "languageStrings");
    const char *label = vtws_array_find(ls->u.a, vtws_key_from_string("SINGLE_Contacts", 15))->u.s.ptr;
    ck_assert(!__asan_address_is_poisoned(label));
    vtws_langfile_free(lf);
    ck_assert(__asan_address_is_poisoned(label));
    lf = vtws_langfile_load_pooled(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0, &pool);
    ck_assert(!__asan_address_is_poisoned(label)); /* the same block, read again */
    vtws_langfile_free(lf);
    vtws_block_pool_clear(&pool);
}
END_TEST
#endif

START_TEST(a_pool_keeps_no_more_than_asked)
{
    test_count_allocations();
    vtws_block_pool pool;
    vtws_block_pool_init(&pool, 100);
    vtws_langfile *lf = vtws_langfile_load_pooled(VTWS_FIXTURES "/vtiger-contacts-ru.php", 0, &pool);
    ck_assert_ptr_nonnull(lf);
    vtws_langfile_free(lf);
    ck_assert_int_eq(pool.bytes, 0); /* every block is bigger than 100 bytes */
    ck_assert_int_eq(test_live_blocks, 0);
    test_default_allocations();
}
END_TEST

/* A file whose size is unknown to fstat (a pipe) or bigger than it said is read to its end. */
START_TEST(a_file_longer_than_its_size_is_read_to_the_end)
{
    char dir[] = "/tmp/vtws-fifo-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/Contacts.php", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) { /* the writer: 3,000 entries, about 60 KB */
        FILE *f = fopen(path, "w");
        fputs("<?php\n$languageStrings = array(\n", f);
        for (int i = 0; i < 3000; i++)
            fprintf(f, "    'LBL_%d' => 'Value number %d',\n", i, i);
        fputs(");\n", f);
        fclose(f);
        _exit(0);
    }
    vtws_block_pool pool;
    vtws_block_pool_init(&pool, 1 << 20);
    vtws_langfile *lf = vtws_langfile_load_pooled(path, 0, &pool);
    int status;
    waitpid(pid, &status, 0);
    unlink(path);
    rmdir(dir);
    ck_assert_ptr_nonnull(lf);
    ck_assert_int_eq(lf->diags.errors, 0);
    const vtws_value *ls = vtws_langfile_find(lf, "languageStrings");
    ck_assert_ptr_nonnull(ls);
    ck_assert_int_eq(ls->u.a->count, 3000);
    ck_assert_str_eq(sval(ls, "LBL_0"), "Value number 0");
    ck_assert_str_eq(sval(ls, "LBL_2999"), "Value number 2999");
    vtws_langfile_free(lf);
    vtws_block_pool_clear(&pool);
}
END_TEST

/* What PHP 8.0 and 8.1 do with 0o17 (checked with php-src 8.0.28 and 8.1.16): 8.1 reads the
 * octal 15; 8.0 fails with "syntax error, unexpected identifier "o17"" on that line. */
START_TEST(octal_0o_follows_the_php_version)
{
    const char *src = "<?php\n$a = array('x' => 0o17);\n$b = 'kept';\n";
    vtws_langfile *lf = vtws_langfile_parse(src, strlen(src), 0);
    const vtws_value *a = vtws_langfile_find(lf, "a");
    ck_assert_ptr_nonnull(a);
    const vtws_value *x = vtws_array_find(a->u.a, vtws_key_from_string("x", 1));
    ck_assert_int_eq(x->type, VTWS_LONG);
    ck_assert_int_eq(x->u.l, 15);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    vtws_langfile_free(lf);

    lf = parse_as(src, 80000);
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 2, 0));
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "b")); /* the rest is still read */
    vtws_langfile_free(lf);

    lf = parse_as(src, 80100);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    vtws_langfile_free(lf);
}
END_TEST

static int has_message(const vtws_langfile *lf, const char *prefix)
{
    for (size_t i = 0; i < lf->diags.count; i++)
        if (strncmp(lf->diags.items[i].message, prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

/* Texts and cases as php-src 7.4.33, 8.0.28 and 8.1.16 builds print them for this file. */
START_TEST(warnings_follow_the_php_version)
{
    const char *src = "<?php\n$a = $x;\n$b = array(1.5 => 'x');\n$c = \"${a}\";\n$d = array();\n$e = $d['k'];\n";
    struct {
        int version;
        const char *undefined_var, *undefined_key;
        int implicit, dollar_brace;
    } cases[] = {
        {70400, "Undefined variable: x", "Undefined index: k", 0, 0},
        {80000, "Undefined variable $x", "Undefined array key \"k\"", 0, 0},
        {80100, "Undefined variable $x", "Undefined array key \"k\"", 1, 0},
        {80200, "Undefined variable $x", "Undefined array key \"k\"", 1, 1},
        {0, "Undefined variable $x", "Undefined array key \"k\"", 1, 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        vtws_langfile *lf = parse_as(src, cases[i].version);
        ck_assert_msg(has_message(lf, cases[i].undefined_var), "PHP %d: %s", cases[i].version, cases[i].undefined_var);
        ck_assert_msg(has_message(lf, cases[i].undefined_key), "PHP %d: %s", cases[i].version, cases[i].undefined_key);
        ck_assert_int_eq(has_message(lf, "Implicit conversion from float 1.5"), cases[i].implicit);
        ck_assert_int_eq(has_message(lf, "Using ${var} in strings is deprecated"), cases[i].dollar_brace);
        ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
        vtws_langfile_free(lf);
    }
}
END_TEST

/* What PHP 7.4.33 reads where PHP 8 stops (each checked with that build): an undefined
 * constant is its own name, array_merge() of a non-array warns and gives null, "#[" is a
 * comment, a control character and an unterminated comment only warn. */
START_TEST(php7_reads_what_php8_refuses)
{
    const char *src = "<?php\n#[Attribute]\n$a = array('x' => LBL_FOO);\n$b = array_merge(array(1), 'x');\n"
                      "$c = 1;\x01\n$d = \"\\400\";\n/* open";
    vtws_langfile *lf = parse_as(src, 70400);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    ck_assert_str_eq(sval(vtws_langfile_find(lf, "a"), "x"), "LBL_FOO");
    ck_assert_int_eq(vtws_langfile_find(lf, "b")->type, VTWS_NULL);
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "c"));
    ck_assert(has_message(lf, "Use of undefined constant LBL_FOO - assumed 'LBL_FOO'"));
    ck_assert(has_message(lf, "array_merge(): Expected parameter 2 to be an array, string given"));
    ck_assert(has_message(lf, "Unexpected character in input:"));
    ck_assert(has_message(lf, "Octal escape sequence overflow \\400 is greater than \\377"));
    ck_assert(has_message(lf, "Unterminated comment starting line 7"));
    vtws_langfile_free(lf);

    lf = parse_as(src, 80000); /* PHP 8: errors */
    ck_assert_uint_gt(vtws_langfile_error_count(lf), 3);
    ck_assert(has_message(lf, "Octal escape sequence overflow \\400 is greater than \\377"));
    vtws_langfile_free(lf);
}
END_TEST

/* Arithmetic on strings as php-src 7.4.33 and 8.x do it (see numeric_string()). */
START_TEST(arithmetic_on_strings_follows_the_php_version)
{
    const char *src = "<?php\n$a = '5' + '3';\n$b = ' 5' + '1e3';\n$c = '5 apples' + 1;\n$d = '-5.' + 1;\n"
                      "$e = 'a' + 'b';\n$f = 2;\n";
    vtws_langfile *lf = parse_as(src, 80000);
    ck_assert_int_eq(vtws_langfile_find(lf, "a")->u.l, 8);
    ck_assert_int_eq(vtws_langfile_find(lf, "b")->type, VTWS_DOUBLE);
    ck_assert(vtws_langfile_find(lf, "b")->u.d == 1005.0);
    ck_assert_int_eq(vtws_langfile_find(lf, "c")->u.l, 6);
    ck_assert(vtws_langfile_find(lf, "d")->type == VTWS_DOUBLE && vtws_langfile_find(lf, "d")->u.d == -4.0);
    ck_assert(has_message(lf, "A non-numeric value encountered"));   /* '5 apples', PHP 8 */
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 6, 0));                  /* 'a' + 'b': TypeError */
    ck_assert_ptr_null(vtws_langfile_find(lf, "e"));
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "f"));
    vtws_langfile_free(lf);

    lf = parse_as(src, 70400);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    ck_assert_int_eq(vtws_langfile_find(lf, "c")->u.l, 6);
    ck_assert(has_message(lf, "A non well formed numeric value encountered")); /* '5 apples', PHP 7 */
    ck_assert_int_eq(vtws_langfile_find(lf, "e")->u.l, 0);                      /* 'a' + 'b' = 0 */
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 6, 0));
    vtws_langfile_free(lf);

    /* a numeric string longer than any buffer: '0.' 600 zeros '1e600' + 0 is 0.1 (PHP 8.2) */
    char big[700];
    snprintf(big, sizeof(big), "<?php\n$a = '0.%0600d1e600' + 0;\n", 0);
    lf = parse_as(big, 80000);
    ck_assert_int_eq(vtws_langfile_find(lf, "a")->type, VTWS_DOUBLE);
    ck_assert_double_eq_tol(vtws_langfile_find(lf, "a")->u.d, 0.1, 1e-15);
    vtws_langfile_free(lf);
}
END_TEST

/* Where PHP 7.4.33 gives the same file other values (each checked with that build):
 * arrays count on from 0 past negative keys, '.' and '+' share a precedence, a full
 * array drops an appended element with a warning, a string offset is cast with one. */
START_TEST(php7_values_differ_from_php8)
{
    const char *src = "<?php\n$a = array(-5 => 'x', 'y');\n$b = 'n' . 1 + 2;\n"
                      "$c = array(9223372036854775807 => 'max', 'no room');\n$s = 'abc';\n"
                      "$d = $s['x'];\n$e = $s['1x'];\n$f = 1;\n$g = $s['1e30'];\n";
    vtws_langfile *lf = parse_as(src, 70400);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    const vtws_value *a = vtws_langfile_find(lf, "a");
    ck_assert_uint_eq(a->u.a->count, 2);
    ck_assert_int_eq(a->u.a->buckets[1].key.h, 0);
    ck_assert_int_eq(vtws_langfile_find(lf, "b")->u.l, 2);        /* ('n' . 1) + 2 */
    ck_assert(has_message(lf, "The behavior of unparenthesized expressions containing both '.' and '+'/'-'"));
    ck_assert_uint_eq(vtws_langfile_find(lf, "c")->u.a->count, 1);
    ck_assert(has_message(lf, "Cannot add element to the array as the next element is already occupied"));
    ck_assert_str_eq(str_var(lf, "d"), "a");
    ck_assert(has_message(lf, "Illegal string offset 'x'"));
    ck_assert_str_eq(str_var(lf, "e"), "b");
    ck_assert(has_message(lf, "A non well formed numeric value encountered"));
    ck_assert_str_eq(str_var(lf, "g"), ""); /* capped at PHP_INT_MAX: past the end */
    vtws_langfile_free(lf);

    lf = parse_as(src, 80000); /* PHP 8 */
    a = vtws_langfile_find(lf, "a");
    ck_assert_int_eq(a->u.a->buckets[1].key.h, -4);
    ck_assert_str_eq(str_var(lf, "b"), "n3");                      /* 'n' . (1 + 2) */
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 4, 0));                 /* the full array: an Error */
    ck_assert(has_diag(lf, VTWS_DIAG_ERROR, 6, 0));                 /* $s['x']: an Error */
    ck_assert_ptr_nonnull(vtws_langfile_find(lf, "f"));
    vtws_langfile_free(lf);
}
END_TEST

/* The key an element appended after a negative one gets (read off PHP 8.2.33 and 8.4.27):
 * until 8.3 an empty literal, and what keeps its counter, count from 0. */
static int64_t last_key(const vtws_langfile *lf, const char *name)
{
    const vtws_value *v = vtws_langfile_find(lf, name);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, VTWS_ARRAY);
    return v->u.a->buckets[v->u.a->count - 1].key.h;
}

START_TEST(appending_after_a_negative_key_follows_the_php_version)
{
    const char *src = "<?php\n$a = []; $a[-3] = 1; $a[] = 2;\n$b[-3] = 1; $b[] = 2;\n"
                      "$c = array_merge([], []); $c[-3] = 1; $c[] = 2;\n"
                      "$d = array_merge([]); $d[-3] = 1; $d[] = 2;\n"
                      "$e = [] + [-5 => 1]; $e[] = 2;\n$f = ['k' => 1]; $f[-3] = 1; $f[] = 2;\n";
    static const struct {
        int php;
        int64_t a, b, c, d, e, f;
    } want[] = {{70400, 0, 0, 0, 0, 0, 0}, {80200, 0, -2, 0, -2, 0, -2}, {80300, -2, -2, -2, -2, -4, -2}};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        vtws_langfile *lf = parse_as(src, want[i].php);
        ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
        ck_assert_int_eq(last_key(lf, "a"), want[i].a);
        ck_assert_int_eq(last_key(lf, "b"), want[i].b);
        ck_assert_int_eq(last_key(lf, "c"), want[i].c);
        ck_assert_int_eq(last_key(lf, "d"), want[i].d);
        ck_assert_int_eq(last_key(lf, "e"), want[i].e);
        ck_assert_int_eq(last_key(lf, "f"), want[i].f);
        vtws_langfile_free(lf);
    }
}
END_TEST

/* PHP 8.5 deprecates null as an offset, in a literal's key and in a read (8.5.7's texts). */
START_TEST(a_null_offset_is_deprecated_from_php_8_5)
{
    const char *src = "<?php\n$a = array(\n    null => 'x',\n);\n$b = $a[null];\n";
    vtws_langfile *lf = parse_as(src, 80500);
    ck_assert_uint_eq(vtws_langfile_error_count(lf), 0);
    ck_assert_str_eq(str_var(lf, "b"), "x");
    ck_assert(has_message(lf, "Using null as an array offset is deprecated, use an empty string instead"));
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 3, 5));
    ck_assert(has_diag(lf, VTWS_DIAG_WARNING, 5, 0));
    vtws_langfile_free(lf);
    lf = parse_as(src, 80400);
    ck_assert_uint_eq(lf->diags.count, 0);
    ck_assert_str_eq(str_var(lf, "b"), "x");
    vtws_langfile_free(lf);
}
END_TEST

/* PHP 7.4 folds `array + scalar` of constant operands while compiling the outermost array
 * literal, and dates the fatal error by that literal (its first element's value, at its
 * leftmost operand); PHP 8 leaves it to run time, at the operator's line. An array_merge()
 * warning is dated by its last argument on 7.4. Lines read off PHP 7.4.33 and 8.2. */
START_TEST(php7_dates_folded_errors_as_php7_does)
{
    static const struct {
        const char *src;
        int line74, line8;
    } cases[] = {
        {"<?php\n$a = array(\n  array(\n  ),\n  array(1) + 2);\n", 4, 5},        /* empty literal: its closer */
        {"<?php\n$a = [\n  [\n    [5,\n     6],\n   ],\n  array(1) + 2];\n", 4, 7}, /* nested first values */
        {"<?php\n$a = array(\n  array_merge(\n  array(1),\n  array(array(2) + 3)));\n", 5, 5}, /* inside a call */
        {"<?php\n$a = array(\"k\"\n  =>\n  -\n  5, array(1) - 2);\n", 5, 5},       /* a unary minus: its operand */
        {"<?php\n$a = array(\n  (\n  7), array(1) + 2);\n", 4, 4},                /* parentheses */
        {"<?php\n$a = array(\n  'a' =>\n<<<'TXT'\nx\nTXT\n, 'b' => array(1) + 3);\n", 5, 7}, /* a nowdoc: its body */
        {"<?php\n$a = array(\n  1 => $x,\n  2 => array(1) + $y);\n", 4, 4},       /* not constant: run time */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        vtws_langfile *lf = parse_as(cases[i].src, 70400);
        ck_assert_msg(has_diag(lf, VTWS_DIAG_ERROR, cases[i].line74, 0), "case %zu on 7.4", i);
        ck_assert_uint_eq(vtws_langfile_error_count(lf), 1);
        vtws_langfile_free(lf);
        lf = parse_as(cases[i].src, 80200);
        ck_assert_msg(has_diag(lf, VTWS_DIAG_ERROR, cases[i].line8, 0), "case %zu on 8.2", i);
        vtws_langfile_free(lf);
    }
    static const struct {
        const char *src;
        int line;
    } merges[] = {
        {"<?php\n$a = array_merge(\n  [],\n  'x'\n  \n);\n", 4},
        {"<?php\n$a = array_merge(\n  'x',\n  [\n  ]);\n", 5},
        {"<?php\n$a = array_merge('x', [1,\n 2]);\n", 2},
        {"<?php\n$a = array_merge('x', [\n 1], $u\n);\n", 3},
    };
    for (size_t i = 0; i < sizeof(merges) / sizeof(merges[0]); i++) {
        vtws_langfile *lf = parse_as(merges[i].src, 70400);
        ck_assert_msg(has_diag(lf, VTWS_DIAG_WARNING, merges[i].line, 0), "array_merge case %zu on 7.4", i);
        ck_assert(has_message(lf, "array_merge(): Expected parameter"));
        vtws_langfile_free(lf);
    }
}
END_TEST

Suite *langfile_suite(void)
{
    Suite *s = suite_create("langfile");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, reads_both_vtiger_arrays_in_order);
    tcase_add_test(tc, an_error_in_an_element_loses_that_element_only);
    tcase_add_test(tc, a_broken_statement_is_skipped);
    tcase_add_test(tc, text_outside_tags_and_bom_warn);
    tcase_add_test(tc, undefined_variable_interpolates_as_empty_with_a_warning);
    tcase_add_test(tc, merge_renumbers_and_plus_keeps_first);
    tcase_add_test(tc, borrowed_strings_point_into_the_input);
    tcase_add_test(tc, load_reports_a_missing_file_with_errno);
    tcase_add_test(tc, every_allocation_goes_through_the_hooks);
    tcase_add_test(tc, a_pool_hands_the_memory_of_one_file_to_the_next);
    tcase_add_test(tc, a_pool_keeps_no_more_than_asked);
#ifdef TEST_ASAN
    tcase_add_test(tc, a_pooled_block_is_out_of_bounds_until_taken_again);
#endif
    tcase_add_test(tc, a_file_longer_than_its_size_is_read_to_the_end);
    tcase_add_test(tc, octal_0o_follows_the_php_version);
    tcase_add_test(tc, warnings_follow_the_php_version);
    tcase_add_test(tc, php7_reads_what_php8_refuses);
    tcase_add_test(tc, arithmetic_on_strings_follows_the_php_version);
    tcase_add_test(tc, php7_values_differ_from_php8);
    tcase_add_test(tc, php7_dates_folded_errors_as_php7_does);
    tcase_add_test(tc, appending_after_a_negative_key_follows_the_php_version);
    tcase_add_test(tc, a_null_offset_is_deprecated_from_php_8_5);
    suite_add_tcase(s, tc);
    return s;
}

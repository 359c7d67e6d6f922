#include <stdlib.h>

#include "alloc.h"
#include "client.h"
#include "test_main.h"

long test_live_blocks, test_mallocs;

static void *count_malloc(size_t n)
{
    test_live_blocks++;
    test_mallocs++;
    return malloc(n);
}

static void *count_realloc(void *p, size_t n)
{
    if (!p)
        test_live_blocks++, test_mallocs++;
    return realloc(p, n);
}

static void count_free(void *p)
{
    if (p)
        test_live_blocks--;
    free(p);
}

void test_count_allocations(void)
{
    test_live_blocks = test_mallocs = 0;
    vtws_set_alloc_funcs(count_malloc, count_realloc, count_free);
}

void test_default_allocations(void) { vtws_set_alloc_funcs(NULL, NULL, NULL); }

int main(void)
{
    SRunner *sr = srunner_create(value_suite());
    srunner_add_suite(sr, langfile_suite());
    srunner_add_suite(sr, robustness_suite());
    srunner_add_suite(sr, catalog_suite());
    srunner_add_suite(sr, catalog_host_suite());
    srunner_add_suite(sr, registry_suite());
    srunner_add_suite(sr, client_suite());
    srunner_add_suite(sr, digest_suite());
    srunner_add_suite(sr, keypool_suite());
    srunner_add_suite(sr, request_suite());
    srunner_add_suite(sr, shstore_suite());
    srunner_add_suite(sr, shtable_suite());
    vtws_client_global_init();
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

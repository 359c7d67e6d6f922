/* Shared declarations of the core unit suites (check). */
#ifndef VTWS_TEST_MAIN_H
#define VTWS_TEST_MAIN_H

#include <check.h>

Suite *value_suite(void);
Suite *langfile_suite(void);
Suite *robustness_suite(void);
Suite *catalog_suite(void);
Suite *catalog_host_suite(void);
Suite *registry_suite(void);
Suite *client_suite(void);
Suite *digest_suite(void);
Suite *keypool_suite(void);
Suite *request_suite(void);
Suite *shstore_suite(void);
Suite *shtable_suite(void);

/* A counting allocator for the core's hooks (vtws_set_alloc_funcs): the blocks alive and the
 * mallocs made since it was installed. */
extern long test_live_blocks, test_mallocs;
void test_count_allocations(void);   /* install it, counters at 0 */
void test_default_allocations(void); /* the C library's again */

#endif

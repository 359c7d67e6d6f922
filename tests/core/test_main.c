#include <stdlib.h>

#include "client.h"
#include "test_main.h"

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
    vtws_client_global_init();
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

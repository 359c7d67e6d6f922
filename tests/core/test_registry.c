/* Operation rules (core/registry): validation, plan, and signature fit, with
 * Vtiger's own registrations (contract §2) as the cases. */
#include <stdio.h>
#include <string.h>

#include "registry.h"
#include "test_main.h"

static char problems[32][512];
static size_t nproblems;

static void collect(void *ctx, size_t op, const char *message)
{
    (void)ctx;
    if (nproblems < 32)
        snprintf(problems[nproblems++], 512, "%zu: %s", op, message);
}

static int has(const char *needle)
{
    for (size_t i = 0; i < nproblems; i++)
        if (strstr(problems[i], needle))
            return 1;
    return 0;
}

static const vtws_op_param GT_PARAMS[] = {{"totranslate", "encoded", 1}, {"language", "string", 2}, {"module", "string", 3}};
static const vtws_operation GETTRANSLATION = {0, "gettranslation", "include/Webservices/GetTranslation.php",
                                               "vtws_gettranslation", "POST", 0, GT_PARAMS, 3};

START_TEST(a_good_definition_passes)
{
    nproblems = 0;
    ck_assert_uint_eq(vtws_registry_validate(&GETTRANSLATION, 1, collect, NULL), 0);
}
END_TEST

START_TEST(every_rule_has_its_message)
{
    static const vtws_op_param bad_params[] = {{"user", "string", 1}, {"9lives", "string", 2}, {"a", "text", 3},
                                               {"A", "string", 4}};
    vtws_operation ops[] = {
        {0, "bad name!", "../outside.php", "not a function()", "PUT", 2, bad_params, 4},
        {0, "GetTranslation", "/abs/path.php", "Ns\\ok_fn", "get", 0, NULL, 0},
        {0, "gettranslation", "include/x.txt", "f", "POST", 0, NULL, 0},
    };
    nproblems = 0;
    size_t n = vtws_registry_validate(ops, 3, collect, NULL);
    ck_assert_uint_ge(n, 10);
    ck_assert(has("0: name may only have letters, digits and _"));
    ck_assert(has("0: type must be GET or POST"));
    ck_assert(has("0: prelogin must be 0 or 1"));
    ck_assert(has("0: handler_path must stay inside the Vtiger root"));
    ck_assert(has("0: handler_method is not a PHP function name"));
    ck_assert(has("0: parameter 1: \"user\" is passed by Vtiger itself"));
    ck_assert(has("0: parameter 2: the name is not a PHP variable name"));
    ck_assert(has("0: parameter a: type must be string"));
    ck_assert(has("0: parameter A appears twice"));
    ck_assert(has("1: handler_path must be relative"));
    ck_assert(!has("1: type must be")); /* any case */
    ck_assert(!has("1: handler_method"));  /* namespaced is fine */
    ck_assert(has("2: name gettranslation is also the name of operation 2"));
    ck_assert(has("2: handler_path must end in .php"));
}
END_TEST

/* the tutorial's registration as stored: three parameters, all sequence 1 */
static const vtws_op_param TUTORIAL_PARAMS[] = {{"language", "string", 1}, {"module", "string", 1}, {"totranslate", "encoded", 1}};
static const vtws_operation TUTORIAL = {39, "gettranslation", "include/Webservices/GetTranslation.php",
                                        "vtws_gettranslation", "POST", 0, TUTORIAL_PARAMS, 3};

START_TEST(plan_of_the_tutorials_rows)
{
    vtws_change ch[8];
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, NULL, 0, ch, 8), 1);
    ck_assert_int_eq(ch[0].kind, VTWS_CHANGE_INSERT);
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, &TUTORIAL, 1, ch, 8), 1);
    ck_assert_int_eq(ch[0].kind, VTWS_CHANGE_PARAMETERS);
    ck_assert_int_eq(ch[0].id, 39);
}
END_TEST

START_TEST(plan_is_empty_in_sync_and_minimal_otherwise)
{
    vtws_operation stored = GETTRANSLATION;
    stored.id = 40;
    vtws_change ch[8];
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, &stored, 1, ch, 8), 0);

    stored.handler_method = "old_fn";
    stored.prelogin = 1;
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, &stored, 1, ch, 8), 1);
    ck_assert_int_eq(ch[0].kind, VTWS_CHANGE_UPDATE);
    ck_assert_uint_eq(ch[0].fields, VTWS_FIELD_HANDLER_METHOD | VTWS_FIELD_PRELOGIN);

    /* a duplicate row of the same name (no unique key in the installed table) */
    vtws_operation two[2] = {GETTRANSLATION, GETTRANSLATION};
    two[0].id = 50;
    two[1].id = 41;
    two[1].name = "GetTranslation";
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, two, 2, ch, 8), 2);
    ck_assert_int_eq(ch[0].kind, VTWS_CHANGE_DELETE);
    ck_assert_int_eq(ch[0].id, 50);
    ck_assert_int_eq(ch[1].kind, VTWS_CHANGE_UPDATE);
    ck_assert_int_eq(ch[1].id, 41);
    ck_assert_uint_eq(ch[1].fields, VTWS_FIELD_NAME);

    /* other operations are never touched */
    vtws_operation other = {7, "query", "include/Webservices/Query.php", "vtws_query", "GET", 0, NULL, 0};
    ck_assert_uint_eq(vtws_registry_plan(&GETTRANSLATION, 1, &other, 1, ch, 8), 1);
    ck_assert_int_eq(ch[0].kind, VTWS_CHANGE_INSERT);
}
END_TEST

static size_t named(const vtws_operation *op, const vtws_signature *sig)
{
    nproblems = 0;
    return vtws_registry_check_named(op, sig, collect, NULL);
}

static size_t positional(const vtws_operation *op, const vtws_signature *sig)
{
    nproblems = 0;
    return vtws_registry_check_positional(op, sig, collect, NULL);
}

START_TEST(vtigers_own_rows)
{
    /* login: accessKey reaches $pwd through Vtiger's special case */
    static const vtws_op_param lp[] = {{"username", "String", 1}, {"accessKey", "String", 2}};
    static const vtws_fn_param lf[] = {{"username", 0}, {"pwd", 0}};
    vtws_operation login = {1, "login", "include/Webservices/Login.php", "vtws_login", "POST", 1, lp, 2};
    vtws_signature ls = {lf, 2, 0, 0};
    ck_assert_uint_eq(named(&login, &ls), 0);
    ck_assert_uint_eq(positional(&login, &ls), 0);

    /* logout: registered sessionName, handler $sessionId: named breaks, positional works */
    static const vtws_op_param op[] = {{"sessionName", "String", 1}};
    static const vtws_fn_param of[] = {{"sessionId", 0}, {"user", 0}};
    vtws_operation logout = {8, "logout", "include/Webservices/Logout.php", "vtws_logout", "POST", 0, op, 1};
    vtws_signature os = {of, 2, 0, 0};
    ck_assert_uint_eq(named(&logout, &os), 2);
    ck_assert(has("unknown named parameter $sessionName"));
    ck_assert(has("required parameter $sessionId is never passed"));
    ck_assert_uint_eq(positional(&logout, &os), 0);

    /* retrieve: fits both */
    static const vtws_op_param rp[] = {{"id", "String", 1}};
    static const vtws_fn_param rf[] = {{"id", 0}, {"user", 0}};
    vtws_operation retrieve = {2, "retrieve", "include/Webservices/Retrieve.php", "vtws_retrieve", "GET", 0, rp, 1};
    vtws_signature rs = {rf, 2, 0, 0};
    ck_assert_uint_eq(named(&retrieve, &rs), 0);
    ck_assert_uint_eq(positional(&retrieve, &rs), 0);

    /* extendsession: prelogin, no parameters, no $user */
    static const vtws_fn_param none[] = {{"", 0}};
    vtws_operation ext = {12, "extendsession", "include/Webservices/ExtendSession.php", "vtws_extendSession", "POST", 1,
                          NULL, 0};
    vtws_signature es = {none, 0, 0, 0};
    ck_assert_uint_eq(named(&ext, &es), 0);
    ck_assert_uint_eq(positional(&ext, &es), 0);

    /* a handler without $user */
    vtws_signature no_user = {rf, 1, 0, 0};
    ck_assert_uint_eq(named(&retrieve, &no_user), 1);
    ck_assert(has("no $user parameter"));

    /* a variadic handler takes anything by name */
    vtws_signature variadic = {none, 0, 1, 0};
    ck_assert_uint_eq(named(&logout, &variadic), 0);
}
END_TEST

START_TEST(the_tutorials_handler)
{
    static const vtws_fn_param tf[] = {{"portal_language", 0}, {"module", 0}, {"totranslate", 0}, {"user", 0}};
    vtws_signature ts = {tf, 4, 0, 0};
    ck_assert_uint_ge(named(&TUTORIAL, &ts), 2);
    ck_assert(has("unknown named parameter $language"));
    ck_assert(has("required parameter $portal_language is never passed"));
    /* in the order this database returns them the values happen to land right: only the tie is a problem */
    ck_assert_uint_eq(positional(&TUTORIAL, &ts), 1);
    ck_assert(has("parameters share sequence 1"));

    /* vtws's native handler against its own registration */
    static const vtws_fn_param vf[] = {{"totranslate", 1}, {"language", 1}, {"module", 1}, {"user", 1}};
    vtws_signature vs = {vf, 4, 0, 1};
    ck_assert_uint_eq(named(&GETTRANSLATION, &vs), 0);
    ck_assert_uint_eq(positional(&GETTRANSLATION, &vs), 0);
    /* ...and against the tutorial's rows: names fit, but the tie makes positions a gamble */
    ck_assert_uint_eq(named(&TUTORIAL, &vs), 0);
    ck_assert_uint_ge(positional(&TUTORIAL, &vs), 1);
    ck_assert(has("language is passed at position 1, but the handler takes $language at position 2"));
}
END_TEST

START_TEST(too_many_arguments_for_a_native_handler)
{
    static const vtws_fn_param f[] = {{"a", 0}};
    vtws_signature native = {f, 1, 0, 1}, user_fn = {f, 1, 0, 0};
    static const vtws_op_param p[] = {{"a", "string", 1}};
    vtws_operation op = {5, "x", "x.php", "f", "GET", 0, p, 1}; /* passes a and user */
    ck_assert_uint_eq(positional(&op, &native), 1);
    ck_assert(has("the native handler takes at most 1"));
    ck_assert_uint_eq(positional(&op, &user_fn), 0); /* PHP functions ignore extra arguments */
}
END_TEST

Suite *registry_suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, a_good_definition_passes);
    tcase_add_test(tc, every_rule_has_its_message);
    tcase_add_test(tc, plan_of_the_tutorials_rows);
    tcase_add_test(tc, plan_is_empty_in_sync_and_minimal_otherwise);
    tcase_add_test(tc, vtigers_own_rows);
    tcase_add_test(tc, the_tutorials_handler);
    tcase_add_test(tc, too_many_arguments_for_a_native_handler);
    suite_add_tcase(s, tc);
    return s;
}

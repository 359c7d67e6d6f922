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

/* Any problem reported for operation `op`. */
static int any_for(size_t op)
{
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "%zu: ", op);
    for (size_t i = 0; i < nproblems; i++)
        if (strncmp(problems[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

static const vtws_op_param GT_PARAMS[] = {{"totranslate", "encoded", 1}, {"language", "string", 2}, {"module", "string", 3}};
static const vtws_operation GETTRANSLATION = {0, "gettranslation", "include/Webservices/GetTranslation.php",
                                               "vtws_gettranslation", "POST", 0, GT_PARAMS, 3};

START_TEST(a_good_definition_passes)
{
    nproblems = 0;
    ck_assert_uint_eq(vtws_registry_validate(&GETTRANSLATION, 1, VTWS_RULES_DEFINITION, collect, NULL), 0);
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
    size_t n = vtws_registry_validate(ops, 3, VTWS_RULES_DEFINITION, collect, NULL);
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


/* Rows as an attacker with write access to the tables, or a careless installer, leaves them
 * (issue 20): every rule that keeps a row's strings out of generated code, with its reason. */
START_TEST(hostile_stored_rows_are_refused_with_the_reason)
{
    static const vtws_op_param sess[] = {{"sessionName", "String", 1}};
    static const vtws_op_param inj[] = {{"a = null){} echo \"P2\"; function zz($b", "string", 1}};
    static const vtws_op_param reserved[] = {{"this", "string", 1}, {"_GET", "string", 2}, {"GLOBALS", "string", 3},
                                             {"d\xc3\xa9j\xc3\xa0", "string", 4}, {"class", "string", 5}};
    vtws_operation ops[] = {
        {1, "x*/ echo \"PWNED\"; /*", "include/Webservices/Logout.php", "vtws_logout", "POST", 0, sess, 1},
        {2, "inject", "include/Webservices/Logout.php", "vtws_logout", "POST", 0, inj, 1},
        {3, "reserved", "include/Webservices/Logout.php", "vtws_logout", "POST", 0, reserved, 5},
        {4, "mobile.fetchrecord", "modules/Mobile/api/wsapi.php", "mobile_ws_fetchRecord", "POST", 0, NULL, 0},
        {5, "evil", "storage/2026/upload.php", "include", "GET", 0, NULL, 0},
        {6, "nl\nname", "include/x.php", "f", "GET", 0, NULL, 0},
        {7, "calls", "cache/x.php", "Ns\\eval", "GET", 0, NULL, 0},
        {8, "space", "include/my handler.php", "isset", "GET", 2, NULL, 0},
    };
    nproblems = 0;
    vtws_registry_validate(ops, 8, VTWS_RULES_STORED, collect, NULL);
    ck_assert(has("0: name may only have letters, digits, _ and .: x*/ echo \"PWNED\"; /*"));
    ck_assert(has("1: parameter 1: the name is not a PHP variable name: a = null){} echo \"P2\"; function zz($b"));
    ck_assert(has("2: parameter 1: PHP refuses $this as a parameter name"));
    ck_assert(has("2: parameter 2: PHP refuses $_GET as a parameter name"));
    ck_assert(has("2: parameter 3: PHP refuses $GLOBALS as a parameter name"));
    ck_assert(has("2: parameter 4: the name is not a PHP variable name: d\\xC3\\xA9j\\xC3\\xA0"));
    ck_assert(!has("2: parameter 5")); /* $class is a fine variable */
    ck_assert(!any_for(3));            /* Vtiger's own mobile.* row passes */
    ck_assert(has("4: handler_path is under storage/, where Vtiger refuses to include files from"));
    ck_assert(has("4: handler_method is not a PHP function name: include"));
    ck_assert(has("5: name may only have letters, digits, _ and .: nl\\x0Aname"));
    ck_assert(has("6: handler_path is under cache/"));
    ck_assert(has("6: handler_method is not a PHP function name: Ns\\eval"));
    ck_assert(has("7: handler_path has a character that is not allowed (0x20"));
    ck_assert(has("7: handler_method is not a PHP function name: isset"));
    ck_assert(!has("7: prelogin")); /* Vtiger reads any other value as "not prelogin" */
    ck_assert(!has("0: parameter sessionName: type")); /* "String" as Vtiger's installer writes it */
    /* and as a definition, a dot is refused */
    nproblems = 0;
    vtws_registry_validate(&ops[3], 1, VTWS_RULES_DEFINITION, collect, NULL);
    ck_assert(has("0: name may only have letters, digits and _: mobile.fetchrecord"));
}
END_TEST

/* Messages never carry a row's raw bytes, and long names are cut. */
START_TEST(messages_show_bytes_escaped_and_cut)
{
    char longname[300];
    memset(longname, 'a', sizeof(longname) - 2);
    longname[0] = '\x1b';
    longname[sizeof(longname) - 2] = '!';
    longname[sizeof(longname) - 1] = '\0';
    vtws_operation op = {9, longname, "include/x.php", "f\x7f", "GET", 0, NULL, 0};
    nproblems = 0;
    vtws_registry_validate(&op, 1, VTWS_RULES_STORED, collect, NULL);
    ck_assert(has("0: name may only have letters, digits, _ and .: \\x1Baaaa"));
    ck_assert(has("aaa..."));
    ck_assert(has("handler_method is not a PHP function name: f\\x7F"));
    for (size_t i = 0; i < nproblems; i++)
        for (const char *c = problems[i]; *c; c++)
            ck_assert((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f);
}
END_TEST

/* Each operation's method: Vtiger 8.3's own (its tables), then vtws's, matched ignoring case. */
START_TEST(methods_as_registered)
{
    ck_assert_str_eq(vtws_registry_method_of("query"), "GET");
    ck_assert_str_eq(vtws_registry_method_of("RETRIEVE"), "GET");
    ck_assert_str_eq(vtws_registry_method_of("login"), "POST");
    ck_assert_str_eq(vtws_registry_method_of("changepassword"), "POST");
    ck_assert_str_eq(vtws_registry_method_of("mobile.fetchrecord"), "POST");
    ck_assert_str_eq(vtws_registry_method_of("exporttranslation"), "GET");
    ck_assert_str_eq(vtws_registry_method_of("GetTranslation"), "POST");
    ck_assert_str_eq(vtws_registry_method_of("listlanguages"), "GET");
    ck_assert_ptr_null(vtws_registry_method_of("my_custom_op"));
    size_t n;
    const vtws_operation *served = vtws_registry_served(&n);
    ck_assert_uint_eq(n, 3);
    ck_assert_ptr_eq(vtws_registry_served_find("EXPORTTRANSLATION"), &served[1]);
    nproblems = 0;
    ck_assert_uint_eq(vtws_registry_validate(served, n, VTWS_RULES_DEFINITION, collect, NULL), 0);
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
    tcase_add_test(tc, hostile_stored_rows_are_refused_with_the_reason);
    tcase_add_test(tc, messages_show_bytes_escaped_and_cut);
    tcase_add_test(tc, methods_as_registered);
    suite_add_tcase(s, tc);
    return s;
}

/* Vtiger's translation rules over a real tree on disk (core/catalog, own tables). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "test_main.h"

static char root[256];

static void put(const char *rel, const char *php)
{
    char path[512], dir[512];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    snprintf(dir, sizeof(dir), "%s", path);
    for (char *p = dir + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(php, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(root, sizeof(root), "/tmp/vtws-catalog-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    put("languages/en_us/Vtiger.php", "<?php $languageStrings = array('LBL_SAVE' => 'Save', 'LBL_ONLY_EN' => 'English only',"
                                      " 'LBL_EMPTY' => '', 'LBL_ZERO' => '0', '123' => 'numeric');"
                                      " $jsLanguageStrings = array('JS_OK' => 'OK');");
    put("languages/en_us/Contacts.php", "<?php $languageStrings = array('SINGLE_Contacts' => 'Contact');");
    put("languages/ru_ru/Vtiger.php", "<?php $languageStrings = array('LBL_SAVE' => 'Сохранить', 'LBL_EMPTY' => 'Пусто?',"
                                      " 'LBL_ZERO' => '0');");
    put("languages/ru_ru/Contacts.php", "<?php $languageStrings = array('SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты',"
                                        " 'LBL_EMPTY_HERE' => '');"
                                        " $jsLanguageStrings = array('JS_DELETE' => 'Удалить?');");
    put("languages/ru_ru/Settings/Vtiger.php", "<?php $languageStrings = array('LBL_SETTINGS' => 'Настройки');");
    put("languages/ru_ru/Settings/Users.php", "<?php $languageStrings = array('Users' => 'Пользователи');");
    put("languages/custom/ru_ru/Contacts.php", "<?php $languageStrings = array('Contacts' => 'Мои контакты', 'LBL_NEW' => 'Новое');");
    put("languages/custom/ru_ru/Leads.php", "<?php $languageStrings = array('Leads' => 'Лиды');");
}

static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
}

/* translate(key, module) in ru_ru with en_us as the default, as Vtiger does */
static const char *tr(vtws_catalog *c, const char *module, const char *key)
{
    static char out[256];
    const char *langs[] = {"ru_ru", "en_us"};
    vtws_key k = vtws_key_from_string(key, strlen(key));
    const vtws_value *v = vtws_catalog_lookup(c, langs, 2, module, VTWS_LANGUAGE_STRINGS, &k);
    if (!v)
        return NULL;
    snprintf(out, sizeof(out), "%.*s", (int)v->u.s.len, v->u.s.ptr);
    return out;
}

START_TEST(module_then_base_then_common_then_default_language)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 1);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    ck_assert_str_eq(tr(c, "Contacts", "LBL_SAVE"), "Сохранить");            /* common strings */
    ck_assert_str_eq(tr(c, "Settings:Users", "Users"), "Пользователи");
    ck_assert_str_eq(tr(c, "Settings:Users", "LBL_SETTINGS"), "Настройки");  /* Settings -> Settings/Vtiger */
    ck_assert_str_eq(tr(c, "Settings:Users", "LBL_SAVE"), "Сохранить");
    ck_assert_str_eq(tr(c, "Contacts", "LBL_ONLY_EN"), "English only");      /* the default language */
    ck_assert_str_eq(tr(c, "", "LBL_SAVE"), "Сохранить");                    /* no module: common only */
    ck_assert_str_eq(tr(c, "NoSuchModule", "LBL_SAVE"), "Сохранить");        /* unknown module: common */
    ck_assert_ptr_null(tr(c, "Contacts", "LBL_NOWHERE"));                    /* the caller returns the key */
    ck_assert_ptr_null(tr(c, "Settings:Users", "SINGLE_Contacts"));          /* other modules are not searched */
    ck_assert_str_eq(tr(c, "Contacts", "123"), "numeric");                   /* "123" is the integer key 123 */
    vtws_catalog_free(c);
}
END_TEST

START_TEST(empty_values_are_misses)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 1);
    ck_assert_ptr_null(tr(c, "Contacts", "LBL_EMPTY_HERE"));
    ck_assert_str_eq(tr(c, "Contacts", "LBL_EMPTY"), "Пусто?");
    ck_assert_ptr_null(tr(c, "Contacts", "LBL_ZERO")); /* "0" in both languages */
    vtws_catalog_free(c);
}
END_TEST

START_TEST(custom_overlay_is_merged_on_top)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 1);
    ck_assert_str_eq(tr(c, "Contacts", "Contacts"), "Мои контакты");
    ck_assert_str_eq(tr(c, "Contacts", "LBL_NEW"), "Новое");
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    ck_assert_str_eq(tr(c, "Leads", "Leads"), "Лиды"); /* an overlay without a base file */
    vtws_catalog_free(c);
}
END_TEST

typedef struct seen_files {
    int n, custom;
    char list[8][160];
    long long mtime[8];
} seen_files;

static void collect_file(void *ctx, const vtws_catalog_file *f)
{
    seen_files *s = ctx;
    ck_assert_int_lt(s->n, 8);
    snprintf(s->list[s->n], sizeof(s->list[0]), "%s %s %s", f->language, f->module, f->path + strlen(root));
    s->mtime[s->n++] = f->mtime;
    s->custom += f->custom;
}

static int seen(const seen_files *s, const char *what)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->list[i], what) == 0)
            return i;
    return -1;
}

START_TEST(files_held_are_listed_with_their_mtimes)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/languages/ru_ru/Contacts.php", root);
    struct timespec times[2] = {{1700000000, 0}, {1700000000, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    seen_files s = {0};
    vtws_catalog_foreach_file(c, collect_file, &s);
    ck_assert_int_eq(s.n, 0); /* nothing read yet */
    vtws_catalog_begin(c, 1);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    vtws_catalog_foreach_file(c, collect_file, &s);
    /* what a Contacts lookup in ru_ru read: the module's file (with its overlay), where the
     * label is; as Vtiger includes them, the common file only once a label is not there */
    int i = seen(&s, "ru_ru Contacts /languages/ru_ru/Contacts.php");
    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(s.mtime[i], 1700000000);
    ck_assert_int_ge(seen(&s, "ru_ru Contacts /languages/custom/ru_ru/Contacts.php"), 0);
    ck_assert_int_lt(seen(&s, "ru_ru Vtiger /languages/ru_ru/Vtiger.php"), 0);
    ck_assert_int_lt(seen(&s, "en_us Contacts /languages/en_us/Contacts.php"), 0);
    ck_assert_int_eq(s.custom, 1);
    ck_assert_str_eq(tr(c, "Contacts", "LBL_SAVE"), "Сохранить"); /* in the common file */
    memset(&s, 0, sizeof(s));
    vtws_catalog_foreach_file(c, collect_file, &s);
    ck_assert_int_ge(seen(&s, "ru_ru Vtiger /languages/ru_ru/Vtiger.php"), 0);
    ck_assert_int_lt(seen(&s, "en_us Contacts /languages/en_us/Contacts.php"), 0);
    ck_assert_int_lt(seen(&s, "ru_ru Settings/Users /languages/ru_ru/Settings/Users.php"), 0);
    vtws_catalog_free(c);
}
END_TEST

START_TEST(js_strings_walk_the_same_chain)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 1);
    const char *ru[] = {"ru_ru"};
    vtws_key k = vtws_key_from_string("JS_DELETE", 9), ok = vtws_key_from_string("JS_OK", 5);
    const vtws_value *v = vtws_catalog_lookup(c, ru, 1, "Contacts", VTWS_JS_LANGUAGE_STRINGS, &k);
    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_null(vtws_catalog_lookup(c, ru, 1, "Contacts", VTWS_JS_LANGUAGE_STRINGS, &ok)); /* one language only */
    vtws_catalog_free(c);
}
END_TEST

static void rewrite(const char *rel, const char *php)
{
    char path[512], tmp[520];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    FILE *f = fopen(tmp, "w");
    fputs(php, f);
    fclose(f);
    ck_assert_int_eq(rename(tmp, path), 0); /* atomic replace: a new inode */
}

START_TEST(changes_are_seen_after_the_revalidation_interval)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 2);
    vtws_catalog_begin(c, 100);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    rewrite("languages/ru_ru/Contacts.php",
            "<?php $languageStrings = array('SINGLE_Contacts' => 'Контакт (новый)', 'Contacts' => 'Контакты');");
    vtws_catalog_begin(c, 101); /* within 2 s: not checked yet */
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    vtws_catalog_begin(c, 102);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт (новый)");
    vtws_catalog_stats st;
    vtws_catalog_stats_get(c, &st);
    ck_assert_uint_ge(st.reloads, 1);

    char path[512];
    snprintf(path, sizeof(path), "%s/languages/custom/ru_ru/Contacts.php", root);
    ck_assert_int_eq(unlink(path), 0);
    put("languages/custom/ru_ru/Settings/Users.php", "<?php $languageStrings = array('Users' => 'Сотрудники');");
    vtws_catalog_begin(c, 110);
    ck_assert_str_eq(tr(c, "Contacts", "Contacts"), "Контакты");          /* overlay deleted */
    ck_assert_str_eq(tr(c, "Settings:Users", "Users"), "Сотрудники");     /* overlay added */
    vtws_catalog_free(c);
}
END_TEST

START_TEST(every_call_checks_with_interval_zero)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 5);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Контакт");
    rewrite("languages/ru_ru/Contacts.php", "<?php $languageStrings = array('SINGLE_Contacts' => 'Другой');");
    vtws_catalog_begin(c, 5);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Другой");
    vtws_catalog_free(c);
}
END_TEST

START_TEST(languages_and_names)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    vtws_catalog_begin(c, 1);
    ck_assert(vtws_catalog_has_language(c, "ru_ru"));
    ck_assert(!vtws_catalog_has_language(c, "de_de"));
    ck_assert(vtws_language_name_ok("pt_br", 5));
    ck_assert(!vtws_language_name_ok("../..", 5));
    ck_assert(!vtws_language_name_ok("ru_ru\0x", 7));
    ck_assert(!vtws_language_name_ok("english", 7));
    ck_assert(vtws_module_name_ok("Settings:Users", 14));
    ck_assert(vtws_module_name_ok("", 0));
    ck_assert(!vtws_module_name_ok("../Users", 8));
    ck_assert(!vtws_module_name_ok("Settings:", 9));
    ck_assert(!vtws_module_name_ok("A:B:C", 5));
    ck_assert(!vtws_module_name_ok("Con tacts", 9));
    vtws_catalog_free(c);
}
END_TEST

/* Vtiger's $root_directory ends in '/'; a catalog preloaded from vtws.vtiger_root may be
 * named without it: one root (else a preloaded catalog is never used). */
START_TEST(a_root_with_a_trailing_slash_is_the_same_root)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 0);
    char with[4200];
    snprintf(with, sizeof(with), "%s/", root);
    ck_assert(vtws_catalog_is_root(c, root));
    ck_assert(vtws_catalog_is_root(c, with));
    snprintf(with, sizeof(with), "%s//", root);
    ck_assert(vtws_catalog_is_root(c, with));
    snprintf(with, sizeof(with), "%sx", root);
    ck_assert(!vtws_catalog_is_root(c, with));
    snprintf(with, sizeof(with), "%s/x", root);
    ck_assert(!vtws_catalog_is_root(c, with));
    vtws_catalog_free(c);
}
END_TEST

START_TEST(preload_reads_every_file)
{
    vtws_catalog *c = vtws_catalog_new(root, NULL, 2);
    ck_assert_uint_eq(vtws_catalog_preload(c, 1), 7); /* 6 base modules + the Leads overlay */
    vtws_catalog_stats st;
    vtws_catalog_stats_get(c, &st);
    ck_assert_uint_eq(st.files, 8);
    ck_assert_uint_eq(st.modules, 7);
    ck_assert_uint_gt(st.bytes, 0);
    vtws_catalog_free(c);
}
END_TEST

Suite *catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("vtiger rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, module_then_base_then_common_then_default_language);
    tcase_add_test(tc, empty_values_are_misses);
    tcase_add_test(tc, custom_overlay_is_merged_on_top);
    tcase_add_test(tc, js_strings_walk_the_same_chain);
    tcase_add_test(tc, files_held_are_listed_with_their_mtimes);
    tcase_add_test(tc, changes_are_seen_after_the_revalidation_interval);
    tcase_add_test(tc, every_call_checks_with_interval_zero);
    tcase_add_test(tc, languages_and_names);
    tcase_add_test(tc, preload_reads_every_file);
    tcase_add_test(tc, a_root_with_a_trailing_slash_is_the_same_root);
    suite_add_tcase(s, tc);
    return s;
}

/* ---- with host hooks, as the extension uses the catalog --------------------- */

typedef struct host_table {
    vtws_arena arena;
    vtws_array *arrays[2];
} host_table;

static int released;

/* The host keeps its own deep copy: the catalog frees its data after build. */
static vtws_array *copy_array(vtws_arena *arena, const vtws_array *a)
{
    if (!a)
        return NULL;
    vtws_array *r = vtws_array_new(arena, a->count);
    for (uint32_t i = 0; i < a->count; i++) {
        vtws_key k = a->buckets[i].key;
        if (k.str)
            k.str = vtws_arena_strndup(arena, k.str, k.len);
        vtws_value v = a->buckets[i].val;
        if (v.type == VTWS_STRING)
            v.u.s.ptr = vtws_arena_strndup(arena, v.u.s.ptr, v.u.s.len);
        vtws_array_update(r, k, v);
    }
    return r;
}

static void *h_build(void *ctx, const vtws_array *strings, const vtws_array *js, size_t *bytes)
{
    (void)ctx;
    host_table *t = malloc(sizeof(*t));
    vtws_arena_init(&t->arena, 1024);
    t->arrays[0] = copy_array(&t->arena, strings);
    t->arrays[1] = copy_array(&t->arena, js);
    *bytes = t->arena.total;
    return t;
}

static void h_release(void *ctx, void *table)
{
    (void)ctx;
    host_table *t = table;
    vtws_arena_destroy(&t->arena);
    free(t);
    released++;
}

static const void *h_find(void *ctx, const void *table, vtws_strings_type type, const void *key)
{
    (void)ctx;
    const host_table *t = table;
    const vtws_value *v = t->arrays[type] ? vtws_array_find(t->arrays[type], *(const vtws_key *)key) : NULL;
    return v && !vtws_value_empty(v) ? v : NULL;
}

START_TEST(host_tables_are_built_replaced_and_released)
{
    vtws_catalog_host host = {NULL, h_build, h_release, h_find, NULL};
    released = 0;
    vtws_catalog *c = vtws_catalog_new(root, &host, 0);
    vtws_catalog_begin(c, 1);
    ck_assert_str_eq(tr(c, "Settings:Users", "LBL_SETTINGS"), "Настройки");
    ck_assert_str_eq(tr(c, "Contacts", "Contacts"), "Мои контакты");
    vtws_catalog_stats st;
    vtws_catalog_stats_get(c, &st);
    ck_assert_uint_gt(st.strings, 0);
    rewrite("languages/ru_ru/Contacts.php", "<?php $languageStrings = array('Contacts' => 'Контакты 2');");
    vtws_catalog_begin(c, 2);
    ck_assert_str_eq(tr(c, "Contacts", "SINGLE_Contacts"), "Contact"); /* gone from ru_ru: en_us */
    ck_assert_int_eq(released, 1);
    vtws_catalog_free(c);
    ck_assert_int_gt(released, 1);
}
END_TEST

/* merge hooks that record what they were given */
typedef struct h_merged {
    const void *tables[VTWS_CHAIN_MAX];
    int n;
    vtws_strings_type type;
} h_merged;
static int merges, merged_released;

static void *h_merge(void *ctx, const void *const *tables, int n, vtws_strings_type type, size_t *bytes)
{
    (void)ctx;
    h_merged *m = malloc(sizeof(*m));
    memcpy(m->tables, tables, sizeof(void *) * (size_t)n);
    m->n = n;
    m->type = type;
    *bytes = sizeof(*m);
    merges++;
    return m;
}

static void h_release_merged(void *ctx, void *m)
{
    (void)ctx;
    free(m);
    merged_released++;
}

START_TEST(merged_chains_are_kept_dropped_with_their_tables_and_bounded)
{
    vtws_catalog_host host = {NULL, h_build, h_release, h_find, NULL, h_merge, h_release_merged};
    merges = merged_released = 0;
    vtws_catalog *c = vtws_catalog_new(root, &host, 0);
    vtws_catalog_begin(c, 1);
    const char *langs[] = {"ru_ru", "en_us"};
    vtws_chain contacts, users;
    vtws_catalog_resolve(c, langs, 2, "Contacts", &contacts);
    vtws_catalog_resolve(c, langs, 2, "Settings:Users", &users);
    ck_assert_ptr_null(vtws_catalog_merged(c, &contacts, VTWS_LANGUAGE_STRINGS)); /* a first call walks the chain */
    const h_merged *m = vtws_catalog_merged(c, &contacts, VTWS_LANGUAGE_STRINGS);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->n, contacts.n); /* the whole chain, in its order */
    ck_assert_mem_eq(m->tables, contacts.tables, sizeof(void *) * (size_t)contacts.n);
    ck_assert_ptr_eq(vtws_catalog_merged(c, &contacts, VTWS_LANGUAGE_STRINGS), m); /* built once */
    vtws_catalog_merged(c, &contacts, VTWS_JS_LANGUAGE_STRINGS);
    ck_assert_ptr_ne(vtws_catalog_merged(c, &contacts, VTWS_JS_LANGUAGE_STRINGS), m);
    vtws_catalog_merged(c, &users, VTWS_LANGUAGE_STRINGS);
    ck_assert_ptr_ne(vtws_catalog_merged(c, &users, VTWS_LANGUAGE_STRINGS), m);
    ck_assert_int_eq(merges, 3);

    /* a file of the chain changes: what was merged from it goes (when the chain is next
     * resolved, by the lookup that needs it), the rest stays */
    rewrite("languages/ru_ru/Contacts.php", "<?php $languageStrings = array('Contacts' => 'Контакты 2');");
    vtws_catalog_begin(c, 2);
    vtws_catalog_resolve(c, langs, 2, "Contacts", &contacts);
    ck_assert_int_eq(merged_released, 0); /* nothing loaded yet */
    ck_assert_ptr_nonnull(vtws_catalog_merged(c, &contacts, VTWS_LANGUAGE_STRINGS)); /* a known chain */
    ck_assert_int_eq(merged_released, 2); /* both types of Contacts' chain */
    vtws_catalog_resolve(c, langs, 2, "Settings:Users", &users);
    vtws_catalog_merged(c, &users, VTWS_LANGUAGE_STRINGS);
    ck_assert_int_eq(merges, 4); /* Contacts' again; Users' kept */

    /* many chains: the least recently used are dropped past the bound */
    vtws_chain any;
    memset(&any, 0, sizeof(any)); /* a resolved chain of chosen tables */
    int made = 0, before = merges;
    for (int t = 0; t < 2; t++)
        for (int a = 0; a < contacts.n; a++)
            for (int b = 0; b < users.n; b++)
                for (int d = 0; d < contacts.n && made < 100; d++, made++) {
                    any.n = 3;
                    any.tables[0] = contacts.tables[a];
                    any.tables[1] = users.tables[b];
                    any.tables[2] = contacts.tables[d];
                    vtws_catalog_merged(c, &any, (vtws_strings_type)t);
                    vtws_catalog_merged(c, &any, (vtws_strings_type)t);
                }
    ck_assert_int_eq(made, 100);
    ck_assert_int_eq(merges - before, 100); /* all distinct */
    ck_assert_int_eq(merges - merged_released, 64);
    vtws_catalog_free(c);
    ck_assert_int_eq(merges, merged_released);
}
END_TEST

Suite *catalog_host_suite(void)
{
    Suite *s = suite_create("catalog host");
    TCase *tc = tcase_create("hooks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, host_tables_are_built_replaced_and_released);
    tcase_add_test(tc, merged_chains_are_kept_dropped_with_their_tables_and_bounded);
    suite_add_tcase(s, tc);
    return s;
}

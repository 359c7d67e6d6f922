/* libFuzzer target: a gettranslation request as it arrives, through the
 * handler's checks and the catalog. Input: JSON {"totranslate": ...,
 * "language": ..., "module": ...} (jansson stands in for Vtiger's
 * json_decode). A small Vtiger tree is written once to a temporary folder. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static vtws_catalog *catalog;

static void put(const char *root, const char *rel, const char *php)
{
    char path[512], dir[512];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    snprintf(dir, sizeof(dir), "%s", path);
    for (char *p = dir + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(php, f);
        fclose(f);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char root[] = "/tmp/vtws-fuzz-XXXXXX";
    if (!mkdtemp(root))
        abort();
    put(root, "languages/en_us/Vtiger.php", "<?php $languageStrings = array('LBL_SAVE' => 'Save', 'LBL_EMPTY' => '', '1' => 'one');");
    put(root, "languages/ru_ru/Vtiger.php", "<?php $languageStrings = array('LBL_SAVE' => 'Сохранить');");
    put(root, "languages/ru_ru/Contacts.php", "<?php $languageStrings = ['Contacts' => 'Контакты']; $jsLanguageStrings = ['JS' => 'x'];");
    put(root, "languages/ru_ru/Settings/Vtiger.php", "<?php $languageStrings = ['LBL_SETTINGS' => 'Настройки'];");
    put(root, "languages/custom/ru_ru/Contacts.php", "<?php $languageStrings = ['Contacts' => 'Мои'];");
    catalog = vtws_catalog_new(root, NULL, 0);
    return 0;
}

static void lookup(const char *const *langs, int nlangs, const char *module, const char *label, size_t len)
{
    if (vtws_check_label(label, len) != VTWS_LABEL_OK)
        return; /* refused, as the handler refuses it */
    vtws_key k = vtws_key_from_string(label, len);
    (void)vtws_catalog_lookup(catalog, langs, nlangs, module, VTWS_LANGUAGE_STRINGS, &k);
}

/* A label as the handler takes it: a string, or an integer written out. */
static int label_of(json_t *v, char *buf, size_t cap, const char **s, size_t *len)
{
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *len = json_string_length(v);
        return 1;
    }
    if (json_is_integer(v)) {
        *len = (size_t)snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        *s = buf;
        return 1;
    }
    return 0; /* the handler: INVALID_TOTRANSLATE */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *req = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!req)
        return 0;
    json_t *tt = json_is_object(req) ? json_object_get(req, "totranslate") : req;
    json_t *jl = json_is_object(req) ? json_object_get(req, "language") : NULL;
    json_t *jm = json_is_object(req) ? json_object_get(req, "module") : NULL;

    const char *module = jm && json_is_string(jm) ? json_string_value(jm) : "";
    size_t mlen = jm && json_is_string(jm) ? json_string_length(jm) : 0;
    if ((jm && !json_is_string(jm) && !json_is_null(jm)) || !vtws_module_name_ok(module, mlen) || strlen(module) != mlen) {
        json_decref(req);
        return 0; /* INVALID_MODULE */
    }
    vtws_catalog_begin(catalog, 1);
    const char *langs[2] = {"ru_ru", "en_us"};
    int nlangs = 2;
    if (jl && json_is_string(jl) && json_string_length(jl) > 0) {
        const char *l = json_string_value(jl);
        if (!vtws_language_name_ok(l, json_string_length(jl)) || !vtws_catalog_has_language(catalog, l)) {
            json_decref(req);
            return 0; /* INVALID_LANGUAGE */
        }
        langs[0] = l;
        nlangs = strcmp(l, "en_us") == 0 ? 1 : 2;
    }

    char buf[32];
    const char *s;
    size_t len;
    if (json_is_array(tt)) {
        size_t i;
        json_t *v;
        if (json_array_size(tt) > 5000)
            goto done;
        json_array_foreach(tt, i, v) {
            if (label_of(v, buf, sizeof(buf), &s, &len))
                lookup(langs, nlangs, module, s, len);
        }
    } else if (json_is_object(tt)) {
        const char *key;
        json_t *v;
        json_object_foreach(tt, key, v) {
            if (label_of(v, buf, sizeof(buf), &s, &len)) {
                lookup(langs, nlangs, module, s, len);
                lookup(langs, nlangs, module, key, strlen(key));
            }
        }
    } else if (tt && label_of(tt, buf, sizeof(buf), &s, &len)) {
        lookup(langs, nlangs, module, s, len);
    }
done:
    json_decref(req);
    return 0;
}

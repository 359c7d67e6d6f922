/*
 * The gettranslation operation and the translation functions: input checks,
 * the choice of root and languages (Vtiger's globals first, then INI), HTML
 * entity decoding of keys with PHP's own routine, and the answer. The rules
 * of the lookup itself are the core catalog's.
 */
#include "php_vtws.h"
#include "hot.h"
#include "vtws_cache.h"
#include "vtws_error.h"
#include "vtws_dispatch.h"
#include "vtws_shared.h"

#include "ext/json/php_json.h"
#include "zend_smart_str.h"
#include "ext/standard/html.h"
#include "digest.h"
#include "request.h"

#include <time.h>
#define VTWS_MAX_LANGS 8

typedef struct lookup {
    vtws_catalog *catalog;
    vtws_chain chain;     /* resolved as far as lookups need, once per call */
    const vtws_merged *merged[2]; /* the chain as one table per type, looked up on first use */
    int merged_set[2];
    const char *langs[VTWS_MAX_LANGS];
    char lang_store[VTWS_MAX_LANGS][6];
    int nlangs;
    const char *module;
    const char *root;
    zval *user;
    char language[6]; /* the one the call named; "" for the user's */
} lookup;

/* names and values a worker's first call reads (hot.h) */
static const char ROOT_DIRECTORY[] VTWS_HOT_CONST = "root_directory",
                  DEFAULT_LANGUAGE[] VTWS_HOT_CONST = "default_language", NO_MODULE[] VTWS_HOT_CONST = "",
                  GETTRANSLATION[] VTWS_HOT_CONST = "gettranslation";

/* A global of Vtiger's (config.inc.php) when it is a non-empty string. */
VTWS_HOT static const char *vtiger_global(const char *name)
{
    zval *v = zend_hash_str_find_ind(&EG(symbol_table), name, strlen(name));
    if (!v)
        return NULL;
    ZVAL_DEREF(v);
    return Z_TYPE_P(v) == IS_STRING && Z_STRLEN_P(v) > 0 ? Z_STRVAL_P(v) : NULL;
}

VTWS_HOT static const char *default_language(void)
{
    const char *g = vtiger_global(DEFAULT_LANGUAGE);
    return g ? g : VTWS_G(default_language);
}

VTWS_HOT static int add_language(lookup *lk, const char *lang, size_t len)
{
    if (lk->nlangs == VTWS_MAX_LANGS || !vtws_language_name_ok(lang, len))
        return 0;
    for (int i = 0; i < lk->nlangs; i++)
        if (strncasecmp(lk->langs[i], lang, 5) == 0) /* Vtiger compares with strcasecmp */
            return 0;
    memcpy(lk->lang_store[lk->nlangs], lang, 5);
    lk->lang_store[lk->nlangs][5] = '\0';
    lk->langs[lk->nlangs] = lk->lang_store[lk->nlangs];
    lk->nlangs++;
    return 1;
}

/* The default language, then vtws.fallback_languages ("en_us, de_de"). */
VTWS_HOT static void add_fallbacks(lookup *lk)
{
    const char *def = default_language();
    add_language(lk, def, strlen(def));
    const char *p = VTWS_G(fallback_languages);
    while (p && *p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ' && *e != '\t')
            e++;
        if (e > p)
            add_language(lk, p, (size_t)(e - p));
        p = e;
    }
}

/* The user's language ($user->language), if it names an installed language. */
VTWS_HOT static int add_user_language(lookup *lk, zval *user)
{
    if (!user || Z_TYPE_P(user) != IS_OBJECT)
        return 0;
    zval rv;
#if PHP_VERSION_ID >= 80000
    zval *lang = zend_read_property(Z_OBJCE_P(user), Z_OBJ_P(user), "language", sizeof("language") - 1, 1, &rv);
#else
    zval *lang = zend_read_property(Z_OBJCE_P(user), user, "language", sizeof("language") - 1, 1, &rv);
#endif
    if (EG(exception) || !lang || Z_TYPE_P(lang) != IS_STRING)
        return 0;
    return vtws_language_name_ok(Z_STRVAL_P(lang), Z_STRLEN_P(lang)) &&
           vtws_catalog_has_language(lk->catalog, Z_STRVAL_P(lang)) &&
           add_language(lk, Z_STRVAL_P(lang), Z_STRLEN_P(lang));
}

/*
 * A call's fixed cost. A worker runs Vtiger's own code between two calls, which pushes
 * ours out of the caches: what a call touches then costs a cache miss per line, code
 * included, and misses cost more on some machines than on others (issue 33). So the
 * fixed part of a call runs as little code as it can: the chain's name is remembered
 * rather than printed again, and the clock is the coarse one.
 */

/* The last chain named (vtws_catalog_resolve(): languages and module in, no file read),
 * kept per thread; its links' languages as indexes into the call's own names. */
typedef struct named_chain {
    int nlangs;                /* -1: none yet */
    char langs[VTWS_MAX_LANGS][6];
    char module[65];
    vtws_chain chain;
    unsigned char link_lang[VTWS_CHAIN_MAX];
} named_chain;

ZEND_TLS named_chain last_named = {-1};

/* vtws_catalog_resolve() for lk's languages and module, from the last call's answer when
 * they are the same: its name is a few snprintf() calls, which as cold code cost more than
 * the rest of a short call. The copy is what resolve would write. */
static void name_chain(lookup *lk)
{
    named_chain *m = &last_named;
    size_t mlen = strlen(lk->module);
    int same = m->nlangs == lk->nlangs && mlen < sizeof(m->module) && memcmp(m->module, lk->module, mlen + 1) == 0;
    for (int i = 0; same && i < lk->nlangs; i++)
        same = memcmp(m->langs[i], lk->langs[i], 6) == 0;
    if (!same) {
        vtws_catalog_resolve(lk->catalog, lk->langs, lk->nlangs, lk->module, &lk->chain);
        if (mlen >= sizeof(m->module))
            return;
        for (int i = 0; i < lk->chain.nlinks; i++) {
            int l = 0;
            while (l < lk->nlangs && lk->chain.link_lang[i] != lk->langs[l])
                l++;
            if (l == lk->nlangs) { /* not one of ours: not remembered */
                m->nlangs = -1;
                return;
            }
            m->link_lang[i] = (unsigned char)l;
        }
        m->nlangs = lk->nlangs;
        memcpy(m->langs, lk->lang_store, sizeof(m->langs));
        memcpy(m->module, lk->module, mlen + 1);
        m->chain = lk->chain;
        return;
    }
    lk->chain = m->chain;
    for (int i = 0; i < lk->chain.nlinks; i++)
        lk->chain.link_lang[i] = lk->langs[m->link_lang[i]];
}

/* Root, module and the language named, checked; 0 after throwing. prepare_catalog() next. */
VTWS_HOT static int prepare_inputs(lookup *lk, zval *language, zval *module, zval *user)
{
    memset(lk, 0, sizeof(*lk));
    if (module && Z_TYPE_P(module) != IS_NULL && Z_TYPE_P(module) != IS_STRING) {
        vtws_throw(VTWS_E_INVALID_MODULE, "module must be a string, %s given", zend_zval_type_name(module));
        return 0;
    }
    lk->module = module && Z_TYPE_P(module) == IS_STRING ? Z_STRVAL_P(module) : NO_MODULE;
    size_t mlen = module && Z_TYPE_P(module) == IS_STRING ? Z_STRLEN_P(module) : 0;
    if (!vtws_module_name_ok(lk->module, mlen) || strlen(lk->module) != mlen) {
        vtws_throw(VTWS_E_INVALID_MODULE, "module must look like Name or Settings:Name (letters, digits, _)");
        return 0;
    }
    if (language && Z_TYPE_P(language) != IS_NULL && Z_TYPE_P(language) != IS_STRING) {
        vtws_throw(VTWS_E_INVALID_LANGUAGE, "language must be a string, %s given", zend_zval_type_name(language));
        return 0;
    }
    int explicit_language = language && Z_TYPE_P(language) == IS_STRING && Z_STRLEN_P(language) > 0;
    if (explicit_language && !vtws_language_name_ok(Z_STRVAL_P(language), Z_STRLEN_P(language))) {
        vtws_throw(VTWS_E_INVALID_LANGUAGE, "language must look like xx_yy (such as ru_ru)");
        return 0;
    }
    const char *root = vtiger_global(ROOT_DIRECTORY);
    if (!root)
        root = VTWS_G(vtiger_root);
    if (!root || !*root) {
        vtws_throw(VTWS_E_NOT_CONFIGURED, "no Vtiger root: set vtws.vtiger_root (or run inside Vtiger)");
        return 0;
    }
    lk->root = root;
    lk->user = user;
    if (explicit_language)
        memcpy(lk->language, Z_STRVAL_P(language), 5);
    return 1;
}

/* The root's catalog, the call's languages and their chain; 0 after throwing. */
VTWS_HOT static int prepare_catalog(lookup *lk)
{
    lk->catalog = vtws_cache_catalog(lk->root);
    if (!lk->catalog) {
        vtws_throw(VTWS_E_NOT_CONFIGURED, "out of memory");
        return 0;
    }
    vtws_catalog_begin(lk->catalog, vtws_cache_coarse_now());

    if (lk->language[0]) {
        if (!vtws_catalog_has_language(lk->catalog, lk->language)) {
            vtws_throw(VTWS_E_INVALID_LANGUAGE, "language %s is not installed", lk->language);
            return 0;
        }
        add_language(lk, lk->language, 5);
    } else {
        add_user_language(lk, lk->user);
        if (EG(exception))
            return 0;
    }
    add_fallbacks(lk);
    name_chain(lk);
    return 1;
}

VTWS_HOT static int prepare(lookup *lk, zval *language, zval *module, zval *user)
{
    return prepare_inputs(lk, language, module, user) && prepare_catalog(lk);
}

/* prepare() for the functions whose module and language are typed strings. */
static int prepare_strings(lookup *lk, zend_string *module, zend_string *language)
{
    zval zmodule, zlanguage;
    ZVAL_STR(&zmodule, module ? module : ZSTR_EMPTY_ALLOC());
    if (language)
        ZVAL_STR(&zlanguage, language);
    else
        ZVAL_NULL(&zlanguage);
    return prepare(lk, &zlanguage, &zmodule, NULL);
}

/* Vtiger decodes HTML entities of keys: html_entity_decode($key, ENT_QUOTES, 'UTF-8').
 * has_amp: whether the label has an '&' (vtws_scan_label() said), or -1 to look. */
VTWS_HOT static zend_string *decode_key(zend_string *label, int has_amp)
{
    if (has_amp < 0)
        has_amp = memchr(ZSTR_VAL(label), '&', ZSTR_LEN(label)) != NULL;
    if (!has_amp)
        return zend_string_copy(label);
    return php_unescape_html_entities(label, 1, ENT_QUOTES, (char *)"UTF-8");
}

/* The chain as one table of `type`, or NULL while it is walked file by file (its first call). */
VTWS_HOT static const vtws_merged *merged_table(lookup *lk, vtws_strings_type type)
{
    if (!lk->merged_set[type]) {
        lk->merged[type] = vtws_catalog_merged(lk->catalog, &lk->chain, type);
        lk->merged_set[type] = 1;
    }
    return lk->merged[type];
}

/*
 * A probe reads three places one after the other: the hash slot, the bucket it names, the
 * key that bucket holds. When other code has pushed the table out of the caches (Vtiger's
 * own runs between two calls in the same worker), each is a miss, and one label's misses
 * cannot start before the previous one's end. So a long list is probed as a pipeline: each
 * label's slot is asked for as the label is checked (its hash is needed anyway), and while
 * label i is translated, the bucket of label i + 2D and the key of label i + D are asked
 * for, each with D labels' work to arrive in. zend's layout is then probed as usual, in
 * memory that has arrived: prefetches change no answer.
 */
#define VTWS_PROBE_AHEAD 8

/* Whether t has hash slots to probe (not packed, not uninitialized). */
static zend_always_inline int has_hash_slots(const HashTable *t)
{
    return !(HT_FLAGS(t) & (HASH_FLAG_PACKED | HASH_FLAG_UNINITIALIZED));
}

/* t, when a pipeline can prefetch its probes (a merged table with slots, not empty); else NULL. */
static const HashTable *probed_table(const HashTable *t)
{
    return t && has_hash_slots(t) && zend_hash_num_elements(t) ? t : NULL;
}

static zend_always_inline uint32_t slot_of(const HashTable *t, const zend_string *label)
{
    return HT_HASH(t, (uint32_t)ZSTR_H(label) | t->nTableMask);
}

/* Bytes a and b of one length are the same: eight at a time (the last eight overlapping),
 * inline; keys are short, and a call to memcmp() cost more than the compare. */
static zend_always_inline int same_bytes(const char *a, const char *b, size_t len)
{
    uint64_t x, y;
    if (len < 8)
        return memcmp(a, b, len) == 0;
    for (size_t i = 0; i + 8 < len; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return 0;
    }
    memcpy(&x, a + len - 8, 8);
    memcpy(&y, b + len - 8, 8);
    return x == y;
}

/* zend_hash_find() of a key that is no decimal integer on a merged table (immutable: no deleted
 * buckets, no INDIRECT values), with the key compare inline. */
static zend_always_inline const zval *merged_find_str(const HashTable *ht, zend_string *key)
{
    if (!has_hash_slots(ht))
        return zend_hash_find(ht, key);
    zend_ulong h = zend_string_hash_val(key);
    uint32_t idx = HT_HASH(ht, (uint32_t)h | ht->nTableMask);
    while (idx != HT_INVALID_IDX) {
        const Bucket *b = HT_HASH_TO_BUCKET(ht, idx);
        if (b->key == key ||
            (b->h == h && b->key && ZSTR_LEN(b->key) == ZSTR_LEN(key) && same_bytes(ZSTR_VAL(b->key), ZSTR_VAL(key), ZSTR_LEN(key))))
            return &b->val;
        idx = Z_NEXT(b->val);
    }
    return NULL;
}

/* zend_symtable_find() on a merged table: a decimal-integer key is PHP's integer key. */
static const zval *merged_find(const HashTable *ht, zend_string *key)
{
    zend_ulong n;
    if (ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(key), ZSTR_LEN(key), n))
        return zend_hash_index_find(ht, n);
    return merged_find_str(ht, key);
}

/* The translation of label into *out; returns 1 when found. Not found: the
 * decoded label, as Vtiger returns it. has_amp: as decode_key(). */
VTWS_HOT static int translate_label(lookup *lk, zend_string *label, int has_amp, vtws_strings_type type, zval *out,
                           int keep_miss)
{
    zend_string *key = decode_key(label, has_amp);
    const vtws_merged *merged = merged_table(lk, type);
    const zval *v = NULL;
    zval found;
    int r = 0;
    if (merged && merged->ht) { /* one probe */
        v = merged_find(merged->ht, key);
        vtws_catalog_count(lk->catalog, v != NULL);
    } else if (merged && (r = vtws_cache_merged_find(merged, key, &found)) >= 0) { /* one probe, in the store */
        v = r ? &found : NULL;
        vtws_catalog_count(lk->catalog, r);
    } else {
        if (r < 0) /* damaged: this call walks the chain (whose tables check themselves) */
            lk->merged[type] = NULL;
        v = vtws_catalog_find(lk->catalog, &lk->chain, type, key);
    }
    if (v) {
        ZVAL_COPY(out, (zval *)v); /* interned or immutable: nothing is copied */
        zend_string_release(key);
        return 1;
    }
    if (keep_miss)
        ZVAL_STR(out, key);
    else
        zend_string_release(key);
    return 0;
}

/* A label as it arrives: strings and integers; nothing nested. *has_amp: whether it has an '&'. */
VTWS_HOT static zend_string *label_of(zval *v, zend_ulong pos, zend_string *key, int *has_amp)
{
    ZVAL_DEREF(v);
    zend_string *s;
    if (Z_TYPE_P(v) == IS_STRING)
        s = zend_string_copy(Z_STR_P(v));
    else if (Z_TYPE_P(v) == IS_LONG)
        s = zend_long_to_str(Z_LVAL_P(v));
    else {
        if (key)
            vtws_throw(VTWS_E_INVALID_TOTRANSLATE, "the label for \"%.64s\" must be a string, %s given", ZSTR_VAL(key),
                       zend_zval_type_name(v));
        else
            vtws_throw(VTWS_E_INVALID_TOTRANSLATE, "label %lu must be a string, %s given", (unsigned long)pos,
                       zend_zval_type_name(v));
        return NULL;
    }
    vtws_label_check c = vtws_scan_label(ZSTR_VAL(s), ZSTR_LEN(s), has_amp);
    if (c != VTWS_LABEL_OK) {
        vtws_throw(VTWS_E_INVALID_TOTRANSLATE, "label %lu %s", (unsigned long)pos, vtws_label_problem(c));
        zend_string_release(s);
        return NULL;
    }
    return s;
}

VTWS_HOT static int is_list(HashTable *ht)
{
#if PHP_VERSION_ID >= 80100
    return zend_array_is_list(ht);
#else
    zend_ulong expect = 0, idx;
    zend_string *k;
    ZEND_HASH_FOREACH_KEY(ht, idx, k) {
        if (k || idx != expect++)
            return 0;
    } ZEND_HASH_FOREACH_END();
    return 1;
#endif
}

/* label's translation added to the answer under label (a list's or a single label's
 * answer); the reference to label is given up. */
static zend_always_inline void add_translation(lookup *lk, zend_string *label, int has_amp, zval *result)
{
    zval tr;
    translate_label(lk, label, has_amp, VTWS_LANGUAGE_STRINGS, &tr, 1);
    zend_symtable_update(Z_ARRVAL_P(result), label, &tr);
    zend_string_release(label);
}

/* A short list: label by label, nothing to overlap. */
VTWS_HOT static void answer_short_list(lookup *lk, HashTable *in, zval *result)
{
    zend_ulong pos = 0;
    zval *v;
    array_init_size(result, zend_hash_num_elements(in));
    ZEND_HASH_FOREACH_VAL(in, v) {
        int has_amp;
        zend_string *label = label_of(v, pos++, NULL, &has_amp);
        if (!label)
            return;
        add_translation(lk, label, has_amp, result);
    } ZEND_HASH_FOREACH_END();
}

/* A list's label, with its '&' flag in the pointer's low bit (zend_strings are aligned). */
#define LABEL_OF(x) ((zend_string *)((x) & ~(uintptr_t)1))

/* ---- answers kept in the store ------------------------------------------------------------
 * A client page asks for the same labels every time it is shown. With the shared store on,
 * a list's answer is kept there, named by what the request gave (root, the language named,
 * module, the default and fallback languages, a digest of the list) and versioned by the
 * identities of the chain's files. A worker that has not used the root yet answers such a
 * list from it before anything else (no catalog made, no file looked at) when a process
 * found the files of its version less than vtws.revalidate_freq seconds ago, as a process
 * trusts its own tables that long: a fresh worker pays for each page it touches for the
 * first time (tens of microseconds on some VMs), and this way touches a few. Otherwise the
 * chain's files are looked at (stat) and the answer kept for their version is read, and
 * marked as checked now; a list answered from the tables is kept for their version. */

/* Appends n bytes and a NUL. */
VTWS_HOT static char *name_part(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    p[n] = '\0';
    return p + n + 1;
}

/* The name of a list's kept answer (*len, with 8 bytes of room after it: see
 * vtws_shared_answer_find()), in buf when it fits there, else emalloc'd; NULL when the call
 * keeps none:
 * \002 root NUL language NUL module NUL default language NUL fallback languages NUL digest.
 * buf is the caller's stack: a fresh worker's first allocation of a size class makes the
 * allocator lay out a page it never touched (a fault, tens of microseconds on a VM). */
VTWS_HOT static char *answer_name(const lookup *lk, const uintptr_t *labels, size_t n, char *buf, size_t buf_size,
                                  size_t *len)
{
    if (!lk->language[0])
        return NULL; /* the user's language: known once the catalog is */
    uint64_t h = n;
    for (size_t i = 0; i < n; i++) {
        zend_string *label = LABEL_OF(labels[i]);
        h = vtws_checksum64(ZSTR_VAL(label), ZSTR_LEN(label), h ^ ZSTR_LEN(label));
    }
    const char *def = default_language(), *fb = VTWS_G(fallback_languages) ? VTWS_G(fallback_languages) : "";
    size_t lr = strlen(lk->root), lm = strlen(lk->module), ld = strlen(def), lf = strlen(fb);
    size_t need = 1 + lr + 1 + 6 + lm + 1 + ld + 1 + lf + 1 + 8 + 8;
    char *name = need <= buf_size ? buf : emalloc(need), *p = name;
    *p++ = 2;
    p = name_part(p, lk->root, lr);
    p = name_part(p, lk->language, 5);
    p = name_part(p, lk->module, lm);
    p = name_part(p, def, ld);
    p = name_part(p, fb, lf);
    memcpy(p, &h, 8);
    *len = (size_t)(p + 8 - name);
    return name;
}

/* The version of the chain's files, to keep the answer under: 0 when this call keeps none
 * (a chain asked for before in this process is answered from its merged table, in cache). */
VTWS_HOT static int answer_version(lookup *lk, uint64_t *version)
{
    return vtws_shared_active() && lk->chain.key[0] && !vtws_catalog_chain_seen(lk->catalog, lk->chain.key) &&
           vtws_catalog_chain_version(lk->catalog, &lk->chain, version);
}

/* The kept answer's own array into result, when it has one usable here and holds these
 * labels, in this order: 1. */
VTWS_HOT static int answer_in_place(const vtws_shared_answer *a, const uintptr_t *labels, size_t n, zval *result)
{
    uint32_t count, next = 0;
    zend_array *ht = vtws_shared_answer_array(a, &count);
    if (!ht || count > n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        zend_string *label = LABEL_OF(labels[i]);
        if (next < count && vtws_shared_answer_holds(a, label, next, ht)) {
            next++;
            continue;
        }
        /* else a label asked before (answered once): one of the keys already met */
        zval *seen = zend_hash_find(ht, label);
        if (!seen || (uint32_t)((Bucket *)seen - ht->arData) >= next)
            return 0;
    }
    if (next != count)
        return 0;
    ZVAL_ARR(result, ht);
    Z_TYPE_FLAGS_P(result) = 0; /* immutable: not counted, copied by PHP before any change */
    return 1;
}

/* The kept answer into result (initialized here): 1, or 0 (result null) when it is
 * not this list's (each new label must be its next record). */
VTWS_HOT static int answer_from_store(vtws_shared_answer *a, const uintptr_t *labels, size_t n, zval *result)
{
    if (a->image) /* the entry holding the array has no table */
        return answer_in_place(a, labels, n, result);
    if (!vtws_shared_answer_table(a))
        return 0;
    array_init_size(result, (uint32_t)n);
    vtws_sht_view view = a->view;
    size_t pos = 0;
    vtws_sht_item it;
    for (size_t i = 0; i < n; i++) {
        zend_string *label = LABEL_OF(labels[i]);
        if (zend_symtable_exists(Z_ARRVAL_P(result), label))
            continue; /* a label asked twice: answered once */
        if (vtws_sht_next(&view, &pos, &it) != 1 || it.key_len != ZSTR_LEN(label) ||
            memcmp(it.key, ZSTR_VAL(label), it.key_len) != 0) {
            zval_ptr_dtor(result);
            ZVAL_NULL(result);
            return 0;
        }
        zval tr;
        vtws_shared_zval(&it, &tr);
        zend_symtable_update(Z_ARRVAL_P(result), label, &tr);
    }
    if (vtws_sht_next(&view, &pos, &it) != 0) {
        zval_ptr_dtor(result);
        ZVAL_NULL(result);
        return 0;
    }
    return 1;
}

/* The list's kept answer for files of *version (NULL: the newest, found by a process less than
 * `fresh` seconds ago): its array for this process's home first, else its table; into
 * result: 1. An answer read from its table is kept as an array for this home too. */
VTWS_HOT static int answer_kept(char *name, size_t name_len, const uint64_t *version, zend_long fresh,
                                const uintptr_t *labels, size_t n, zval *result)
{
    vtws_shared_answer a;
    for (int home = vtws_shared_home() != 0; home >= 0; home--) {
        if (!vtws_shared_answer_find(name, name_len, version, home, &a) ||
            (!version && !vtws_shared_answer_fresh(&a, fresh)) || !answer_from_store(&a, labels, n, result))
            continue;
        if (version)
            vtws_shared_answer_checked(&a);
        if (!home && vtws_shared_home())
            vtws_shared_answer_publish(name, name_len, a.version, Z_ARRVAL_P(result), &a);
        return 1;
    }
    return 0;
}

/* A worker's first call for a root, answered from the store with nothing else done: 1. */
VTWS_HOT static int answer_first(char *name, size_t name_len, const uintptr_t *labels, size_t n, zval *result)
{
    return vtws_cache_shared() && answer_kept(name, name_len, NULL, VTWS_G(revalidate_freq), labels, n, result);
}

/*
 * answer_list() on a merged table of the store, as a pipeline too: while label i is looked
 * up, the slot of label i + 2D and the record the slot of label i + D names are asked for.
 * A label found in a slot and record this worker checked before costs one compare (see
 * vtws_sht_lookup_fast()); any other goes the checked way. A damaged record ends the
 * pipeline: the rest of the list walks the chain, whose tables are read again.
 */
static void answer_list_shared(lookup *lk, const vtws_sht_view *v, uintptr_t *labels, size_t got, zval *result)
{
    for (size_t i = 0; i < got && i < 2 * VTWS_PROBE_AHEAD; i++)
        __builtin_prefetch(vtws_sht_slot(v, zend_string_hash_val(LABEL_OF(labels[i]))));
    size_t i;
    for (i = 0; i < got; i++) {
        if (i + 2 * VTWS_PROBE_AHEAD < got) /* stage 1: the slot */
            __builtin_prefetch(vtws_sht_slot(v, zend_string_hash_val(LABEL_OF(labels[i + 2 * VTWS_PROBE_AHEAD]))));
        if (i + VTWS_PROBE_AHEAD < got) { /* stage 2: the record it names (bounds: the slot's, checked below) */
            uint64_t s = *(const uint64_t *)vtws_sht_slot(v, ZSTR_H(LABEL_OF(labels[i + VTWS_PROBE_AHEAD])));
            if ((uint32_t)s && (uint32_t)s < v->size)
                __builtin_prefetch(v->base + (uint32_t)s);
        }
        zend_string *label = LABEL_OF(labels[i]);
        zend_ulong num;
        if ((labels[i] & 1) || ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(label), ZSTR_LEN(label), num)) {
            add_translation(lk, label, (int)(labels[i] & 1), result); /* decoded, or an integer key */
            continue;
        }
        int damaged;
        const vtws_sht_record *r = vtws_sht_lookup_fast(v, ZSTR_H(label), ZSTR_VAL(label), ZSTR_LEN(label), &damaged);
        if (damaged) {
            vtws_shared_count_damaged();
            lk->merged[VTWS_LANGUAGE_STRINGS] = NULL;
            break;
        }
        zval tr;
        vtws_catalog_count(lk->catalog, r && !r->empty);
        if (r && !r->empty)
            vtws_cache_record_zval(r, &tr);
        else
            ZVAL_STR_COPY(&tr, label);
        zend_hash_update(Z_ARRVAL_P(result), label, &tr);
        zend_string_release(label);
    }
    for (; i < got; i++) /* after damage: label by label, along the chain */
        add_translation(lk, LABEL_OF(labels[i]), (int)(labels[i] & 1), result);
}

#define VTWS_STACK_LABELS 256

static zend_always_inline void free_labels(uintptr_t *labels, const uintptr_t *on_stack)
{
    if (labels != on_stack)
        efree(labels);
}

/* Labels of a list: {label: translation}. Lists no longer than the pipeline is deep gain
 * nothing from it (its set-up cost a 2-label request a fifth more). */
VTWS_HOT static void answer_list(lookup *lk, HashTable *in, zval *result)
{
    uint32_t n = zend_hash_num_elements(in);
    if (n <= 2 * VTWS_PROBE_AHEAD) {
        answer_short_list(lk, in, result);
        return;
    }
    /* a client page's list on the stack: a fresh worker's first allocation of a size class
     * makes the allocator lay out a run of several pages it never touched (a fault each) */
    uintptr_t on_stack[VTWS_STACK_LABELS];
    uintptr_t *labels = n <= VTWS_STACK_LABELS ? on_stack : safe_emalloc(n, sizeof(uintptr_t), 0);
    size_t got = 0;
    zval *v;
    /* the result array comes after the kept answer is looked for: it may be the answer */
    ZVAL_NULL(result);
    /* the request's labels are as cold as the table once other code ran: ask for them all
     * first, in one pass over the list, so checking them does not wait label by label */
    ZEND_HASH_FOREACH_VAL(in, v) {
        if (Z_TYPE_P(v) == IS_STRING)
            __builtin_prefetch(Z_STR_P(v));
    } ZEND_HASH_FOREACH_END();
    ZEND_HASH_FOREACH_VAL(in, v) {
        int has_amp;
        zend_string *label = label_of(v, got, NULL, &has_amp);
        if (!label) { /* thrown: the answer is dropped */
            while (got)
                zend_string_release(LABEL_OF(labels[--got]));
            free_labels(labels, on_stack);
            if (!lk->catalog) { /* the language's error first, as when the catalog came first */
                zend_object *label_error = EG(exception);
                EG(exception) = NULL;
                if (prepare_catalog(lk))
                    EG(exception) = label_error;
                else
                    OBJ_RELEASE(label_error);
            }
            return;
        }
        labels[got++] = (uintptr_t)label | (uintptr_t)(has_amp != 0);
    } ZEND_HASH_FOREACH_END();
    /* the same list asked before, of the same files: the answer the store kept (its name
     * made only when it is looked for: a digest of every label) */
    size_t name_len = 0;
    char name_buf[512], *name = NULL;
    int answered = 0, keep = 0;
    uint64_t version = 0;
    if (!lk->catalog) {
        /* the process's first list for the root only (a preloaded catalog has never been
         * used by this worker either): the next ones use the catalog, whose merged table
         * answers a list faster than a kept answer is read */
        uint64_t root_hash = vtws_checksum64(lk->root, strlen(lk->root), 0) | 1;
        if (vtws_shared_enabled() && VTWS_G(first_list_root) != root_hash) {
            VTWS_G(first_list_root) = root_hash;
            name = answer_name(lk, labels, got, name_buf, sizeof(name_buf), &name_len);
            answered = name && answer_first(name, name_len, labels, got, result);
        }
        if (!answered && !prepare_catalog(lk))
            answered = -1; /* thrown */
    }
    if (!answered && answer_version(lk, &version) && (name || (name = answer_name(lk, labels, got, name_buf, sizeof(name_buf), &name_len)))) {
        keep = 1;
        answered = answer_kept(name, name_len, &version, 0, labels, got, result);
    }
    if (answered) {
        while (got)
            zend_string_release(LABEL_OF(labels[--got]));
        free_labels(labels, on_stack);
        if (name && name != name_buf)
            efree(name);
        return;
    }
    array_init_size(result, n);
    const vtws_merged *m = merged_table(lk, VTWS_LANGUAGE_STRINGS);
    if (m && !m->ht && m->view.base && m->view.checked) {
        answer_list_shared(lk, &m->view, labels, got, result);
        got = 0;
    }
    const HashTable *t = probed_table(m ? m->ht : NULL);
    for (size_t i = 0; t && i < got; i++) /* stage 1: the slot */
        __builtin_prefetch(&HT_HASH(t, (uint32_t)zend_string_hash_val(LABEL_OF(labels[i])) | t->nTableMask));
    for (size_t i = 0; i < got; i++) {
        if (t && i + 2 * VTWS_PROBE_AHEAD < got) { /* stage 2: the bucket the slot names */
            uint32_t idx = slot_of(t, LABEL_OF(labels[i + 2 * VTWS_PROBE_AHEAD]));
            if (idx != HT_INVALID_IDX)
                __builtin_prefetch(HT_HASH_TO_BUCKET(t, idx));
        }
        if (t && i + VTWS_PROBE_AHEAD < got) { /* stage 3: the key the bucket holds */
            uint32_t idx = slot_of(t, LABEL_OF(labels[i + VTWS_PROBE_AHEAD]));
            if (idx != HT_INVALID_IDX && HT_HASH_TO_BUCKET(t, idx)->key)
                __builtin_prefetch(HT_HASH_TO_BUCKET(t, idx)->key);
        }
        zend_string *label = LABEL_OF(labels[i]);
        zend_ulong num;
        if (t && !(labels[i] & 1) && !ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(label), ZSTR_LEN(label), num)) {
            /* add_translation() for the usual label (nothing to decode, no integer key): the
             * same answer, without copying the key to look it up and checking it twice */
            const zval *v = merged_find_str(t, label);
            zval tr;
            vtws_catalog_count(lk->catalog, v != NULL);
            if (v)
                ZVAL_COPY(&tr, (zval *)v);
            else
                ZVAL_STR_COPY(&tr, label);
            zend_hash_update(Z_ARRVAL_P(result), label, &tr);
            zend_string_release(label);
            continue;
        }
        add_translation(lk, label, (int)(labels[i] & 1), result);
    }
    free_labels(labels, on_stack);
    if (keep && !EG(exception))
        vtws_shared_answer_publish(name, name_len, version, Z_ARRVAL_P(result), NULL);
    if (name && name != name_buf)
        efree(name);
}

/* A map {resultKey: label}: the label's translation, else resultKey's, else the label. */
static void answer_map(lookup *lk, HashTable *in, zval *result)
{
    zend_ulong idx, pos = 0;
    zend_string *rkey;
    zval *v;
    array_init_size(result, zend_hash_num_elements(in));
    ZEND_HASH_FOREACH_KEY_VAL(in, idx, rkey, v) {
        int has_amp;
        zend_string *label = label_of(v, pos++, rkey, &has_amp);
        if (!label)
            return;
        zval tr;
        if (!translate_label(lk, label, has_amp, VTWS_LANGUAGE_STRINGS, &tr, 0)) {
            zend_string *alt = rkey ? zend_string_copy(rkey) : zend_long_to_str((zend_long)idx);
            if (!translate_label(lk, alt, -1, VTWS_LANGUAGE_STRINGS, &tr, 0))
                ZVAL_STR(&tr, decode_key(label, has_amp));
            zend_string_release(alt);
        }
        if (rkey)
            zend_hash_update(Z_ARRVAL_P(result), rkey, &tr);
        else
            zend_hash_index_update(Z_ARRVAL_P(result), idx, &tr);
        zend_string_release(label);
    } ZEND_HASH_FOREACH_END();
}

VTWS_HOT ZEND_FUNCTION(vtws_gettranslation);
ZEND_FUNCTION(vtws_gettranslation)
{
    zval *totranslate = NULL, *language = NULL, *module = NULL, *user = NULL;

    ZEND_PARSE_PARAMETERS_START(0, 4)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(totranslate)
        Z_PARAM_ZVAL(language)
        Z_PARAM_ZVAL(module)
        Z_PARAM_ZVAL(user)
    ZEND_PARSE_PARAMETERS_END();

    if (totranslate)
        ZVAL_DEREF(totranslate);
    if (language)
        ZVAL_DEREF(language);
    if (module)
        ZVAL_DEREF(module);
    if (user)
        ZVAL_DEREF(user);

    /* the input first: a bad request is refused before anything is read */
    if (!vtws_dispatch_parameters_placed(GETTRANSLATION))
        RETURN_THROWS();
    int kind = 0; /* 0 empty, 1 one label, 2 array */
    if (!totranslate || Z_TYPE_P(totranslate) == IS_NULL ||
        (Z_TYPE_P(totranslate) == IS_STRING && Z_STRLEN_P(totranslate) == 0)) {
        kind = 0;
    } else if (Z_TYPE_P(totranslate) == IS_STRING || Z_TYPE_P(totranslate) == IS_LONG) {
        kind = 1;
    } else if (Z_TYPE_P(totranslate) == IS_ARRAY) {
        kind = zend_hash_num_elements(Z_ARRVAL_P(totranslate)) ? 2 : 0;
        if ((zend_long)zend_hash_num_elements(Z_ARRVAL_P(totranslate)) > VTWS_G(max_labels)) {
            vtws_throw(VTWS_E_INVALID_TOTRANSLATE, "more than " ZEND_LONG_FMT " labels (vtws.max_labels)",
                       VTWS_G(max_labels));
            RETURN_THROWS();
        }
    } else {
        vtws_throw(VTWS_E_INVALID_TOTRANSLATE,
                   "totranslate must be a list of labels, a map {key: label} or one label, %s given",
                   zend_zval_type_name(totranslate));
        RETURN_THROWS();
    }

    lookup lk;
    /* a long list looks for its kept answer first (answer_list()): the catalog after */
    int long_list = kind == 2 && zend_hash_num_elements(Z_ARRVAL_P(totranslate)) > 2 * VTWS_PROBE_AHEAD &&
                    is_list(Z_ARRVAL_P(totranslate));
    if (!prepare_inputs(&lk, language, module, user) || (!long_list && !prepare_catalog(&lk)))
        RETURN_THROWS();

    if (kind == 0) {
        RETURN_EMPTY_ARRAY();
    }
    if (kind == 1) {
        int has_amp;
        zend_string *label = label_of(totranslate, 0, NULL, &has_amp);
        if (!label)
            RETURN_THROWS();
        array_init_size(return_value, 1);
        add_translation(&lk, label, has_amp, return_value);
        return;
    }
    HashTable *in = Z_ARRVAL_P(totranslate);
    if (is_list(in))
        answer_list(&lk, in, return_value);
    else
        answer_map(&lk, in, return_value);
    if (EG(exception)) {
        zval_ptr_dtor(return_value);
        ZVAL_NULL(return_value);
        RETURN_THROWS();
    }
}

ZEND_FUNCTION(Vtws_translate)
{
    zend_string *key, *module = NULL, *language = NULL;

    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_STR(key)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(module)
        Z_PARAM_STR_OR_NULL(language)
    ZEND_PARSE_PARAMETERS_END();

    lookup lk;
    if (!prepare_strings(&lk, module, language))
        RETURN_THROWS();
    zval tr;
    translate_label(&lk, key, -1, VTWS_LANGUAGE_STRINGS, &tr, 1);
    if (Z_TYPE(tr) == IS_STRING) {
        ZVAL_COPY_VALUE(return_value, &tr);
        return;
    }
    if (Z_TYPE(tr) == IS_ARRAY) { /* a nested array in an old file is no string */
        RETURN_STR(decode_key(key, -1));
    }
    RETVAL_STR(zval_get_string(&tr));
    zval_ptr_dtor(&tr);
}

/* Every string of the (resolved) chain's tables of one type, first wins: Vtiger's export().
 * A table of the store found damaged is read again from its files, and the export redone. */
static void chain_strings(lookup *lk, vtws_strings_type t, zval *out)
{
    array_init(out);
    for (int i = 0; i < lk->chain.n; i++) {
        if (vtws_cache_add_strings(lk->chain.tables[i], t, out))
            continue;
        vtws_catalog_reread(lk->catalog, &lk->chain, i);
        zend_hash_clean(Z_ARRVAL_P(out));
        i = -1;
    }
}

ZEND_FUNCTION(Vtws_translations)
{
    zend_string *module, *language = NULL, *type = NULL;

    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_STR(module)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR_OR_NULL(language)
        Z_PARAM_STR(type)
    ZEND_PARSE_PARAMETERS_END();

    vtws_strings_type t = VTWS_LANGUAGE_STRINGS;
    if (type && zend_string_equals_literal(type, "jsLanguageStrings"))
        t = VTWS_JS_LANGUAGE_STRINGS;
    else if (type && !zend_string_equals_literal(type, "languageStrings")) {
        vtws_throw(VTWS_E_INVALID_TYPE, "type must be languageStrings or jsLanguageStrings");
        RETURN_THROWS();
    }
    lookup lk;
    if (!prepare_strings(&lk, module, language))
        RETURN_THROWS();
    vtws_catalog_resolve_all(lk.catalog, &lk.chain);
    chain_strings(&lk, t, return_value);
}

/* ---- exporttranslation ---------------------------------------------------------------------- */

#define VTWS_VERSION_FLAGS (PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_INVALID_UTF8_SUBSTITUTE)

/* The export's type: "languageStrings" (also for null or ""), "jsLanguageStrings" or "all";
 * NULL after throwing. */
static const char *export_type(zval *type)
{
    if (!type || Z_TYPE_P(type) == IS_NULL || (Z_TYPE_P(type) == IS_STRING && Z_STRLEN_P(type) == 0))
        return "languageStrings";
    if (Z_TYPE_P(type) != IS_STRING) {
        vtws_throw(VTWS_E_INVALID_TYPE, "type must be a string, %s given", zend_zval_type_name(type));
        return NULL;
    }
    static const char *const types[] = {"languageStrings", "jsLanguageStrings", "all"};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (Z_STRLEN_P(type) == strlen(types[i]) && memcmp(Z_STRVAL_P(type), types[i], Z_STRLEN_P(type)) == 0)
            return types[i];
    vtws_throw(VTWS_E_INVALID_TYPE, "type must be languageStrings, jsLanguageStrings or all");
    return NULL;
}

/* The client's version: NULL for none (null or ""), else 16 lower-case hex digits;
 * returns 0 after throwing. */
static int export_client_version(zval *version, const char **out)
{
    *out = NULL;
    if (!version || Z_TYPE_P(version) == IS_NULL || (Z_TYPE_P(version) == IS_STRING && Z_STRLEN_P(version) == 0))
        return 1;
    if (Z_TYPE_P(version) != IS_STRING) {
        vtws_throw(VTWS_E_INVALID_VERSION, "version must be a string, %s given", zend_zval_type_name(version));
        return 0;
    }
    const char *v = Z_STRVAL_P(version);
    int ok = Z_STRLEN_P(version) == 16;
    for (size_t i = 0; ok && i < 16; i++)
        ok = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f');
    if (!ok) {
        vtws_throw(VTWS_E_INVALID_VERSION, "version must be the 16 hex digits of an earlier answer's version");
        return 0;
    }
    *out = v;
    return 1;
}

/* The content version of an export: FNV-1a 64 of what shapes the answer (language,
 * module, type) and of its strings as json_encode() writes them with the same flags;
 * the handler file's fallback computes it the same way in PHP. Files touched
 * without a change, or copied elsewhere, keep it. */
static void export_version(const char *lang, const char *module, const char *type, zval *strings, char hex[17])
{
    smart_str buf = {0};
    smart_str_appends(&buf, "exporttranslation\n");
    smart_str_appends(&buf, lang);
    smart_str_appendc(&buf, '\n');
    smart_str_appends(&buf, module);
    smart_str_appendc(&buf, '\n');
    smart_str_appends(&buf, type);
    smart_str_appendc(&buf, '\n');
    php_json_encode(&buf, strings, VTWS_VERSION_FLAGS);
    smart_str_0(&buf);
    vtws_digest_hex(vtws_fnv1a64(VTWS_FNV1A64_INIT, ZSTR_VAL(buf.s), ZSTR_LEN(buf.s)), hex);
    smart_str_free(&buf);
}

/* Whether the client's copy (NULL: none) is the version hex. */
static int client_has(const char *client_version, const char hex[17])
{
    return client_version && memcmp(client_version, hex, 16) == 0;
}

/* The strings of an export of type t: one array, or both types as two members ("all"). */
static void export_strings(lookup *lk, const char *t, zval *out)
{
    if (strcmp(t, "all") != 0) {
        chain_strings(lk, strcmp(t, "jsLanguageStrings") == 0 ? VTWS_JS_LANGUAGE_STRINGS : VTWS_LANGUAGE_STRINGS, out);
        return;
    }
    zval part;
    array_init_size(out, 2);
    chain_strings(lk, VTWS_LANGUAGE_STRINGS, &part);
    zend_hash_str_add_new(Z_ARRVAL_P(out), "languageStrings", sizeof("languageStrings") - 1, &part);
    chain_strings(lk, VTWS_JS_LANGUAGE_STRINGS, &part);
    zend_hash_str_add_new(Z_ARRVAL_P(out), "jsLanguageStrings", sizeof("jsLanguageStrings") - 1, &part);
}

ZEND_FUNCTION(vtws_exporttranslation)
{
    zval *language = NULL, *module = NULL, *type = NULL, *version = NULL, *user = NULL;

    ZEND_PARSE_PARAMETERS_START(0, 5)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(language)
        Z_PARAM_ZVAL(module)
        Z_PARAM_ZVAL(type)
        Z_PARAM_ZVAL(version)
        Z_PARAM_ZVAL(user)
    ZEND_PARSE_PARAMETERS_END();

    zval *args[] = {language, module, type, version, user};
    for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
        if (args[i])
            ZVAL_DEREF(args[i]);
    language = args[0], module = args[1], type = args[2], version = args[3], user = args[4];

    if (!vtws_dispatch_parameters_placed("exporttranslation"))
        RETURN_THROWS();
    const char *t = export_type(type), *client_version;
    if (!t || !export_client_version(version, &client_version))
        RETURN_THROWS();
    lookup lk;
    if (!prepare(&lk, language, module, user))
        RETURN_THROWS();
    if (lk.nlangs == 0) {
        vtws_throw(VTWS_E_NOT_CONFIGURED, "no language: the default language must look like xx_yy");
        RETURN_THROWS();
    }

    /* A client whose copy is current is answered from the version computed before for these
     * very tables, without gathering and encoding the strings again. */
    vtws_catalog_resolve_all(lk.catalog, &lk.chain);
    char key[128], hex[17]; /* key: a checked language, module (<= 64 bytes) and type */
    snprintf(key, sizeof(key), "%s\n%s\n%s", lk.langs[0], lk.module, t);
    int known = vtws_cache_export_version(key, &lk.chain, hex);
    zval strings;
    ZVAL_UNDEF(&strings);
    if (!known || !client_has(client_version, hex)) {
        export_strings(&lk, t, &strings);
        if (!known) {
            export_version(lk.langs[0], lk.module, t, &strings, hex);
            vtws_cache_export_version_set(key, &lk.chain, hex);
        }
    }
    int current = client_has(client_version, hex);

    array_init_size(return_value, 4);
    add_assoc_string(return_value, "language", (char *)lk.langs[0]);
    add_assoc_string(return_value, "module", (char *)lk.module);
    add_assoc_stringl(return_value, "version", hex, 16);
    if (current) {
        add_assoc_bool(return_value, "unchanged", 1);
        zval_ptr_dtor(&strings);
    } else if (strcmp(t, "all") == 0) {
        zend_hash_merge(Z_ARRVAL_P(return_value), Z_ARRVAL(strings), zval_add_ref, 0);
        zval_ptr_dtor(&strings);
    } else {
        add_assoc_zval(return_value, "strings", &strings);
    }
}

ZEND_FUNCTION(Vtws_cache_info)
{
    ZEND_PARSE_PARAMETERS_NONE();
    vtws_cache_info(return_value);
}

ZEND_FUNCTION(Vtws_cache_reset)
{
    ZEND_PARSE_PARAMETERS_NONE();
    vtws_cache_reset();
}

#include "php_vtws.h"
#include "hot.h"
#include "vtws_cache.h"
#include "vtws_persist.h"
#include "vtws_shared.h"

#include <time.h>
#if defined(_WIN32)
#include "win32/time.h"
#else
#include <sys/time.h>
#endif

/* A module's strings, in this process's memory (arrays) or in the store (shared). */
typedef struct vtws_table {
    HashTable *arrays[2];      /* languageStrings, jsLanguageStrings (NULL: none) */
    char *strings;             /* the block every string of both arrays lives in */
    vtws_shared_table shared;  /* in the store: shared.payload != NULL */
    uint64_t serial;           /* unique in this process (thread): a freed table's address may return */
} vtws_table;

#define IS_SHARED(t) ((t)->shared.payload != NULL)

#define EXPORT_VERSIONS 32

typedef struct vtws_export_version {
    char key[128];
    int n;
    uint64_t serials[VTWS_CHAIN_MAX];
    char hex[17];
} vtws_export_version;

/* ---- host hooks of the core catalog ------------------------------------------ */

static void *table_build(void *ctx, const vtws_array *strings, const vtws_array *js, size_t *bytes)
{
    (void)ctx;
    size_t need = (strings ? vtws_persist_size(strings) : 0) + (js ? vtws_persist_size(js) : 0);
    vtws_table *t = pecalloc(1, sizeof(*t), 1);
    vtws_persist_block blk;
    blk.base = blk.cur = t->strings = pemalloc(need ? need : 1, 1);
    blk.end = blk.base + need;
    *bytes = sizeof(*t) + need;
    t->serial = ++VTWS_G(table_serial);
    t->arrays[0] = strings ? vtws_persist_array(strings, &blk, bytes) : NULL;
    t->arrays[1] = js ? vtws_persist_array(js, &blk, bytes) : NULL;
    return t;
}

static void table_free(vtws_table *t)
{
    for (int i = 0; i < 2; i++)
        if (t->arrays[i])
            vtws_persist_free(t->arrays[i]);
    if (t->strings)
        pefree(t->strings, 1);
    vtws_shared_table_release(&t->shared);
    pefree(t, 1);
}

static vtws_table *shared_table(const vtws_shared_table *sh, size_t *bytes, size_t *strings)
{
    vtws_table *t = pecalloc(1, sizeof(*t), 1);
    t->shared = *sh;
    t->serial = ++VTWS_G(table_serial);
    *bytes = sizeof(*t); /* (and its views' bits, given at their first lookup) */
    if (strings)
        *strings = (size_t)sh->views[0].nrecords + sh->views[1].nrecords;
    return t;
}

/* The store's table of this version, when a process (this one, or another) published it. */
static void *table_attach(void *ctx, const vtws_catalog_version *v, size_t *bytes, size_t *strings)
{
    (void)ctx;
    vtws_shared_table sh;
    return vtws_shared_find_table(v, &sh) ? shared_table(&sh, bytes, strings) : NULL;
}

/* A table read from the files: to the store when it is on (nothing of it stays in this
 * process), else (or when the store cannot take it) kept here. */
static void *table_build_version(void *ctx, const vtws_catalog_version *v, const vtws_array *strings,
                                 const vtws_array *js, size_t *bytes)
{
    const vtws_array *arrays[2] = {strings, js};
    vtws_shared_table sh;
    if (vtws_shared_active() && vtws_shared_publish_table(v, arrays, &sh))
        return shared_table(&sh, bytes, NULL);
    return table_build(ctx, strings, js, bytes);
}

/* A request may still hold strings of the old version: free it at request end. */
static void table_release(void *ctx, void *table)
{
    (void)ctx;
    if (VTWS_G(ngraveyard) == VTWS_G(graveyard_cap)) {
        size_t cap = VTWS_G(graveyard_cap) ? VTWS_G(graveyard_cap) * 2 : 16;
        VTWS_G(graveyard) = perealloc(VTWS_G(graveyard), cap * sizeof(void *), 1);
        VTWS_G(graveyard_cap) = cap;
    }
    VTWS_G(graveyard)[VTWS_G(ngraveyard)++] = table;
}

/* A record of the store found for a lookup, as PHP's value: a lookup's result is copied at once. */
static const zval *shared_find(const vtws_sht_view *v, zend_string *key)
{
    int damaged;
    const vtws_sht_record *r = vtws_sht_lookup_fast(v, zend_string_hash_val(key), ZSTR_VAL(key), ZSTR_LEN(key), &damaged);
    if (damaged) {
        vtws_shared_count_damaged();
        return VTWS_CATALOG_DAMAGED;
    }
    if (!r || r->empty) /* Vtiger: !empty() */
        return NULL;
    vtws_cache_record_zval(r, &VTWS_G(found));
    return &VTWS_G(found);
}

static const void *table_find(void *ctx, const void *table, vtws_strings_type type, const void *key)
{
    (void)ctx;
    const vtws_table *t = table;
    if (IS_SHARED(t)) {
        vtws_sht_view *v = (vtws_sht_view *)&t->shared.views[type]; /* (this process's own view) */
        if (!v->base)
            return NULL;
        vtws_shared_view_bits(v);
        return shared_find(v, (zend_string *)key);
    }
    if (!t->arrays[type])
        return NULL;
    zval *v = zend_symtable_find(t->arrays[type], (zend_string *)key);
    return v && zend_is_true(v) ? v : NULL; /* Vtiger: !empty() */
}

/* Once per file version: the reader's errors go to PHP's error log, never to
 * the response. */
static void file_report(void *ctx, const char *path, const vtws_langfile *lf)
{
    (void)ctx;
    size_t shown = 0;
    for (size_t i = 0; i < lf->diags.count && shown < 5; i++) {
        const vtws_diag *d = &lf->diags.items[i];
        if (d->severity != VTWS_DIAG_ERROR)
            continue;
        char *msg;
        spprintf(&msg, 0, "vtws: %s:%d:%d: %s (the rest of the file is still served)", path, d->line, d->column,
                 d->message);
        php_log_err(msg);
        efree(msg);
        shown++;
    }
    if (lf->diags.errors > shown) {
        char *msg;
        spprintf(&msg, 0, "vtws: %s: %zu more errors", path, lf->diags.errors - shown);
        php_log_err(msg);
        efree(msg);
    }
}

/* A record of the store added to ht under its key unless ht has it (integer keys as PHP's). */
static void add_item(HashTable *ht, const vtws_sht_item *it, zval *v)
{
    if (it->int_key) {
        char digits[24];
        size_t n = it->key_len < sizeof(digits) - 1 ? it->key_len : sizeof(digits) - 1;
        memcpy(digits, it->key, n);
        digits[n] = '\0';
        zend_hash_index_add(ht, (zend_ulong)ZEND_STRTOL(digits, NULL, 10), v);
    } else {
        zend_hash_str_add(ht, it->key, it->key_len, v);
    }
}

/* A chain's tables merged for one type: the first non-empty value of each key, so a label
 * costs one probe. Tables in the store: merged there (once for every process); else
 * here, the values being the tables' own interned strings and immutable arrays, copied
 * without a reference. */
static void *table_merge(void *ctx, const void *const *tables, int n, vtws_strings_type type, size_t *bytes)
{
    (void)ctx;
    vtws_merged *mt = pecalloc(1, sizeof(*mt), 1);
    *bytes = sizeof(*mt);
    const vtws_shared_table *sh[VTWS_CHAIN_MAX];
    int all_shared = vtws_shared_active() && n <= VTWS_CHAIN_MAX;
    for (int i = 0; i < n && all_shared; i++) {
        all_shared = IS_SHARED((const vtws_table *)tables[i]);
        sh[i] = &((const vtws_table *)tables[i])->shared;
    }
    if (all_shared && vtws_shared_merged(sh, n, type, &mt->view)) {
        mt->view.checked = pecalloc(1, vtws_sht_bitmap_size(&mt->view) + 1, 1);
        *bytes += vtws_sht_bitmap_size(&mt->view) + 1;
        return mt;
    }
    uint32_t cap = 0;
    for (int i = 0; i < n; i++) {
        const HashTable *ht = ((const vtws_table *)tables[i])->arrays[type];
        cap += ht ? zend_hash_num_elements(ht) : 0;
    }
    HashTable *m = pemalloc(sizeof(HashTable), 1);
    zend_hash_init(m, cap, NULL, NULL, 1);
    for (int i = 0; i < n; i++) {
        const vtws_table *t = tables[i];
        if (IS_SHARED(t)) { /* some in the store, some not: the store's values, copied here */
            vtws_sht_item it;
            size_t pos = 0;
            int r = 0;
            while (t->shared.views[type].base && (r = vtws_sht_next(&t->shared.views[type], &pos, &it)) == 1) {
                zval v;
                if (it.empty)
                    continue;
                vtws_shared_zval(&it, &v);
                add_item(m, &it, &v);
            }
            if (r < 0) { /* damaged: no merged table; lookups walk the chain, which reads it again */
                vtws_shared_count_damaged();
                zend_hash_destroy(m);
                pefree(m, 1);
                pefree(mt, 1);
                *bytes = 0;
                return NULL;
            }
            continue;
        }
        HashTable *ht = t->arrays[type];
        if (!ht)
            continue;
        zend_ulong idx;
        zend_string *key;
        zval *v;
        ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, v) {
            if (!zend_is_true(v)) /* Vtiger: !empty(), a miss that goes on down the chain */
                continue;
            if (key)
                zend_hash_add(m, key, v);
            else
                zend_hash_index_add(m, idx, v);
        } ZEND_HASH_FOREACH_END();
    }
    vtws_persist_compact(m);
    mt->ht = m;
    *bytes += sizeof(HashTable) + VTWS_HT_BYTES(m);
    return mt;
}

/* Lookups only happen inside one call, after revalidation: nothing still points here. */
static void merged_release(void *ctx, void *merged)
{
    (void)ctx;
    vtws_merged *mt = merged;
    if (mt->ht) {
        zend_hash_destroy((HashTable *)mt->ht);
        pefree((HashTable *)mt->ht, 1);
    }
    if (mt->view.checked)
        pefree(mt->view.checked, 1);
    pefree(mt, 1);
}

int vtws_cache_merged_find(const vtws_merged *m, zend_string *key, zval *out)
{
    const zval *v = shared_find(&m->view, key);
    if (v == VTWS_CATALOG_DAMAGED)
        return -1;
    if (v)
        ZVAL_COPY_VALUE(out, v);
    return v != NULL;
}

static const vtws_catalog_host host = {NULL,         table_build,    table_release,      table_find, file_report,
                                       table_merge,  merged_release, table_attach,       table_build_version};

int vtws_cache_add_strings(const void *table, vtws_strings_type type, zval *out)
{
    const vtws_table *t = table;
    if (!IS_SHARED(t)) {
        if (t->arrays[type])
            zend_hash_merge(Z_ARRVAL_P(out), t->arrays[type], zval_add_ref, 0); /* first wins */
        return 1;
    }
    const vtws_sht_view *view = &t->shared.views[type];
    vtws_sht_item it;
    size_t pos = 0;
    int r;
    while (view->base && (r = vtws_sht_next(view, &pos, &it)) == 1) {
        zval v;
        vtws_shared_zval(&it, &v);
        add_item(Z_ARRVAL_P(out), &it, &v);
    }
    if (view->base && r < 0) {
        vtws_shared_count_damaged();
        return 0;
    }
    return 1;
}

/* ---- exporttranslation versions ---------------------------------------------------- */

static int export_version_matches(const vtws_export_version *v, const char *key, const vtws_chain *chain)
{
    if (v->n != chain->n || strcmp(v->key, key) != 0)
        return 0;
    for (int i = 0; i < chain->n; i++)
        if (v->serials[i] != ((const vtws_table *)chain->tables[i])->serial)
            return 0;
    return 1;
}

int vtws_cache_export_version(const char *key, const vtws_chain *chain, char hex[17])
{
    vtws_export_version *vs = VTWS_G(export_versions);
    for (int i = 0; vs && i < EXPORT_VERSIONS; i++) {
        if (export_version_matches(&vs[i], key, chain)) {
            memcpy(hex, vs[i].hex, 17);
            return 1;
        }
    }
    return 0;
}

void vtws_cache_export_version_set(const char *key, const vtws_chain *chain, const char hex[17])
{
    if (strlen(key) >= sizeof(((vtws_export_version *)0)->key))
        return;
    if (!VTWS_G(export_versions))
        VTWS_G(export_versions) = pecalloc(EXPORT_VERSIONS, sizeof(vtws_export_version), 1);
    vtws_export_version *v = &VTWS_G(export_versions)[VTWS_G(export_versions_next)];
    VTWS_G(export_versions_next) = (VTWS_G(export_versions_next) + 1) % EXPORT_VERSIONS;
    strcpy(v->key, key);
    v->n = chain->n;
    for (int i = 0; i < chain->n; i++)
        v->serials[i] = ((const vtws_table *)chain->tables[i])->serial;
    memcpy(v->hex, hex, 17);
}

/* ---- catalogs ----------------------------------------------------------------------- */

VTWS_HOT double vtws_cache_now(void)
{
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
#endif
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Seconds, for revalidation (vtws.revalidate_freq, whole seconds): the coarse monotonic
 * clock, a read of the vDSO page that never enters the kernel, where the precise one is a
 * system call on a machine whose clock source the vDSO cannot read (some VMs: ~1-2 us,
 * more than the rest of a short call). Within a tick (a few ms) of vtws_cache_now(). */
VTWS_HOT double vtws_cache_coarse_now(void)
{
#if defined(CLOCK_MONOTONIC_COARSE) && !defined(_WIN32)
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0)
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
#endif
    return vtws_cache_now();
}

/* The same clock in milliseconds, by integer arithmetic only: a floating-point constant is
 * read from .rodata, a page a fresh php-fpm worker has not touched (a fault, tens of
 * microseconds on a VM), where an integer one is part of the instruction. */
VTWS_HOT uint64_t vtws_cache_coarse_ms(void)
{
#if defined(CLOCK_MONOTONIC_COARSE) && !defined(_WIN32)
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0)
        return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
#endif
    return (uint64_t)(vtws_cache_now() * 1000.0);
}

VTWS_HOT /* Merged tables in the store cost nothing to this process: used from a chain's first call.
 * Preloaded tables are this process's (the master read them): merged here, and only for a
 * chain asked for twice, as without the store. */
static int merge_first(void) { return vtws_shared_active() && !VTWS_G(preload); }

VTWS_HOT int vtws_cache_shared(void)
{
    int moved;
    vtws_shared_begin(&moved);
    if (moved) /* a new generation: tables found in the old one are dropped (freed at request end) */
        vtws_cache_reset();
    return vtws_shared_active();
}

vtws_catalog *vtws_cache_catalog(const char *root)
{
    vtws_cache_shared();
    for (int i = 0; i < VTWS_G(ncatalogs); i++) {
        vtws_catalog *c = VTWS_G(catalogs)[i];
        if (vtws_catalog_is_root(c, root)) {
            vtws_catalog_set_revalidate(c, (double)VTWS_G(revalidate_freq));
            vtws_catalog_set_merge_first(c, merge_first());
            return c;
        }
    }
    vtws_catalog *c = vtws_catalog_new(root, &host, (double)VTWS_G(revalidate_freq));
    if (!c)
        return NULL;
    vtws_catalog_set_php(c, PHP_VERSION_ID); /* files read as this PHP reads them */
    vtws_catalog_set_merge_first(c, merge_first());
    if (VTWS_G(ncatalogs) == VTWS_MAX_ROOTS) { /* many roots in one process: drop the oldest */
        vtws_catalog_free(VTWS_G(catalogs)[0]);
        memmove(VTWS_G(catalogs), VTWS_G(catalogs) + 1, (VTWS_MAX_ROOTS - 1) * sizeof(vtws_catalog *));
        VTWS_G(ncatalogs)--;
    }
    VTWS_G(catalogs)[VTWS_G(ncatalogs)++] = c;
    return c;
}

void vtws_cache_preload(void)
{
    if (!VTWS_G(preload) || !VTWS_G(vtiger_root) || !*VTWS_G(vtiger_root))
        return;
    /* php-fpm's master, before it forks and switches users: never the store (it is one
     * user's); the tables stay in this process's memory, which every worker shares */
    VTWS_G(shm_starting) = 1;
    vtws_catalog *c = vtws_cache_catalog(VTWS_G(vtiger_root));
    if (c)
        vtws_catalog_preload(c, vtws_cache_now());
    VTWS_G(shm_starting) = 0;
}

/* Sort order for the info lists: by key, as strings (integer keys first). */
#if PHP_VERSION_ID >= 80000
static int compare_string_keys(Bucket *a, Bucket *b)
{
#else
static int compare_string_keys(const void *pa, const void *pb)
{
    const Bucket *a = pa, *b = pb;
#endif
    if (!a->key || !b->key)
        return a->key ? 1 : b->key ? -1 : (a->h > b->h) - (a->h < b->h);
    return zend_binary_strcmp(ZSTR_VAL(a->key), ZSTR_LEN(a->key), ZSTR_VAL(b->key), ZSTR_LEN(b->key));
}

/* What cache_info() lists of the files held (filled by add_file_info). */
typedef struct file_lists {
    zval mtimes;    /* path => mtime */
    zval languages; /* language => files */
} file_lists;

/* vtws_catalog_foreach_file callback: mtimes[path] = mtime, languages[lang]++ */
static void add_file_info(void *ctx, const vtws_catalog_file *f)
{
    file_lists *lists = ctx;
    add_assoc_long(&lists->mtimes, f->path, (zend_long)f->mtime);
    zval *count = zend_hash_str_find(Z_ARRVAL(lists->languages), f->language, strlen(f->language));
    if (count)
        Z_LVAL_P(count)++;
    else
        add_assoc_long(&lists->languages, f->language, 1);
}

void vtws_cache_info(zval *out)
{
    vtws_catalog_stats sum = {0};
    zval roots;
    file_lists lists;
    array_init(&roots);
    array_init(&lists.mtimes);
    array_init(&lists.languages);
    for (int i = 0; i < VTWS_G(ncatalogs); i++) {
        vtws_catalog_stats st;
        vtws_catalog_stats_get(VTWS_G(catalogs)[i], &st);
        sum.modules += st.modules;
        sum.files += st.files;
        sum.strings += st.strings;
        sum.bytes += st.bytes;
        sum.scratch += st.scratch;
        sum.hits += st.hits;
        sum.misses += st.misses;
        sum.reloads += st.reloads;
        add_next_index_string(&roots, vtws_catalog_root(VTWS_G(catalogs)[i]));
        vtws_catalog_foreach_file(VTWS_G(catalogs)[i], add_file_info, &lists);
    }
    array_init(out);
    add_assoc_long(out, "files", (zend_long)sum.files);
    add_assoc_long(out, "modules", (zend_long)sum.modules);
    add_assoc_long(out, "entries", (zend_long)sum.strings);
    add_assoc_long(out, "bytes", (zend_long)(sum.bytes + vtws_persist_pool_bytes()));
    add_assoc_long(out, "scratch_bytes", (zend_long)(sum.scratch + VTWS_G(langfile_scratch).bytes));
    add_assoc_long(out, "hits", (zend_long)sum.hits);
    add_assoc_long(out, "misses", (zend_long)sum.misses);
    add_assoc_long(out, "reloads", (zend_long)sum.reloads);
    add_assoc_bool(out, "preload", VTWS_G(preload));
    add_assoc_zval(out, "roots", &roots);
    zend_hash_sort(Z_ARRVAL(lists.mtimes), compare_string_keys, 0);
    zend_hash_sort(Z_ARRVAL(lists.languages), compare_string_keys, 0);
    add_assoc_zval(out, "languages", &lists.languages);
    add_assoc_zval(out, "file_mtimes", &lists.mtimes);
    zval shared;
    vtws_shared_info(&shared);
    add_assoc_zval(out, "shared", &shared);
}

void vtws_cache_reset(void)
{
    for (int i = 0; i < VTWS_G(ncatalogs); i++)
        vtws_catalog_free(VTWS_G(catalogs)[i]); /* tables go to the graveyard */
    VTWS_G(ncatalogs) = 0;
}

void vtws_cache_request_end(void)
{
    for (size_t i = 0; i < VTWS_G(ngraveyard); i++)
        table_free(VTWS_G(graveyard)[i]);
    VTWS_G(ngraveyard) = 0;
    /* tables are in the store: the reader's memory is not worth keeping between requests */
    if (vtws_shared_active())
        for (int i = 0; i < VTWS_G(ncatalogs); i++)
            vtws_catalog_trim(VTWS_G(catalogs)[i]);
}

void vtws_cache_shutdown(void)
{
    vtws_cache_reset();
    vtws_cache_request_end();
    if (VTWS_G(graveyard))
        pefree(VTWS_G(graveyard), 1);
    if (VTWS_G(export_versions))
        pefree(VTWS_G(export_versions), 1);
    VTWS_G(export_versions) = NULL;
    VTWS_G(graveyard) = NULL;
    VTWS_G(graveyard_cap) = 0;
    vtws_persist_pool_free();
    vtws_shared_shutdown();
}

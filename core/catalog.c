/* realpath() is POSIX (XSI); ask for it before any system header. */
#if !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE)
#define _XOPEN_SOURCE 700
#endif

#include "catalog.h"
#include "hot.h"
#include "digest.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- one file on disk, identified by (mtime, size, inode) ------------------ */

typedef struct file_state {
    char *path;
    int exists;
    long long mtime_sec, mtime_nsec;
    long long size, ino, dev;
} file_state;

#if defined(__APPLE__)
#define MTIME_NSEC(st) ((st).st_mtimespec.tv_nsec)
#elif defined(_WIN32)
#define MTIME_NSEC(st) 0
#else
#define MTIME_NSEC(st) ((st).st_mtim.tv_nsec)
#endif

/* Stat the file; returns 1 if its identity changed since the last look. */
VTWS_HOT static int file_refresh(file_state *f, int want_dir)
{
    struct stat st;
    int exists = stat(f->path, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
    if (!exists) {
        int changed = f->exists;
        f->exists = 0;
        return changed;
    }
    int changed = !f->exists || f->mtime_sec != (long long)st.st_mtime || f->mtime_nsec != (long long)MTIME_NSEC(st) ||
                  f->size != (long long)st.st_size || f->ino != (long long)st.st_ino || f->dev != (long long)st.st_dev;
    f->exists = 1;
    f->mtime_sec = (long long)st.st_mtime;
    f->mtime_nsec = (long long)MTIME_NSEC(st);
    f->size = (long long)st.st_size;
    f->ino = (long long)st.st_ino;
    f->dev = (long long)st.st_dev;
    return changed;
}

/* ---- module entries --------------------------------------------------------- */

typedef struct entry {
    char *lang;
    char *module;         /* path form: "Contacts", "Settings/Users", "Vtiger" */
    file_state base, custom;
    int loaded;           /* built at least once */
    int stale;            /* its files changed since it was built (seen by entry_checked) */
    unsigned long epoch;  /* last epoch it was considered for revalidation */
    double checked_at;
    void *table;          /* host table, or an own_table; NULL without strings */
    size_t bytes, strings, files;
    struct entry *next;   /* hash chain */
} entry;

typedef struct lang_dir {
    file_state dir;
    char *name;
    unsigned long epoch;
    double checked_at;
    struct lang_dir *next;
} lang_dir;

/* The catalog's own form of a module's strings (no host hooks). */
typedef struct own_table {
    vtws_langfile *base, *custom;
    vtws_arena arena;
    const vtws_array *arrays[2];
} own_table;

/* A merged chain: the host's one-probe table for a chain of tables and a type. A site's
 * clients ask for a few (language, module) pairs; the least recently used is dropped past
 * this many, which bounds the memory merged tables hold. */
#define VTWS_MERGED_MAX 64

typedef struct merged_chain {
    const void *tables[VTWS_CHAIN_MAX];
    int n;
    vtws_strings_type type;
    void *table;
    size_t bytes;
    struct merged_chain *next;
} merged_chain;

struct vtws_catalog {
    char *root;           /* canonical (realpath) when it exists */
    char *given;          /* as the caller named it */
    vtws_catalog_host host;
    int has_host;
    double revalidate;
    double now;
    unsigned long epoch;
    entry **buckets;
    size_t nbuckets, count;
    lang_dir *langs;
    int php_version;      /* whose rules the files are read with */
    merged_chain *merged; /* most recently used first, at most VTWS_MERGED_MAX */
    int nmerged;
    char *seen[VTWS_MERGED_MAX]; /* names of chains asked for (vtws_catalog_merged), a ring */
    int seen_next;
    vtws_catalog_stats stats;
    vtws_block_pool scratch; /* the memory of files being read, kept for the next file */
    int merge_first;         /* merge a chain at its first call */
    int no_attach;           /* rebuild() reads the files, whatever the host holds */
};

/* Enough for the biggest language files Vtiger ships (bytes and parse), read one after the
 * other, and for their overlays. */
#define SCRATCH_KEEP ((size_t)1 << 20)

static char *str_dup(const char *s)
{
    size_t n = strlen(s);
    char *d = vtws_malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static char *path_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = vtws_malloc((size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

VTWS_HOT static uint64_t name_hash(const char *lang, const char *module)
{
    uint64_t h = vtws_hash_bytes(lang, strlen(lang));
    return h ^ (vtws_hash_bytes(module, strlen(module)) * 0x9e3779b97f4a7c15ULL);
}

vtws_catalog *vtws_catalog_new(const char *root, const vtws_catalog_host *host, double revalidate)
{
    vtws_catalog *c = vtws_malloc(sizeof(*c));
    if (!c)
        return NULL;
    memset(c, 0, sizeof(*c));
    char *real = realpath(root, NULL); /* "/x/../y/" and "/y" are one root */
    c->root = str_dup(real ? real : root);
    free(real);
    c->given = str_dup(root);
    c->nbuckets = 64;
    c->buckets = vtws_malloc(c->nbuckets * sizeof(entry *));
    if (!c->root || !c->given || !c->buckets) {
        vtws_free(c->root);
        vtws_free(c->given);
        vtws_free(c->buckets);
        vtws_free(c);
        return NULL;
    }
    memset(c->buckets, 0, c->nbuckets * sizeof(entry *));
    /* a root given as "/var/www/vtiger/" is the same root as "/var/www/vtiger" */
    size_t n = strlen(c->root);
    while (n > 1 && c->root[n - 1] == '/')
        c->root[--n] = '\0';
    if (host) {
        c->host = *host;
        c->has_host = host->build != NULL;
    }
    c->revalidate = revalidate;
    vtws_block_pool_init(&c->scratch, SCRATCH_KEEP);
    return c;
}

const char *vtws_catalog_root(const vtws_catalog *c) { return c->root; }

/* Whether a names the same path as b, b given without trailing '/': Vtiger's
 * $root_directory ends in one ("/var/www/vtiger/"), vtws.vtiger_root may not. */
VTWS_HOT static int same_root(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (strncmp(a, b, n) != 0)
        return 0;
    while (a[n] == '/')
        n++;
    return a[n] == '\0';
}

VTWS_HOT int vtws_catalog_is_root(const vtws_catalog *c, const char *root)
{
    return strcmp(c->given, root) == 0 || same_root(root, c->root);
}

VTWS_HOT void vtws_catalog_set_revalidate(vtws_catalog *c, double seconds) { c->revalidate = seconds; }

void vtws_catalog_set_php(vtws_catalog *c, int php_version) { c->php_version = php_version; }

VTWS_HOT void vtws_catalog_begin(vtws_catalog *c, double now)
{
    c->now = now;
    c->epoch++;
}

/* ---- names ------------------------------------------------------------------ */

VTWS_HOT static int word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

VTWS_HOT int vtws_language_name_ok(const char *lang, size_t len)
{
    /* xx_yy (Vtiger's prefixes: en_us, pt_br, zh_cn ...) */
    if (len != 5 || lang[2] != '_')
        return 0;
    for (size_t i = 0; i < 5; i++) {
        if (i == 2)
            continue;
        char ch = lang[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
            return 0;
    }
    return 1;
}

VTWS_HOT int vtws_module_name_ok(const char *module, size_t len)
{
    if (len == 0)
        return 1;
    if (len > 64)
        return 0;
    int colons = 0;
    for (size_t i = 0; i < len; i++) {
        if (module[i] == ':') {
            if (++colons > 1 || i == 0 || i == len - 1)
                return 0;
        } else if (!word_char(module[i])) {
            return 0;
        }
    }
    return 1;
}

/* ---- building a module's strings ------------------------------------------------ */

static const vtws_array *strings_of(const vtws_langfile *lf, const char *var)
{
    const vtws_value *v = lf ? vtws_langfile_find(lf, var) : NULL;
    return v && v->type == VTWS_ARRAY ? v->u.a : NULL;
}

/* Vtiger merges the overlay with array_merge(base, overlay); an overlay
 * without a base file stands alone (Vtiger 7.5+ on PHP 8 would throw). */
static const vtws_array *overlay(vtws_arena *arena, const vtws_array *base, const vtws_array *custom)
{
    if (!custom)
        return base;
    if (!base)
        return vtws_array_merge(arena, NULL, custom);
    return vtws_array_merge(arena, base, custom);
}

static vtws_langfile *read_version(vtws_catalog *c, file_state *f)
{
    if (!f->exists)
        return NULL;
    vtws_langfile *lf = vtws_langfile_load_pooled(f->path, VTWS_LANGFILE_PHP(c->php_version), &c->scratch);
    if (!lf) {
        f->exists = 0; /* unreadable: treated as absent until it changes */
        return NULL;
    }
    if (lf->diags.errors && c->host.report)
        c->host.report(c->host.ctx, f->path, lf);
    return lf;
}

static void free_merged(vtws_catalog *c, merged_chain *m)
{
    if (m->table) {
        c->stats.bytes -= m->bytes;
        if (c->host.release_merged)
            c->host.release_merged(c->host.ctx, m->table);
    }
    vtws_free(m);
}

/* Merged chains built from `table` are stale once it goes. */
static void drop_merged_of(vtws_catalog *c, const void *table)
{
    merged_chain **p = &c->merged;
    while (*p) {
        merged_chain *m = *p;
        int uses = 0;
        for (int i = 0; i < m->n && !uses; i++)
            uses = m->tables[i] == table;
        if (uses) {
            *p = m->next;
            free_merged(c, m);
            c->nmerged--;
        } else {
            p = &m->next;
        }
    }
}

static void release_table(vtws_catalog *c, void *table)
{
    if (!table)
        return;
    drop_merged_of(c, table);
    if (c->has_host) {
        if (c->host.release)
            c->host.release(c->host.ctx, table);
        return;
    }
    own_table *t = table;
    vtws_langfile_free(t->base);
    vtws_langfile_free(t->custom);
    vtws_arena_destroy(&t->arena);
    vtws_free(t);
}

static void stats_remove(vtws_catalog *c, const entry *e)
{
    c->stats.bytes -= e->bytes;
    c->stats.strings -= e->strings;
    c->stats.files -= e->files;
    if (e->table)
        c->stats.modules--;
}

VTWS_HOT static void file_id(const file_state *f, vtws_catalog_file_id *out)
{
    out->exists = f->exists;
    out->dev = f->exists ? f->dev : 0;
    out->ino = f->exists ? f->ino : 0;
    out->size = f->exists ? f->size : 0;
    out->mtime_sec = f->exists ? f->mtime_sec : 0;
    out->mtime_nsec = f->exists ? f->mtime_nsec : 0;
}

static void version_of(const vtws_catalog *c, const entry *e, vtws_catalog_version *v)
{
    memset(v, 0, sizeof(*v)); /* padding too: a host may name versions by these bytes */
    v->root = c->root;
    v->lang = e->lang;
    v->module = e->module;
    file_id(&e->base, &v->base);
    file_id(&e->custom, &v->custom);
    v->php_version = c->php_version;
}

/* The entry's table is now `table` (NULL: no strings). */
static void install(vtws_catalog *c, entry *e, void *table, size_t bytes, size_t strings)
{
    stats_remove(c, e);
    release_table(c, e->table);
    e->table = table;
    e->bytes = bytes;
    e->strings = table ? strings : 0;
    e->files = (size_t)e->base.exists + (size_t)e->custom.exists;
    c->stats.bytes += e->bytes;
    c->stats.strings += e->strings;
    c->stats.files += e->files;
    if (table)
        c->stats.modules++;
    if (e->loaded)
        c->stats.reloads++;
    e->loaded = 1;
}

/* The host's table of this version when it holds one already (another process read the files). */
static int attach(vtws_catalog *c, entry *e, const vtws_catalog_version *v)
{
    if (!c->has_host || !c->host.attach || c->no_attach || (!e->base.exists && !e->custom.exists))
        return 0;
    size_t bytes = 0, strings = 0;
    void *table = c->host.attach(c->host.ctx, v, &bytes, &strings);
    if (!table)
        return 0;
    install(c, e, table, bytes, strings);
    return 1;
}

static void rebuild(vtws_catalog *c, entry *e)
{
    vtws_catalog_version v;
    version_of(c, e, &v);
    if (attach(c, e, &v))
        return;
    vtws_langfile *base = read_version(c, &e->base), *custom = read_version(c, &e->custom);
    own_table *own = vtws_malloc(sizeof(*own));
    if (!own) {
        vtws_langfile_free(base);
        vtws_langfile_free(custom);
        return;
    }
    memset(own, 0, sizeof(*own));
    vtws_arena_init(&own->arena, 4096);
    const vtws_array *arrays[2];
    arrays[0] = overlay(&own->arena, strings_of(base, "languageStrings"), strings_of(custom, "languageStrings"));
    arrays[1] = overlay(&own->arena, strings_of(base, "jsLanguageStrings"), strings_of(custom, "jsLanguageStrings"));

    size_t strings = (arrays[0] ? arrays[0]->count : 0) + (arrays[1] ? arrays[1]->count : 0);
    void *table = NULL;
    size_t bytes = 0;
    if (arrays[0] || arrays[1]) {
        if (c->has_host) {
            version_of(c, e, &v); /* read_version() may have found a file unreadable */
            /* a table read again for damage stays with this process (build, not build_version) */
            table = c->host.build_version && !c->no_attach
                        ? c->host.build_version(c->host.ctx, &v, arrays[0], arrays[1], &bytes)
                        : c->host.build(c->host.ctx, arrays[0], arrays[1], &bytes);
        } else {
            own->base = base;
            own->custom = custom;
            own->arrays[0] = arrays[0];
            own->arrays[1] = arrays[1];
            base = custom = NULL;
            /* a file's arena holds its bytes too */
            bytes = own->arena.total + (own->base ? own->base->arena.total : 0) +
                    (own->custom ? own->custom->arena.total : 0);
            table = own;
            own = NULL;
        }
    }
    if (own) {
        vtws_arena_destroy(&own->arena);
        vtws_free(own);
    }
    vtws_langfile_free(base);
    vtws_langfile_free(custom);
    install(c, e, table, bytes, strings); /* arrays[] may be freed by now: strings was counted before */
}

/* ---- entries ---------------------------------------------------------------------- */

VTWS_HOT static entry *find_entry(vtws_catalog *c, const char *lang, const char *module)
{
    size_t b = (size_t)(name_hash(lang, module) & (c->nbuckets - 1));
    for (entry *e = c->buckets[b]; e; e = e->next)
        if (strcmp(e->lang, lang) == 0 && strcmp(e->module, module) == 0)
            return e;
    return NULL;
}

static void grow(vtws_catalog *c)
{
    size_t n = c->nbuckets * 2;
    entry **nb = vtws_malloc(n * sizeof(entry *));
    if (!nb)
        return;
    memset(nb, 0, n * sizeof(entry *));
    for (size_t i = 0; i < c->nbuckets; i++) {
        entry *e = c->buckets[i];
        while (e) {
            entry *next = e->next;
            size_t b = (size_t)(name_hash(e->lang, e->module) & (n - 1));
            e->next = nb[b];
            nb[b] = e;
            e = next;
        }
    }
    vtws_free(c->buckets);
    c->buckets = nb;
    c->nbuckets = n;
}

static entry *new_entry(vtws_catalog *c, const char *lang, const char *module)
{
    entry *e = vtws_malloc(sizeof(*e));
    if (!e)
        return NULL;
    memset(e, 0, sizeof(*e));
    e->lang = str_dup(lang);
    e->module = str_dup(module);
    e->base.path = path_fmt("%s/languages/%s/%s.php", c->root, lang, module);
    e->custom.path = path_fmt("%s/languages/custom/%s/%s.php", c->root, lang, module);
    if (!e->lang || !e->module || !e->base.path || !e->custom.path) {
        vtws_free(e->lang);
        vtws_free(e->module);
        vtws_free(e->base.path);
        vtws_free(e->custom.path);
        vtws_free(e);
        return NULL;
    }
    if (c->count + 1 > c->nbuckets)
        grow(c);
    size_t b = (size_t)(name_hash(lang, module) & (c->nbuckets - 1));
    e->next = c->buckets[b];
    c->buckets[b] = e;
    c->count++;
    return e;
}

/* The entry for (lang, module path), revalidated per the catalog's policy. */
static entry *module_entry(vtws_catalog *c, const char *lang, const char *module)
{
    entry *e = find_entry(c, lang, module);
    if (!e && !(e = new_entry(c, lang, module)))
        return NULL;
    if (e->loaded && !e->stale && (e->epoch == c->epoch || c->now - e->checked_at < c->revalidate))
        return e;
    if (!(e->epoch == c->epoch || c->now - e->checked_at < c->revalidate) || !e->loaded) {
        e->epoch = c->epoch;
        e->checked_at = c->now;
        e->stale |= file_refresh(&e->base, 0);
        e->stale |= file_refresh(&e->custom, 0);
    }
    if (e->stale || !e->loaded)
        rebuild(c, e);
    e->stale = 0;
    return e;
}

/* The entry with its files' identities checked as module_entry() checks them, but not read:
 * a change is read when a lookup needs the entry. */
VTWS_HOT static entry *entry_checked(vtws_catalog *c, const char *lang, const char *module)
{
    entry *e = find_entry(c, lang, module);
    if (!e && !(e = new_entry(c, lang, module)))
        return NULL;
    if (e->checked_at > 0 && (e->epoch == c->epoch || c->now - e->checked_at < c->revalidate))
        return e;
    e->epoch = c->epoch;
    e->checked_at = c->now;
    e->stale |= file_refresh(&e->base, 0);
    e->stale |= file_refresh(&e->custom, 0);
    return e;
}

VTWS_HOT int vtws_catalog_chain_version(vtws_catalog *c, const vtws_chain *chain, uint64_t *out)
{
    uint64_t h = 0x76657273696f6e; /* "version" */
    for (int i = 0; i < chain->nlinks; i++) {
        const char *module = chain->modules[chain->link_module[i]];
        entry *e = entry_checked(c, chain->link_lang[i], module);
        if (!e)
            return 0;
        vtws_catalog_file_id ids[2];
        memset(ids, 0, sizeof(ids)); /* padding: the bytes are hashed */
        file_id(&e->base, &ids[0]);
        file_id(&e->custom, &ids[1]);
        h = vtws_checksum64(ids, sizeof(ids), h);
        h = vtws_checksum64(e->lang, strlen(e->lang) + 1, h);
        h = vtws_checksum64(module, strlen(module) + 1, h);
    }
    int php = c->php_version;
    *out = vtws_checksum64(&php, sizeof(php), h);
    return 1;
}

VTWS_HOT int vtws_catalog_has_language(vtws_catalog *c, const char *lang)
{
    double now = c->now;
    lang_dir *d;
    for (d = c->langs; d; d = d->next)
        if (strcmp(d->name, lang) == 0)
            break;
    if (!d) {
        d = vtws_malloc(sizeof(*d));
        if (!d)
            return 0;
        memset(d, 0, sizeof(*d));
        d->name = str_dup(lang);
        d->dir.path = path_fmt("%s/languages/%s", c->root, lang);
        if (!d->name || !d->dir.path) {
            vtws_free(d->name);
            vtws_free(d->dir.path);
            vtws_free(d);
            return 0;
        }
        d->next = c->langs;
        c->langs = d;
        d->checked_at = now;
        file_refresh(&d->dir, 1);
        return d->dir.exists;
    }
    if (now - d->checked_at >= c->revalidate) {
        d->checked_at = now;
        file_refresh(&d->dir, 1);
    }
    return d->dir.exists;
}

/* ---- Vtiger's chain ---------------------------------------------------------------- */

/* Module paths to consult in one language: the module, its base, Vtiger. */
VTWS_HOT static int chain_modules(const char *module, char out[3][80])
{
    int n = 0;
    if (module[0]) {
        snprintf(out[n], 80, "%s", module);
        for (char *p = out[n]; *p; p++)
            if (*p == ':')
                *p = '/';
        n++;
        const char *colon = strchr(module, ':');
        if (colon && colon > module) {
            size_t blen = (size_t)(colon - module);
            if (blen == 8 && memcmp(module, "Settings", 8) == 0)
                snprintf(out[n], 80, "Settings/Vtiger");
            else
                snprintf(out[n], 80, "%.*s", (int)blen, module);
            n++;
        }
    }
    snprintf(out[n], 80, "Vtiger");
    n++;
    return n;
}

const vtws_value *vtws_catalog_own_find(const void *table, vtws_strings_type type, const vtws_key *key)
{
    const own_table *t = table;
    const vtws_array *a = t->arrays[type];
    if (!a)
        return NULL;
    const vtws_value *v = vtws_array_find(a, *key);
    return v && !vtws_value_empty(v) ? v : NULL;
}

VTWS_HOT void vtws_catalog_resolve(vtws_catalog *c, const char *const *langs, int nlangs, const char *module, vtws_chain *out)
{
    (void)c;
    int nm = chain_modules(module, out->modules);
    out->n = out->next_link = out->nlinks = 0;
    for (int l = 0; l < nlangs; l++) {
        for (int m = 0; m < nm && out->nlinks < VTWS_CHAIN_MAX; m++) {
            if (m > 0 && strcmp(out->modules[m], out->modules[m - 1]) == 0)
                continue;
            out->link_lang[out->nlinks] = langs[l];
            out->link_module[out->nlinks++] = (unsigned char)m;
        }
    }
    size_t used = 0;
    for (int l = 0; l < nlangs && used < sizeof(out->key); l++)
        used += (size_t)snprintf(out->key + used, sizeof(out->key) - used, "%s,", langs[l]);
    if (used >= sizeof(out->key) ||
        (size_t)snprintf(out->key + used, sizeof(out->key) - used, "%s", module) >= sizeof(out->key) - used)
        out->key[0] = '\0'; /* unnamed: merged on table identity only */
}

/* Resolve the next link that has a table; 0 when none is left. */
static int resolve_next(vtws_catalog *c, vtws_chain *chain)
{
    while (chain->next_link < chain->nlinks) {
        int i = chain->next_link++;
        entry *e = module_entry(c, chain->link_lang[i], chain->modules[chain->link_module[i]]);
        if (e && e->table && chain->n < VTWS_CHAIN_MAX) {
            chain->tables[chain->n++] = e->table;
            return 1;
        }
    }
    return 0;
}

void vtws_catalog_resolve_all(vtws_catalog *c, vtws_chain *chain)
{
    while (resolve_next(c, chain))
        ;
}

VTWS_HOT void vtws_catalog_set_merge_first(vtws_catalog *c, int on) { c->merge_first = on; }

static entry *entry_of_table(vtws_catalog *c, const void *table)
{
    for (size_t b = 0; b < c->nbuckets; b++)
        for (entry *e = c->buckets[b]; e; e = e->next)
            if (e->table == table)
                return e;
    return NULL;
}

int vtws_catalog_reread(vtws_catalog *c, vtws_chain *chain, int i)
{
    entry *e = entry_of_table(c, chain->tables[i]);
    if (e) {
        c->no_attach = 1;
        rebuild(c, e);
        c->no_attach = 0;
    }
    if (e && e->table) {
        chain->tables[i] = e->table;
        return 1;
    }
    memmove(&chain->tables[i], &chain->tables[i + 1], sizeof(void *) * (size_t)(chain->n - i - 1));
    chain->n--;
    return 0;
}

const void *vtws_catalog_find(vtws_catalog *c, vtws_chain *chain, vtws_strings_type type, const void *key)
{
    for (int i = 0; i < chain->n || resolve_next(c, chain); i++) {
        const void *v = c->has_host ? c->host.find(c->host.ctx, chain->tables[i], type, key)
                                    : (const void *)vtws_catalog_own_find(chain->tables[i], type, key);
        if (v == VTWS_CATALOG_DAMAGED) { /* read again: look in the new table (or the next) */
            vtws_catalog_reread(c, chain, i);
            i--;
            continue;
        }
        if (v) {
            c->stats.hits++;
            return v;
        }
    }
    c->stats.misses++;
    return NULL;
}

/* Whether a chain of this name was asked for before; remembers it when not. */
VTWS_HOT static int chain_seen(vtws_catalog *c, const char *key)
{
    for (int i = 0; i < VTWS_MERGED_MAX; i++)
        if (c->seen[i] && strcmp(c->seen[i], key) == 0)
            return 1;
    vtws_free(c->seen[c->seen_next]);
    c->seen[c->seen_next] = str_dup(key);
    c->seen_next = (c->seen_next + 1) % VTWS_MERGED_MAX;
    return 0;
}

static void merge_now(vtws_catalog *c, merged_chain *m, const vtws_chain *chain)
{
    m->table = c->host.merge(c->host.ctx, chain->tables, chain->n, m->type, &m->bytes);
    c->stats.bytes += m->table ? m->bytes : 0;
}

VTWS_HOT int vtws_catalog_chain_seen(vtws_catalog *c, const char *key) { return chain_seen(c, key); }

const void *vtws_catalog_merged(vtws_catalog *c, vtws_chain *chain, vtws_strings_type type)
{
    if (!c->has_host || !c->host.merge)
        return NULL;
    int now = 0; /* merge at once: asked for twice already */
    if (chain->next_link < chain->nlinks) {
        /* a first call loads only what its lookups reach; a second merges the whole chain */
        if (!c->merge_first && (!chain->key[0] || !chain_seen(c, chain->key)))
            return NULL;
        vtws_catalog_resolve_all(c, chain);
        now = 1;
    }
    if (chain->n == 0)
        return NULL;
    for (merged_chain **p = &c->merged; *p; p = &(*p)->next) {
        merged_chain *m = *p;
        if (m->type == type && m->n == chain->n && memcmp(m->tables, chain->tables, sizeof(void *) * (size_t)m->n) == 0) {
            *p = m->next; /* to the front: most recently used */
            m->next = c->merged;
            c->merged = m;
            if (!m->table) /* asked for again: now worth merging */
                merge_now(c, m, chain);
            return m->table;
        }
    }
    if (c->nmerged >= VTWS_MERGED_MAX) { /* drop the least recently used */
        merged_chain **p = &c->merged;
        while ((*p)->next)
            p = &(*p)->next;
        free_merged(c, *p);
        *p = NULL;
        c->nmerged--;
    }
    merged_chain *m = vtws_malloc(sizeof(*m));
    if (!m)
        return NULL;
    memset(m, 0, sizeof(*m));
    memcpy(m->tables, chain->tables, sizeof(void *) * (size_t)chain->n);
    m->n = chain->n;
    m->type = type;
    /* The first call walks the chain: merging costs more than one call's lookups, and a
     * cold worker's first request should not pay for it. The second call merges. */
    if (now)
        merge_now(c, m, chain);
    m->next = c->merged;
    c->merged = m;
    c->nmerged++;
    return m->table;
}

void vtws_catalog_count(vtws_catalog *c, int found)
{
    if (found)
        c->stats.hits++;
    else
        c->stats.misses++;
}

const void *vtws_catalog_lookup(vtws_catalog *c, const char *const *langs, int nlangs, const char *module,
                                vtws_strings_type type, const void *key)
{
    vtws_chain chain;
    vtws_catalog_resolve(c, langs, nlangs, module, &chain);
    return vtws_catalog_find(c, &chain, type, key);
}

/* ---- preload -------------------------------------------------------------------------- */

static size_t preload_dir(vtws_catalog *c, const char *lang, const char *dir, const char *prefix, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (name[0] == '.')
            continue;
        char path[4096], module[256];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) || len >= 200)
            continue;
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth == 0 && vtws_module_name_ok(name, len)) {
                snprintf(module, sizeof(module), "%s/", name);
                n += preload_dir(c, lang, path, module, depth + 1);
            }
            continue;
        }
        if (len < 5 || strcmp(name + len - 4, ".php") != 0 || !vtws_module_name_ok(name, len - 4))
            continue;
        snprintf(module, sizeof(module), "%s%.*s", prefix, (int)(len - 4), name);
        module_entry(c, lang, module);
        n++;
    }
    closedir(d);
    return n;
}

size_t vtws_catalog_preload(vtws_catalog *c, double now)
{
    size_t before = c->stats.modules;
    vtws_catalog_begin(c, now);
    char path[4096];
    snprintf(path, sizeof(path), "%s/languages", c->root);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!vtws_language_name_ok(de->d_name, strlen(de->d_name)))
            continue;
        char dir[4096];
        if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", path, de->d_name) < sizeof(dir))
            n += preload_dir(c, de->d_name, dir, "", 0);
        if ((size_t)snprintf(dir, sizeof(dir), "%s/custom/%s", path, de->d_name) < sizeof(dir))
            n += preload_dir(c, de->d_name, dir, "", 0); /* overlays of modules without a base file */
    }
    closedir(d);
    (void)n;
    /* preloading is done once (at startup); nothing is read soon after it */
    vtws_block_pool_clear(&c->scratch);
    return c->stats.modules - before;
}

void vtws_catalog_trim(vtws_catalog *c) { vtws_block_pool_clear(&c->scratch); }

void vtws_catalog_stats_get(const vtws_catalog *c, vtws_catalog_stats *out)
{
    *out = c->stats;
    out->scratch = c->scratch.bytes;
}

static void visit_file(const entry *e, const file_state *f, int custom,
                       void (*fn)(void *ctx, const vtws_catalog_file *f), void *ctx)
{
    if (!f->exists)
        return;
    vtws_catalog_file info = {e->lang, e->module, f->path, custom, f->mtime_sec, f->size};
    fn(ctx, &info);
}

void vtws_catalog_foreach_file(const vtws_catalog *c, void (*fn)(void *ctx, const vtws_catalog_file *f), void *ctx)
{
    for (size_t i = 0; i < c->nbuckets; i++) {
        for (const entry *e = c->buckets[i]; e; e = e->next) {
            if (!e->loaded)
                continue;
            visit_file(e, &e->base, 0, fn, ctx);
            visit_file(e, &e->custom, 1, fn, ctx);
        }
    }
}

void vtws_catalog_free(vtws_catalog *c)
{
    if (!c)
        return;
    while (c->merged) {
        merged_chain *m = c->merged;
        c->merged = m->next;
        free_merged(c, m);
    }
    for (int i = 0; i < VTWS_MERGED_MAX; i++)
        vtws_free(c->seen[i]);
    for (size_t i = 0; i < c->nbuckets; i++) {
        entry *e = c->buckets[i];
        while (e) {
            entry *next = e->next;
            release_table(c, e->table);
            vtws_free(e->lang);
            vtws_free(e->module);
            vtws_free(e->base.path);
            vtws_free(e->custom.path);
            vtws_free(e);
            e = next;
        }
    }
    lang_dir *d = c->langs;
    while (d) {
        lang_dir *next = d->next;
        vtws_free(d->name);
        vtws_free(d->dir.path);
        vtws_free(d);
        d = next;
    }
    vtws_block_pool_clear(&c->scratch); /* after the tables: the catalog's own hold files */
    vtws_free(c->buckets);
    vtws_free(c->root);
    vtws_free(c->given);
    vtws_free(c);
}

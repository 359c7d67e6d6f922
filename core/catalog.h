/*
 * catalog — a Vtiger root's language files, and Vtiger's translation rules.
 *
 * Knows the layout (languages/<lang>/<Module>.php, Settings/ submodules, the
 * languages/custom/<lang>/<Module>.php overlay merged on top with
 * array_merge), keeps each module's strings per file version, and revalidates
 * them by (mtime, size, inode) at most every `revalidate` seconds. It walks
 * Vtiger_Language_Handler's chain: module, base module (Settings:X ->
 * Settings/Vtiger, A:B -> A), common Vtiger.php, in each language given, a
 * value PHP considers empty() being a miss.
 *
 * The host decides how a module's strings are held and looked up (the PHP
 * extension builds persistent immutable arrays); without host hooks the
 * catalog keeps its own arrays and looks keys up itself. Not thread-safe: one
 * catalog per thread.
 */
#ifndef VTWS_CATALOG_H
#define VTWS_CATALOG_H

#include <stddef.h>

#include "langfile.h"
#include "value.h"

typedef enum { VTWS_LANGUAGE_STRINGS = 0, VTWS_JS_LANGUAGE_STRINGS = 1 } vtws_strings_type;

/* A module's table in one version: the files it is made of, as they were when read. */
typedef struct vtws_catalog_file_id {
    int exists;
    long long dev, ino, size, mtime_sec, mtime_nsec;
} vtws_catalog_file_id;

typedef struct vtws_catalog_version {
    const char *root;   /* canonical */
    const char *lang;   /* "ru_ru" */
    const char *module; /* path form: "Contacts", "Settings/Users" */
    vtws_catalog_file_id base, custom;
    int php_version;    /* whose rules the files are read with */
} vtws_catalog_version;

#define VTWS_CATALOG_DAMAGED ((const void *)1)

typedef struct vtws_catalog_host {
    void *ctx;
    /* The host form of one module's strings (after the overlay; NULL when the
     * file defines none); sets *bytes to the memory it holds. */
    void *(*build)(void *ctx, const vtws_array *strings, const vtws_array *js, size_t *bytes);
    /* A table no longer used by the catalog (the host may still be using it). */
    void (*release)(void *ctx, void *table);
    /* The value of `key` in a table if it is there and not empty(), else NULL; or
     * VTWS_CATALOG_DAMAGED: the table is damaged (memory shared with other processes),
     * the catalog reads its files again and looks in the new table. */
    const void *(*find)(void *ctx, const void *table, vtws_strings_type type, const void *key);
    /* A newly read file version has errors (called once per version). */
    void (*report)(void *ctx, const char *path, const vtws_langfile *lf);
    /* Optional: one table of the first non-empty value of every key along `tables` (a
     * resolved chain), so that a lookup is one probe; and its release when one of those
     * tables is replaced. Without them vtws_catalog_merged() returns NULL. */
    void *(*merge)(void *ctx, const void *const *tables, int n, vtws_strings_type type, size_t *bytes);
    void (*release_merged)(void *ctx, void *merged);
    /* Optional: the table of this version held elsewhere (a store other processes share),
     * asked before the files are read; NULL: read them. Sets *bytes as build does, and
     * *strings to its entries. */
    void *(*attach)(void *ctx, const vtws_catalog_version *v, size_t *bytes, size_t *strings);
    /* Optional: build() told which version it builds (used instead of build when set). */
    void *(*build_version)(void *ctx, const vtws_catalog_version *v, const vtws_array *strings, const vtws_array *js,
                           size_t *bytes);
} vtws_catalog_host;

typedef struct vtws_catalog_stats {
    size_t modules;  /* module entries with strings */
    size_t files;    /* language files read, in their current versions */
    size_t strings;  /* entries held (languageStrings + jsLanguageStrings) */
    size_t bytes;    /* memory held */
    size_t scratch;  /* memory kept for reading the next file (not in bytes) */
    size_t hits, misses, reloads;
} vtws_catalog_stats;

typedef struct vtws_catalog vtws_catalog;

/* A catalog of root/languages. host may be NULL (the catalog's own lookups).
 * revalidate: seconds between checks of a file (0: every use). */
vtws_catalog *vtws_catalog_new(const char *root, const vtws_catalog_host *host, double revalidate);
void vtws_catalog_free(vtws_catalog *c);
/* The root, canonical when it exists on disk. */
const char *vtws_catalog_root(const vtws_catalog *c);
/* Whether root names this catalog's root (as given, or canonical). */
int vtws_catalog_is_root(const vtws_catalog *c, const char *root);
void vtws_catalog_set_revalidate(vtws_catalog *c, double seconds);

/* Read language files as the PHP of this PHP_VERSION_ID would (0: the newest). */
void vtws_catalog_set_php(vtws_catalog *c, int php_version);

/* Start a unit of work (one handler call) at time `now` (seconds): each file
 * is checked at most once per unit, and only when `revalidate` seconds have
 * passed since its last check. */
void vtws_catalog_begin(vtws_catalog *c, double now);

/* Names as Vtiger accepts them: a language like "ru_ru"; a module like
 * "Contacts" or "Settings:Users" (letters, digits, '_'), or "" for none. */
int vtws_language_name_ok(const char *lang, size_t len);
int vtws_module_name_ok(const char *module, size_t len);

/* Whether languages/<lang>/ exists (checked like a file). */
int vtws_catalog_has_language(vtws_catalog *c, const char *lang);

/* The tables to consult for one call, in lookup order. Resolved lazily, as Vtiger includes
 * its files: a file (and the files after it) is loaded and revalidated only when a lookup
 * gets that far, so a cold call whose labels are all in the module's own file reads only
 * that file. tables[0..n) are resolved; the links from next_link on are not yet. */
#define VTWS_CHAIN_MAX 24
typedef struct vtws_chain {
    const void *tables[VTWS_CHAIN_MAX];
    int n;
    int next_link, nlinks;
    const char *link_lang[VTWS_CHAIN_MAX]; /* the caller's language names: alive for the call */
    unsigned char link_module[VTWS_CHAIN_MAX];
    char modules[3][80];
    char key[128]; /* languages and module: the chain's name, "" when too long to name */
} vtws_chain;

/* Name the chain for (langs, module); nothing is loaded yet. */
void vtws_catalog_resolve(vtws_catalog *c, const char *const *langs, int nlangs, const char *module, vtws_chain *out);
/* Load and revalidate every table of the chain now. */
void vtws_catalog_resolve_all(vtws_catalog *c, vtws_chain *chain);

/* The host's merged table of a chain for one type, built when the chain is asked for a
 * second time (NULL the first time, nothing loaded: walk the chain) and kept until a table
 * of the chain is replaced, at most 64 chains, least recently used dropped; NULL too when
 * the host has no merge hooks or the chain is empty. The second time resolves the whole
 * chain. A key's value there is what vtws_catalog_find() would give. */
const void *vtws_catalog_merged(vtws_catalog *c, vtws_chain *chain, vtws_strings_type type);

/* Merge a chain the first time it is asked for (the host keeps merged tables where other
 * processes made them: no cost to this one). */
void vtws_catalog_set_merge_first(vtws_catalog *c, int on);

/* The chain's table i is damaged: read its files again, without asking the host's attach
 * hook, and put the new table in its place (or drop it: no strings now). Returns 1 when
 * tables[i] is the new table, 0 when it was dropped. */
int vtws_catalog_reread(vtws_catalog *c, vtws_chain *chain, int i);

/* Whether a chain of this name (vtws_chain.key) was asked for before in this process;
 * remembers it when not (the last VTWS_MERGED_MAX names). */
int vtws_catalog_chain_seen(vtws_catalog *c, const char *key);

/* A digest of the identities (device, inode, size, mtime) of every file the chain may read,
 * checked as lookups check them (at most every `revalidate` seconds) but not read: names
 * what answers the chain gives now. 0 on OOM. */
int vtws_catalog_chain_version(vtws_catalog *c, const vtws_chain *chain, uint64_t *out);

/* Count one lookup made through a merged table in the hits/misses statistics. */
void vtws_catalog_count(vtws_catalog *c, int found);

/* The first non-empty value for key along the chain, resolving it as far as needed; NULL
 * when none has it. */
const void *vtws_catalog_find(vtws_catalog *c, vtws_chain *chain, vtws_strings_type type, const void *key);

/* resolve + find, for a single key (Vtiger: the user's language, then the default). */
const void *vtws_catalog_lookup(vtws_catalog *c, const char *const *langs, int nlangs, const char *module,
                                vtws_strings_type type, const void *key);

/* Load every language file under the root now (vtws.preload); begins a unit
 * of work at `now`. Returns the number of modules with strings. */
size_t vtws_catalog_preload(vtws_catalog *c, double now);

void vtws_catalog_stats_get(const vtws_catalog *c, vtws_catalog_stats *out);

/* Give back the memory kept for reading the next file (tables kept elsewhere are rarely
 * read again by this process). */
void vtws_catalog_trim(vtws_catalog *c);

/* One language file the catalog holds strings from (for phpinfo and the like). */
typedef struct vtws_catalog_file {
    const char *language;  /* "ru_ru" */
    const char *module;    /* path form: "Contacts", "Settings/Users" */
    const char *path;      /* as read */
    int custom;            /* the languages/custom/ overlay */
    long long mtime;       /* seconds since the epoch, as last seen */
    long long size;
} vtws_catalog_file;

/* Calls fn for every file of every loaded module, in no particular order. */
void vtws_catalog_foreach_file(const vtws_catalog *c, void (*fn)(void *ctx, const vtws_catalog_file *f), void *ctx);

/* Without host hooks: look up a key in the catalog's own table. */
const vtws_value *vtws_catalog_own_find(const void *table, vtws_strings_type type, const vtws_key *key);

#endif

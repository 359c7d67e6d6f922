#include "php_vtws.h"
#include "vtws_shared.h"
#include "vtws_persist.h"

#include "SAPI.h"

#if !defined(PHP_WIN32) && !defined(ZTS)
#define VTWS_HAVE_SHARED 1
#include "shstore.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#endif

#ifdef VTWS_HAVE_SHARED

#define PAYLOAD_MAGIC 0x50535456u /* "VTSP" */

/* An entry's payload: its arrays, then their memory. */
typedef struct shared_payload {
    uint32_t magic;
    uint32_t narrays;
    HashTable *arrays[2];
} shared_payload;

#define PAYLOAD_HEAD ZEND_MM_ALIGNED_SIZE(sizeof(shared_payload))

/* A version's name in the store: what it is for (slot), and which content (version). */
typedef struct version_key {
    vtws_catalog_file_id base, custom;
    int php_version;
    int layout; /* PHP_VERSION_ID: the arrays' layout */
} version_key;

static int enabled(void)
{
    if (VTWS_G(shm_size) <= 0 || VTWS_G(shm_starting))
        return 0;
    if (!VTWS_G(shm_cli) && (strcmp(sapi_module.name, "cli") == 0 || strcmp(sapi_module.name, "phpdbg") == 0))
        return 0;
    return 1;
}

/* One line in PHP's error log, the first time only (*done). */
static void log_once(zend_bool *done, const char *what)
{
    if (*done)
        return;
    *done = 1;
    char *msg;
    spprintf(&msg, 0, "vtws: %s", what);
    php_log_err(msg);
    efree(msg);
}

/* What an entry's layout depends on: arrays as this PHP lays them out, and this format. */
#define STORE_TAG_FMT "p%df1"

static int open_store(void)
{
    char tag[32];
    snprintf(tag, sizeof(tag), STORE_TAG_FMT, PHP_VERSION_ID);
    VTWS_G(shm) = vtws_shstore_open(VTWS_G(shm_dir) && *VTWS_G(shm_dir) ? VTWS_G(shm_dir) : "/dev/shm", tag,
                                    (size_t)VTWS_G(shm_size), 1, VTWS_G(shm_error), sizeof(VTWS_G(shm_error)));
    VTWS_G(shm_state) = VTWS_G(shm) ? 1 : -1;
    if (!VTWS_G(shm)) {
        char *msg;
        spprintf(&msg, 0, "the shared store is off in this process: %s", VTWS_G(shm_error));
        log_once(&VTWS_G(shm_logged_unusable), msg);
        efree(msg);
    }
    return VTWS_G(shm) != NULL;
}

struct vtws_shstore *vtws_shared_begin(int *moved)
{
    *moved = 0;
    if (VTWS_G(shm_in_unit))
        return VTWS_G(shm_usable) ? VTWS_G(shm) : NULL;
    if (!enabled())
        return NULL;
    VTWS_G(shm_in_unit) = 1; /* once a request, whatever happens */
    VTWS_G(shm_usable) = 0;
    if (VTWS_G(shm_state) == 0 && !open_store())
        return NULL;
    if (VTWS_G(shm_state) != 1)
        return NULL;
    int r = vtws_shstore_begin(VTWS_G(shm), VTWS_G(shm_error), sizeof(VTWS_G(shm_error)));
    if (r < 0) {
        char *msg;
        spprintf(&msg, 0, "the shared store is off for now: %s", VTWS_G(shm_error));
        log_once(&VTWS_G(shm_logged_unusable), msg);
        efree(msg);
        return NULL;
    }
    VTWS_G(shm_error)[0] = '\0';
    VTWS_G(shm_usable) = 1;
    *moved = r == 1;
    return VTWS_G(shm);
}

int vtws_shared_active(void) { return VTWS_G(shm_in_unit) && VTWS_G(shm_usable); }

/* slot: root NUL language NUL module */
static size_t slot_of(const vtws_catalog_version *v, char *out, size_t n)
{
    int len = snprintf(out, n, "%s%c%s%c%s", v->root, 0, v->lang, 0, v->module);
    return len > 0 && (size_t)len < n ? (size_t)len : 0;
}

static void version_of(const vtws_catalog_version *v, version_key *k)
{
    memset(k, 0, sizeof(*k)); /* padding too: the bytes are the name */
    k->base = v->base;
    k->custom = v->custom;
    k->php_version = v->php_version;
    k->layout = PHP_VERSION_ID;
}

static const shared_payload *payload_of(const void *p, size_t len)
{
    const shared_payload *sp = p;
    return p && len >= PAYLOAD_HEAD && sp->magic == PAYLOAD_MAGIC && sp->narrays == 2 ? sp : NULL;
}

int vtws_shared_find_table(const vtws_catalog_version *v, HashTable *arrays[2])
{
    char slot[4400];
    size_t slot_len = slot_of(v, slot, sizeof(slot)), len = 0;
    if (!vtws_shared_active() || !slot_len)
        return 0;
    version_key k;
    version_of(v, &k);
    const shared_payload *sp = payload_of(vtws_shstore_find(VTWS_G(shm), slot, slot_len, &k, sizeof(k), &len), len);
    if (!sp)
        return 0;
    arrays[0] = sp->arrays[0];
    arrays[1] = sp->arrays[1];
    return 1;
}

typedef struct copy_job {
    HashTable *const *arrays;
    vtws_persist_keep_fn keep;
} copy_job;

static int keep_none(const void *p)
{
    (void)p;
    return 0;
}

static int keep_in_store(const void *p) { return vtws_shstore_contains(VTWS_G(shm), p); }

static size_t job_size(const copy_job *job)
{
    size_t n = PAYLOAD_HEAD;
    for (int i = 0; i < 2; i++)
        if (job->arrays[i])
            n += vtws_persist_copy_size(job->arrays[i], job->keep);
    return n;
}

static int fill(void *ctx, void *dst, size_t len)
{
    const copy_job *job = ctx;
    shared_payload *sp = dst;
    vtws_persist_block blk;
    blk.base = dst;
    blk.cur = (char *)dst + PAYLOAD_HEAD;
    blk.end = (char *)dst + len;
    sp->magic = PAYLOAD_MAGIC;
    sp->narrays = 2;
    for (int i = 0; i < 2; i++)
        sp->arrays[i] = job->arrays[i] ? vtws_persist_copy(job->arrays[i], &blk, job->keep) : NULL;
    return blk.cur == blk.end;
}

static const shared_payload *publish(const void *slot, size_t slot_len, const void *version, size_t version_len,
                                     const copy_job *job)
{
    size_t len = job_size(job);
    const void *p = vtws_shstore_publish(VTWS_G(shm), slot, slot_len, version, version_len, len, fill, (void *)job);
    if (!p) {
        VTWS_G(shm_fallbacks)++;
        if (vtws_shstore_full(VTWS_G(shm))) {
            char *msg;
            spprintf(&msg, 0, "the shared store (%s, vtws.shm_size = " ZEND_LONG_FMT ") is full: tables are kept per "
                              "process; raise vtws.shm_size",
                     vtws_shstore_path(VTWS_G(shm)), VTWS_G(shm_size));
            log_once(&VTWS_G(shm_logged_full), msg);
            efree(msg);
        }
        return NULL;
    }
    VTWS_G(shm_published) = 1;
    return payload_of(p, len);
}

int vtws_shared_publish_table(const vtws_catalog_version *v, HashTable *const arrays[2], HashTable *out[2])
{
    char slot[4400];
    size_t slot_len = slot_of(v, slot, sizeof(slot));
    if (!vtws_shared_active() || !slot_len)
        return 0;
    version_key k;
    version_of(v, &k);
    copy_job job = {arrays, keep_none};
    const shared_payload *sp = publish(slot, slot_len, &k, sizeof(k), &job);
    if (!sp)
        return 0;
    out[0] = sp->arrays[0];
    out[1] = sp->arrays[1];
    return 1;
}

HashTable *vtws_shared_merged(const void *key, size_t key_len, const HashTable *merged)
{
    if (!vtws_shared_active())
        return NULL;
    static const char slot[] = "\001merged"; /* no root starts with \001 */
    size_t len = 0;
    const shared_payload *sp =
        payload_of(vtws_shstore_find(VTWS_G(shm), slot, sizeof(slot) - 1, key, key_len, &len), len);
    if (!sp && merged) {
        HashTable *arrays[2] = {(HashTable *)merged, NULL};
        copy_job job = {arrays, keep_in_store};
        sp = publish(slot, sizeof(slot) - 1, key, key_len, &job);
    }
    return sp ? sp->arrays[0] : NULL;
}

int vtws_shared_contains(const void *p) { return VTWS_G(shm) && vtws_shstore_contains(VTWS_G(shm), p); }

void vtws_shared_count_fallback(void)
{
    VTWS_G(shm_fallbacks)++;
    if (VTWS_G(shm))
        vtws_shstore_count_fallback(VTWS_G(shm));
}

void vtws_shared_end(void)
{
    if (VTWS_G(shm_in_unit) && VTWS_G(shm))
        vtws_shstore_end(VTWS_G(shm));
    VTWS_G(shm_in_unit) = 0;
    VTWS_G(shm_usable) = 0;
#if defined(__GLIBC__)
    /* the tables this request built only to copy them to the store are freed: give their
     * pages back, so that a worker that published holds no more than one that did not */
    if (VTWS_G(shm_published))
        malloc_trim(0);
#endif
    VTWS_G(shm_published) = 0;
}

void vtws_shared_shutdown(void)
{
    vtws_shstore_close(VTWS_G(shm));
    VTWS_G(shm) = NULL;
    VTWS_G(shm_state) = 0;
}

static const char *status(void)
{
    if (VTWS_G(shm_size) <= 0)
        return "off (vtws.shm_size = 0)";
    if (!enabled())
        return "off in the CLI (vtws.shm_cli = 0)";
    if (VTWS_G(shm_state) == 0)
        return "on (opened at the first translation of a request)";
    if (VTWS_G(shm_state) < 0 || !VTWS_G(shm_usable))
        return VTWS_G(shm_error)[0] ? VTWS_G(shm_error) : "on";
    return "on";
}

/* For phpinfo() and `php --ri vtws` in a process that has not used the store (the CLI):
 * the numbers of this user's store, when there is one. */
static struct vtws_shstore *store_for_info(void)
{
    if (VTWS_G(shm) || VTWS_G(shm_size) <= 0 || VTWS_G(shm_starting) || VTWS_G(shm_state) < 0)
        return VTWS_G(shm);
    char tag[32], err[256];
    snprintf(tag, sizeof(tag), STORE_TAG_FMT, PHP_VERSION_ID);
    return vtws_shstore_open(VTWS_G(shm_dir) && *VTWS_G(shm_dir) ? VTWS_G(shm_dir) : "/dev/shm", tag,
                             (size_t)VTWS_G(shm_size), 0, err, sizeof(err));
}

void vtws_shared_info(zval *out)
{
    array_init(out);
    add_assoc_bool(out, "enabled", enabled() && VTWS_G(shm_state) >= 0);
    add_assoc_string(out, "status", (char *)status());
    add_assoc_long(out, "process_fallbacks", (zend_long)VTWS_G(shm_fallbacks));
    struct vtws_shstore *s = store_for_info();
    if (!s)
        return;
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    add_assoc_string(out, "path", (char *)vtws_shstore_path(s));
    add_assoc_long(out, "size", (zend_long)st.size);
    add_assoc_long(out, "used", (zend_long)st.used);
    add_assoc_long(out, "garbage", (zend_long)st.garbage);
    add_assoc_long(out, "entries", (zend_long)st.entries);
    add_assoc_long(out, "generation", (zend_long)st.generation);
    add_assoc_long(out, "hits", (zend_long)st.hits);
    add_assoc_long(out, "misses", (zend_long)st.misses);
    add_assoc_long(out, "publishes", (zend_long)st.publishes);
    add_assoc_long(out, "fallbacks", (zend_long)st.fallbacks);
    add_assoc_long(out, "rotations", (zend_long)st.rotations);
    add_assoc_long(out, "damaged", (zend_long)st.damaged);
    if (s != VTWS_G(shm))
        vtws_shstore_close(s);
}

#else /* no shared store: Windows (no fork, no fixed mappings here) and ZTS builds */

struct vtws_shstore *vtws_shared_begin(int *moved)
{
    *moved = 0;
    return NULL;
}
int vtws_shared_active(void) { return 0; }
int vtws_shared_find_table(const vtws_catalog_version *v, HashTable *arrays[2])
{
    (void)v, (void)arrays;
    return 0;
}
int vtws_shared_publish_table(const vtws_catalog_version *v, HashTable *const arrays[2], HashTable *out[2])
{
    (void)v, (void)arrays, (void)out;
    return 0;
}
HashTable *vtws_shared_merged(const void *key, size_t key_len, const HashTable *merged)
{
    (void)key, (void)key_len, (void)merged;
    return NULL;
}
int vtws_shared_contains(const void *p)
{
    (void)p;
    return 0;
}
void vtws_shared_count_fallback(void) {}
void vtws_shared_end(void) {}
void vtws_shared_shutdown(void) {}
/* For phpinfo() and `php --ri vtws` in a process that has not used the store (the CLI):
 * the numbers of this user's store, when there is one. */
static struct vtws_shstore *store_for_info(void)
{
    if (VTWS_G(shm) || VTWS_G(shm_size) <= 0 || VTWS_G(shm_starting) || VTWS_G(shm_state) < 0)
        return VTWS_G(shm);
    char tag[32], err[256];
    snprintf(tag, sizeof(tag), STORE_TAG_FMT, PHP_VERSION_ID);
    return vtws_shstore_open(VTWS_G(shm_dir) && *VTWS_G(shm_dir) ? VTWS_G(shm_dir) : "/dev/shm", tag,
                             (size_t)VTWS_G(shm_size), 0, err, sizeof(err));
}

void vtws_shared_info(zval *out)
{
    array_init(out);
    add_assoc_bool(out, "enabled", 0);
#ifdef ZTS
    add_assoc_string(out, "status", "off (a ZTS build: tables are kept per thread)");
#else
    add_assoc_string(out, "status", "off (not on this system)");
#endif
    add_assoc_long(out, "process_fallbacks", 0);
}

#endif

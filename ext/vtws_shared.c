#include "php_vtws.h"
#include "hot.h"
#include "vtws_shared.h"
#include "vtws_cache.h"
#include "vtws_persist.h"
#include "utf8.h"
#include "digest.h"

#include "SAPI.h"

#if !defined(PHP_WIN32) && !defined(ZTS)
#define VTWS_HAVE_SHARED 1
#include "shstore.h"
#if defined(__GLIBC__)
#include <malloc.h>
#include <time.h>
#endif
#endif

#ifdef VTWS_HAVE_SHARED

#define PAYLOAD_MAGIC 0x34535456u /* "VTS4" */

/* An entry's payload: where its two tables (languageStrings, jsLanguageStrings) lie,
 * offsets from the payload's start; size 0: none. Then the tables. */
typedef struct shared_payload {
    uint32_t magic;
    uint32_t ntables;
    uint32_t off[2];
    uint32_t size[2];
    uint32_t image_off, image_size; /* a kept answer's PHP array (answer_image); size 0: none */
    uint64_t sum; /* of the fields above: a damaged size would hide a table */
    /* a kept answer's: when a process last found its files of the entry's version (ms of
     * CLOCK_MONOTONIC); rewritten then, so not in the sum: a damaged one makes an answer
     * younger by at most vtws.revalidate_freq, or (in the future) stale */
    uint64_t checked_at;
} shared_payload;

static uint64_t payload_sum(const shared_payload *sp)
{
    return vtws_checksum64(sp, offsetof(shared_payload, sum), 0x7061796c);
}


#define PAYLOAD_HEAD ((sizeof(shared_payload) + 15) & ~(size_t)15)

/* Whether a payload of len bytes starts with a head that checks. */
VTWS_HOT static int payload_head_ok(const void *p, size_t len)
{
    const shared_payload *sp = p;
    return p && len >= PAYLOAD_HEAD && sp->magic == PAYLOAD_MAGIC && sp->ntables == 2 && sp->sum == payload_sum(sp);
}

/* A version's name in the store: what it is for (slot), and which content (version). */
typedef struct version_key {
    vtws_catalog_file_id base, custom;
    int php_version;
    int layout; /* PHP_VERSION_ID: the zend_string layout of values */
} version_key;

/* what a worker's first call reads to open the store (hot.h) */
static const char CLI[] VTWS_HOT_CONST = "cli", PHPDBG[] VTWS_HOT_CONST = "phpdbg", SHM_DIR[] VTWS_HOT_CONST = "/dev/shm";

/* Whether this SAPI is the CLI's or phpdbg's, known at module start: a request's first
 * translation then reads no SAPI data of PHP's (each page a fresh worker touches costs it). */
static int sapi_is_cli;

VTWS_HOT static int enabled(void)
{
    if (VTWS_G(shm_size) <= 0 || VTWS_G(shm_starting))
        return 0;
    if (!VTWS_G(shm_cli) && sapi_is_cli)
        return 0;
    return 1;
}

/* The store's directory: vtws.shm_dir, or /dev/shm. */
VTWS_HOT static const char *store_dir(void)
{
    return VTWS_G(shm_dir) && *VTWS_G(shm_dir) ? VTWS_G(shm_dir) : SHM_DIR;
}

VTWS_HOT int vtws_shared_enabled(void) { return enabled(); }

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

/* What an entry's layout depends on: arrays as this PHP lays them out, and this format
 * (a literal: a fresh worker's first translation opens the store, and printf's code is
 * pages it would touch for the first time). */
#define STORE_TAG_STR_(v) #v
#define STORE_TAG_STR(v) STORE_TAG_STR_(v)
#define STORE_FAMILY "p" STORE_TAG_STR(PHP_VERSION_ID) "f" /* this PHP's stores, of any layout */
#define STORE_TAG STORE_FAMILY "7"
static const char STORE_TAG_NAME[] VTWS_HOT_CONST = STORE_TAG;

static int open_store(void)
{
    VTWS_G(shm) = vtws_shstore_open(store_dir(), STORE_TAG_NAME,
                                    (size_t)VTWS_G(shm_size), 1, VTWS_G(shm_error), sizeof(VTWS_G(shm_error)));
    VTWS_G(shm_state) = VTWS_G(shm) ? 1 : -1;
    /* the first process of a new layout removes this user's stores of older ones: nothing
     * reads them any more, and their pages would stay in memory until a reboot */
    if (VTWS_G(shm) && vtws_shstore_created(VTWS_G(shm)))
        vtws_shstore_remove_others(store_dir(), STORE_FAMILY,
                                   STORE_TAG);
    if (!VTWS_G(shm)) {
        char *msg;
        spprintf(&msg, 0, "the shared store is off in this process: %s", VTWS_G(shm_error));
        log_once(&VTWS_G(shm_logged_unusable), msg);
        efree(msg);
    }
    return VTWS_G(shm) != NULL;
}

VTWS_HOT struct vtws_shstore *vtws_shared_begin(int *moved)
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

VTWS_HOT int vtws_shared_active(void) { return VTWS_G(shm_in_unit) && VTWS_G(shm_usable); }

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

/* ---- values: interned zend_strings in the store -------------------------------------------- */

static void write_zend_string_header(void *ctx, void *header, const char *bytes, size_t len)
{
    (void)ctx;
    zend_string *str = header;
    GC_SET_REFCOUNT(str, 1);
    GC_TYPE_INFO(str) = VTWS_GC_STRING | ((IS_STR_INTERNED | IS_STR_PERSISTENT) << GC_FLAGS_SHIFT);
    ZSTR_LEN(str) = len;
    /* PHP takes an interned string's hash as known (and a translation may become a key) */
    ZSTR_H(str) = zend_hash_func(bytes, len);
#ifdef IS_STR_VALID_UTF8
    /* set now, so that code checking it (PHP 8.3+) never writes to memory other processes
     * read (and check) */
    if (vtws_utf8_valid(bytes, len))
        GC_ADD_FLAGS(str, IS_STR_VALID_UTF8);
#endif
}

static const vtws_sht_layout zend_layout = {ZEND_MM_ALIGNED_SIZE(_ZSTR_HEADER_SIZE), write_zend_string_header, NULL};

VTWS_HOT void vtws_shared_zval(const vtws_sht_item *it, zval *out)
{
    switch (it->type) {
    case VTWS_SHT_FALSE: ZVAL_FALSE(out); break;
    case VTWS_SHT_TRUE: ZVAL_TRUE(out); break;
    case VTWS_SHT_LONG: ZVAL_LONG(out, (zend_long)it->l); break;
    case VTWS_SHT_DOUBLE: ZVAL_DOUBLE(out, it->d); break;
    case VTWS_SHT_STRING: ZVAL_INTERNED_STR(out, (zend_string *)it->value); break;
    default: ZVAL_NULL(out); break;
    }
}

/* ---- tables: made from a file's arrays, found, opened --------------------------------------- */

/* The records of one array: 0 when it holds what the store cannot (a nested array). Integer
 * keys are written out in keys (their decimal form, as PHP compares them). */
static int items_of(const vtws_array *a, vtws_sht_item *items, char (*keys)[24])
{
    for (uint32_t i = 0; i < a->count; i++) {
        const vtws_bucket *b = &a->buckets[i];
        vtws_sht_item *it = &items[i];
        memset(it, 0, sizeof(*it));
        if (b->key.str) {
            it->key = b->key.str;
            it->key_len = b->key.len;
        } else {
            it->key_len = (size_t)snprintf(keys[i], sizeof(keys[i]), "%lld", (long long)b->key.h);
            it->key = keys[i];
            it->int_key = 1;
        }
        it->hash = zend_hash_func(it->key, it->key_len); /* what a label's zend_string gets */
        it->empty = vtws_value_empty(&b->val);
        switch (b->val.type) {
        case VTWS_NULL: it->type = VTWS_SHT_NULL; break;
        case VTWS_FALSE: it->type = VTWS_SHT_FALSE; break;
        case VTWS_TRUE: it->type = VTWS_SHT_TRUE; break;
        case VTWS_LONG: it->type = VTWS_SHT_LONG; it->l = b->val.u.l; break;
        case VTWS_DOUBLE: it->type = VTWS_SHT_DOUBLE; it->d = b->val.u.d; break;
        case VTWS_STRING:
            it->type = VTWS_SHT_STRING;
            it->str = b->val.u.s.ptr;
            it->len = b->val.u.s.len;
            break;
        default: return 0; /* nested arrays (old files): kept per process */
        }
    }
    return 1;
}

typedef struct build_job {
    const vtws_sht_item *items[2];
    size_t n[2], size[2];
    int cached; /* an answer kept: the store may drop it for room */
    int first;  /* ... read by a fresh worker's first request: the store's first span */
    uint64_t checked_at;
    const HashTable *answer; /* laid out as a PHP array too (image_size bytes), when not NULL */
    size_t image_size;
} build_job;

/* ---- a kept answer as PHP's own array, used where it lies --------------------------------
 * Beside its table, a kept answer holds the array PHP returns for it, laid out as opcache lays
 * out a script's constant arrays (immutable: PHP never writes to it, and copies it before
 * any change), with its pointers set for the address where the workers of the php-fpm master
 * map the store's current generation (vtws_shstore_home()). A worker whose mapping is there
 * returns that array as it is, once its checksum is right: no array to allocate and fill,
 * which in a fresh worker were pages it had never touched (a fault each). Any other process
 * reads the table, as before. Only answers of string keys to string values get one. */
typedef struct answer_image {
    uint64_t at;  /* the address of its array, where it can be used */
    uint64_t sum; /* of the len bytes from the array on */
    uint32_t len;
    uint32_t count;
} answer_image;

#define IMAGE_HEAD ZEND_MM_ALIGNED_SIZE_EX(sizeof(answer_image), 16)
#define IMAGE_ARRAY ZEND_MM_ALIGNED_SIZE_EX(sizeof(HashTable), 16)
#define IMAGE_SEED 0x696d6167u

static uint32_t image_table_size(uint32_t n)
{
    uint32_t size = HT_MIN_SIZE;
    while (size < n)
        size <<= 1;
    return size;
}

static size_t image_string_size(const zend_string *s) { return ZEND_MM_ALIGNED_SIZE(_ZSTR_STRUCT_SIZE(ZSTR_LEN(s))); }

/* The bytes answer's image takes; 0 when it gets none. */
static size_t image_size(const HashTable *answer)
{
    uint32_t n = zend_hash_num_elements(answer);
    if (!vtws_shstore_home_base() || n == 0 || n > 65536 || HT_IS_PACKED(answer))
        return 0;
    /* the buckets in use only, as opcache keeps a script's arrays (HT_USED_SIZE): PHP reads
     * no further in an array it never writes to */
    size_t len = IMAGE_HEAD + IMAGE_ARRAY + HT_HASH_SIZE(HT_SIZE_TO_MASK(image_table_size(n))) + (size_t)n * sizeof(Bucket);
    zend_string *key;
    zval *v;
    ZEND_HASH_FOREACH_STR_KEY_VAL((HashTable *)answer, key, v) /* read only */ {
        if (!key || Z_TYPE_P(v) != IS_STRING)
            return 0;
        len += image_string_size(key);
        if (!zend_string_equals(key, Z_STR_P(v)))
            len += image_string_size(Z_STR_P(v));
    } ZEND_HASH_FOREACH_END();
    return len <= UINT32_MAX ? len : 0;
}

static void write_zend_string_header(void *ctx, void *header, const char *bytes, size_t len);

/* The image a payload (header checked) says it holds, when it lies inside it; else NULL. */
VTWS_HOT static const answer_image *image_in(const void *p, size_t len)
{
    const shared_payload *sp = p;
    if (sp->image_size < IMAGE_HEAD + IMAGE_ARRAY || sp->image_off < PAYLOAD_HEAD || sp->image_off % 16 ||
        sp->image_off > len || sp->image_size > len - sp->image_off)
        return NULL;
    const answer_image *head = (const answer_image *)((const char *)p + sp->image_off);
    return head->len == sp->image_size - IMAGE_HEAD ? head : NULL;
}

/* Whether the image's bytes are the ones its publisher wrote. */
VTWS_HOT static int image_intact(const answer_image *head)
{
    const zend_array *ht = (const zend_array *)((const char *)head + IMAGE_HEAD);
    return vtws_checksum64(ht, head->len, IMAGE_SEED) == head->sum && ht->nNumUsed == head->count;
}

/* s written at *at as an interned string of the image; *at moves past it. */
static zend_string *image_string(char **at, const zend_string *s)
{
    zend_string *out = (zend_string *)*at;
    write_zend_string_header(NULL, out, ZSTR_VAL(s), ZSTR_LEN(s));
    memcpy(ZSTR_VAL(out), ZSTR_VAL(s), ZSTR_LEN(s));
    ZSTR_VAL(out)[ZSTR_LEN(s)] = '\0';
    *at += image_string_size(s);
    return out;
}

/* answer's image in dst (len bytes, from image_size()), its pointers set for dst being at
 * home (address `home`; 0: none known, the image is never used). */
static void image_write(char *dst, size_t len, const HashTable *answer, uintptr_t home)
{
#define AT(p) (home + (uintptr_t)((char *)(p) - dst))
    memset(dst, 0, len);
    answer_image *head = (answer_image *)dst;
    HashTable *ht = (HashTable *)(dst + IMAGE_HEAD);
    uint32_t n = zend_hash_num_elements(answer), size = image_table_size(n), mask = HT_SIZE_TO_MASK(size);
    char *hash = dst + IMAGE_HEAD + IMAGE_ARRAY;
    memset(hash, 0xff, HT_HASH_SIZE(mask)); /* HT_INVALID_IDX */
    Bucket *buckets = (Bucket *)(hash + HT_HASH_SIZE(mask));
    char *at = (char *)(buckets + n);
    uint32_t i = 0;
    zend_string *key;
    zval *v;
    ZEND_HASH_FOREACH_STR_KEY_VAL((HashTable *)answer, key, v) /* read only */ {
        Bucket *b = &buckets[i];
        zend_string *k = image_string(&at, key);
        zend_string *val = zend_string_equals(key, Z_STR_P(v)) ? k : image_string(&at, Z_STR_P(v));
        b->h = ZSTR_H(k);
        b->key = (zend_string *)AT(k);
        ZVAL_INTERNED_STR(&b->val, (zend_string *)AT(val));
        uint32_t slot = (uint32_t)b->h | mask;
        Z_NEXT(b->val) = HT_HASH_EX(buckets, slot);
        HT_HASH_EX(buckets, slot) = HT_IDX_TO_HASH(i);
        i++;
    } ZEND_HASH_FOREACH_END();
    GC_SET_REFCOUNT(ht, 2);
#ifdef GC_NOT_COLLECTABLE
    GC_TYPE_INFO(ht) = GC_ARRAY | ((IS_ARRAY_IMMUTABLE | GC_NOT_COLLECTABLE) << GC_FLAGS_SHIFT);
#else
    GC_TYPE_INFO(ht) = GC_ARRAY | (IS_ARRAY_IMMUTABLE << GC_FLAGS_SHIFT);
#endif
    HT_FLAGS(ht) = HASH_FLAG_STATIC_KEYS;
    ht->nTableMask = mask;
    ht->arData = (Bucket *)AT(buckets);
    ht->nNumUsed = ht->nNumOfElements = n;
    ht->nTableSize = size;
    ht->nInternalPointer = 0;
#if PHP_VERSION_ID >= 80000
    ht->nNextFreeElement = ZEND_LONG_MIN;
#else
    ht->nNextFreeElement = 0;
#endif
    ht->pDestructor = NULL;
    head->at = home ? AT(ht) : 0;
    head->len = (uint32_t)(len - IMAGE_HEAD);
    head->count = n;
    head->sum = vtws_checksum64(ht, head->len, IMAGE_SEED);
#undef AT
}

static int fill(void *ctx, void *dst, size_t len)
{
    const build_job *job = ctx;
    shared_payload *sp = dst;
    size_t off = PAYLOAD_HEAD;
    memset(sp, 0, PAYLOAD_HEAD);
    sp->magic = PAYLOAD_MAGIC;
    sp->ntables = 2;
    for (int i = 0; i < 2; i++) {
        if (!job->items[i])
            continue;
        if (!vtws_sht_build((char *)dst + off, job->size[i], job->items[i], job->n[i], &zend_layout))
            return 0;
        sp->off[i] = (uint32_t)off;
        sp->size[i] = (uint32_t)job->size[i];
        off += (job->size[i] + 15) & ~(size_t)15;
    }
    if (job->image_size) {
        image_write((char *)dst + off, job->image_size, job->answer, vtws_shstore_home(VTWS_G(shm), (char *)dst + off));
        sp->image_off = (uint32_t)off;
        sp->image_size = (uint32_t)job->image_size;
        off += job->image_size;
    }
    sp->sum = payload_sum(sp);
    sp->checked_at = job->checked_at;
    return off == len;
}

static size_t job_size(build_job *job)
{
    size_t len = PAYLOAD_HEAD;
    for (int i = 0; i < 2; i++) {
        if (!job->items[i])
            continue;
        job->size[i] = vtws_sht_size(job->items[i], job->n[i], &zend_layout);
        len += (job->size[i] + 15) & ~(size_t)15;
    }
    job->image_size = job->answer ? image_size(job->answer) : 0;
    return len + job->image_size;
}

static void store_full_log(void)
{
    if (!vtws_shstore_full(VTWS_G(shm)))
        return;
    char *msg;
    spprintf(&msg, 0, "the shared store (%s, vtws.shm_size = " ZEND_LONG_FMT ") is full: tables are kept per "
                      "process; raise vtws.shm_size",
             vtws_shstore_path(VTWS_G(shm)), VTWS_G(shm_size));
    log_once(&VTWS_G(shm_logged_full), msg);
    efree(msg);
}

static int open_payload_bits(const void *p, size_t len, vtws_shared_table *out, int bits);

static const void *publish(const void *slot, size_t slot_len, const void *version, size_t version_len, build_job *job,
                           size_t *len)
{
    *len = job_size(job);
    const void *p = job->first    ? vtws_shstore_publish_first(VTWS_G(shm), slot, slot_len, version, version_len, *len, fill, job)
                    : job->cached ? vtws_shstore_publish_cached(VTWS_G(shm), slot, slot_len, version, version_len, *len, fill, job)
                                  : vtws_shstore_publish(VTWS_G(shm), slot, slot_len, version, version_len, *len, fill, job);
    vtws_shared_table check;
    const answer_image *image;
    if (p && (!open_payload_bits(p, *len, &check, 0) || /* one there already, damaged: a new one */
              (job->image_size && (!(image = image_in(p, *len)) || !image_intact(image))))) {
        vtws_shared_count_damaged();
        p = vtws_shstore_replace(VTWS_G(shm), slot, slot_len, version, version_len, *len, fill, job);
    }
    if (!p) {
        if (!job->cached) { /* an answer not kept is no table kept per process */
            VTWS_G(shm_fallbacks)++;
            store_full_log();
        }
        return NULL;
    }
    VTWS_G(shm_published) = 1;
    return p;
}

/* Open the payload's tables, each with its checked bits: 0 when its header is damaged. */
VTWS_HOT static int open_payload_bits(const void *p, size_t len, vtws_shared_table *out, int bits)
{
    const shared_payload *sp = p;
    memset(out, 0, sizeof(*out));
    if (!payload_head_ok(p, len))
        return 0;
    for (int i = 0; i < 2; i++) {
        if (!sp->size[i])
            continue;
        if (sp->off[i] < PAYLOAD_HEAD || sp->off[i] > len || sp->size[i] > len - sp->off[i] ||
            !vtws_sht_open(&out->views[i], (const char *)p + sp->off[i], sp->size[i])) {
            vtws_shared_table_release(out);
            return 0;
        }
        if (bits)
            out->views[i].checked = pecalloc(1, vtws_sht_bitmap_size(&out->views[i]) + 1, 1);
    }
    out->payload = p;
    return 1;
}

/* A module's tables: their bits come with their first lookup (vtws_shared_view_bits()); most
 * are only read through the chain's merged table, and bits for every slot of every table a
 * worker resolved cost it more memory than the rest of its catalog. */
static int open_payload(const void *p, size_t len, vtws_shared_table *out) { return open_payload_bits(p, len, out, 0); }

void vtws_shared_view_bits(vtws_sht_view *v)
{
    if (v->base && !v->checked)
        v->checked = pecalloc(1, vtws_sht_bitmap_size(v) + 1, 1);
}

void vtws_shared_table_release(vtws_shared_table *t)
{
    for (int i = 0; i < 2; i++) {
        if (t->views[i].checked)
            pefree(t->views[i].checked, 1);
        t->views[i].checked = NULL;
    }
}

int vtws_shared_find_table(const vtws_catalog_version *v, vtws_shared_table *out)
{
    char slot[4400];
    size_t slot_len = slot_of(v, slot, sizeof(slot)), len = 0;
    if (!vtws_shared_active() || !slot_len)
        return 0;
    version_key k;
    version_of(v, &k);
    const void *p = vtws_shstore_find(VTWS_G(shm), slot, slot_len, &k, sizeof(k), &len);
    if (!p)
        return 0;
    if (!open_payload(p, len, out)) {
        vtws_shared_count_damaged();
        return 0;
    }
    out->slot_hash = vtws_hash_bytes(slot, slot_len);
    return 1;
}

int vtws_shared_publish_table(const vtws_catalog_version *v, const vtws_array *const arrays[2], vtws_shared_table *out)
{
    char slot[4400];
    size_t slot_len = slot_of(v, slot, sizeof(slot)), len = 0;
    if (!vtws_shared_active() || !slot_len)
        return 0;
    build_job job;
    memset(&job, 0, sizeof(job));
    vtws_sht_item *items[2] = {NULL, NULL};
    char (*keys[2])[24] = {NULL, NULL};
    int ok = 1;
    for (int i = 0; i < 2 && ok; i++) {
        if (!arrays[i])
            continue;
        items[i] = safe_pemalloc(arrays[i]->count + 1, sizeof(vtws_sht_item), 0, 1);
        keys[i] = safe_pemalloc(arrays[i]->count + 1, sizeof(keys[i][0]), 0, 1);
        ok = items_of(arrays[i], items[i], keys[i]);
        job.items[i] = items[i];
        job.n[i] = arrays[i]->count;
    }
    const void *p = NULL;
    if (ok) {
        version_key k;
        version_of(v, &k);
        p = publish(slot, slot_len, &k, sizeof(k), &job, &len);
    } else {
        vtws_shared_count_fallback(); /* a value the store cannot hold */
    }
    for (int i = 0; i < 2; i++) {
        if (items[i])
            pefree(items[i], 1);
        if (keys[i])
            pefree(keys[i], 1);
    }
    if (!p || !open_payload(p, len, out))
        return 0;
    out->slot_hash = vtws_hash_bytes(slot, slot_len);
    return 1;
}

/* ---- merged chains ------------------------------------------------------------------------- */

/* The first non-empty value of each key along the tables: 0 when a record is damaged. */
static int merge_items(const vtws_shared_table *const *tables, int n, vtws_strings_type type, vtws_sht_item **out,
                       size_t *count)
{
    size_t cap = 0;
    for (int i = 0; i < n; i++)
        cap += tables[i]->views[type].nrecords;
    vtws_sht_item *items = safe_pemalloc(cap + 1, sizeof(vtws_sht_item), 0, 1);
    HashTable seen;
    zend_hash_init(&seen, (uint32_t)cap, NULL, NULL, 1);
    size_t got = 0;
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        const vtws_sht_view *v = &tables[i]->views[type];
        size_t pos = 0;
        vtws_sht_item it;
        int r;
        while ((r = vtws_sht_next(v, &pos, &it)) == 1) {
            if (it.empty) /* Vtiger: !empty(), a miss that goes on down the chain */
                continue;
            if (!zend_hash_str_add_empty_element(&seen, it.key, it.key_len))
                continue; /* an earlier table has it */
            it.hash = zend_hash_func(it.key, it.key_len);
            items[got++] = it;
        }
        ok = r == 0;
    }
    zend_hash_destroy(&seen);
    if (!ok) {
        pefree(items, 1);
        return 0;
    }
    *out = items;
    *count = got;
    return 1;
}

int vtws_shared_merged(const vtws_shared_table *const *tables, int n, vtws_strings_type type, vtws_sht_view *out)
{
    /* slot: what it merges (the tables' slots, by their hashes: a newer version of the chain
     * supersedes this one); version: which versions (entries never move in a generation:
     * their offsets name them) */
    uint64_t slot[VTWS_CHAIN_MAX + 2], name[VTWS_CHAIN_MAX];
    if (!vtws_shared_active() || n < 1 || n > VTWS_CHAIN_MAX)
        return 0;
    memset(name, 0, sizeof(name));
    slot[0] = UINT64_C(0x016d65726765640a); /* "\001merged": no root starts with \001 */
    slot[1] = (uint64_t)type;
    for (int i = 0; i < n; i++) {
        slot[i + 2] = tables[i]->slot_hash;
        name[i] = vtws_shstore_offset(VTWS_G(shm), tables[i]->payload);
    }
    size_t len = 0, slot_len = sizeof(slot[0]) * (size_t)(n + 2), name_len = sizeof(name[0]) * (size_t)n;
    const void *p = vtws_shstore_find(VTWS_G(shm), slot, slot_len, name, name_len, &len);
    if (!p) {
        vtws_sht_item *items;
        size_t count;
        if (!merge_items(tables, n, type, &items, &count)) {
            vtws_shared_count_damaged();
            return 0;
        }
        build_job job;
        memset(&job, 0, sizeof(job));
        job.items[0] = items;
        job.n[0] = count;
        p = publish(slot, slot_len, name, name_len, &job, &len);
        pefree(items, 1);
        if (!p)
            return 0;
    }
    vtws_shared_table t;
    if (!open_payload(p, len, &t) || !t.views[0].base) {
        vtws_shared_count_damaged();
        return 0;
    }
    *out = t.views[0];
    return 1;
}

/* ---- answers to lists of labels ------------------------------------------------------------ */

/* ms of the monotonic clock, the same for every process of the machine */
VTWS_HOT static uint64_t now_ms(void) { return vtws_cache_coarse_ms(); }

/* The answer's table, as published: 0 when damaged (counted). */
/* The answer's payload: an entry named for this process's home holds the answer's array,
 * usable when it lies where it was laid out for (checked when used: else 0, not counted);
 * any other holds its table (opened now). 0 when damaged (counted). */
VTWS_HOT static int answer_open(const void *p, size_t len, uint64_t version, int home, vtws_shared_answer *out)
{
    memset(out, 0, sizeof(*out));
    out->payload = p;
    out->len = len;
    out->version = version;
    out->checked_at = &((shared_payload *)p)->checked_at;
    if (!payload_head_ok(p, len)) {
        vtws_shared_count_damaged();
        return 0;
    }
    const answer_image *head = image_in(p, len);
    if (head && head->at == (uintptr_t)head + IMAGE_HEAD) {
        out->image = head;
        return 1;
    }
    return !home && vtws_shared_answer_table(out);
}

VTWS_HOT int vtws_shared_answer_table(vtws_shared_answer *a)
{
    vtws_shared_table t;
    if (a->view.base)
        return 1;
    /* read once, front to back: each record checked as it is read, no bits kept */
    if (!open_payload_bits(a->payload, a->len, &t, 0) || !t.views[0].base) {
        vtws_shared_count_damaged();
        return 0;
    }
    a->view = t.views[0];
    return 1;
}

VTWS_HOT zend_array *vtws_shared_answer_array(const vtws_shared_answer *a, uint32_t *count)
{
    const answer_image *head = a->image;
    if (!head)
        return NULL;
    zend_array *ht = (zend_array *)((const char *)head + IMAGE_HEAD);
    if (!image_intact(head)) {
        vtws_shared_count_damaged();
        return NULL;
    }
    *count = head->count;
    return ht;
}

VTWS_HOT int vtws_shared_answer_holds(const vtws_shared_answer *a, const zend_string *key, uint32_t i, const zend_array *ht)
{
    /* where the checksum was: the image's own bytes; a key elsewhere is not trusted */
    const char *lo = (const char *)ht, *hi = lo + ((const answer_image *)a->image)->len;
    const zend_string *k = ht->arData[i].key;
    return (const char *)k >= lo && (const char *)k < hi - _ZSTR_HEADER_SIZE && ZSTR_LEN(k) == ZSTR_LEN(key) &&
           (size_t)(hi - ZSTR_VAL(k)) > ZSTR_LEN(k) && memcmp(ZSTR_VAL(k), ZSTR_VAL(key), ZSTR_LEN(key)) == 0;
}

/* The entry (name, *version), or name's newest (version NULL), opened. */
VTWS_HOT static int answer_entry(const char *name, size_t name_len, const uint64_t *version, int home,
                                 vtws_shared_answer *out)
{
    size_t len = 0;
    if (version) {
        uint64_t ver[2] = {*version, PHP_VERSION_ID};
        const void *p = vtws_shstore_find(VTWS_G(shm), name, name_len, ver, sizeof(ver), &len);
        return p && answer_open(p, len, *version, home, out);
    }
    const void *vp;
    size_t vlen;
    const void *p = vtws_shstore_find_newest(VTWS_G(shm), name, name_len, &vp, &vlen, &len);
    uint64_t ver[2];
    if (!p || vlen != sizeof(ver))
        return 0;
    memcpy(ver, vp, sizeof(ver));
    return ver[1] == PHP_VERSION_ID && answer_open(p, len, ver[0], home, out);
}

/* name followed by this process's home (name's buffer has room for it): the name of the
 * entry holding the answer's array laid out for that home. */
VTWS_HOT static size_t home_name(char *name, size_t name_len)
{
    uint64_t home = vtws_shstore_home_base();
    memcpy(name + name_len, &home, sizeof(home));
    return name_len + sizeof(home);
}

VTWS_HOT int vtws_shared_answer_find(char *name, size_t name_len, const uint64_t *version, int home,
                                     vtws_shared_answer *out)
{
    if (!vtws_shared_active() || (home && !vtws_shstore_home_base()))
        return 0;
    return home ? answer_entry(name, home_name(name, name_len), version, 1, out)
                : answer_entry(name, name_len, version, 0, out);
}

VTWS_HOT int vtws_shared_answer_fresh(const vtws_shared_answer *a, zend_long revalidate_freq)
{
    uint64_t at = __atomic_load_n(a->checked_at, __ATOMIC_RELAXED), now = now_ms();
    return revalidate_freq > 0 && at <= now && now - at < (uint64_t)revalidate_freq * 1000;
}

void vtws_shared_answer_checked(const vtws_shared_answer *a)
{
    __atomic_store_n(a->checked_at, now_ms(), __ATOMIC_RELAXED);
}

/* The answer's table, kept under name: 0 when it holds what a table cannot. */
static void publish_answer_table(const char *name, size_t name_len, const uint64_t ver[2], const HashTable *answer,
                                 uint64_t checked_at)
{
    uint32_t n = zend_hash_num_elements(answer), i = 0;
    vtws_sht_item *items = safe_emalloc(n + 1, sizeof(vtws_sht_item), 0);
    char(*keys)[24] = safe_emalloc(n + 1, sizeof(keys[0]), 0);
    zend_ulong idx;
    zend_string *key;
    zval *v;
    int ok = 1;
    ZEND_HASH_FOREACH_KEY_VAL((HashTable *)answer, idx, key, v) /* read only */ {
        vtws_sht_item *it = &items[i];
        memset(it, 0, sizeof(*it));
        if (key) {
            it->key = ZSTR_VAL(key);
            it->key_len = ZSTR_LEN(key);
        } else {
            it->key_len = (size_t)snprintf(keys[i], sizeof(keys[i]), ZEND_LONG_FMT, (zend_long)idx);
            it->key = keys[i];
            it->int_key = 1;
        }
        it->hash = zend_hash_func(it->key, it->key_len);
        switch (Z_TYPE_P(v)) {
        case IS_STRING: it->type = VTWS_SHT_STRING; it->str = Z_STRVAL_P(v); it->len = Z_STRLEN_P(v); break;
        case IS_LONG: it->type = VTWS_SHT_LONG; it->l = Z_LVAL_P(v); break;
        case IS_DOUBLE: it->type = VTWS_SHT_DOUBLE; it->d = Z_DVAL_P(v); break;
        case IS_TRUE: it->type = VTWS_SHT_TRUE; break;
        case IS_FALSE: it->type = VTWS_SHT_FALSE; break;
        case IS_NULL: it->type = VTWS_SHT_NULL; break;
        default: ok = 0; break; /* an array from an old file: not kept */
        }
        i++;
    } ZEND_HASH_FOREACH_END();
    if (ok) {
        build_job job;
        size_t len;
        memset(&job, 0, sizeof(job));
        job.items[0] = items;
        job.n[0] = n;
        job.cached = 1;
        job.checked_at = checked_at;
        publish(name, name_len, ver, sizeof(ver[0]) * 2, &job, &len);
    }
    efree(items);
    efree(keys);
}

void vtws_shared_answer_publish(char *name, size_t name_len, uint64_t version, const HashTable *answer,
                                const vtws_shared_answer *from)
{
    uint64_t ver[2] = {version, PHP_VERSION_ID};
    vtws_shstore_stats st;
    if (!vtws_shared_active())
        return;
    vtws_shstore_stats_get(VTWS_G(shm), &st);
    if (st.used > st.size / 2) { /* the rest is for the tables: answers are only a shortcut */
        vtws_shstore_reclaim(VTWS_G(shm)); /* renewed when that frees room, or answers would never be kept again */
        return;
    }
    /* as trusted as what it was made from: the files now, or the entry read */
    uint64_t checked_at = from ? __atomic_load_n(from->checked_at, __ATOMIC_RELAXED) : now_ms();
    if (!from)
        publish_answer_table(name, name_len, ver, answer, checked_at);
    if (vtws_shstore_home_base() && image_size(answer)) {
        build_job job;
        size_t len;
        memset(&job, 0, sizeof(job));
        job.cached = 1;
        job.first = 1; /* what answer_first() reads */
        job.answer = answer;
        job.checked_at = checked_at;
        const void *p = publish(name, home_name(name, name_len), ver, sizeof(ver), &job, &len);
        /* one of this version there already (kept by a worker whose files check is older):
         * as trusted as the table read now, or a first call would read the table each time */
        uint64_t *at = p ? &((shared_payload *)p)->checked_at : NULL;
        if (at && __atomic_load_n(at, __ATOMIC_RELAXED) < checked_at)
            __atomic_store_n(at, checked_at, __ATOMIC_RELAXED);
    }
}

void vtws_shared_count_damaged(void)
{
    if (VTWS_G(shm))
        vtws_shstore_count_damaged(VTWS_G(shm));
}


void vtws_shared_count_fallback(void)
{
    VTWS_G(shm_fallbacks)++;
    if (VTWS_G(shm))
        vtws_shstore_count_fallback(VTWS_G(shm));
}

VTWS_HOT void vtws_shared_end(void)
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

VTWS_HOT uintptr_t vtws_shared_home(void) { return vtws_shstore_home_base(); }

void vtws_shared_startup(void)
{
    sapi_is_cli = strcmp(sapi_module.name, CLI) == 0 || strcmp(sapi_module.name, PHPDBG) == 0;
    /* before php-fpm (or Apache) forks its workers: they all inherit the same home (see
     * answer_image). Not in the CLI, whose processes are each their own: arrays kept for
     * one of them would serve no other. */
    if (enabled() && !sapi_is_cli)
        vtws_shstore_reserve((size_t)VTWS_G(shm_size));
}

/* For phpinfo() and `php --ri vtws` in a process that has not used the store (the CLI):
 * the numbers of this user's store, when there is one. */
static struct vtws_shstore *store_for_info(void)
{
    if (VTWS_G(shm) || VTWS_G(shm_size) <= 0 || VTWS_G(shm_starting) || VTWS_G(shm_state) < 0)
        return VTWS_G(shm);
    char err[256];
    return vtws_shstore_open(store_dir(), STORE_TAG,
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

#else /* no shared store: Windows and ZTS builds (tables per thread) */

struct vtws_shstore *vtws_shared_begin(int *moved)
{
    *moved = 0;
    return NULL;
}
int vtws_shared_active(void) { return 0; }
int vtws_shared_find_table(const vtws_catalog_version *v, vtws_shared_table *out)
{
    (void)v, (void)out;
    return 0;
}
int vtws_shared_publish_table(const vtws_catalog_version *v, const vtws_array *const arrays[2], vtws_shared_table *out)
{
    (void)v, (void)arrays, (void)out;
    return 0;
}
int vtws_shared_merged(const vtws_shared_table *const *tables, int n, vtws_strings_type type, vtws_sht_view *out)
{
    (void)tables, (void)n, (void)type, (void)out;
    return 0;
}
void vtws_shared_table_release(vtws_shared_table *t) { (void)t; }
void vtws_shared_view_bits(vtws_sht_view *v) { (void)v; }
int vtws_shared_answer_find(char *name, size_t name_len, const uint64_t *version, int home, vtws_shared_answer *out)
{
    (void)name, (void)name_len, (void)version, (void)home, (void)out;
    return 0;
}
int vtws_shared_answer_fresh(const vtws_shared_answer *a, zend_long revalidate_freq)
{
    (void)a, (void)revalidate_freq;
    return 0;
}
void vtws_shared_answer_checked(const vtws_shared_answer *a) { (void)a; }
int vtws_shared_enabled(void) { return 0; }
void vtws_shared_answer_publish(char *name, size_t name_len, uint64_t version, const HashTable *answer,
                                const vtws_shared_answer *from)
{
    (void)name, (void)name_len, (void)version, (void)answer, (void)from;
}
void vtws_shared_zval(const vtws_sht_item *it, zval *out)
{
    (void)it;
    ZVAL_NULL(out);
}
void vtws_shared_count_damaged(void) {}
void vtws_shared_count_fallback(void) {}
void vtws_shared_end(void) {}
void vtws_shared_shutdown(void) {}
void vtws_shared_startup(void) {}
uintptr_t vtws_shared_home(void) { return 0; }
zend_array *vtws_shared_answer_array(const vtws_shared_answer *a, uint32_t *count)
{
    (void)a, (void)count;
    return NULL;
}
int vtws_shared_answer_holds(const vtws_shared_answer *a, const zend_string *key, uint32_t i, const zend_array *ht)
{
    (void)a, (void)key, (void)i, (void)ht;
    return 0;
}
int vtws_shared_answer_table(vtws_shared_answer *a)
{
    (void)a;
    return 0;
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

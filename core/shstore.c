/* fcntl's locks, link() and friends: the system's full interface. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "shstore.h"

#if defined(_WIN32)
/* No store on Windows (no fork to share it along, no fcntl locks): every process keeps
 * its own tables; these say so. */
#include <stdio.h>
#include <string.h>

vtws_shstore *vtws_shstore_open(const char *dir, const char *tag, size_t size, int create, char *err, size_t errlen)
{
    (void)dir, (void)tag, (void)size, (void)create;
    if (err && errlen)
        snprintf(err, errlen, "the shared store is not built on Windows");
    return NULL;
}
void vtws_shstore_close(vtws_shstore *s) { (void)s; }
int vtws_shstore_created(const vtws_shstore *s) { (void)s; return 0; }
int vtws_shstore_reserve(size_t size) { (void)size; return 0; }
uintptr_t vtws_shstore_home_base(void) { return 0; }
VTWS_HOT uintptr_t vtws_shstore_home_base(void) { return (uintptr_t)home_base; }

uintptr_t vtws_shstore_home(const vtws_shstore *s, const void *p)
{
    (void)s, (void)p;
    return 0;
}
int vtws_shstore_remove_others(const char *dir, const char *family, const char *tag)
{
    (void)dir, (void)family, (void)tag;
    return 0;
}
int vtws_shstore_begin(vtws_shstore *s, char *err, size_t errlen) { (void)s, (void)err, (void)errlen; return -1; }
void vtws_shstore_end(vtws_shstore *s) { (void)s; }
const void *vtws_shstore_find(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                              size_t version_len, size_t *len)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len;
    return NULL;
}
const void *vtws_shstore_publish(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len, (void)fill, (void)ctx;
    return NULL;
}
const void *vtws_shstore_replace(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len, (void)fill, (void)ctx;
    return NULL;
}
const void *vtws_shstore_publish_cached(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                        size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len, (void)fill, (void)ctx;
    return NULL;
}
const void *vtws_shstore_publish_first(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                       size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len, (void)fill, (void)ctx;
    return NULL;
}
const void *vtws_shstore_find_newest(vtws_shstore *s, const void *slot, size_t slot_len, const void **version,
                                     size_t *version_len, size_t *len)
{
    (void)s, (void)slot, (void)slot_len, (void)version, (void)version_len, (void)len;
    return NULL;
}
void vtws_shstore_count_damaged(vtws_shstore *s) { (void)s; }
uint64_t vtws_shstore_offset(const vtws_shstore *s, const void *p) { (void)s, (void)p; return 0; }
int vtws_shstore_contains(const vtws_shstore *s, const void *p) { (void)s, (void)p; return 0; }
void vtws_shstore_count_fallback(vtws_shstore *s) { (void)s; }
void vtws_shstore_stats_get(vtws_shstore *s, vtws_shstore_stats *out) { (void)s; memset(out, 0, sizeof(*out)); }
const char *vtws_shstore_path(const vtws_shstore *s) { (void)s; return ""; }
int vtws_shstore_full(const vtws_shstore *s) { (void)s; return 0; }
int vtws_shstore_reclaim(vtws_shstore *s) { (void)s; return 0; }

#else
#include "hot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "digest.h"
#include "value.h"


/* ---- layout ------------------------------------------------------------------------ */

#define CONTROL_MAGIC UINT64_C(0x3143485357545621) /* "!VTWSHC1" */
#define GEN_MAGIC UINT64_C(0x3344485357545621)     /* "!VTWSHD3" */
#define ENTRY_MAGIC 0x45535456u                    /* "VTSE" */
#define FORMAT 1
#define NBUCKETS 8192
#define ALIGN 16
#define SUPERSEDED 1u
#define MAX_CHAIN 4096 /* steps along one bucket: more is a damaged cycle */
#define MIN_SIZE ((size_t)1 << 20)
#define MAX_SIZE ((size_t)1 << 31) /* offsets are 32 bits */
#define WINDOW ((uint64_t)65536)    /* Linux's fault_around_bytes, by default */
#define PT_SPAN ((size_t)2 << 20)   /* what one page table maps (x86-64, arm64 with 4 KiB pages) */
/* The first span: a generation's offsets below FIRST_END share, in a worker, the page table
 * its master's reservation leaves in place (the anchor, below): what a fresh worker's first
 * request reads there costs it no new page table. Entries published for a first request
 * (vtws_shstore_publish_first()) go there while it has room; the others from FIRST_END on. */
#define FIRST_END ((uint64_t)PT_SPAN - 4096)

typedef struct control {
    uint64_t magic;
    uint32_t format, pad;
    uint64_t size;           /* of every generation */
    uint64_t gen;            /* the current one (release store, under the lock) */
    uint64_t rotate_wanted;  /* a publisher found the generation full of garbage */
    uint64_t hits, misses, publishes, fallbacks, rotations, damaged;
} control;

typedef struct gen_header {
    uint64_t magic;
    uint64_t gen;
    uint64_t created; /* seconds since the epoch (not checked: it only times a full store's replacement) */
    uint64_t size;
    uint64_t used;    /* the end of what is in use (release store, under the lock) */
    uint64_t garbage; /* bytes of superseded entries */
    uint64_t entries;
    /* not to be opened by its .cur name: a newer generation was started, or one is wanted (a
     * process opening it by .cur never starts one: with every worker fresh, as under
     * pm.max_requests = 1, a full generation would then stay for good) */
    uint64_t retired;
    uint64_t first_used; /* the end of what is in use in the first span; 0: the generation has none */
    uint32_t buckets[NBUCKETS]; /* offsets of entries, newest first; 0: none */
} gen_header;

/* A generation's header without its buckets: what a process opening it reads with pread. */
typedef struct gen_fields {
    uint64_t magic, gen, created, size, used, garbage, entries, retired, first_used;
} gen_fields;
_Static_assert(sizeof(gen_fields) == offsetof(gen_header, buckets) && offsetof(gen_fields, retired) == offsetof(gen_header, retired) &&
                   offsetof(gen_fields, used) == offsetof(gen_header, used),
               "gen_fields is the start of gen_header");

typedef struct entry_header {
    uint32_t magic;
    uint32_t flags;       /* SUPERSEDED: written after publishing, not in the checksum */
    uint32_t next;        /* the next entry of the bucket: not in the checksum either */
    uint32_t slot_len;
    uint32_t version_len;
    uint32_t payload_off; /* from the entry's start */
    uint64_t payload_len;
    uint64_t slot_hash;
    uint64_t sum;         /* sizes, slot and version (entry_sum) */
} entry_header;

#define HEADER_END (((sizeof(gen_header) + ALIGN - 1) / ALIGN) * ALIGN)

typedef struct mapping {
    gen_header *base; /* NULL: none */
    uint64_t gen;
    size_t size;
    int fd;           /* kept to reserve the file's memory before writing into it */
    /* not touched by this process yet (a fresh worker's first unit): its header and buckets
     * are read with pread, a few microseconds, where the first touch of their pages costs a
     * fault (tens of microseconds on virtual machines); the entry found is read where it
     * is mapped (the pages of its window are needed anyway) */
    int cold;
    uint64_t cold_used; /* cold: what was in use when its header was read */
} mapping;

#define MAX_RETIRED 8

struct vtws_shstore {
    uid_t euid;           /* the user whose store this is */
    char *ctl_path;       /* dir/vtws.<uid>.<tag> (after the struct, in its block) */
    size_t ctl_len;
    char *cur_path;       /* dir/vtws.<uid>.<tag>.cur: a link to the current generation */
    char *gen_buf;        /* gen_path()'s */
    int create;           /* may create the control file */
    int ctl_fd;
    control *ctl;         /* NULL until a process needs it (opened through .cur) */
    int first_unit;       /* opened through .cur: its first unit uses that generation */
    int created;          /* this process made the control file */
    size_t size;
    mapping cur;
    mapping retired[MAX_RETIRED]; /* left at this unit's start: unmapped at its end */
    int nretired;
    int full;
    /* this unit's finds, added to the shared counters at its end (or at the next unit's, or
     * at close, while the control file is not open yet): a find writes nothing other
     * processes read (no cache line bouncing between workers, no page dirtied) */
    uint64_t hits, misses, damaged, fallbacks;
};

static size_t align_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* A process's first handle lives in static memory: a fresh php-fpm worker opens the store at
 * its first translation, and malloc's first block there grew the heap (brk) and wrote a page
 * the worker had never touched (a fault); this block shares the page of the module's other
 * writable globals, which the worker writes anyway. Later handles (tests open several) are
 * malloc'd. */
static _Alignas(16) unsigned char first_handle[1024];
static int first_handle_taken;

VTWS_HOT static vtws_shstore *handle_new(size_t size)
{
    if (size <= sizeof(first_handle) && !__atomic_exchange_n(&first_handle_taken, 1, __ATOMIC_ACQ_REL))
        return (vtws_shstore *)first_handle;
    return vtws_malloc(size);
}

static void handle_free(vtws_shstore *s)
{
    if ((unsigned char *)s == first_handle)
        __atomic_store_n(&first_handle_taken, 0, __ATOMIC_RELEASE);
    else
        vtws_free(s);
}

VTWS_HOT static uint64_t load(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static void store(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static void count(uint64_t *p) { __atomic_fetch_add(p, 1, __ATOMIC_RELAXED); }

/* ---- files: ours alone, or not used --------------------------------------------------- */

/* Whether fd is a regular file of this effective user that nobody else may open (else
 * errno EPERM), of at least min_size bytes (else EIO: a mapping's pages past the end of its
 * file are a bus error). */
VTWS_HOT static int file_is_ours(const vtws_shstore *s, int fd, const char *path, size_t min_size, size_t *size,
                                 char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        say(err, errlen, "%s: %s", path, strerror(errno));
        return 0;
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != s->euid || (st.st_mode & 077)) {
        say(err, errlen, "%s is not a file of uid %ld with mode 0600: the shared store is off (remove the file)",
            path, (long)s->euid);
        errno = EPERM;
        return 0;
    }
    if ((uint64_t)st.st_size < min_size) {
        say(err, errlen, "%s is damaged (%lld bytes)", path, (long long)st.st_size);
        errno = EIO;
        return 0;
    }
    if (size)
        *size = (size_t)st.st_size;
    return 1;
}

VTWS_HOT static int open_ours(const vtws_shstore *s, const char *path, int flags, size_t min_size, size_t *size,
                              char *err, size_t errlen)
{
    int fd = open(path, flags | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno != EEXIST && errno != ENOENT)
            say(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!file_is_ours(s, fd, path, min_size, size, err, errlen)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Appends the decimal digits of v at p; the end. */
VTWS_HOT static char *put_decimal(char *p, uint64_t v)
{
    char digits[20];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = digits[--n];
    return p;
}

/* The path of generation gen, in the store's own buffer (valid until the next call).
 * Built by hand: a fresh worker's first translation opens it, and printf's code is pages
 * it would touch for the first time. */
VTWS_HOT static char *gen_path_to(const vtws_shstore *s, uint64_t gen, char *out)
{
    memcpy(out, s->ctl_path, s->ctl_len);
    char *p = out + s->ctl_len;
    *p++ = '.';
    *put_decimal(p, gen) = '\0';
    return out;
}

VTWS_HOT static const char *gen_path(vtws_shstore *s, uint64_t gen) { return gen_path_to(s, gen, s->gen_buf); }

/* ---- the lock: fcntl, so that it goes with a process that dies --------------------- */

/* Set or clear the publishing lock (byte 0 of the control file); 0 when it is held elsewhere. */
static int set_lock(vtws_shstore *s, short type)
{
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_len = 1;
    return fcntl(s->ctl_fd, F_SETLK, &fl) == 0;
}

/* Take the publishing lock, waiting at most ~20 ms: a request never waits long for
 * another process (it keeps its own table instead). */
static int lock(vtws_shstore *s)
{
    for (int i = 0; i < 40; i++) {
        if (set_lock(s, F_WRLCK))
            return 1;
        if (errno != EACCES && errno != EAGAIN && errno != EINTR)
            return 0;
        struct timespec ts = {0, 500000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void unlock(vtws_shstore *s) { set_lock(s, F_UNLCK); }

/* ---- generations --------------------------------------------------------------------- */

VTWS_HOT static void *map_file(int fd, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* ---- home: the address every worker of a master maps its generation at --------------------
 * A process that will fork workers (php-fpm's master, at module start) reserves address space
 * there (PROT_NONE, anonymous: no memory, nothing shared); each worker inherits the
 * reservation at the same address and maps its current generation over it, so an entry may
 * hold pointers valid in all of them (PHP arrays used in place: vtws_shstore_home()). One
 * generation at a time: one mapped while another is there (a unit that moved) goes
 * anywhere, as in a process without a reservation. */
static unsigned char *home_base;
static size_t home_size;
static int home_taken;

/*
 * The anchor: one page of private memory just before home, in the same 2 MiB as home's start,
 * written once and made read-only. A worker's first touch of its generation needs the page
 * table that covers it; a fresh process has none for home (a reservation has no pages, and a
 * shared mapping's page tables are not copied at fork), so that touch allocated one: a new page,
 * tens of microseconds on a VM, inside a request's first translation. The anchor's page is
 * copied at fork with the page table that covers it, the same one the first 2 MiB of home use
 * less a page: a generation's first span (FIRST_END), where what a fresh worker's first request
 * reads is published. Private and read-only: nothing written through it reaches another process.
 */
int vtws_shstore_reserve(size_t size)
{
    size = (size + 4095) & ~(size_t)4095;
    if (home_base || size < MIN_SIZE || size > MAX_SIZE)
        return home_base != NULL;
    /* room for the anchor at a page table's start, home right after it */
    size_t span = PT_SPAN + 4096 + size;
    unsigned char *p = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    unsigned char *anchor = (unsigned char *)(((uintptr_t)p + PT_SPAN - 1) & ~(uintptr_t)(PT_SPAN - 1));
    unsigned char *end = p + span, *home_end = anchor + 4096 + size;
    if (anchor > p)
        munmap(p, (size_t)(anchor - p));
    if (end > home_end)
        munmap(home_end, (size_t)(end - home_end));
    if (mprotect(anchor, 4096, PROT_READ | PROT_WRITE) == 0) {
        *(volatile unsigned char *)anchor = 1;
        mprotect(anchor, 4096, PROT_READ);
    }
    home_base = anchor + 4096;
    home_size = size;
    return 1;
}

/* A generation's file mapped: at home when it is free and large enough. */
VTWS_HOT static void *map_generation(int fd, size_t size)
{
    if (home_base && !home_taken && size <= home_size) {
        /* over this process's own reservation only: MAP_FIXED replaces nothing else */
        void *p = mmap(home_base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
        if (p == (void *)home_base) {
            home_taken = 1;
            return p;
        }
        if (p != MAP_FAILED)
            munmap(p, size);
        /* the reservation is in an unknown state now: not used again */
        home_base = NULL;
    }
    return map_file(fd, size);
}

/* The reverse: home reserved again (its addresses never handed to anything else). */
static void unmap_generation(void *p, size_t size)
{
    if (p && p == (void *)home_base) {
        home_taken = 0;
        if (mmap(p, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == p)
            return;
        home_base = NULL;
    }
    if (p)
        munmap(p, size);
}

VTWS_HOT uintptr_t vtws_shstore_home_base(void) { return (uintptr_t)home_base; }

uintptr_t vtws_shstore_home(const vtws_shstore *s, const void *p)
{
    const unsigned char *b = (const unsigned char *)s->cur.base, *q = p;
    if (!home_base || !b || q < b || (size_t)(q - b) >= s->cur.size || s->cur.size > home_size)
        return 0;
    return (uintptr_t)home_base + (uintptr_t)(q - b);
}

/* Map generation gen; 0 when it cannot be (err says why), -1 when it is damaged or missing
 * (a new generation would help). */
VTWS_HOT static int map_gen(vtws_shstore *s, uint64_t gen, mapping *out, char *err, size_t errlen)
{
    const char *path = gen_path(s, gen);
    int fd = open_ours(s, path, 0, s->size, NULL, err, errlen);
    if (fd < 0) {
        if (errno == ENOENT)
            say(err, errlen, "%s is missing", path);
        else if (errno == EIO)
            s->damaged++;
        return errno == ENOENT || errno == EIO ? -1 : 0;
    }
    gen_header *h = map_generation(fd, s->size);
    if (!h) {
        say(err, errlen, "%s cannot be mapped: %s", path, strerror(errno));
        close(fd);
        return 0;
    }
    /* its header read where it is mapped: no copy (the page is read by every find anyway) */
    if (h->magic != GEN_MAGIC || h->gen != gen || h->size != s->size) {
        say(err, errlen, "%s is damaged", path);
        s->damaged++;
        unmap_generation(h, s->size);
        close(fd);
        return -1;
    }
    void *p = h;
    out->base = p;
    out->gen = gen;
    out->size = s->size;
    out->fd = fd;
    return 1;
}

/* Create generation gen (under the lock, or before the control file is visible). */
static int create_gen(vtws_shstore *s, uint64_t gen, mapping *out, char *err, size_t errlen)
{
    const char *path = gen_path(s, gen);
    unlink(path); /* a creator that died before publishing it */
    int fd = open_ours(s, path, O_CREAT | O_EXCL, 0, NULL, err, errlen);
    if (fd < 0) {
        if (errno == EEXIST)
            say(err, errlen, "%s: %s", path, strerror(errno));
        return 0;
    }
    fchmod(fd, 0600); /* whatever the umask */
    if (ftruncate(fd, (off_t)s->size) != 0) {
        say(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(path);
        return 0;
    }
    /* memory for the header and index now: a file system out of room refuses here, not
     * with a bus error when a page of the mapping is first written */
    int r = posix_fallocate(fd, 0, (off_t)HEADER_END);
    void *p = r == 0 ? map_generation(fd, s->size) : NULL;
    if (!p) {
        say(err, errlen, "%s: %s", path, strerror(r ? r : errno));
        close(fd);
        unlink(path);
        return 0;
    }
    gen_header *h = p;
    h->gen = gen;
    h->created = (uint64_t)time(NULL);
    h->size = s->size;
    /* a first span when the rest is at least as large: a small store keeps all its room */
    h->first_used = s->size >= 2 * FIRST_END ? HEADER_END : 0;
    h->used = h->first_used ? FIRST_END : HEADER_END;
    store(&h->magic, GEN_MAGIC);
    out->base = h;
    out->gen = gen;
    out->size = s->size;
    out->fd = fd;
    return 1;
}

static void unmap(mapping *m)
{
    if (m->base) {
        unmap_generation(m->base, m->size);
        close(m->fd);
    }
    m->base = NULL;
}

/* ---- opening ------------------------------------------------------------------------ */

/* Create the control file under a private name, then give it its name: no process ever
 * sees a half-made one. Its generation 0 means none yet: the first vtws_shstore_begin()
 * starts generation 1 under the lock. 0 when another process was first, -1 on failure. */
static int create_store(vtws_shstore *s, char *err, size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.new%ld", s->ctl_path, (long)getpid());
    unlink(tmp);
    int fd = open_ours(s, tmp, O_CREAT | O_EXCL, 0, NULL, err, errlen);
    if (fd < 0)
        return -1;
    fchmod(fd, 0600); /* whatever the umask */
    control c;
    memset(&c, 0, sizeof(c));
    c.magic = CONTROL_MAGIC;
    c.format = FORMAT;
    c.size = s->size;
    if (ftruncate(fd, 4096) != 0 || pwrite(fd, &c, sizeof(c), 0) != (ssize_t)sizeof(c)) {
        say(err, errlen, "%s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    int linked = link(tmp, s->ctl_path) == 0;
    unlink(tmp);
    close(fd);
    return linked ? 1 : 0;
}

/* Open (create when s may, and it is missing) and map the control file: 1, or 0 (err). */
static int open_control(vtws_shstore *s, char *err, size_t errlen)
{
    for (int attempt = 0; attempt < 3 && s->ctl_fd < 0; attempt++) {
        s->ctl_fd = open_ours(s, s->ctl_path, 0, sizeof(control), NULL, err, errlen);
        if (s->ctl_fd >= 0 || errno != ENOENT || !s->create)
            break;
        int made = create_store(s, err, errlen);
        if (made < 0)
            break;
        s->created = made;
    }
    control *c = s->ctl_fd >= 0 ? map_file(s->ctl_fd, sizeof(control)) : NULL;
    if (s->ctl_fd >= 0 && !c)
        say(err, errlen, "%s: %s", s->ctl_path, strerror(errno));
    else if (c && (c->magic != CONTROL_MAGIC || c->format != FORMAT || c->size < MIN_SIZE || c->size > MAX_SIZE ||
                   c->size % 4096)) { /* read where it is mapped: the page every unit reads */
        say(err, errlen, "%s is damaged: the shared store is off (remove the file)", s->ctl_path);
        munmap(c, sizeof(control));
        c = NULL;
    }
    if (!c) {
        if (s->ctl_fd >= 0)
            close(s->ctl_fd);
        else if (s->create && err && !err[0])
            say(err, errlen, "%s cannot be opened", s->ctl_path);
        s->ctl_fd = -1;
        return 0;
    }
    s->ctl = c;
    s->size = (size_t)c->size; /* the creator's size */
    return 1;
}

/* The control file, opened now if it was not (a process that opened the store through .cur
 * needs it from its second unit on, or to publish); NULL when it cannot be. */
static control *control_of(vtws_shstore *s)
{
    if (!s->ctl && !open_control(s, NULL, 0))
        return NULL;
    return s->ctl;
}

/* The current generation through its fixed name, a link the process that starts a
 * generation moves to it: a process's first unit then opens and maps one file instead of
 * two, and touches one page less (each costs a fresh php-fpm worker a page fault). 1 and
 * s->cur; 0 when there is none usable, or the control file is not as it must be (the
 * control file's way then, which says why). */
VTWS_HOT static int open_current(vtws_shstore *s)
{
    /* the control file looked at (not opened): one that is not its user's alone turns the
     * store off, as when it is opened (open_control() then says why) */
    struct stat st;
    if (lstat(s->ctl_path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != s->euid || (st.st_mode & 077))
        return 0;
    size_t size = 0;
    int fd = open_ours(s, s->cur_path, 0, MIN_SIZE, &size, NULL, 0);
    if (fd < 0)
        return 0;
    /* its header read, not touched: see mapping.cold */
    gen_fields f;
    gen_header *h = NULL;
    if (pread(fd, &f, sizeof(f), 0) != (ssize_t)sizeof(f) || f.magic != GEN_MAGIC || f.size != size || !f.gen ||
        f.retired || size > MAX_SIZE || size % 4096 || !(h = map_generation(fd, size))) {
        close(fd);
        return 0;
    }
    s->cur.base = h;
    s->cur.gen = f.gen;
    s->cur.size = size;
    s->cur.fd = fd;
    s->cur.cold = 1;
    s->cur.cold_used = f.used;
    s->size = size;
    s->first_unit = 1;
    return 1;
}

VTWS_HOT vtws_shstore *vtws_shstore_open(const char *dir, const char *tag, size_t size, int create, char *err,
                                        size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
#if UINTPTR_MAX <= 0xffffffffu
    (void)dir, (void)tag, (void)size;
    say(err, errlen, "the shared store needs a 64-bit system");
    return NULL;
#else
    if (size < MIN_SIZE)
        size = MIN_SIZE;
    if (size > MAX_SIZE)
        size = MAX_SIZE;
    size &= ~(size_t)4095;
    /* the handle and its paths in one block: dir/vtws.<euid>.<tag>, its .cur, a generation's */
    size_t ldir = strlen(dir), ltag = strlen(tag), n = ldir + ltag + 64;
    vtws_shstore *s = handle_new(sizeof(*s) + 3 * n);
    if (!s)
        return NULL;
    memset(s, 0, sizeof(*s));
    s->ctl_fd = -1;
    s->create = create;
    s->ctl_path = (char *)(s + 1);
    s->cur_path = s->ctl_path + n;
    s->gen_buf = s->cur_path + n;
    char *at = s->ctl_path;
    memcpy(at, dir, ldir);
    at += ldir;
    memcpy(at, "/vtws.", 6);
    s->euid = geteuid();
    at = put_decimal(at + 6, (uint64_t)s->euid);
    *at++ = '.';
    memcpy(at, tag, ltag + 1);
    s->ctl_len = (size_t)(at - s->ctl_path) + ltag;
    memcpy(s->cur_path, s->ctl_path, s->ctl_len);
    memcpy(s->cur_path + s->ctl_len, ".cur", 5);
    s->size = size;
    if (open_current(s) || open_control(s, err, errlen))
        return s;
    handle_free(s);
    return NULL;
#endif
}

VTWS_HOT int vtws_shstore_created(const vtws_shstore *s) { return s->created; }

/* Whether name (in a store's directory) is one of the files of the store
 * vtws.<euid>.<family><digits>: the control file, a generation (.<digits>), .cur, or one of
 * their temporary names (.new<pid>, .cur.new<pid>); *tag_end: where its tag ends. */
static int store_file_of(const char *name, const char *prefix, size_t prefix_len, const char **tag_end)
{
    if (strncmp(name, prefix, prefix_len) != 0)
        return 0;
    const char *p = name + prefix_len;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    *tag_end = p;
    if (*p == '\0')
        return 1;
    if (*p++ != '.')
        return 0;
    if (strncmp(p, "cur", 3) == 0)
        p += 3;
    if (*p == '.')
        p++;
    if (strncmp(p, "new", 3) == 0)
        p += 3;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\0';
}

int vtws_shstore_remove_others(const char *dir, const char *family, const char *tag)
{
    size_t flen = strlen(family), tlen = strlen(tag);
    if (tlen < flen || strncmp(tag, family, flen) != 0)
        return 0;
    char prefix[96];
    int plen = snprintf(prefix, sizeof(prefix), "vtws.%ld.%s", (long)geteuid(), family);
    if (plen <= 0 || (size_t)plen >= sizeof(prefix))
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *tag_end;
        if (!store_file_of(de->d_name, prefix, (size_t)plen, &tag_end))
            continue;
        if ((size_t)(tag_end - (de->d_name + plen)) == tlen - flen && strncmp(de->d_name + plen, tag + flen, tlen - flen) == 0)
            continue; /* this layout's own */
        struct stat st;
        /* only regular files of this user's alone (a link is never followed) */
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid() || (st.st_mode & 077))
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

void vtws_shstore_close(vtws_shstore *s)
{
    if (!s)
        return;
    if (s->hits || s->misses || s->damaged || s->fallbacks)
        control_of(s); /* counts kept since the store was opened through .cur */
    vtws_shstore_end(s);
    unmap(&s->cur);
    if (s->ctl)
        munmap(s->ctl, sizeof(control));
    if (s->ctl_fd >= 0)
        close(s->ctl_fd);
    handle_free(s);
}

/* ---- units of work ---------------------------------------------------------------- */

/* Name generation gen by the fixed name .cur (a new link moved over the old one). */
static void link_current(vtws_shstore *s, uint64_t gen)
{
    size_t n = strlen(s->cur_path) + 32;
    char *tmp = vtws_malloc(n);
    if (!tmp)
        return;
    snprintf(tmp, n, "%s.new%ld", s->cur_path, (long)getpid());
    unlink(tmp);
    if (link(gen_path(s, gen), tmp) == 0 && rename(tmp, s->cur_path) != 0)
        unlink(tmp);
    vtws_free(tmp);
}

/* Mark generation gen as no longer current, for processes that find it by .cur (one that
 * moved .cur on and died before marking it leaves .cur naming the new one anyway). */
static void retire(vtws_shstore *s, uint64_t gen)
{
    static const uint64_t one = 1;
    if (s->cur.base && s->cur.gen == gen) {
        store(&s->cur.base->retired, 1);
        return;
    }
    int fd = open_ours(s, gen_path(s, gen), 0, HEADER_END, NULL, NULL, 0);
    if (fd < 0)
        return;
    if (pwrite(fd, &one, sizeof(one), (off_t)offsetof(gen_header, retired)) != (ssize_t)sizeof(one))
        (void)0; /* .cur names the new generation already: only an opener racing it sees this one */
    close(fd);
}

/* Start generation from + 1 (any process, at a unit's start, under the lock) when it is
 * still wanted: the first one, or a new one a publisher asked for. */
static void next_generation(vtws_shstore *s, uint64_t from)
{
    if (!lock(s))
        return;
    uint64_t gen = load(&s->ctl->gen);
    if (gen == from && (from == 0 || load(&s->ctl->rotate_wanted) == from)) {
        mapping m = {0};
        char err[256];
        if (create_gen(s, gen + 1, &m, err, sizeof(err))) {
            unmap(&m);
            store(&s->ctl->gen, gen + 1);
            link_current(s, gen + 1);
            if (from) {
                count(&s->ctl->rotations);
                retire(s, gen);
                unlink(gen_path(s, gen)); /* freed by the kernel when the last process unmaps it */
            }
        }
        store(&s->ctl->rotate_wanted, 0);
    }
    unlock(s);
}

VTWS_HOT int vtws_shstore_begin(vtws_shstore *s, char *err, size_t errlen)
{
    if (s->first_unit) { /* opened through .cur just now: that generation */
        s->first_unit = 0;
        return 0;
    }
    if (!control_of(s)) {
        say(err, errlen, "%s cannot be opened", s->ctl_path);
        return -1;
    }
    uint64_t gen = load(&s->ctl->gen);
    if (gen == 0 || (load(&s->ctl->rotate_wanted) == gen))
        next_generation(s, gen);
    gen = load(&s->ctl->gen);
    if (gen == 0) {
        say(err, errlen, "%s: no generation could be started", s->ctl_path);
        return -1;
    }
    if (s->cur.base && s->cur.gen == gen)
        return 0;
    int had = s->cur.base != NULL;
    if (had) {
        if (s->nretired == MAX_RETIRED) /* a unit never moves this often: unmap the oldest */
            unmap(&s->retired[--s->nretired]);
        s->retired[s->nretired++] = s->cur;
        s->cur.base = NULL;
    }
    s->full = 0;
    int r = map_gen(s, gen, &s->cur, err, errlen);
    if (r < 0) { /* damaged or gone: a new generation, at once */
        store(&s->ctl->rotate_wanted, gen);
        next_generation(s, gen);
        uint64_t next = load(&s->ctl->gen);
        r = next != gen ? map_gen(s, next, &s->cur, err, errlen) : 0;
    }
    return r > 0 ? had : -1;
}

VTWS_HOT static void flush_counts(vtws_shstore *s)
{
    if (!s->ctl)
        return; /* kept for the next unit, or close */
    if (s->hits)
        __atomic_fetch_add(&s->ctl->hits, s->hits, __ATOMIC_RELAXED);
    if (s->misses)
        __atomic_fetch_add(&s->ctl->misses, s->misses, __ATOMIC_RELAXED);
    if (s->damaged)
        __atomic_fetch_add(&s->ctl->damaged, s->damaged, __ATOMIC_RELAXED);
    if (s->fallbacks)
        __atomic_fetch_add(&s->ctl->fallbacks, s->fallbacks, __ATOMIC_RELAXED);
    s->hits = s->misses = s->damaged = s->fallbacks = 0;
}

VTWS_HOT void vtws_shstore_end(vtws_shstore *s)
{
    s->cur.cold = 0; /* the next units read the mapping: faster, once its pages are in */
    flush_counts(s);
    while (s->nretired)
        unmap(&s->retired[--s->nretired]);
}

/* ---- entries ------------------------------------------------------------------------- */

/* The header's sizes and the names: checked at every find. The payload is the payload
 * format's to check, where it is read (a reader would otherwise touch every page of an
 * entry to use a few of them). */
VTWS_HOT static uint64_t entry_sum(const entry_header *e, const unsigned char *names)
{
    uint64_t lens[4] = {e->slot_len, e->version_len, e->payload_len, e->payload_off};
    uint64_t h = vtws_checksum64(lens, sizeof(lens), 0);
    return vtws_checksum64(names, (size_t)e->slot_len + e->version_len, h);
}

/* The entry at off of a mapping, when its header lies inside what is in use; else NULL. */
VTWS_HOT static const entry_header *entry_at(const mapping *m, uint64_t off, uint64_t used)
{
    if (off < HEADER_END || off % ALIGN || off + sizeof(entry_header) > used)
        return NULL;
    const entry_header *e = (const entry_header *)((const char *)m->base + off);
    if (e->magic != ENTRY_MAGIC || e->payload_off < sizeof(entry_header) + (uint64_t)e->slot_len + e->version_len ||
        e->payload_off % ALIGN || e->payload_len > used - off || e->payload_off > used - off - e->payload_len)
        return NULL;
    return e;
}

/* Whether e is (slot, version); any version of the slot when version is NULL. */
VTWS_HOT static int entry_is(const entry_header *e, uint64_t hash, const void *slot, size_t slot_len, const void *version,
                    size_t version_len)
{
    const unsigned char *names = (const unsigned char *)(e + 1);
    return e->slot_hash == hash && e->slot_len == slot_len && memcmp(names, slot, slot_len) == 0 &&
           (!version || (e->version_len == version_len && memcmp(names + slot_len, version, version_len) == 0));
}

/* The newest entry that is (slot, version) along its bucket, checked. */
VTWS_HOT static const entry_header *find_in(vtws_shstore *s, uint64_t hash, const void *slot, size_t slot_len,
                                   const void *version, size_t version_len)
{
    const mapping *m = &s->cur;
    uint64_t off, used;
    if (m->cold) {
        uint32_t link;
        if (pread(m->fd, &link, sizeof(link), (off_t)(offsetof(gen_header, buckets) + sizeof(link) * (hash % NBUCKETS))) !=
            (ssize_t)sizeof(link))
            return NULL;
        off = link;
        /* the entry the link names was written before it (an entry of the first span may
         * have been linked since the header was read) */
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        /* what was in use when the header was read covers every entry linked before: one
         * linked since in the main area lies past it (entries are appended), and what is in
         * use now is read */
        used = m->cold_used;
        if (off >= used) {
            __atomic_thread_fence(__ATOMIC_ACQUIRE); /* the link, then what is in use */
            if (pread(m->fd, &used, sizeof(used), (off_t)offsetof(gen_header, used)) != (ssize_t)sizeof(used))
                return NULL;
        }
    } else {
        off = __atomic_load_n(&m->base->buckets[hash % NBUCKETS], __ATOMIC_ACQUIRE);
        used = load(&m->base->used); /* after the link: covers the entry it names */
    }
    if (used > m->size)
        return NULL; /* a damaged header */
    for (int steps = 0; off && steps < MAX_CHAIN; steps++) { /* newest first */
        const entry_header *e = entry_at(m, off, used);
        if (!e) { /* damaged: nothing further can be trusted */
            s->damaged++;
            return NULL;
        }
        if (entry_is(e, hash, slot, slot_len, version, version_len)) {
            if (entry_sum(e, (const unsigned char *)(e + 1)) == e->sum)
                return e;
            s->damaged++;
        }
        off = __atomic_load_n(&e->next, __ATOMIC_ACQUIRE);
    }
    return NULL;
}

/* find_in() as the API answers it: the payload and its length, a hit or a miss counted. */
VTWS_HOT static const void *found(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                  size_t version_len, const entry_header **out, size_t *len)
{
    if (!s->cur.base)
        return NULL;
    const entry_header *e = find_in(s, vtws_hash_bytes(slot, slot_len), slot, slot_len, version, version_len);
    if (!e) {
        s->misses++;
        return NULL;
    }
    s->hits++;
    *out = e;
    *len = (size_t)e->payload_len;
    return (const char *)e + e->payload_off;
}

VTWS_HOT const void *vtws_shstore_find(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                              size_t version_len, size_t *len)
{
    const entry_header *e;
    return found(s, slot, slot_len, version, version_len, &e, len);
}

VTWS_HOT const void *vtws_shstore_find_newest(vtws_shstore *s, const void *slot, size_t slot_len,
                                              const void **version, size_t *version_len, size_t *len)
{
    const entry_header *e;
    const void *p = found(s, slot, slot_len, NULL, 0, &e, len);
    if (p) {
        *version = (const unsigned char *)(e + 1) + slot_len;
        *version_len = e->version_len;
    }
    return p;
}

/* Older versions of the slot are garbage once a newer one is linked. */
static void supersede(gen_header *g, const mapping *m, uint64_t hash, const void *slot, size_t slot_len,
                      uint64_t except)
{
    uint64_t off = g->buckets[hash % NBUCKETS];
    for (int steps = 0; off && steps < MAX_CHAIN; steps++) {
        entry_header *e = (entry_header *)entry_at(m, off, g->used); /* used: checked by the caller */
        if (!e)
            return;
        if (off != except && !(e->flags & SUPERSEDED) && e->slot_hash == hash && e->slot_len == slot_len &&
            memcmp(e + 1, slot, slot_len) == 0) {
            e->flags |= SUPERSEDED;
            g->garbage += e->payload_off + align_up((size_t)e->payload_len);
        }
        off = e->next;
    }
}

/* The next unit of any process starts a new generation: processes opening the store from
 * now on take the control file's way, where units start them. */
static void want_new_generation(vtws_shstore *s)
{
    store(&s->ctl->rotate_wanted, s->cur.gen);
    store(&s->cur.base->retired, 1);
}

/* A generation full of live entries is replaced too once it is this old: entries of roots no
 * longer served (moved sites, deleted trees) are never superseded, and would hold a store full
 * for good; a store too small for what is served is replaced at most this often. */
#define FULL_REPLACE_AFTER 60

/* Room for need bytes, or 0 (asking for a new generation when that would make room). */
static int room_for(vtws_shstore *s, gen_header *g, size_t need)
{
    size_t size = s->cur.size;
    if (g->used + need <= size)
        return 1;
    uint64_t now = (uint64_t)time(NULL), created = g->created;
    int old = created > now || now - created >= FULL_REPLACE_AFTER;
    s->full = !(need <= size / 2 && (g->garbage >= size / 4 || old));
    if (!s->full)
        want_new_generation(s);
    return 0;
}

#define PUBLISH_REPLACE 1
#define PUBLISH_CACHED 2 /* a copy of what can be made again: as reclaimable as garbage */
#define PUBLISH_FIRST 4  /* read by fresh processes' first requests: in the first span if it fits */

/* Where an entry of need bytes (at most a window) goes from `at` on so that it lies within one
 * window of the kernel's fault-around: at, or the next window's start. */
static uint64_t window_start(uint64_t at, size_t need)
{
    return at / WINDOW != (at + need - 1) / WINDOW ? at + WINDOW - at % WINDOW : at;
}

/* Bytes in use: both areas, not the first span's room left. */
static uint64_t in_use(uint64_t used, uint64_t first_used)
{
    return first_used && first_used <= FIRST_END && used >= FIRST_END ? used - (FIRST_END - first_used) : used;
}

/* A table a process keeps for itself; not an answer it did not keep. */
static void count_fallback_unless(vtws_shstore *s, int flags)
{
    if (!(flags & PUBLISH_CACHED))
        s->fallbacks++;
}

static const void *publish_entry(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx, int flags)
{
    int replace = flags & PUBLISH_REPLACE;
    if (!s->cur.base || slot_len > 65536 || version_len > 65536 || len > MAX_SIZE)
        return NULL;
    const void *result = NULL;
    const entry_header *e = NULL;
    if (!control_of(s) || !lock(s)) {
        count_fallback_unless(s, flags);
        return NULL;
    }
    gen_header *g = s->cur.base;
    uint64_t hash = vtws_hash_bytes(slot, slot_len);
    if (g->magic != GEN_MAGIC || g->used < HEADER_END || g->used > s->cur.size || g->garbage > s->cur.size ||
        (g->first_used && (g->first_used < HEADER_END || g->first_used > FIRST_END || g->used < FIRST_END))) {
        want_new_generation(s); /* damaged: the next unit starts afresh */
        count_fallback_unless(s, flags);
        goto out;
    }
    if (load(&s->ctl->gen) != s->cur.gen) { /* another process started a new one: next unit */
        count_fallback_unless(s, flags);
        goto out;
    }
    if (!replace && (e = find_in(s, hash, slot, slot_len, version, version_len))) { /* published meanwhile */
        result = (const char *)e + e->payload_off;
        goto out;
    }
    size_t payload_off = align_up(sizeof(entry_header) + slot_len + version_len);
    size_t need = payload_off + align_up(len);
    /* where it goes: after what is in use; a kept answer within one window of the kernel's
     * fault-around (a fresh process maps all of it with one page fault, tens of microseconds
     * on some VMs), and in the first span when it is for first requests and fits there. What
     * a window start skips is garbage. */
    int first = 0;
    uint64_t from = g->used, off = from;
    if ((flags & PUBLISH_CACHED) && need <= WINDOW) {
        uint64_t at = g->first_used ? window_start(g->first_used, need) : 0;
        first = (flags & PUBLISH_FIRST) && at && at + need <= FIRST_END;
        from = first ? g->first_used : from;
        off = first ? at : window_start(from, need);
    }
    if (!first && !room_for(s, g, off - from + need)) {
        count_fallback_unless(s, flags);
        goto out;
    }
    g->garbage += off - from;
    /* the file's memory for it, first: tmpfs out of room is a fallback, not a bus error */
    if (posix_fallocate(s->cur.fd, (off_t)off, (off_t)need) != 0) {
        s->full = 1;
        count_fallback_unless(s, flags);
        goto out;
    }
    entry_header *ne = (entry_header *)((char *)g + off);
    unsigned char *names = (unsigned char *)(ne + 1);
    char *payload = (char *)ne + payload_off;
    /* written past the end of what is in use: invisible until linked, overwritten by the
     * next publisher if this one dies */
    memset(ne, 0, sizeof(*ne));
    memcpy(names, slot, slot_len);
    memcpy(names + slot_len, version, version_len);
    if (!fill(ctx, payload, len))
        goto out;
    ne->slot_len = (uint32_t)slot_len;
    ne->version_len = (uint32_t)version_len;
    ne->payload_off = (uint32_t)payload_off;
    ne->payload_len = len;
    ne->slot_hash = hash;
    ne->sum = entry_sum(ne, names);
    ne->magic = ENTRY_MAGIC;
    uint32_t *bucket = &g->buckets[hash % NBUCKETS];
    ne->next = *bucket;
    store(first ? &g->first_used : &g->used, off + need);
    if (flags & PUBLISH_CACHED) { /* reclaimable from the start: a new generation may drop it */
        ne->flags |= SUPERSEDED;
        g->garbage += need;
    }
    supersede(g, &s->cur, hash, slot, slot_len, off);
    __atomic_store_n(bucket, (uint32_t)off, __ATOMIC_RELEASE); /* visible from here on */
    g->entries++;
    count(&s->ctl->publishes);
    result = payload;
out:
    unlock(s);
    return result;
}

void vtws_shstore_count_damaged(vtws_shstore *s) { s->damaged++; }

uint64_t vtws_shstore_offset(const vtws_shstore *s, const void *p)
{
    return s->cur.base ? (uint64_t)((const char *)p - (const char *)s->cur.base) : 0;
}

const void *vtws_shstore_publish(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    return publish_entry(s, slot, slot_len, version, version_len, len, fill, ctx, 0);
}

const void *vtws_shstore_replace(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    return publish_entry(s, slot, slot_len, version, version_len, len, fill, ctx, PUBLISH_REPLACE);
}

const void *vtws_shstore_publish_cached(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                        size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    return publish_entry(s, slot, slot_len, version, version_len, len, fill, ctx, PUBLISH_CACHED);
}

const void *vtws_shstore_publish_first(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                       size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx)
{
    return publish_entry(s, slot, slot_len, version, version_len, len, fill, ctx, PUBLISH_CACHED | PUBLISH_FIRST);
}

int vtws_shstore_contains(const vtws_shstore *s, const void *p)
{
    const char *c = p;
    if (s->cur.base && c >= (const char *)s->cur.base && c < (const char *)s->cur.base + s->cur.size)
        return 1;
    for (int i = 0; i < s->nretired; i++)
        if (c >= (const char *)s->retired[i].base && c < (const char *)s->retired[i].base + s->retired[i].size)
            return 1;
    return 0;
}

void vtws_shstore_count_fallback(vtws_shstore *s) { s->fallbacks++; }

int vtws_shstore_full(const vtws_shstore *s) { return s->full; }

int vtws_shstore_reclaim(vtws_shstore *s)
{
    gen_header *g = s->cur.base;
    /* read without the lock first: most calls find nothing to do */
    if (!g || load(&g->retired) || load(&g->garbage) < s->cur.size / 4 || !control_of(s) || !lock(s))
        return 0;
    int asked = load(&s->ctl->gen) == s->cur.gen && g->garbage >= s->cur.size / 4;
    if (asked)
        want_new_generation(s);
    unlock(s);
    return asked;
}

const char *vtws_shstore_path(const vtws_shstore *s) { return s->ctl_path; }

void vtws_shstore_stats_get(vtws_shstore *s, vtws_shstore_stats *out)
{
    memset(out, 0, sizeof(*out));
    out->size = s->size;
    const control *c = control_of(s);
    if (c) {
        out->generation = load(&c->gen);
        out->hits = load(&c->hits);
        out->misses = load(&c->misses);
        out->publishes = load(&c->publishes);
        out->fallbacks = load(&c->fallbacks);
        out->rotations = load(&c->rotations);
        out->damaged = load(&c->damaged);
    } else {
        out->generation = s->cur.gen;
    }
    out->hits += s->hits; /* this process's, not added yet */
    out->misses += s->misses;
    out->fallbacks += s->fallbacks;
    out->damaged += s->damaged;
    if (s->cur.base && s->cur.gen == out->generation) {
        out->used = (size_t)in_use(load(&s->cur.base->used), load(&s->cur.base->first_used));
        out->garbage = (size_t)load(&s->cur.base->garbage);
        out->entries = (size_t)load(&s->cur.base->entries);
        return;
    }
    char *path = vtws_malloc(s->ctl_len + 24);
    int fd = path ? open(gen_path_to(s, out->generation, path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    vtws_free(path);
    gen_header h;
    if (fd >= 0 && pread(fd, &h, offsetof(gen_header, buckets), 0) == (ssize_t)offsetof(gen_header, buckets) &&
        h.magic == GEN_MAGIC) {
        out->used = (size_t)in_use(h.used, h.first_used);
        out->garbage = (size_t)h.garbage;
        out->entries = (size_t)h.entries;
    }
    if (fd >= 0)
        close(fd);
}

#endif /* _WIN32 */

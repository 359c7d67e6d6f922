/*
 * shstore — a store of immutable entries in memory shared by the processes of one
 * user: what the workers of a php-fpm pool would otherwise each build and keep (the
 * translation tables of the language files they read).
 *
 * Files, in dir (/dev/shm): "vtws.<uid>.<tag>", the control file (the current
 * generation, the publishing lock, counters), and "vtws.<uid>.<tag>.<gen>", a
 * generation's data. The first process of the user that needs them creates them,
 * mode 0600; a process uses them only when they belong to its effective user and
 * nobody else may open them, so processes of different users never map the same
 * store, and no pool can change what another pool's workers are served. tag names
 * what an entry's layout depends on (the PHP version).
 *
 * Each process maps a generation wherever it likes: entries hold offsets, not pointers.
 *
 * Entries are named by a slot (what they are for: a root, language and module) and a
 * version (which content: the files' identities). Publishing writes past the end of
 * what is in use, under a lock that the kernel releases when its holder dies (fcntl),
 * then moves the end and links the entry last: a publisher killed midway leaves no lock
 * and nothing visible. Publishing a version supersedes the slot's older ones (garbage).
 * Every entry has a checksum of its header and names, checked when a process finds it,
 * and every offset is checked before it is followed: damaged memory is a miss, never a
 * crash. The payload is the caller's to check where it reads it (core/shtable checks each
 * record the first time it is used): checking all of it at every find would touch every
 * page of it, which is most of what a fresh worker's first request costs.
 *
 * When a generation is full and a quarter of it is garbage, the next unit of work of any
 * process starts a new, empty generation; each process moves to it at its next unit and
 * unmaps the old one at that unit's end, and the kernel frees it when the last process
 * has let it go. Full without that much garbage: the store is too small, publishing
 * fails and callers keep what they built for themselves (counted as fallbacks).
 *
 * Not thread-safe: one store per process, used by one thread.
 */
#ifndef VTWS_SHSTORE_H
#define VTWS_SHSTORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct vtws_shstore vtws_shstore;

typedef struct vtws_shstore_stats {
    size_t size;         /* bytes of a generation (vtws.shm_size) */
    size_t used;         /* bytes in use in the current generation */
    size_t garbage;      /* of those, superseded entries */
    size_t entries;      /* entries published in the current generation */
    uint64_t generation; /* 1 for the first */
    /* since the store was created, all processes together: */
    uint64_t hits;       /* finds that found a checked entry */
    uint64_t misses;     /* finds that found none */
    uint64_t publishes;  /* entries published */
    uint64_t fallbacks;  /* entries a process kept for itself: store full, busy, or unusable */
    uint64_t rotations;  /* new generations started for garbage */
    uint64_t damaged;    /* entries (or payloads) found damaged */
} vtws_shstore_stats;

/* The store of this process's effective user in dir, created when absent (and create)
 * with generations of size bytes (an existing store keeps its own size). NULL when it
 * cannot be used here, with one line in err saying why ("" when absent, not created). */
vtws_shstore *vtws_shstore_open(const char *dir, const char *tag, size_t size, int create, char *err, size_t errlen);

/* Unmaps everything: nothing may point into the store any more. */
void vtws_shstore_close(vtws_shstore *s);

/* Reserves size bytes of address space (no memory) where this process and the processes it
 * forks afterwards map their current generation: all at the same address, so that a payload
 * may hold pointers (vtws_shstore_home()). Called once, before forking; 1 when reserved. */
int vtws_shstore_reserve(size_t size);

/* Where this process's home is (0: none): processes with the same home share addresses. */
uintptr_t vtws_shstore_home_base(void);

/* The address p (in the current generation) has in a process that maps that generation at
 * home: where pointers written into a payload point. 0 when there is no home. */
uintptr_t vtws_shstore_home(const vtws_shstore *s, const void *p);

/* Whether this process created the store (its control file) when it opened it. */
int vtws_shstore_created(const vtws_shstore *s);

/* Removes the files in dir of this user's stores vtws.<euid>.<family><digits> other than
 * the one of tag (which starts with family): stores of earlier layouts, which nothing reads
 * once a newer one is made, and whose written pages would stay in memory until a reboot.
 * Only regular files of this user with no group or other access. The number removed. */
int vtws_shstore_remove_others(const char *dir, const char *family, const char *tag);

/* The start of a unit of work (a request). Starts a new generation when one is wanted,
 * and moves to the current generation: returns 1 when it moved (every entry found before
 * stays mapped until vtws_shstore_end(), and must not be used after it), 0 when not, -1
 * when the store cannot be used in this unit (err says why). */
int vtws_shstore_begin(vtws_shstore *s, char *err, size_t errlen);

/* The end of a unit: unmaps generations left at its start. */
void vtws_shstore_end(vtws_shstore *s);

/* The payload of the entry (slot, version) and its length; NULL when there is none, or
 * its header is damaged. */
const void *vtws_shstore_find(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                              size_t version_len, size_t *len);

/* The payload of the slot's newest entry whose header checks, whatever its version
 * (*version, *version_len: the version it was published with); NULL when there is none. */
const void *vtws_shstore_find_newest(vtws_shstore *s, const void *slot, size_t slot_len, const void **version,
                                     size_t *version_len, size_t *len);

/* Writes an entry's payload of len bytes at dst (len bytes, 16-byte aligned, in the
 * store); returns 0 to give up publishing. */
typedef int (*vtws_shstore_fill_fn)(void *ctx, void *dst, size_t len);

/* Publishes (slot, version) with a payload of len bytes written by fill, and returns the
 * payload; or the payload of the same entry published by another process meanwhile.
 * NULL when it could not: the store is full or busy (counted as a fallback), or fill gave
 * up. */
const void *vtws_shstore_publish(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx);

/* Count a payload the caller found damaged. */
void vtws_shstore_count_damaged(vtws_shstore *s);

/* p's offset in the current generation (entries never move in one: a name for them). */
uint64_t vtws_shstore_offset(const vtws_shstore *s, const void *p);

/* Publish even when (slot, version) is there: the one there was found damaged by its
 * reader. It is superseded (garbage); the new one is found first. */
const void *vtws_shstore_replace(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                 size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx);

/* Publish an entry that only saves work (what any process can make again, such as an
 * answer kept for a list of labels): counted as garbage from the start, so that a full
 * generation of them is replaced by a new one rather than turning tables away. */
const void *vtws_shstore_publish_cached(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                        size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx);

/* vtws_shstore_publish_cached() of what fresh processes read on their first request (a kept
 * answer's array): in the generation's first 2 MiB while they have room, where a worker forked
 * after vtws_shstore_reserve() reads it through a page table it already has. */
const void *vtws_shstore_publish_first(vtws_shstore *s, const void *slot, size_t slot_len, const void *version,
                                       size_t version_len, size_t len, vtws_shstore_fill_fn fill, void *ctx);

/* Whether p points into a generation this process has mapped. */
int vtws_shstore_contains(const vtws_shstore *s, const void *p);

/* Count one entry a process kept for itself without asking the store. */
void vtws_shstore_count_fallback(vtws_shstore *s);

/* The numbers; those of the current generation read from its file when this process has
 * not mapped it. */
void vtws_shstore_stats_get(vtws_shstore *s, vtws_shstore_stats *out);

/* The control file's path. */
const char *vtws_shstore_path(const vtws_shstore *s);

/* Asks for a new generation when a quarter or more of the current one is garbage, though
 * nothing failed to fit (a caller that leaves out what is only a shortcut, such as kept
 * answers, while the store is half full): the next unit of any process starts it. 1 when
 * asked. */
int vtws_shstore_reclaim(vtws_shstore *s);

/* Whether the last publish failed for want of room (and no new generation could help). */
int vtws_shstore_full(const vtws_shstore *s);

#endif

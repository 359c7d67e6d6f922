/*
 * alloc — the core's memory hooks and a bump arena.
 *
 * Every allocation the core makes goes through vtws_malloc/realloc/free, so a
 * host (the PHP extension) can route it to its own allocator; the default is
 * the C library's. The arena serves the reader: a parse result is many small
 * objects with one lifetime, so they are carved from large blocks and freed
 * together.
 */
#ifndef VTWS_ALLOC_H
#define VTWS_ALLOC_H

#include <stddef.h>

typedef void *(*vtws_malloc_fn)(size_t size);
typedef void *(*vtws_realloc_fn)(void *ptr, size_t size);
typedef void (*vtws_free_fn)(void *ptr);

/* Replace the allocator (all three, or NULLs to restore the C library's).
 * Call before any other core function; not thread-safe against concurrent use. */
void vtws_set_alloc_funcs(vtws_malloc_fn m, vtws_realloc_fn r, vtws_free_fn f);

/* Return NULL on failure, like malloc. */
void *vtws_malloc(size_t size);
void *vtws_realloc(void *ptr, size_t size);
void vtws_free(void *ptr);

typedef struct vtws_arena_block vtws_arena_block;

/* Blocks of destroyed arenas kept for the next arenas, up to `keep` bytes. A cold load
 * parses several files one after the other; with a pool they reuse the same pages instead
 * of taking fresh ones from the kernel (a page fault each) and giving them back between
 * files. The memory is not cleared between uses. Not thread-safe: one pool per thread. */
typedef struct vtws_block_pool {
    vtws_arena_block *free;
    size_t bytes; /* kept now */
    size_t keep;  /* at most */
} vtws_block_pool;

void vtws_block_pool_init(vtws_block_pool *p, size_t keep);
/* Give the kept blocks back to the allocator. */
void vtws_block_pool_clear(vtws_block_pool *p);

typedef struct vtws_arena {
    vtws_arena_block *head; /* newest block first */
    char *cur;              /* next free byte in head */
    char *end;              /* end of head */
    size_t next_size;       /* size of the next block to allocate */
    size_t total;           /* bytes obtained from the allocator */
    int failed;             /* an allocation failed at least once */
    size_t limit;           /* total may not pass it (0: no limit) */
    int over_limit;         /* an allocation failed because of limit */
    vtws_block_pool *pool;  /* where blocks come from and go back to, or NULL */
} vtws_arena;

void vtws_arena_init(vtws_arena *a, size_t first_block);
/* An arena that takes its blocks from pool when one is big enough and gives them back on
 * destroy (pool NULL: the plain arena). */
void vtws_arena_init_pooled(vtws_arena *a, size_t first_block, vtws_block_pool *pool);
/* 8-byte aligned memory, or NULL (and a->failed set) when out of memory, or when it would
 * take the arena past a->limit (a->over_limit set too). */
void *vtws_arena_alloc(vtws_arena *a, size_t size);
/* Copy of n bytes plus a terminating NUL. */
char *vtws_arena_strndup(vtws_arena *a, const char *s, size_t n);
void vtws_arena_destroy(vtws_arena *a);

#endif

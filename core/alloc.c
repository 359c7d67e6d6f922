#include "alloc.h"
#include "hot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static vtws_malloc_fn cur_malloc = malloc;
static vtws_realloc_fn cur_realloc = realloc;
static vtws_free_fn cur_free = free;

void vtws_set_alloc_funcs(vtws_malloc_fn m, vtws_realloc_fn r, vtws_free_fn f)
{
    cur_malloc = m ? m : malloc;
    cur_realloc = r ? r : realloc;
    cur_free = f ? f : free;
}

VTWS_HOT void *vtws_malloc(size_t size) { return cur_malloc(size); }
void *vtws_realloc(void *ptr, size_t size) { return cur_realloc(ptr, size); }
void vtws_free(void *ptr) { if (ptr) cur_free(ptr); }

/* A block resting in a pool is out of bounds, as after free(): AddressSanitizer and valgrind
 * report a read of a freed file's memory that the pool would otherwise hide. */
#if defined(__SANITIZE_ADDRESS__)
#define VTWS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VTWS_ASAN 1
#endif
#endif
#if defined(VTWS_ASAN)
#include <sanitizer/asan_interface.h>
#define BLOCK_REST(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define BLOCK_WAKE(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#elif defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define BLOCK_REST(p, n) VALGRIND_MAKE_MEM_NOACCESS(p, n)
#define BLOCK_WAKE(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#endif
#endif
#ifndef BLOCK_REST
#define BLOCK_REST(p, n) ((void)(p), (void)(n))
#define BLOCK_WAKE(p, n) ((void)(p), (void)(n))
#endif

struct vtws_arena_block {
    vtws_arena_block *next;
    size_t size; /* of data */
    /* data follows, 16-byte aligned by the allocator plus header padding */
    max_align_t data[];
};

#define ARENA_MAX_BLOCK ((size_t)1 << 20)

void vtws_block_pool_init(vtws_block_pool *p, size_t keep)
{
    p->free = NULL;
    p->bytes = 0;
    p->keep = keep;
}

void vtws_block_pool_clear(vtws_block_pool *p)
{
    while (p->free) {
        vtws_arena_block *next = p->free->next;
        BLOCK_WAKE(p->free->data, p->free->size);
        vtws_free(p->free);
        p->free = next;
    }
    p->bytes = 0;
}

/* The smallest kept block of at least `need` bytes, unlinked; NULL when none. */
static vtws_arena_block *pool_take(vtws_block_pool *p, size_t need)
{
    vtws_arena_block **best = NULL;
    for (vtws_arena_block **b = &p->free; *b; b = &(*b)->next)
        if ((*b)->size >= need && (!best || (*b)->size < (*best)->size))
            best = b;
    if (!best)
        return NULL;
    vtws_arena_block *found = *best;
    *best = found->next;
    p->bytes -= found->size;
    BLOCK_WAKE(found->data, found->size);
    return found;
}

void vtws_arena_init(vtws_arena *a, size_t first_block)
{
    vtws_arena_init_pooled(a, first_block, NULL);
}

void vtws_arena_init_pooled(vtws_arena *a, size_t first_block, vtws_block_pool *pool)
{
    memset(a, 0, sizeof(*a));
    a->next_size = first_block < 256 ? 256 : first_block;
    a->pool = pool;
}

static int arena_grow(vtws_arena *a, size_t need)
{
    size_t size = a->next_size;
    if (size < need)
        size = need;
    if (size > SIZE_MAX - sizeof(vtws_arena_block)) {
        a->failed = 1;
        return 0;
    }
    if (a->limit) {
        size_t left = a->total + sizeof(vtws_arena_block) < a->limit
                          ? a->limit - a->total - sizeof(vtws_arena_block) : 0;
        if (need > left) {
            a->failed = a->over_limit = 1;
            return 0;
        }
        if (size > left) /* the last block: what is left */
            size = left;
    }
    vtws_arena_block *b = a->pool ? pool_take(a->pool, need) : NULL;
    if (!b) {
        b = vtws_malloc(sizeof(vtws_arena_block) + size);
        if (!b) {
            a->failed = 1;
            return 0;
        }
        b->size = size;
    }
    b->next = a->head;
    a->head = b;
    a->cur = (char *)b->data;
    a->end = a->cur + b->size;
    a->total += sizeof(vtws_arena_block) + b->size;
    if (a->next_size < ARENA_MAX_BLOCK)
        a->next_size *= 2;
    return 1;
}

void *vtws_arena_alloc(vtws_arena *a, size_t size)
{
    size_t rounded = (size + 7) & ~(size_t)7;
    if (rounded < size) {
        a->failed = 1;
        return NULL;
    }
    if ((size_t)(a->end - a->cur) < rounded && !arena_grow(a, rounded))
        return NULL;
    void *p = a->cur;
    a->cur += rounded;
    return p;
}

char *vtws_arena_strndup(vtws_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) {
        a->failed = 1;
        return NULL;
    }
    char *p = vtws_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void vtws_arena_destroy(vtws_arena *a)
{
    vtws_block_pool *pool = a->pool;
    vtws_arena_block *b = a->head;
    while (b) {
        vtws_arena_block *next = b->next;
        if (pool && b->size <= pool->keep - pool->bytes) {
            BLOCK_REST(b->data, b->size);
            b->next = pool->free;
            pool->free = b;
            pool->bytes += b->size;
        } else {
            vtws_free(b);
        }
        b = next;
    }
    memset(a, 0, sizeof(*a));
}

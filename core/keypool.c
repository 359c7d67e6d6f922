#include "keypool.h"

#include <string.h>

#include "alloc.h"

/* Open addressing, linear probing, at most half full. A slot keeps enough of the key to
 * skip most objects without reading them: 32 bits of the hash and the length. */
typedef struct slot {
    uint32_t h32;
    uint32_t len;
    char *obj; /* NULL: empty */
} slot;

struct vtws_keypool {
    size_t header;
    slot *slots;
    uint32_t mask; /* slots - 1 */
    uint32_t count;
    vtws_arena objects;
};

#define FIRST_SLOTS 256

static uint32_t hash32(uint64_t h) { return (uint32_t)(h ^ (h >> 32)); }

vtws_keypool *vtws_keypool_new(size_t header)
{
    vtws_keypool *p = vtws_malloc(sizeof(*p));
    slot *slots = vtws_malloc(FIRST_SLOTS * sizeof(slot));
    if (!p || !slots) {
        vtws_free(p);
        vtws_free(slots);
        return NULL;
    }
    memset(slots, 0, FIRST_SLOTS * sizeof(slot));
    p->header = header;
    p->slots = slots;
    p->mask = FIRST_SLOTS - 1;
    p->count = 0;
    vtws_arena_init(&p->objects, 16384);
    return p;
}

static int grow(vtws_keypool *p)
{
    uint32_t size = (p->mask + 1) * 2;
    if (size == 0)
        return 0;
    slot *slots = vtws_malloc((size_t)size * sizeof(slot));
    if (!slots)
        return 0;
    memset(slots, 0, (size_t)size * sizeof(slot));
    for (uint32_t i = 0; i <= p->mask; i++) {
        if (!p->slots[i].obj)
            continue;
        uint32_t s = p->slots[i].h32 & (size - 1);
        while (slots[s].obj)
            s = (s + 1) & (size - 1);
        slots[s] = p->slots[i];
    }
    vtws_free(p->slots);
    p->slots = slots;
    p->mask = size - 1;
    return 1;
}

void *vtws_keypool_get(vtws_keypool *p, const char *s, size_t len, uint64_t h, int *made)
{
    *made = 0;
    if (len > UINT32_MAX - 1)
        return NULL;
    uint32_t h32 = hash32(h), i = h32 & p->mask;
    for (; p->slots[i].obj; i = (i + 1) & p->mask) {
        const slot *e = &p->slots[i];
        if (e->h32 == h32 && e->len == len && memcmp(e->obj + p->header, s, len) == 0)
            return e->obj;
    }
    if ((size_t)(p->count + 1) * 2 > (size_t)p->mask + 1) {
        if (!grow(p))
            return NULL;
        for (i = h32 & p->mask; p->slots[i].obj; i = (i + 1) & p->mask)
            ;
    }
    char *obj = vtws_arena_alloc(&p->objects, p->header + len + 1);
    if (!obj)
        return NULL;
    memcpy(obj + p->header, s, len);
    obj[p->header + len] = '\0';
    p->slots[i].h32 = h32;
    p->slots[i].len = (uint32_t)len;
    p->slots[i].obj = obj;
    p->count++;
    *made = 1;
    return obj;
}

size_t vtws_keypool_count(const vtws_keypool *p) { return p->count; }

size_t vtws_keypool_bytes(const vtws_keypool *p)
{
    return sizeof(*p) + ((size_t)p->mask + 1) * sizeof(slot) + p->objects.total;
}

void vtws_keypool_free(vtws_keypool *p)
{
    if (!p)
        return;
    vtws_arena_destroy(&p->objects);
    vtws_free(p->slots);
    vtws_free(p);
}

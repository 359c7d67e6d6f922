#include "shtable.h"
#include "hot.h"

#include <string.h>

#include "digest.h"

#define TABLE_MAGIC 0x54535456u /* "VTST" */
#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

typedef struct table_header {
    uint32_t magic;
    uint32_t sum; /* of the header's bytes after this field */
    uint32_t nslots, nrecords;
    uint32_t slots_off, records_off;
    uint64_t size;
    uint64_t value_header;
} table_header;

typedef vtws_sht_record record;

#define HEADER_SIZE ALIGN8(sizeof(table_header))
/* Slots are checked a block at a time (the block a lookup reads, the first time): a damaged
 * slot could otherwise make a key look absent. */
#define BLOCK_SLOTS VTWS_SHT_BLOCK_SLOTS

static uint32_t blocks_of(uint32_t nslots) { return (nslots + BLOCK_SLOTS - 1) / BLOCK_SLOTS; }
static size_t slots_off_for(uint32_t nslots) { return HEADER_SIZE + ALIGN8((size_t)blocks_of(nslots) * 4); }

VTWS_HOT static uint32_t sum32(const void *p, size_t n)
{
    uint64_t h = vtws_checksum64(p, n, 0x5354);
    return (uint32_t)(h ^ (h >> 32));
}

static size_t value_size(const vtws_sht_item *it, const vtws_sht_layout *L)
{
    if (it->type == VTWS_SHT_STRING)
        return ALIGN8(L->value_header + it->len + 1);
    if (it->type == VTWS_SHT_LONG || it->type == VTWS_SHT_DOUBLE)
        return 8;
    return 0;
}

static size_t record_size(const vtws_sht_item *it, const vtws_sht_layout *L)
{
    return sizeof(record) + ALIGN8(it->key_len) + value_size(it, L);
}

static uint32_t slots_for(size_t n)
{
    uint32_t s = 8;
    while (s < 2 * n) /* at most half full: a probe rarely reads a second slot */
        s *= 2;
    return s;
}

size_t vtws_sht_size(const vtws_sht_item *items, size_t n, const vtws_sht_layout *layout)
{
    size_t size = slots_off_for(slots_for(n)) + (size_t)slots_for(n) * sizeof(uint64_t);
    for (size_t i = 0; i < n; i++)
        size += record_size(&items[i], layout);
    return size;
}

int vtws_sht_build(void *dst, size_t size, const vtws_sht_item *items, size_t n, const vtws_sht_layout *layout)
{
    if (size != vtws_sht_size(items, n, layout) || n > UINT32_MAX / 2 || size > UINT32_MAX)
        return 0;
    unsigned char *base = dst;
    memset(base, 0, size);
    table_header *h = dst;
    h->nslots = slots_for(n);
    h->nrecords = (uint32_t)n;
    h->slots_off = (uint32_t)slots_off_for(h->nslots);
    h->records_off = (uint32_t)(h->slots_off + (size_t)h->nslots * sizeof(uint64_t));
    h->size = size;
    h->value_header = layout->value_header;
    uint64_t *slots = (uint64_t *)(base + h->slots_off);
    size_t off = h->records_off;
    for (size_t i = 0; i < n; i++) {
        const vtws_sht_item *it = &items[i];
        record *r = (record *)(base + off);
        r->index = (uint32_t)i;
        r->total = (uint32_t)record_size(it, layout);
        r->key_len = (uint32_t)it->key_len;
        r->type = (uint8_t)it->type;
        r->int_key = (uint8_t)(it->int_key != 0);
        r->empty = (uint8_t)(it->empty != 0);
        unsigned char *p = (unsigned char *)(r + 1);
        memcpy(p, it->key, it->key_len);
        p += ALIGN8(it->key_len);
        if (it->type == VTWS_SHT_STRING) {
            r->len = (uint32_t)it->len;
            unsigned char *bytes = p + layout->value_header;
            memcpy(bytes, it->str, it->len);
            bytes[it->len] = '\0';
            layout->write_header(layout->ctx, p, (const char *)bytes, it->len);
        } else if (it->type == VTWS_SHT_LONG) {
            memcpy(p, &it->l, 8);
        } else if (it->type == VTWS_SHT_DOUBLE) {
            memcpy(p, &it->d, 8);
        }
        r->sum = sum32((const unsigned char *)r + 4, r->total - 4);
        uint32_t mask = h->nslots - 1, at = (uint32_t)it->hash & mask;
        while (slots[at])
            at = (at + 1) & mask;
        slots[at] = ((it->hash >> 32) << 32) | (uint64_t)off;
        off += r->total;
    }
    uint32_t *sums = (uint32_t *)(base + HEADER_SIZE);
    for (uint32_t b = 0; b < blocks_of(h->nslots); b++) {
        uint32_t first = b * BLOCK_SLOTS, count = h->nslots - first < BLOCK_SLOTS ? h->nslots - first : BLOCK_SLOTS;
        sums[b] = sum32(slots + first, (size_t)count * sizeof(uint64_t));
    }
    h->magic = TABLE_MAGIC;
    h->sum = sum32((const unsigned char *)h + 8, sizeof(*h) - 8);
    return 1;
}

VTWS_HOT int vtws_sht_open(vtws_sht_view *v, const void *p, size_t size)
{
    const table_header *h = p;
    memset(v, 0, sizeof(*v));
    if (!p || size < HEADER_SIZE || h->magic != TABLE_MAGIC || h->sum != sum32((const unsigned char *)h + 8, sizeof(*h) - 8))
        return 0;
    if (h->size != size || h->nslots < 8 || (h->nslots & (h->nslots - 1)) || h->slots_off != slots_off_for(h->nslots) ||
        h->records_off != h->slots_off + (uint64_t)h->nslots * sizeof(uint64_t) || h->records_off > size ||
        h->nrecords > h->nslots / 2 || h->value_header % 8)
        return 0;
    v->base = p;
    v->size = size;
    v->nslots = h->nslots;
    v->nrecords = h->nrecords;
    v->slots = (const uint64_t *)((const unsigned char *)p + h->slots_off);
    v->block_sums = (const uint32_t *)((const unsigned char *)p + HEADER_SIZE);
    v->records_off = h->records_off;
    return 1;
}

/* A bit per block of slots, a bit per slot (the record it leads to checked). */
size_t vtws_sht_bitmap_size(const vtws_sht_view *v)
{
    return ((size_t)blocks_of(v->nslots) + 7) / 8 + ((size_t)v->nslots + 7) / 8;
}

/* Whether the block of slot `at` is as built (checked once, when the reader keeps bits). */
static int block_ok(const vtws_sht_view *v, uint32_t at)
{
    uint32_t b = at / BLOCK_SLOTS;
    unsigned char *bits = v->checked ? vtws_sht_block_bits(v) : NULL;
    unsigned char bit = (unsigned char)(1u << (b & 7));
    if (bits && (bits[b >> 3] & bit))
        return 1;
    uint32_t first = b * BLOCK_SLOTS, count = v->nslots - first < BLOCK_SLOTS ? v->nslots - first : BLOCK_SLOTS;
    if (v->block_sums[b] != sum32(v->slots + first, (size_t)count * sizeof(uint64_t)))
        return 0;
    if (bits)
        bits[b >> 3] |= bit;
    return 1;
}

/* The record at off, checked; NULL when damaged. (A reader's bits say which slots lead to a
 * record it checked: nothing in the record itself, which may be what is damaged, decides
 * whether it is checked.) */
VTWS_HOT static const record *record_at(const vtws_sht_view *v, uint64_t off)
{
    if (off < v->records_off || off % 8 || off + sizeof(record) > v->size)
        return NULL;
    const record *r = (const record *)(v->base + off);
    if (r->total < sizeof(record) || r->total > v->size - off || r->total % 8 || r->index >= v->nrecords)
        return NULL;
    if (r->sum != sum32((const unsigned char *)r + 4, r->total - 4))
        return NULL;
    /* the sizes inside agree with the record's: nothing read below goes past it */
    size_t need = sizeof(record) + ALIGN8((size_t)r->key_len);
    const table_header *h = (const table_header *)v->base;
    if (r->type > VTWS_SHT_STRING || need > r->total)
        return NULL;
    if (r->type == VTWS_SHT_STRING && need + h->value_header + (size_t)r->len + 1 > r->total)
        return NULL;
    if ((r->type == VTWS_SHT_LONG || r->type == VTWS_SHT_DOUBLE) && need + 8 > r->total)
        return NULL;
    return r;
}

VTWS_HOT static void item_of(const vtws_sht_view *v, const record *r, vtws_sht_item *out)
{
    const unsigned char *p = (const unsigned char *)(r + 1);
    memset(out, 0, sizeof(*out));
    out->key = (const char *)p;
    out->key_len = r->key_len;
    out->int_key = r->int_key;
    out->type = (vtws_sht_type)r->type;
    out->empty = r->empty;
    p += ALIGN8((size_t)r->key_len);
    if (r->type == VTWS_SHT_STRING) {
        out->value = p;
        out->str = (const char *)p + ((const table_header *)v->base)->value_header;
        out->len = r->len;
    } else if (r->type == VTWS_SHT_LONG) {
        memcpy(&out->l, p, 8);
    } else if (r->type == VTWS_SHT_DOUBLE) {
        memcpy(&out->d, p, 8);
    }
}

const vtws_sht_record *vtws_sht_lookup(const vtws_sht_view *v, uint64_t hash, const char *key, size_t key_len,
                                       int *damaged)
{
    *damaged = 0;
    if (!v->base)
        return NULL;
    uint32_t mask = v->nslots - 1, at = (uint32_t)hash & mask;
    uint64_t tag = (hash >> 32) << 32;
    for (uint32_t steps = 0; steps < v->nslots; steps++, at = (at + 1) & mask) {
        if ((steps == 0 || at % BLOCK_SLOTS == 0) && !block_ok(v, at)) {
            *damaged = 1;
            return NULL;
        }
        uint64_t s = v->slots[at];
        if (!s)
            return NULL;
        if ((s & ~(uint64_t)UINT32_MAX) != tag)
            continue;
        unsigned char *bits = v->checked ? vtws_sht_slot_bits(v) : NULL, bit = (unsigned char)(1u << (at & 7));
        const record *r = bits && (bits[at >> 3] & bit) ? (const record *)(v->base + (uint32_t)s) /* checked before */
                                                        : record_at(v, s & UINT32_MAX);
        if (!r) {
            *damaged = 1;
            return NULL;
        }
        if (bits) /* this slot leads to a checked record (the block holding it checked too) */
            bits[at >> 3] |= bit;
        if (r->key_len == key_len && memcmp(r + 1, key, key_len) == 0)
            return r;
    }
    return NULL;
}

int vtws_sht_find(const vtws_sht_view *v, uint64_t hash, const char *key, size_t key_len, vtws_sht_item *out)
{
    int damaged;
    const record *r = vtws_sht_lookup(v, hash, key, key_len, &damaged);
    if (!r)
        return damaged ? -1 : 0;
    item_of(v, r, out);
    return 1;
}

VTWS_HOT int vtws_sht_next(const vtws_sht_view *v, size_t *pos, vtws_sht_item *out)
{
    if (!v->base)
        return 0;
    size_t off = *pos ? *pos : v->records_off;
    if (off >= v->size)
        return 0;
    const record *r = record_at(v, off);
    if (!r)
        return -1;
    item_of(v, r, out);
    *pos = off + r->total;
    return 1;
}

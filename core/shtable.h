/*
 * shtable — a table of keys and scalar values in one block of memory that holds offsets
 * only, so that every process mapping the block, wherever it maps it, looks keys up in it
 * without copying or allocating: the form of a language file's strings in the shared store.
 *
 * Records are laid out in the table's order (what PHP's foreach gives); the slots are an
 * open-addressed index of them holding part of each key's hash, so a lookup that finds
 * nothing reads no record. A string value is stored after `value_header` bytes that the
 * host fills in (PHP: a zend_string's header), so the host can hand it out as it lies.
 *
 * Why so compact: a fresh php-fpm worker pays for every page it touches for the first
 * time (a fault, and on virtual machines an exit to the hypervisor), and that is most of
 * the cost of its first request. A lookup touches one slot and one record.
 *
 * Damage: the header is checked when a table is opened; each record carries a checksum of
 * its bytes, and each block of 512 slots one of its slots. A lookup checks the block and the
 * record it reads the first time (the reader keeps a bit per block, and per slot whose record
 * it checked); a walk through the records checks each one it reads.
 * A damaged record is reported, never used; every offset is checked against the table's
 * bounds before it is followed.
 */
#ifndef VTWS_SHTABLE_H
#define VTWS_SHTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    VTWS_SHT_NULL = 0,
    VTWS_SHT_FALSE,
    VTWS_SHT_TRUE,
    VTWS_SHT_LONG,
    VTWS_SHT_DOUBLE,
    VTWS_SHT_STRING
} vtws_sht_type;

/* One record to build, or one found. */
typedef struct vtws_sht_item {
    const char *key;
    size_t key_len;
    int int_key;      /* PHP took the key as an integer (its canonical decimal form is key) */
    uint64_t hash;    /* the host's hash of the key (PHP: zend_string's) */
    vtws_sht_type type;
    const char *str;  /* strings: the bytes (found: in the table, after the header) */
    size_t len;
    int64_t l;        /* VTWS_SHT_LONG */
    double d;         /* VTWS_SHT_DOUBLE */
    const void *value; /* found strings: the host header before str */
    int empty;        /* PHP's empty() is true of the value */
} vtws_sht_item;

typedef struct vtws_sht_layout {
    size_t value_header; /* bytes before a string value's bytes, a multiple of 8 */
    /* Fill in the header of a string value whose bytes (and a NUL) are in place. */
    void (*write_header)(void *ctx, void *header, const char *bytes, size_t len);
    void *ctx;
} vtws_sht_layout;

/* Bytes a table of these items takes. */
size_t vtws_sht_size(const vtws_sht_item *items, size_t n, const vtws_sht_layout *layout);

/* Build the table in dst (size bytes, 8-byte aligned, from vtws_sht_size()). Keys must be
 * distinct. Returns 0 if size is not what the items need. */
int vtws_sht_build(void *dst, size_t size, const vtws_sht_item *items, size_t n, const vtws_sht_layout *layout);

/* A reader's view of a table: checked bounds, and which records it has checked. */
typedef struct vtws_sht_view {
    const unsigned char *base;
    size_t size;
    uint32_t nslots, nrecords;
    const uint64_t *slots;
    const uint32_t *block_sums; /* a checksum per block of slots */
    uint32_t records_off;
    unsigned char *checked; /* the reader's own bits (vtws_sht_bitmap_size(), zeroed): what it has
                             * checked (NULL: check every time) */
} vtws_sht_view;

/* Open the table at p (size bytes) for reading: 0 when its header is damaged. Then set
 * v->checked to the reader's bits (vtws_sht_bitmap_size() bytes, zeroed), or leave it NULL. */
int vtws_sht_open(vtws_sht_view *v, const void *p, size_t size);
size_t vtws_sht_bitmap_size(const vtws_sht_view *v);

/* A record as laid out (the format: a reader may read a found record's fields itself). */
typedef struct vtws_sht_record {
    uint32_t sum; /* of the record's bytes after this field */
    uint32_t index;
    uint32_t total;
    uint32_t key_len;
    uint8_t type, int_key, empty, pad;
    uint32_t len;
    /* key bytes, padded to 8; then the value */
} vtws_sht_record;

/* The value of a record found by vtws_sht_lookup(): a string's host header, or 8 bytes. */
static inline const void *vtws_sht_value(const vtws_sht_record *r)
{
    return (const unsigned char *)(r + 1) + (((size_t)r->key_len + 7) & ~(size_t)7);
}

#define VTWS_SHT_BLOCK_SLOTS 512u

/* The reader's bits: blocks of slots checked, then slots whose record is checked. */
static inline unsigned char *vtws_sht_block_bits(const vtws_sht_view *v)
{
    return v->checked;
}
static inline unsigned char *vtws_sht_slot_bits(const vtws_sht_view *v)
{
    return vtws_sht_block_bits(v) + ((size_t)(v->nslots + VTWS_SHT_BLOCK_SLOTS - 1) / VTWS_SHT_BLOCK_SLOTS + 7) / 8;
}

/* The record of key, checked: NULL when absent; *damaged set when a record on the way is. */
const vtws_sht_record *vtws_sht_lookup(const vtws_sht_view *v, uint64_t hash, const char *key, size_t key_len,
                                       int *damaged);

/* vtws_sht_lookup() for a reader with bits, inline: a key in its first slot, whose block and
 * record this reader checked before, costs one slot, one record, one compare. */
static inline const vtws_sht_record *vtws_sht_lookup_fast(const vtws_sht_view *v, uint64_t hash, const char *key,
                                                          size_t key_len, int *damaged)
{
    uint32_t at = (uint32_t)hash & (v->nslots - 1), b = at / VTWS_SHT_BLOCK_SLOTS;
    uint64_t s = v->slots[at];
    if (v->checked && s && (s >> 32) == (hash >> 32) && (vtws_sht_block_bits(v)[b >> 3] & (1u << (b & 7))) &&
        (vtws_sht_slot_bits(v)[at >> 3] & (1u << (at & 7)))) {
        const vtws_sht_record *r = (const vtws_sht_record *)(v->base + (uint32_t)s);
        if (r->key_len == key_len && memcmp(r + 1, key, key_len) == 0) {
            *damaged = 0;
            return r;
        }
    }
    return vtws_sht_lookup(v, hash, key, key_len, damaged);
}

/* Where key's probe starts (to ask the memory for it ahead of the lookup). */
static inline const void *vtws_sht_slot(const vtws_sht_view *v, uint64_t hash)
{
    return &v->slots[(uint32_t)hash & (v->nslots - 1)];
}

/* Find key (hash: as built): 1 and *out, 0 when absent, -1 when a record on the way is
 * damaged. */
int vtws_sht_find(const vtws_sht_view *v, uint64_t hash, const char *key, size_t key_len, vtws_sht_item *out);

/* The records in the table's order: start with *pos = 0; 1 and *out, 0 after the last,
 * -1 when a record is damaged. */
int vtws_sht_next(const vtws_sht_view *v, size_t *pos, vtws_sht_item *out);

#endif

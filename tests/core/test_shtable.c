/* shtable: a table of offsets only, read where it lies; records checked when first used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shtable.h"
#include "test_main.h"
#include "value.h"

/* A host header of 16 bytes: "HDR" and the length, so the test sees it was written. */
static void write_header(void *ctx, void *header, const char *bytes, size_t len)
{
    (void)ctx;
    memset(header, 0, 16);
    memcpy(header, "HDR", 3);
    memcpy((char *)header + 8, &len, sizeof(len));
    ck_assert_int_eq(bytes[len], '\0');
}

static const vtws_sht_layout layout = {16, write_header, NULL};

static vtws_sht_item item(const char *key, vtws_sht_type type, const char *str)
{
    vtws_sht_item it;
    memset(&it, 0, sizeof(it));
    it.key = key;
    it.key_len = strlen(key);
    it.hash = vtws_hash_bytes(key, it.key_len);
    it.type = type;
    if (str) {
        it.str = str;
        it.len = strlen(str);
        it.empty = it.len == 0 || strcmp(str, "0") == 0;
    }
    return it;
}

static void *build(vtws_sht_item *items, size_t n, size_t *size)
{
    *size = vtws_sht_size(items, n, &layout);
    void *p = aligned_alloc(8, (*size + 7) & ~(size_t)7);
    ck_assert(vtws_sht_build(p, *size, items, n, &layout));
    ck_assert(!vtws_sht_build(p, *size + 8, items, n, &layout));
    ck_assert(vtws_sht_build(p, *size, items, n, &layout));
    return p;
}

/* A table of n numbered labels (key_prefix N => value_prefix N; every long_every-th a long,
 * when long_every > 0), built: its bytes (free them), *size; keys[] and vals[] hold the
 * strings its items point at. */
static unsigned char *numbered_table(int n, const char *key_prefix, const char *value_prefix, int long_every,
                                     char (*keys)[16], char (*vals)[24], vtws_sht_item *items, size_t *size)
{
    for (int i = 0; i < n; i++) {
        snprintf(keys[i], 16, "%s%d", key_prefix, i);
        snprintf(vals[i], 24, "%s%d", value_prefix, i);
        int is_long = long_every > 0 && i % long_every == 0;
        items[i] = item(keys[i], is_long ? VTWS_SHT_LONG : VTWS_SHT_STRING, is_long ? NULL : vals[i]);
    }
    return build(items, (size_t)n, size);
}

static int find(const vtws_sht_view *v, const char *key, vtws_sht_item *out)
{
    return vtws_sht_find(v, vtws_hash_bytes(key, strlen(key)), key, strlen(key), out);
}

START_TEST(keys_are_found_in_a_table_that_moved)
{
    vtws_sht_item items[] = {item("SINGLE_Contacts", VTWS_SHT_STRING, "Контакт"), item("Contacts", VTWS_SHT_STRING, "Контакты"),
                             item("LBL_EMPTY", VTWS_SHT_STRING, ""), item("7", VTWS_SHT_LONG, NULL),
                             item("LBL_NULL", VTWS_SHT_NULL, NULL)};
    items[3].int_key = 1;
    items[3].l = -42;
    size_t size;
    void *p = build(items, 5, &size);
    void *moved = aligned_alloc(8, (size + 7) & ~(size_t)7); /* another process maps it elsewhere */
    memcpy(moved, p, size);
    memset(p, 0xAA, size);
    free(p);
    vtws_sht_view v;
    ck_assert(vtws_sht_open(&v, moved, size));
    ck_assert(!vtws_sht_open(&v, moved, size - 8) && v.base == NULL);
    ck_assert(vtws_sht_open(&v, moved, size));
    unsigned char *bits = calloc(1, vtws_sht_bitmap_size(&v));
    v.checked = bits;
    vtws_sht_item it;
    ck_assert_int_eq(find(&v, "Contacts", &it), 1);
    ck_assert_int_eq(it.type, VTWS_SHT_STRING);
    ck_assert_uint_eq(it.len, strlen("Контакты"));
    ck_assert_int_eq(memcmp(it.str, "Контакты", it.len), 0);
    ck_assert_int_eq(memcmp(it.value, "HDR", 3), 0);
    ck_assert_ptr_eq((const char *)it.value + 16, it.str);
    ck_assert(!it.empty);
    ck_assert_int_eq(find(&v, "LBL_EMPTY", &it), 1);
    ck_assert(it.empty);
    ck_assert_int_eq(find(&v, "7", &it), 1);
    ck_assert(it.int_key);
    ck_assert_int_eq(it.l, -42);
    ck_assert_int_eq(find(&v, "LBL_NULL", &it), 1);
    ck_assert_int_eq(it.type, VTWS_SHT_NULL);
    ck_assert_int_eq(find(&v, "Contact", &it), 0);
    ck_assert_int_eq(find(&v, "", &it), 0);
    /* in the order built */
    size_t pos = 0;
    const char *order[] = {"SINGLE_Contacts", "Contacts", "LBL_EMPTY", "7", "LBL_NULL"};
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(vtws_sht_next(&v, &pos, &it), 1);
        ck_assert_uint_eq(it.key_len, strlen(order[i]));
        ck_assert_int_eq(memcmp(it.key, order[i], it.key_len), 0);
    }
    ck_assert_int_eq(vtws_sht_next(&v, &pos, &it), 0);
    free(bits);
    free(moved);
}
END_TEST

START_TEST(a_damaged_record_is_reported_not_used)
{
    vtws_sht_item items[200];
    char keys[200][16], vals[200][24];
    size_t size;
    unsigned char *p = numbered_table(200, "LBL_", "value ", 0, keys, vals, items, &size);
    vtws_sht_view v;
    ck_assert(vtws_sht_open(&v, p, size));
    vtws_sht_item it;
    ck_assert_int_eq(find(&v, "LBL_77", &it), 1);
    unsigned char *value = (unsigned char *)it.str;
    value[2] ^= 1; /* "value 77" becomes another string: the record no longer matches */
    ck_assert_int_eq(find(&v, "LBL_77", &it), -1);
    {
        size_t pos = 0;
        int r;
        while ((r = vtws_sht_next(&v, &pos, &it)) == 1)
            ;
        ck_assert_int_eq(r, -1);
    }
    value[2] ^= 1;
    ck_assert_int_eq(find(&v, "LBL_77", &it), 1);
    /* a reader that checked a record before trusts it (its bit); one that did not, checks */
    unsigned char *bits = calloc(1, vtws_sht_bitmap_size(&v));
    v.checked = bits;
    ck_assert_int_eq(find(&v, "LBL_78", &it), 1);
    ck_assert_int_eq(find(&v, "LBL_79", &it), 1);
    ((unsigned char *)it.str)[0] ^= 1;
    v.checked = NULL;
    ck_assert_int_eq(find(&v, "LBL_79", &it), -1);
    free(bits);
    /* a slot: the key it leads to is not "absent" but damaged */
    const uint64_t *slot = vtws_sht_slot(&v, vtws_hash_bytes("LBL_5", 5));
    ck_assert_int_eq(find(&v, "LBL_5", &it), 1);
    *(uint64_t *)slot ^= 0x10;
    ck_assert_int_eq(find(&v, "LBL_5", &it), -1);
    *(uint64_t *)slot ^= 0x10;
    /* the header: damaged, not opened */
    p[9] ^= 1;
    ck_assert(!vtws_sht_open(&v, p, size));
    free(p);
}
END_TEST

/* Random bytes anywhere: lookups answer, miss or report damage; never crash, never loop. */
START_TEST(scribbled_tables_never_crash)
{
    vtws_sht_item items[300];
    char keys[300][16], vals[300][24];
    size_t size;
    unsigned char *p = numbered_table(300, "K", "translation ", 7, keys, vals, items, &size);
    unsigned seed = 777;
    for (int round = 0; round < 300; round++) {
        seed = seed * 1103515245u + 12345u;
        p[(seed >> 4) % size] ^= (unsigned char)(seed >> 20);
        vtws_sht_view v;
        if (!vtws_sht_open(&v, p, size))
            continue;
        for (int i = 0; i < 300; i += 7) {
            vtws_sht_item it;
            if (find(&v, keys[i], &it) == 1 && it.type == VTWS_SHT_STRING)
                ck_assert_uint_le((size_t)(it.str - (const char *)p) + it.len, size);
        }
        size_t pos = 0;
        vtws_sht_item it;
        for (int n = 0; n < 1000 && vtws_sht_next(&v, &pos, &it) == 1; n++)
            ;
    }
    free(p);
}
END_TEST

Suite *shtable_suite(void)
{
    Suite *s = suite_create("shtable");
    TCase *tc = tcase_create("shtable");
    tcase_add_test(tc, keys_are_found_in_a_table_that_moved);
    tcase_add_test(tc, a_damaged_record_is_reported_not_used);
    tcase_add_test(tc, scribbled_tables_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

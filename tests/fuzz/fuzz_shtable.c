/* shtable under damage: a table of known records is built, the input flips bytes of it
 * (each 3 bytes: an offset of 16 bits, then an XOR mask), and every key is looked up and
 * every record iterated. Damage may make a lookup report it (-1) or, in slots, a miss for a
 * key that is absent; a key found must hold its own value, and nothing may read past the
 * table (ASan) or loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shtable.h"
#include "value.h"

#define N 64

static void header(void *ctx, void *h, const char *bytes, size_t len)
{
    (void)ctx, (void)bytes;
    memcpy(h, &len, sizeof(len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char keys[N][16], vals[N][32];
    vtws_sht_item items[N];
    vtws_sht_layout layout = {8, header, NULL};
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof(keys[i]), "LBL_%d", i * 7);
        snprintf(vals[i], sizeof(vals[i]), "value of %d", i * 7);
        memset(&items[i], 0, sizeof(items[i]));
        items[i].key = keys[i];
        items[i].key_len = strlen(keys[i]);
        items[i].hash = vtws_hash_bytes(keys[i], items[i].key_len);
        items[i].type = i % 5 ? VTWS_SHT_STRING : VTWS_SHT_LONG;
        items[i].str = vals[i];
        items[i].len = strlen(vals[i]);
        items[i].l = i;
    }
    size_t tsize = vtws_sht_size(items, N, &layout);
    unsigned char *t = malloc(tsize);
    if (!t || !vtws_sht_build(t, tsize, items, N, &layout))
        abort();
    for (size_t i = 0; i + 3 <= size; i += 3)
        t[((size_t)data[i] | (size_t)data[i + 1] << 8) % tsize] ^= data[i + 2];
    vtws_sht_view v;
    if (vtws_sht_open(&v, t, tsize)) {
        unsigned char *bits = calloc(1, vtws_sht_bitmap_size(&v) + 1);
        for (int pass = 0; pass < 2; pass++) { /* without bits, then with them (the fast path too) */
            v.checked = pass ? bits : NULL;
            for (int i = 0; i < N; i++) {
                vtws_sht_item it;
                int damaged;
                if (vtws_sht_find(&v, items[i].hash, keys[i], items[i].key_len, &it) == 1) {
                    if (items[i].type == VTWS_SHT_STRING && (it.type != VTWS_SHT_STRING || it.len != items[i].len ||
                                                              memcmp(it.str, vals[i], it.len) != 0))
                        abort(); /* a damaged value taken for the key's */
                    if (items[i].type == VTWS_SHT_LONG && (it.type != VTWS_SHT_LONG || it.l != i))
                        abort();
                }
                if (pass)
                    vtws_sht_lookup_fast(&v, items[i].hash, keys[i], items[i].key_len, &damaged);
            }
            size_t pos = 0;
            vtws_sht_item it;
            for (int n = 0; n <= N && vtws_sht_next(&v, &pos, &it) == 1; n++)
                ;
        }
        free(bits);
    }
    free(t);
    return 0;
}

#include "digest.h"
#include "hot.h"

#include <string.h>

uint64_t vtws_fnv1a64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

void vtws_digest_hex(uint64_t h, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[h & 0xf];
        h >>= 4;
    }
    out[16] = '\0';
}

#define P1 UINT64_C(0x9E3779B185EBCA87)
#define P2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define P3 UINT64_C(0x165667B19E3779F9)

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t round64(uint64_t acc, uint64_t w) { return rotl64(acc + w * P2, 31) * P1; }

static uint64_t word64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8); /* host order: the value is compared on this machine only */
    return w;
}

VTWS_HOT uint64_t vtws_checksum64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data, *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t a = seed + P1 + P2, b = seed + P2, c = seed, d = seed - P1;
        for (; end - p >= 32; p += 32) { /* four independent lanes: no round waits for another */
            a = round64(a, word64(p));
            b = round64(b, word64(p + 8));
            c = round64(c, word64(p + 16));
            d = round64(d, word64(p + 24));
        }
        h = rotl64(a, 1) + rotl64(b, 7) + rotl64(c, 12) + rotl64(d, 18);
    } else {
        h = seed + P3;
    }
    h += (uint64_t)len;
    for (; end - p >= 8; p += 8)
        h = rotl64(h ^ round64(0, word64(p)), 27) * P1 + P3;
    for (; p < end; p++)
        h = rotl64(h ^ (*p * P3), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    return h ^ (h >> 32);
}

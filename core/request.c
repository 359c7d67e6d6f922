#include "request.h"
#include "hot.h"

#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Whether one of w's bytes is c (no byte of w above 0x7F): exact, whatever the other bytes. */
static int word_has(uint64_t w, unsigned char c)
{
    uint64_t v = w ^ (ONES * c);
    return ((v - ONES) & ~v & HIGH) != 0;
}

VTWS_HOT vtws_label_check vtws_scan_label(const char *s, size_t len, int *has_amp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t w;
    int amp = 0;
    size_t i = 0;
    if (len > VTWS_MAX_LABEL_BYTES)
        return VTWS_LABEL_TOO_LONG;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, u + i, 8);
        if (w & HIGH)
            goto not_ascii;
        amp |= word_has(w, '&');
    }
    if (i < len && len >= 8) { /* the tail: the last eight bytes, overlapping */
        memcpy(&w, u + len - 8, 8);
        if (w & HIGH)
            goto not_ascii;
        amp |= word_has(w, '&');
    } else {
        for (; i < len; i++) {
            if (u[i] >= 0x80)
                goto not_ascii;
            amp |= u[i] == '&';
        }
    }
    *has_amp = amp;
    return VTWS_LABEL_OK;
not_ascii:
    if (!vtws_utf8_valid(s, len))
        return VTWS_LABEL_NOT_UTF8;
    *has_amp = memchr(s, '&', len) != NULL;
    return VTWS_LABEL_OK;
}

vtws_label_check vtws_check_label(const char *s, size_t len)
{
    if (len > VTWS_MAX_LABEL_BYTES)
        return VTWS_LABEL_TOO_LONG;
    if (!vtws_utf8_valid(s, len))
        return VTWS_LABEL_NOT_UTF8;
    return VTWS_LABEL_OK;
}

const char *vtws_label_problem(vtws_label_check c)
{
    switch (c) {
    case VTWS_LABEL_TOO_LONG: return "is longer than 1024 bytes";
    case VTWS_LABEL_NOT_UTF8: return "is not valid UTF-8";
    default: return "is fine";
    }
}

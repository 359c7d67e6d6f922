#include "utf8.h"

#include <stdint.h>
#include <string.h>

static int utf8_lead(unsigned char c) { return c < 0x80 || (c >= 0xC2 && c <= 0xF4); }
static int utf8_trail(unsigned char c) { return c >= 0x80 && c <= 0xBF; }

size_t vtws_utf8_step(const unsigned char *s, size_t avail, int *ok)
{
    unsigned c = s[0];
    *ok = 0;
    if (c < 0x80) {
        *ok = 1;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4)
        return 1;
    size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < need; i++)
        if (avail <= i || !utf8_trail(s[i]))
            return (avail <= i || utf8_lead(s[i])) ? i : i + 1;
    unsigned cp = c & (0x7F >> need);
    for (size_t i = 1; i < need; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return need;
    *ok = 1;
    return need;
}

int vtws_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* ASCII eight bytes at a time: most labels are all ASCII */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
        i += 8;
    }
    if (i < len && len >= 8 && i + 8 > len) { /* the tail: the last eight bytes, overlapping */
        uint64_t w;
        memcpy(&w, u + len - 8, 8);
        if (!(w & UINT64_C(0x8080808080808080)))
            return 1;
    }
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII runs are the common case */
            i++;
            continue;
        }
        int ok;
        i += vtws_utf8_step(u + i, len - i, &ok);
        if (!ok)
            return 0;
    }
    return 1;
}

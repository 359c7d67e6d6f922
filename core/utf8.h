/*
 * utf8 — UTF-8 decoding with PHP's rules (php_next_utf8_char): what counts
 * as one character or one malformed sequence, so that validation and
 * substitution agree with PHP's json_encode and htmlspecialchars.
 */
#ifndef VTWS_UTF8_H
#define VTWS_UTF8_H

#include <stddef.h>

/* Bytes to advance at s (1-4); *ok tells whether they form a valid character. */
size_t vtws_utf8_step(const unsigned char *s, size_t avail, int *ok);

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int vtws_utf8_valid(const char *s, size_t len);

#endif

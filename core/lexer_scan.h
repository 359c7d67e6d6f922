/*
 * lexer_scan — private to the lexer (lexer.c, lexer_string.c): the byte-level scanning both
 * parts share (character classes, word-at-a-time scans of strings and blanks, columns,
 * line counting, filling a token) and the functions one part calls in the other (prefixed
 * vtws_lx_). Neither installed nor included by ext/ or cli/; the lexer's API is lexer.h.
 */
#ifndef VTWS_LEXER_SCAN_H
#define VTWS_LEXER_SCAN_H

#include <stdint.h>
#include <string.h>

#include "lexer.h"

/* ---- character classes ---------------------------------------------------- */

static inline int is_label_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static inline int is_label_char(unsigned char c)
{
    return is_label_start(c) || (c >= '0' && c <= '9');
}

static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static inline int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- word-at-a-time scanning ---------------------------------------------
 * Language files are mostly long single-quoted strings and runs of alignment
 * blanks; scanning them 8 bytes at a time is most of the reader's speed. */

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VTWS_SWAR 1
static inline uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t bcast(unsigned char c) { return 0x0101010101010101ULL * c; }

/* 0x80 in exactly the bytes of v that are zero. */
static inline uint64_t zero_bytes(uint64_t v)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
    return ~(((v & low7) + low7) | v | low7);
}
#endif

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define VTWS_SSE2 1
#endif

/* First byte in [q, end) that is a quote, a backslash or a line break. */
static inline const char *scan_single_quoted(const char *q, const char *end)
{
#ifdef VTWS_SSE2
    const __m128i quote = _mm_set1_epi8('\''), bs = _mm_set1_epi8('\\');
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bs)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr)));
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return q + __builtin_ctz((unsigned)mask);
        q += 16;
    }
#endif
#ifdef VTWS_SWAR
    while (end - q >= 8) {
        uint64_t w = load8(q);
        uint64_t m = zero_bytes(w ^ bcast('\'')) | zero_bytes(w ^ bcast('\\')) | zero_bytes(w ^ bcast('\n')) |
                     zero_bytes(w ^ bcast('\r'));
        if (m)
            return q + (__builtin_ctzll(m) >> 3);
        q += 8;
    }
#endif
    while (q < end && *q != '\'' && *q != '\\' && *q != '\n' && *q != '\r')
        q++;
    return q;
}

/* First byte in [q, end) that is neither a space nor a tab. */
static inline const char *skip_blanks(const char *q, const char *end)
{
    /* most gaps are a single space or tab: settle those without vector work */
    if (q < end && (*q == ' ' || *q == '\t'))
        q++;
    if (q >= end || (*q != ' ' && *q != '\t'))
        return q;
#ifdef VTWS_SSE2
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        unsigned other = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab))) & 0xFFFFu;
        if (other)
            return q + __builtin_ctz(other);
        q += 16;
    }
#endif
#ifdef VTWS_SWAR
    while (end - q >= 8) {
        uint64_t w = load8(q);
        uint64_t blank = zero_bytes(w ^ bcast(' ')) | zero_bytes(w ^ bcast('\t'));
        uint64_t other = ~blank & 0x8080808080808080ULL;
        if (other)
            return q + (__builtin_ctzll(other) >> 3);
        q += 8;
    }
#endif
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    return q;
}

static inline int column_of(const vtws_lexer *lx, const char *at)
{
    return (int)(at - lx->line_start) + 1;
}

/* Count PHP newlines ("\n", "\r\n", lone "\r") in [from, to). */
static inline void track_lines(vtws_lexer *lx, const char *from, const char *to)
{
    for (const char *q = from; q < to; q++) {
        if (*q == '\n' || (*q == '\r' && (q + 1 >= lx->end || q[1] != '\n'))) {
            lx->line++;
            lx->line_start = q + 1;
        }
    }
}

static inline void set_tok(vtws_lexer *lx, vtws_token *t, vtws_tok_type type, const char *start)
{
    t->type = type;
    t->text = start;
    t->len = (size_t)(lx->p - start);
}

/* ---- shared between the parts ------------------------------------------- */

/* lexer.c */
void vtws_lx_eat_newline(vtws_lexer *lx);

/* lexer_string.c: the token starting at start (lx->p after its opening quote, or at
 * "<<<"); vtws_lx_heredoc returns 0 if this is not a heredoc start. */
void vtws_lx_single_quoted(vtws_lexer *lx, vtws_token *t, const char *start);
int vtws_lx_heredoc(vtws_lexer *lx, vtws_token *t, const char *start);

#endif

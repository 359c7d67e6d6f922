#include "lexer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void error_at(vtws_lexer *lx, int line, int col, const char *fmt, const char *arg)
{
    vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, col, fmt, arg);
}

/* Count PHP newlines ("\n", "\r\n", lone "\r") in [from, to). */
static void track_lines(vtws_lexer *lx, const char *from, const char *to)
{
    for (const char *q = from; q < to; q++) {
        if (*q == '\n' || (*q == '\r' && (q + 1 >= lx->end || q[1] != '\n'))) {
            lx->line++;
            lx->line_start = q + 1;
        }
    }
}

/* Consume one newline ("\r\n", "\n" or "\r") at p, if any. */
static void eat_newline(vtws_lexer *lx)
{
    const char *q = lx->p;
    if (q < lx->end && *q == '\r') {
        q++;
        if (q < lx->end && *q == '\n')
            q++;
    } else if (q < lx->end && *q == '\n') {
        q++;
    }
    if (q > lx->p) {
        lx->line++;
        lx->p = q;
        lx->line_start = q;
    }
}

void vtws_lex_init(vtws_lexer *lx, const char *buf, size_t len, int in_script, int line,
                   vtws_arena *arena, vtws_diag_list *diags)
{
    lx->start = buf;
    lx->p = buf;
    lx->end = buf + len;
    lx->line = line;
    lx->line_start = buf;
    lx->in_script = in_script;
    lx->arena = arena;
    lx->diags = diags;
    lx->php_version = 0;
}

static void set_tok(vtws_lexer *lx, vtws_token *t, vtws_tok_type type, const char *start)
{
    t->type = type;
    t->text = start;
    t->len = (size_t)(lx->p - start);
}

/* ---- inline text ------------------------------------------------------------ */

static int at_open_tag(const vtws_lexer *lx, const char *q, size_t *taglen, int *echo)
{
    if (lx->end - q < 2 || q[0] != '<' || q[1] != '?')
        return 0;
    if (lx->end - q >= 3 && q[2] == '=') {
        *taglen = 3;
        *echo = 1;
        return 1;
    }
    if (lx->end - q >= 5 && (q[2] | 0x20) == 'p' && (q[3] | 0x20) == 'h' && (q[4] | 0x20) == 'p') {
        if (lx->end - q == 5) {
            *taglen = 5;
            *echo = 0;
            return 1;
        }
        unsigned char w = (unsigned char)q[5];
        if (w == ' ' || w == '\t' || w == '\n' || w == '\r') {
            *taglen = 5;
            *echo = 0;
            return 1;
        }
    }
    return 0; /* short_open_tag=Off: "<?" alone is text */
}

static void lex_inline(vtws_lexer *lx, vtws_token *t)
{
    const char *start = lx->p;
    int line = lx->line, col = column_of(lx, start);
    size_t taglen = 0;
    int echo = 0;
    const char *q = start;
    while (q < lx->end) {
        q = memchr(q, '<', (size_t)(lx->end - q));
        if (!q) {
            q = lx->end;
            break;
        }
        if (at_open_tag(lx, q, &taglen, &echo))
            break;
        q++;
    }
    if (q > start) { /* the text itself first */
        track_lines(lx, start, q);
        lx->p = q;
        set_tok(lx, t, VTWS_TK_INLINE_HTML, start);
        t->line = line;
        t->column = col;
        return;
    }
    if (q >= lx->end) {
        t->type = VTWS_TK_EOF;
        t->line = lx->line;
        t->column = column_of(lx, lx->p);
        t->text = lx->p;
        t->len = 0;
        return;
    }
    /* an open tag at p */
    lx->p += taglen;
    lx->in_script = 1;
    if (!echo && lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
        lx->p++;
    else if (!echo)
        eat_newline(lx);
    if (echo) {
        set_tok(lx, t, VTWS_TK_ECHO_TAG, start);
        t->line = line;
        t->column = col;
        return;
    }
    vtws_lex_next(lx, t);
}

/* ---- strings ---------------------------------------------------------------- */

/* Single-quoted body [from, to): only \\ and \' are escapes. */
static vtws_value decode_single(vtws_lexer *lx, const char *from, const char *to, int has_escape)
{
    if (!has_escape)
        return vtws_value_string(from, (size_t)(to - from));
    char *out = vtws_arena_alloc(lx->arena, (size_t)(to - from) + 1);
    size_t n = 0;
    if (!out)
        return vtws_value_string("", 0);
    for (const char *q = from; q < to; q++) {
        if (*q == '\\' && q + 1 < to && (q[1] == '\\' || q[1] == '\''))
            q++;
        out[n++] = *q;
    }
    return vtws_value_string(out, n);
}

static void lex_single_quoted(vtws_lexer *lx, vtws_token *t, const char *start)
{
    int line = lx->line, col = column_of(lx, start);
    const char *q = lx->p; /* after the quote */
    int has_escape = 0;
    for (;;) {
        q = scan_single_quoted(q, lx->end);
        if (q >= lx->end || *q == '\'')
            break;
        if (*q == '\\') {
            if (q + 1 >= lx->end) {
                q++;
                continue;
            }
            if (q[1] == '\\' || q[1] == '\'')
                has_escape = 1;
            q++;
            if (*q == '\n' || *q == '\r')
                track_lines(lx, q, q + 1);
            q++;
            continue;
        }
        track_lines(lx, q, q + 1); /* a line break */
        q++;
    }
    if (q >= lx->end) {
        lx->p = lx->end;
        error_at(lx, line, col, "syntax error, unterminated single-quoted string%s", "");
        set_tok(lx, t, VTWS_TK_ERROR, start);
        t->line = line;
        t->column = col;
        return;
    }
    t->val = decode_single(lx, lx->p, q, has_escape);
    lx->p = q + 1;
    set_tok(lx, t, VTWS_TK_STRING, start);
    t->line = line;
    t->column = col;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Escapes of double-quoted strings and heredoc (zend_scan_escape_string).
 * line/line_start locate `from` for diagnostics. Returns 0 after an error. */
static int decode_double(vtws_lexer *lx, const char *from, const char *to, int heredoc,
                         int line, const char *line_start, vtws_value *out_val)
{
    const char *bs = memchr(from, '\\', (size_t)(to - from));
    if (!bs) {
        *out_val = vtws_value_string(from, (size_t)(to - from));
        return 1;
    }
    char *out = vtws_arena_alloc(lx->arena, (size_t)(to - from) + 1);
    if (!out) {
        *out_val = vtws_value_string("", 0);
        return 1;
    }
    size_t n = 0;
    for (const char *q = from; q < to; q++) {
        if (*q == '\n' || (*q == '\r' && (q + 1 >= to || q[1] != '\n'))) {
            line++;
            line_start = q + 1;
        }
        if (*q != '\\' || q + 1 >= to) {
            out[n++] = *q;
            continue;
        }
        const char *esc = q;
        char c = q[1];
        switch (c) {
        case 'n': out[n++] = '\n'; q++; continue;
        case 't': out[n++] = '\t'; q++; continue;
        case 'r': out[n++] = '\r'; q++; continue;
        case 'v': out[n++] = '\v'; q++; continue;
        case 'e': out[n++] = 27; q++; continue;
        case 'f': out[n++] = '\f'; q++; continue;
        case '\\': out[n++] = '\\'; q++; continue;
        case '$': out[n++] = '$'; q++; continue;
        case '"':
            if (heredoc)
                break;
            out[n++] = '"';
            q++;
            continue;
        case 'x':
            if (q + 2 < to && hex_value((unsigned char)q[2]) >= 0) {
                int v = hex_value((unsigned char)q[2]);
                q += 2;
                if (q + 1 < to && hex_value((unsigned char)q[1]) >= 0) {
                    v = v * 16 + hex_value((unsigned char)q[1]);
                    q++;
                }
                out[n++] = (char)v;
                continue;
            }
            break;
        case 'u': {
            if (q + 2 >= to || q[2] != '{')
                break; /* "\u" without a brace stays as written */
            const char *d = q + 3;
            uint32_t cp = 0;
            int digits = 0, too_large = 0;
            while (d < to && hex_value((unsigned char)*d) >= 0) {
                if (cp > 0x10FFFF)
                    too_large = 1;
                else
                    cp = cp * 16 + (uint32_t)hex_value((unsigned char)*d);
                digits++;
                d++;
            }
            int col = (int)(esc - line_start) + 1;
            if (d >= to || *d != '}') {
                vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, col,
                              "Invalid UTF-8 codepoint escape sequence%s",
                              digits ? ": missing closing brace" : "");
                return 0;
            }
            if (!digits) {
                vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, col,
                              "Invalid UTF-8 codepoint escape sequence");
                return 0;
            }
            if (too_large || cp > 0x10FFFF) {
                vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, col,
                              "Invalid UTF-8 codepoint escape sequence: Codepoint too large");
                return 0;
            }
            n += utf8_encode(cp, out + n); /* never longer than the escape */
            q = d;
            continue;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                q++;
                for (int k = 0; k < 2 && q + 1 < to && q[1] >= '0' && q[1] <= '7'; k++) {
                    q++;
                    v = v * 8 + (*q - '0');
                }
                if (v > 0xFF) /* PHP keeps the low byte of \400..\777, and says so */
                    vtws_diag_add(lx->diags, VTWS_DIAG_WARNING, line, (int)(esc - line_start) + 1,
                                  "Octal escape sequence overflow \\%.*s is greater than \\377", (int)(q - esc), esc + 1);
                out[n++] = (char)v;
                continue;
            }
            break;
        }
        out[n++] = '\\'; /* unknown escape: kept as written */
    }
    *out_val = vtws_value_string(out, n);
    return 1;
}

/* Interpolated string parts: literal text up to the end, "$name", "{$" or "${". */
void vtws_lex_string_part(vtws_lexer *lx, vtws_lex_mode mode, vtws_part *part)
{
    const char *start = lx->p;
    int line = lx->line;
    const char *line_start = lx->line_start;
    part->line = line;
    part->column = column_of(lx, start);
    part->text = start;
    part->len = 0;
    part->val = vtws_value_string("", 0);
    part->bad = 0;

    const char *q = start;
    while (q < lx->end) {
        char c = *q;
        if (c == '"' && mode == VTWS_MODE_DQ)
            break;
        if (c == '\\' && q + 1 < lx->end) {
            q += 2;
            if (q[-1] == '\n' || q[-1] == '\r')
                track_lines(lx, q - 1, q);
            continue;
        }
        if (c == '$' && q + 1 < lx->end && (is_label_start((unsigned char)q[1]) || q[1] == '{'))
            break;
        if (c == '{' && q + 1 < lx->end && q[1] == '$')
            break;
        if (c == '\n' || c == '\r')
            track_lines(lx, q, q + 1);
        q++;
    }
    if (q > start) {
        lx->p = q;
        part->type = VTWS_SP_LITERAL;
        part->len = (size_t)(q - start);
        if (!decode_double(lx, start, q, mode == VTWS_MODE_HEREDOC, line, line_start, &part->val))
            part->bad = 1;
        return;
    }
    if (q >= lx->end) {
        if (mode == VTWS_MODE_HEREDOC) {
            part->type = VTWS_SP_END;
            return;
        }
        part->type = VTWS_SP_ERROR;
        vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, lx->line, column_of(lx, q),
                      "syntax error, unterminated double-quoted string");
        return;
    }
    if (*q == '"') {
        lx->p = q + 1;
        part->type = VTWS_SP_END;
        return;
    }
    if (*q == '{') { /* "{$" */
        lx->p = q + 1;
        part->type = VTWS_SP_CURLY;
        return;
    }
    if (q[1] == '{') { /* "${" */
        lx->p = q + 2;
        part->type = VTWS_SP_DOLLAR_CURLY;
        return;
    }
    const char *name = q + 1, *e = name;
    while (e < lx->end && is_label_char((unsigned char)*e))
        e++;
    lx->p = e;
    part->type = VTWS_SP_VAR;
    part->text = name;
    part->len = (size_t)(e - name);
}

/* ST_VAR_OFFSET: what may follow "$name" inside a string. */
void vtws_lex_simple_suffix(vtws_lexer *lx, vtws_suffix *out)
{
    const char *q = lx->p;
    out->type = VTWS_SUFFIX_NONE;
    out->line = lx->line;
    out->column = column_of(lx, q);
    if (q + 2 < lx->end + 0 && q[0] == '-' && q[1] == '>' && is_label_start((unsigned char)q[2])) {
        const char *e = q + 2;
        while (e < lx->end && is_label_char((unsigned char)*e))
            e++;
        out->type = VTWS_SUFFIX_PROPERTY;
        out->text = q + 2;
        out->len = (size_t)(e - q - 2);
        lx->p = e;
        return;
    }
    if (q >= lx->end || *q != '[')
        return;
    q++;
    const char *k = q;
    int neg = 0;
    if (q < lx->end && *q == '-' && q + 1 < lx->end && is_digit((unsigned char)q[1])) {
        neg = 1;
        q++;
    }
    const char *e = q;
    if (q < lx->end && is_digit((unsigned char)*q)) {
        /* T_NUM_STRING: decimal, hex, binary or octal digits, underscores */
        while (e < lx->end && (is_label_char((unsigned char)*e)))
            e++;
        out->type = VTWS_SUFFIX_KEY;
        int64_t l;
        if (vtws_string_is_int_key(k, (size_t)(e - k), &l))
            out->val = vtws_value_long(l);
        else
            out->val = vtws_value_string(k, (size_t)(e - k));
        (void)neg;
    } else if (q < lx->end && !neg && is_label_start((unsigned char)*q)) {
        while (e < lx->end && is_label_char((unsigned char)*e))
            e++;
        out->type = VTWS_SUFFIX_KEY;
        out->val = vtws_value_string(q, (size_t)(e - q));
    } else if (q + 1 < lx->end && !neg && *q == '$' && is_label_start((unsigned char)q[1])) {
        e = q + 1;
        while (e < lx->end && is_label_char((unsigned char)*e))
            e++;
        out->type = VTWS_SUFFIX_VAR_KEY;
        out->text = q + 1;
        out->len = (size_t)(e - q - 1);
    } else {
        vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, lx->line, column_of(lx, q),
                      "syntax error, unexpected character in string offset");
        out->type = VTWS_SUFFIX_ERROR;
        lx->p = q;
        return;
    }
    if (e >= lx->end || *e != ']') {
        vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, lx->line, column_of(lx, e),
                      "syntax error, expected ']' in string offset");
        out->type = VTWS_SUFFIX_ERROR;
        lx->p = e;
        return;
    }
    lx->p = e + 1;
}

int vtws_lex_varname(vtws_lexer *lx, const char **name, size_t *len)
{
    const char *q = lx->p;
    if (q >= lx->end || !is_label_start((unsigned char)*q))
        return 0;
    const char *e = q;
    while (e < lx->end && is_label_char((unsigned char)*e))
        e++;
    if (e >= lx->end || (*e != '[' && *e != '}'))
        return 0;
    *name = q;
    *len = (size_t)(e - q);
    lx->p = e;
    return 1;
}

/* ---- heredoc and nowdoc -------------------------------------------------------- */

typedef struct heredoc_info {
    const char *label;
    size_t label_len;
    const char *body;      /* first body byte */
    const char *body_end;  /* before the newline that precedes the closing line */
    const char *close;     /* the closing label */
    int indent;            /* closing marker's indentation */
    int indent_tabs;       /* 1: tabs, 0: spaces */
} heredoc_info;

/* Find the closing marker: a line whose first non-blank text is the label
 * not followed by a label character. */
static int heredoc_find_close(vtws_lexer *lx, heredoc_info *h)
{
    const char *line = h->body;
    for (;;) {
        const char *q = line;
        while (q < lx->end && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(lx->end - q) >= h->label_len && memcmp(q, h->label, h->label_len) == 0 &&
            (q + h->label_len >= lx->end || !is_label_char((unsigned char)q[h->label_len]))) {
            h->close = q;
            h->indent = (int)(q - line);
            h->body_end = line;
            if (line > h->body) { /* drop the newline before the closing line */
                h->body_end = line - 1;
                if (h->body_end > h->body && h->body_end[0] == '\n' && h->body_end[-1] == '\r')
                    h->body_end--;
            }
            return 1;
        }
        while (q < lx->end && *q != '\n' && *q != '\r')
            q++;
        if (q >= lx->end)
            return 0;
        if (*q == '\r' && q + 1 < lx->end && q[1] == '\n')
            q++;
        line = q + 1;
    }
}

/* Remove the closing marker's indentation from every body line, as PHP 7.3+
 * does; report lines indented less, or with tabs and spaces mixed. */
static int heredoc_strip(vtws_lexer *lx, heredoc_info *h, int body_line, vtws_value *out)
{
    const char *line_start = h->close - h->indent;
    for (const char *q = line_start; q < h->close; q++) {
        if (*q != line_start[0]) { /* PHP checks the marker before the body: it names the body's first line */
            vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, body_line, 1,
                          "Invalid indentation - tabs and spaces cannot be mixed");
            return 0;
        }
    }
    h->indent_tabs = h->indent && line_start[0] == '\t';
    size_t blen = (size_t)(h->body_end - h->body);
    if (h->indent == 0) {
        *out = vtws_value_string(h->body, blen);
        return 1;
    }
    char *buf = vtws_arena_alloc(lx->arena, blen + 1);
    if (!buf)
        return 0;
    size_t n = 0;
    int line = body_line;
    const char *q = h->body;
    while (q < h->body_end) {
        /* at a line start */
        int k = 0;
        while (k < h->indent && q < h->body_end && (*q == ' ' || *q == '\t')) {
            if (*q != (h->indent_tabs ? '\t' : ' ')) {
                vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, k + 1,
                              "Invalid indentation - tabs and spaces cannot be mixed");
                return 0;
            }
            q++;
            k++;
        }
        if (k < h->indent && q < h->body_end && *q != '\n' && *q != '\r') {
            vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, k + 1,
                          "Invalid body indentation level (expecting an indentation level of at least %d)",
                          h->indent);
            return 0;
        }
        while (q < h->body_end && *q != '\n' && *q != '\r')
            buf[n++] = *q++;
        if (q < h->body_end) {
            if (*q == '\r' && q + 1 < h->body_end && q[1] == '\n')
                buf[n++] = *q++;
            buf[n++] = *q++;
            line++;
        }
    }
    *out = vtws_value_string(buf, n);
    return 1;
}

/* At "<<<": returns 0 if this is not a heredoc start (then "<<<" is an operator). */
static int lex_heredoc(vtws_lexer *lx, vtws_token *t, const char *start)
{
    const char *q = lx->p + 3;
    while (q < lx->end && (*q == ' ' || *q == '\t'))
        q++;
    char quote = 0;
    if (q < lx->end && (*q == '\'' || *q == '"'))
        quote = *q++;
    if (q >= lx->end || !is_label_start((unsigned char)*q))
        return 0;
    heredoc_info h;
    memset(&h, 0, sizeof(h));
    h.label = q;
    while (q < lx->end && is_label_char((unsigned char)*q))
        q++;
    h.label_len = (size_t)(q - h.label);
    if (quote) {
        if (q >= lx->end || *q != quote)
            return 0;
        q++;
    }
    if (q >= lx->end || (*q != '\n' && *q != '\r'))
        return 0;
    int line = lx->line, col = column_of(lx, start);
    lx->p = q;
    eat_newline(lx);
    h.body = lx->p;
    int body_line = lx->line;
    t->line = line;
    t->column = col;
    t->body_line = body_line;
    if (!heredoc_find_close(lx, &h)) {
        track_lines(lx, lx->p, lx->end);
        lx->p = lx->end;
        vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, lx->line, column_of(lx, lx->p),
                      "syntax error, unterminated heredoc started on line %d", line);
        set_tok(lx, t, VTWS_TK_ERROR, start);
        return 1;
    }
    track_lines(lx, h.body, h.close);
    lx->p = h.close + h.label_len;
    vtws_value body;
    if (!heredoc_strip(lx, &h, body_line, &body)) {
        set_tok(lx, t, VTWS_TK_ERROR, start);
        return 1;
    }
    t->val = body;
    set_tok(lx, t, quote == '\'' ? VTWS_TK_STRING : VTWS_TK_HEREDOC, start);
    t->body_line = body_line; /* set_tok keeps it; PHP's heredoc token ends there */
    return 1;
}

/* ---- numbers ------------------------------------------------------------------- */

static double digits_to_double(const char *from, const char *to)
{
    char buf[512];
    size_t n = 0;
    for (const char *q = from; q < to && n < sizeof(buf) - 1; q++)
        if (*q != '_')
            buf[n++] = *q;
    buf[n] = '\0';
    return strtod(buf, NULL);
}

/* Digits with single underscores between them: returns the end. */
static const char *scan_digits(const char *q, const char *end, int base)
{
    for (;;) {
        const char *d = q;
        while (d < end && hex_value((unsigned char)*d) >= 0 && hex_value((unsigned char)*d) < base)
            d++;
        if (d == q)
            return q;
        if (d + 1 < end && *d == '_' && hex_value((unsigned char)d[1]) >= 0 &&
            hex_value((unsigned char)d[1]) < base) {
            q = d + 1;
            continue;
        }
        return d;
    }
}

static void lex_number(vtws_lexer *lx, vtws_token *t, const char *start)
{
    const char *q = start, *end = lx->end;
    t->line = lx->line;
    t->column = column_of(lx, start);
    int base = 0;
    if (q[0] == '0' && q + 2 < end + 0 && q + 1 < end) {
        char b = (char)(q[1] | 0x20);
        /* 0o17 is an octal literal from PHP 8.1; before, 0 then the name o17 */
        int octal_o = vtws_lex_php_at_least(lx, 80100);
        int want = b == 'x' ? 16 : b == 'b' ? 2 : (b == 'o' && octal_o) ? 8 : 0;
        if (want && q + 2 < end && hex_value((unsigned char)q[2]) >= 0 && hex_value((unsigned char)q[2]) < want)
            base = want;
    }
    if (base) {
        const char *d = scan_digits(q + 2, end, base);
        uint64_t acc = 0;
        double dacc = 0;
        int overflow = 0;
        for (const char *k = q + 2; k < d; k++) {
            if (*k == '_')
                continue;
            unsigned v = (unsigned)hex_value((unsigned char)*k);
            if (acc > (UINT64_MAX - v) / (unsigned)base)
                overflow = 1;
            acc = acc * (unsigned)base + v;
            dacc = dacc * base + v;
        }
        lx->p = d;
        if (overflow || acc > (uint64_t)INT64_MAX) {
            t->val.type = VTWS_DOUBLE;
            t->val.u.d = dacc;
        } else {
            t->val = vtws_value_long((int64_t)acc);
        }
        set_tok(lx, t, VTWS_TK_NUMBER, start);
        return;
    }
    const char *d = scan_digits(q, end, 10);
    int is_float = 0;
    if (d < end && *d == '.' && (d > q || (d + 1 < end && is_digit((unsigned char)d[1])))) {
        is_float = 1;
        d = scan_digits(d + 1, end, 10);
    }
    if (d < end && (*d | 0x20) == 'e' && d > q) {
        const char *e = d + 1;
        if (e < end && (*e == '+' || *e == '-'))
            e++;
        if (e < end && is_digit((unsigned char)*e)) {
            is_float = 1;
            d = scan_digits(e, end, 10);
        }
    }
    lx->p = d;
    set_tok(lx, t, VTWS_TK_NUMBER, start);
    if (is_float) {
        t->val.type = VTWS_DOUBLE;
        t->val.u.d = digits_to_double(q, d);
        return;
    }
    if (q[0] == '0' && d - q > 1) { /* legacy octal */
        uint64_t acc = 0;
        double dacc = 0;
        int overflow = 0;
        for (const char *k = q + 1; k < d; k++) {
            if (*k == '_')
                continue;
            if (*k > '7') {
                vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, t->line, t->column, "Invalid numeric literal");
                t->type = VTWS_TK_ERROR;
                return;
            }
            unsigned v = (unsigned)(*k - '0');
            if (acc > (UINT64_MAX - v) / 8)
                overflow = 1;
            acc = acc * 8 + v;
            dacc = dacc * 8 + v;
        }
        if (overflow || acc > (uint64_t)INT64_MAX) {
            t->val.type = VTWS_DOUBLE;
            t->val.u.d = dacc;
        } else {
            t->val = vtws_value_long((int64_t)acc);
        }
        return;
    }
    uint64_t acc = 0;
    int overflow = 0;
    for (const char *k = q; k < d; k++) {
        if (*k == '_')
            continue;
        unsigned v = (unsigned)(*k - '0');
        if (acc > (UINT64_MAX - v) / 10)
            overflow = 1;
        acc = acc * 10 + v;
    }
    if (overflow || acc > (uint64_t)INT64_MAX) {
        t->val.type = VTWS_DOUBLE;
        t->val.u.d = digits_to_double(q, d);
    } else {
        t->val = vtws_value_long((int64_t)acc);
    }
}

/* ---- script mode ------------------------------------------------------------------ */

static void lex_name(vtws_lexer *lx, vtws_token *t, const char *start)
{
    const char *q = start;
    t->line = lx->line;
    t->column = column_of(lx, start);
    for (;;) {
        if (*q == '\\') {
            if (q + 1 < lx->end && is_label_start((unsigned char)q[1])) {
                q++;
            } else {
                break;
            }
        }
        while (q < lx->end && is_label_char((unsigned char)*q))
            q++;
        if (q >= lx->end || *q != '\\')
            break;
    }
    if (q == start) { /* a lone backslash */
        lx->p = start + 1;
        set_tok(lx, t, VTWS_TK_OP, start);
        return;
    }
    lx->p = q;
    set_tok(lx, t, VTWS_TK_NAME, start);
}

static void skip_line_comment(vtws_lexer *lx)
{
    const char *q = lx->p;
    while (q < lx->end && *q != '\n' && *q != '\r') {
        if (*q == '?' && q + 1 < lx->end && q[1] == '>')
            break;
        q++;
    }
    lx->p = q;
}

/* Returns 0 on an unterminated comment (reported). */
static int skip_block_comment(vtws_lexer *lx)
{
    int line = lx->line, col = column_of(lx, lx->p);
    const char *q = lx->p + 2;
    for (;;) {
        const char *star = q < lx->end ? memchr(q, '*', (size_t)(lx->end - q)) : NULL;
        if (!star || star + 1 >= lx->end) {
            track_lines(lx, lx->p, lx->end);
            lx->p = lx->end;
            /* PHP 7 warns and reads on; PHP 8 stops with a parse error */
            vtws_diag_add(lx->diags, vtws_lex_php_at_least(lx, 80000) ? VTWS_DIAG_ERROR : VTWS_DIAG_WARNING,
                          line, col, "Unterminated comment starting line %d", line);
            return 0;
        }
        if (star[1] == '/') {
            track_lines(lx, lx->p, star);
            lx->p = star + 2;
            return 1;
        }
        q = star + 1;
    }
}

/* "#" starts a comment, but "#[" an attribute from PHP 8.0 (before, a comment too). */
static int hash_comment(const vtws_lexer *lx, const char *q)
{
    return *q == '#' && (!vtws_lex_php_at_least(lx, 80000) || !(q + 1 < lx->end && q[1] == '['));
}

void vtws_lex_next(vtws_lexer *lx, vtws_token *t)
{
again:
    t->start = lx->p;
    t->val.type = VTWS_NULL;
    t->ch = 0;
    t->body_line = 0;
    if (!lx->in_script) {
        lex_inline(lx, t);
        return;
    }
    for (;;) {
        for (;;) {
            lx->p = skip_blanks(lx->p, lx->end);
            if (lx->p < lx->end && (*lx->p == '\n' || *lx->p == '\r'))
                eat_newline(lx);
            else
                break;
        }
        if (lx->p >= lx->end) {
            t->type = VTWS_TK_EOF;
            t->line = lx->line;
            t->column = column_of(lx, lx->p);
            t->text = lx->p;
            t->len = 0;
            return;
        }
        const char *q = lx->p;
        if (hash_comment(lx, q)) {
            skip_line_comment(lx);
            continue;
        }
        if (*q == '/' && q + 1 < lx->end && q[1] == '/') {
            skip_line_comment(lx);
            continue;
        }
        if (*q == '/' && q + 1 < lx->end && q[1] == '*') {
            if (!skip_block_comment(lx)) {
                t->type = VTWS_TK_ERROR;
                t->line = lx->line;
                t->column = column_of(lx, lx->p);
                t->text = lx->p;
                t->len = 0;
                return;
            }
            continue;
        }
        break;
    }

    const char *s = lx->p;
    unsigned char c = (unsigned char)*s;
    size_t left = (size_t)(lx->end - s);
    t->start = s;
    t->line = lx->line;
    t->column = column_of(lx, s);

    if (c == '$' && left > 1 && is_label_start((unsigned char)s[1])) {
        const char *e = s + 1;
        while (e < lx->end && is_label_char((unsigned char)*e))
            e++;
        lx->p = e;
        t->type = VTWS_TK_VARIABLE;
        t->text = s + 1;
        t->len = (size_t)(e - s - 1);
        return;
    }
    if (c == '\'') {
        lx->p++;
        lex_single_quoted(lx, t, s);
        return;
    }
    if (c == '"') {
        lx->p++;
        set_tok(lx, t, VTWS_TK_DQ_OPEN, s);
        return;
    }
    if ((c == 'b' || c == 'B') && left > 1 && (s[1] == '\'' || s[1] == '"')) {
        lx->p += 2;
        if (s[1] == '\'')
            lex_single_quoted(lx, t, s);
        else
            set_tok(lx, t, VTWS_TK_DQ_OPEN, s);
        return;
    }
    if (c == '<' && left > 3 && s[1] == '<' && s[2] == '<' && lex_heredoc(lx, t, s))
        return;
    if ((c == 'b' || c == 'B') && left > 4 && s[1] == '<' && s[2] == '<' && s[3] == '<') {
        lx->p++;
        if (lex_heredoc(lx, t, s))
            return;
        lx->p = s;
    }
    if (is_digit(c) || (c == '.' && left > 1 && is_digit((unsigned char)s[1]))) {
        lex_number(lx, t, s);
        return;
    }
    if (is_label_start(c) || c == '\\') {
        lex_name(lx, t, s);
        return;
    }
    if (c < 0x20 || c == 0x7f) {
        lx->p++;
        if (!vtws_lex_php_at_least(lx, 80000)) { /* PHP 7 warns and skips the byte */
            vtws_diag_add(lx->diags, VTWS_DIAG_WARNING, t->line, t->column,
                          "Unexpected character in input:  '%c' (ASCII=%d) state=0", c, c);
            goto again;
        }
        vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, t->line, t->column,
                      "syntax error, unexpected character 0x%02X", c);
        set_tok(lx, t, VTWS_TK_ERROR, s);
        return;
    }
    /* operators */
    char n1 = left > 1 ? s[1] : 0, n2 = left > 2 ? s[2] : 0;
    size_t oplen = 1;
    vtws_tok_type type = VTWS_TK_OP;
    switch (c) {
    case '?':
        if (n1 == '>') {
            lx->p += 2;
            eat_newline(lx);
            lx->in_script = 0;
            set_tok(lx, t, VTWS_TK_CLOSE_TAG, s);
            return;
        }
        oplen = (n1 == '-' && n2 == '>') ? 3 : (n1 == '?' ? (n2 == '=' ? 3 : 2) : 1);
        break;
    case '=':
        if (n1 == '>') {
            type = VTWS_TK_DOUBLE_ARROW;
            oplen = 2;
        } else if (n1 == '=') {
            oplen = n2 == '=' ? 3 : 2;
        } else {
            type = VTWS_TK_CHAR;
        }
        break;
    case '+':
        if (n1 == '=') {
            type = VTWS_TK_PLUS_EQUAL;
            oplen = 2;
        } else if (n1 == '+') {
            oplen = 2;
        } else {
            type = VTWS_TK_CHAR;
        }
        break;
    case '.':
        if (n1 == '=') {
            type = VTWS_TK_CONCAT_EQUAL;
            oplen = 2;
        } else if (n1 == '.' && n2 == '.') {
            oplen = 3;
        } else {
            type = VTWS_TK_CHAR;
        }
        break;
    case '-':
        if (n1 == '>') {
            type = VTWS_TK_OBJECT_OP;
            oplen = 2;
        } else if (n1 == '-' || n1 == '=') {
            oplen = 2;
        } else {
            type = VTWS_TK_CHAR;
        }
        break;
    case '#': /* "#[": an attribute */
        oplen = 2;
        break;
    case ',': case ';': case '(': case ')': case '[': case ']': case '{': case '}':
        type = VTWS_TK_CHAR;
        break;
    case ':':
        oplen = n1 == ':' ? 2 : 1;
        break;
    default:
        break;
    }
    lx->p += oplen;
    set_tok(lx, t, type, s);
    t->ch = c;
}

static int newlines_in(const char *from, const char *to)
{
    int n = 0;
    for (const char *q = from; q < to; q++)
        if (*q == '\n' || (*q == '\r' && (q + 1 >= to || q[1] != '\n')))
            n++;
    return n;
}

int vtws_token_error_line(const vtws_lexer *lx, const vtws_token *tok)
{
    if (tok->body_line)
        return tok->body_line;
    if (tok->type == VTWS_TK_DQ_OPEN) {
        for (const char *q = tok->text + tok->len; q < lx->end; q++) {
            if (*q == '\\') {
                q++;
            } else if (*q == '"') {
                return tok->line + newlines_in(tok->text, q);
            } else if ((*q == '$' && q + 1 < lx->end && (is_label_start((unsigned char)q[1]) || q[1] == '{')) ||
                       (*q == '{' && q + 1 < lx->end && q[1] == '$')) {
                break;
            }
        }
        return tok->line;
    }
    return tok->line + newlines_in(tok->text, tok->text + tok->len);
}

void vtws_lex_rewind(vtws_lexer *lx, const vtws_token *tok)
{
    lx->p = tok->start;
    lx->line = tok->line;
    lx->line_start = tok->start - (tok->column - 1);
    lx->in_script = 1;
}

/* Blanks, line breaks and // or # comments; NULL where something else
 * (a block comment, "#[", "?>") needs the full lexer. */
static inline const char *plain_gap(vtws_lexer *lx, const char *q, int *line, const char **line_start)
{
    for (;;) {
        if (q < lx->end && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '/' && *q != '#')
            return q; /* no gap at all: the common case after a value */
        q = skip_blanks(q, lx->end);
        if (q >= lx->end)
            return q;
        char c = *q;
        if (c == '\n' || c == '\r') {
            if (c == '\r' && q + 1 < lx->end && q[1] == '\n')
                q++;
            q++;
            (*line)++;
            *line_start = q;
            continue;
        }
        if ((c == '/' && q + 1 < lx->end && q[1] == '/') || hash_comment(lx, q)) {
            while (q < lx->end && *q != '\n' && *q != '\r') {
                if (*q == '?' && q + 1 < lx->end && q[1] == '>')
                    return NULL;
                q++;
            }
            continue;
        }
        return q;
    }
}

/* A plain single-quoted string at q: no escapes, no line breaks. */
static inline const char *plain_string(const vtws_lexer *lx, const char *q, vtws_value *out)
{
    if (q >= lx->end || *q != '\'')
        return NULL;
    const char *e = scan_single_quoted(q + 1, lx->end);
    if (e >= lx->end || *e != '\'')
        return NULL;
    *out = vtws_value_string(q + 1, (size_t)(e - q - 1));
    return e + 1;
}

int vtws_lex_plain_pair(vtws_lexer *lx, int closer, vtws_value *key, vtws_value *val, int *val_line)
{
    int line = lx->line;
    const char *ls = lx->line_start;
    const char *q = plain_gap(lx, lx->p, &line, &ls);
    if (!q || !(q = plain_string(lx, q, key)))
        return 0;
    if (!(q = plain_gap(lx, q, &line, &ls)) || lx->end - q < 2 || q[0] != '=' || q[1] != '>')
        return 0;
    if (!(q = plain_gap(lx, q + 2, &line, &ls)))
        return 0;
    int vline = line;
    if (!(q = plain_string(lx, q, val)) || !(q = plain_gap(lx, q, &line, &ls)) || q >= lx->end)
        return 0;
    if (*q == ',')
        q++;
    else if (*q != closer)
        return 0;
    lx->p = q;
    lx->line = line;
    lx->line_start = ls;
    *val_line = vline;
    return 1;
}

/* A heredoc or nowdoc token (a broken one too) starts with "<<<" and has a body line. */
static int is_heredoc_start(const vtws_token *tok)
{
    return tok->body_line && tok->len >= 3 && memcmp(tok->text, "<<<", 3) == 0;
}

void vtws_token_describe(const vtws_token *tok, char *buf, size_t size)
{
    int n = tok->len > 40 ? 40 : (int)tok->len;
    if (is_heredoc_start(tok)) {
        /* PHP names the start as written up to its line end, less a closing quote */
        int k = 0;
        while (k < n && tok->text[k] != '\n' && tok->text[k] != '\r')
            k++;
        if (k > 3 && (tok->text[k - 1] == '\'' || tok->text[k - 1] == '"'))
            k--;
        snprintf(buf, size, "heredoc start \"%.*s\"", k, tok->text);
        return;
    }
    switch (tok->type) {
    case VTWS_TK_EOF: snprintf(buf, size, "end of file"); break;
    case VTWS_TK_INLINE_HTML: snprintf(buf, size, "text outside PHP tags"); break;
    case VTWS_TK_ECHO_TAG: snprintf(buf, size, "\"<?=\""); break;
    case VTWS_TK_CLOSE_TAG: snprintf(buf, size, "\"?>\""); break;
    case VTWS_TK_VARIABLE: snprintf(buf, size, "variable \"$%.*s\"", n, tok->text); break;
    case VTWS_TK_NAME: snprintf(buf, size, "identifier \"%.*s\"", n, tok->text); break;
    case VTWS_TK_STRING: snprintf(buf, size, "string"); break;
    case VTWS_TK_DQ_OPEN: snprintf(buf, size, "double-quoted string"); break;
    case VTWS_TK_HEREDOC: snprintf(buf, size, "heredoc"); break;
    case VTWS_TK_NUMBER: snprintf(buf, size, "number \"%.*s\"", n, tok->text); break;
    default: snprintf(buf, size, "token \"%.*s\"", n, tok->text); break;
    }
}

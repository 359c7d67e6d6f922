/*
 * lexer — the token scanner (lexer.h): inline text and the open tags, comments, numbers,
 * names, variables and operators, in script mode as PHP's scanner has them; the line PHP
 * names for an unexpected token, putting a token back, and the fast path for plain
 * 'key' => 'value' elements. Quoted strings and heredocs are read in lexer_string.c; the
 * byte-level scanning both share is in lexer_scan.h.
 */
#include "lexer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer_scan.h"

/* Consume one newline ("\r\n", "\n" or "\r") at p, if any. */
void vtws_lx_eat_newline(vtws_lexer *lx)
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
        vtws_lx_eat_newline(lx);
    if (echo) {
        set_tok(lx, t, VTWS_TK_ECHO_TAG, start);
        t->line = line;
        t->column = col;
        return;
    }
    vtws_lex_next(lx, t);
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
                vtws_lx_eat_newline(lx);
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
        vtws_lx_single_quoted(lx, t, s);
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
            vtws_lx_single_quoted(lx, t, s);
        else
            set_tok(lx, t, VTWS_TK_DQ_OPEN, s);
        return;
    }
    if (c == '<' && left > 3 && s[1] == '<' && s[2] == '<' && vtws_lx_heredoc(lx, t, s))
        return;
    if ((c == 'b' || c == 'B') && left > 4 && s[1] == '<' && s[2] == '<' && s[3] == '<') {
        lx->p++;
        if (vtws_lx_heredoc(lx, t, s))
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
            vtws_lx_eat_newline(lx);
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

/* A plain single-quoted string at q: no escapes, no line breaks. Always inlined: GCC's
 * inlining budget grows with the file, and once the strings moved to lexer_string.c it
 * called this out of line, costing the reader 5% of its instructions. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
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

int vtws_token_is_heredoc(const vtws_token *tok)
{
    return tok->body_line && tok->len >= 3 && memcmp(tok->text, "<<<", 3) == 0;
}

void vtws_token_describe(const vtws_token *tok, char *buf, size_t size)
{
    int n = tok->len > 40 ? 40 : (int)tok->len;
    if (vtws_token_is_heredoc(tok)) {
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

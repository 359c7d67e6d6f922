/*
 * lexer_string — PHP's strings, as zend_language_scanner reads them: single-quoted
 * strings, the parts of double-quoted strings and heredoc bodies with their escapes
 * (\n, \x, \u{...}, octal), what may follow a "$name" inside a string, "${name", and
 * heredoc and nowdoc (closing marker, indentation removed). Part of the lexer (lexer.h);
 * the token scanner is lexer.c, the shared scanning lexer_scan.h.
 */
#include "lexer.h"

#include <stdint.h>
#include <string.h>

#include "lexer_scan.h"

static void error_at(vtws_lexer *lx, int line, int col, const char *fmt, const char *arg)
{
    vtws_diag_add(lx->diags, VTWS_DIAG_ERROR, line, col, fmt, arg);
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

void vtws_lx_single_quoted(vtws_lexer *lx, vtws_token *t, const char *start)
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
int vtws_lx_heredoc(vtws_lexer *lx, vtws_token *t, const char *start)
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
    vtws_lx_eat_newline(lx);
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

/*
 * langfile_interp — strings with interpolation: the parts of a "..." string or a heredoc
 * body ($name, $name[key], $name->prop, {$expr...}, ${name}), joined without a copy when
 * there is one part; and skipping such a string unbuilt. The lexer reads the parts
 * (vtws_lex_string_part), as PHP's scanner switches states. Part of the reader
 * (core/langfile*.c, see langfile_parser.h).
 */
#include "langfile_parser.h"

#include <string.h>

/* ---- strings with interpolation ------------------------------------------------- */

typedef struct strbuf {
    char *ptr;
    size_t len, cap;
    vtws_value first; /* a single part is returned without copying */
    int parts;
} strbuf;

static void sb_add(parser *P, strbuf *sb, vtws_value s)
{
    if (s.u.s.len == 0)
        return;
    sb->parts++;
    if (sb->parts == 1) {
        sb->first = s;
        return;
    }
    if (sb->parts == 2) {
        vtws_value f = sb->first;
        sb->parts = 1;
        sb->first.u.s.len = 0;
        sb_add(P, sb, f);
        sb->parts = 2;
    }
    if (sb->len + s.u.s.len + 1 > sb->cap) {
        size_t ncap = (sb->cap ? sb->cap : 64);
        while (ncap < sb->len + s.u.s.len + 1)
            ncap *= 2;
        char *n = vtws_arena_alloc(P->arena, ncap);
        if (!n)
            return;
        if (sb->len)
            memcpy(n, sb->ptr, sb->len);
        sb->ptr = n;
        sb->cap = ncap;
    }
    memcpy(sb->ptr + sb->len, s.u.s.ptr, s.u.s.len);
    sb->len += s.u.s.len;
    sb->ptr[sb->len] = '\0';
}

static vtws_value sb_value(strbuf *sb)
{
    if (sb->parts <= 1)
        return sb->parts ? sb->first : vtws_value_string("", 0);
    return vtws_value_string(sb->ptr, sb->len);
}

/* "[expr]" after a variable inside a string (the current token is '['): v[expr]. */
static int parse_string_dim(parser *P, ev *v)
{
    int kl = P->tok.line, kc = P->tok.column;
    next(P);
    ev key;
    if (vtws_lf_parse_expr(P, &key) < 0)
        return -1;
    if (!is_char(P, ']'))
        return vtws_lf_unexpected(P);
    next(P);
    *v = vtws_lf_read_dim(P, v, &key, kl, kc);
    return 0;
}

/* After "{$": $name, then [expr] or ->name, up to '}' (left as the current token). */
static int parse_curly_var(parser *P, ev *out)
{
    next(P);
    if (P->tok.type != VTWS_TK_VARIABLE)
        return vtws_lf_unexpected(P);
    int line = P->tok.line, col = P->tok.column;
    ev v = vtws_lf_read_var(P, P->tok.text, P->tok.len, line, col);
    next(P);
    for (;;) {
        if (is_char(P, '[')) {
            if (parse_string_dim(P, &v) < 0)
                return -1;
        } else if (P->tok.type == VTWS_TK_OBJECT_OP) {
            vtws_lf_runtime_error(P, P->tok.line, P->tok.column, "property access is not supported");
            return -1;
        } else {
            break;
        }
    }
    if (!is_char(P, '}'))
        return vtws_lf_unexpected(P);
    *out = v;
    return 0;
}

/* After "${": ${name} or ${name[expr]}, up to '}' (left as the current token). */
static int parse_dollar_curly(parser *P, int line, int col, ev *out)
{
    const char *name;
    size_t len;
    if (!vtws_lex_varname(P->lx, &name, &len)) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "${expression} in strings is not supported");
        return -1;
    }
    if (php_at_least(P, 80200))
        vtws_lf_warn(P, line, col, "Using ${var} in strings is deprecated, use {$var} instead");
    ev v = vtws_lf_read_var(P, name, len, line, col);
    next(P);
    if (is_char(P, '[') && parse_string_dim(P, &v) < 0)
        return -1;
    if (!is_char(P, '}'))
        return vtws_lf_unexpected(P);
    *out = v;
    return 0;
}

/* The parts of a "..." string or heredoc body; the lexer stands after the
 * opening quote (or at the body's start). */
int vtws_lf_parse_interpolated(parser *P, vtws_lex_mode mode, ev *out)
{
    strbuf sb;
    memset(&sb, 0, sizeof(sb));
    int bad = 0, broken = 0;
    for (;;) {
        vtws_part part;
        vtws_lex_string_part(P->lx, mode, &part);
        ev v;
        switch (part.type) {
        case VTWS_SP_LITERAL:
            broken |= part.bad; /* keep reading to the closing quote */
            if (!P->skipping)
                sb_add(P, &sb, part.val);
            continue;
        case VTWS_SP_END:
            out->v = sb_value(&sb);
            out->bad = bad;
            return broken ? -1 : 0;
        case VTWS_SP_ERROR:
            return -1;
        case VTWS_SP_VAR: {
            v = vtws_lf_read_var(P, part.text, part.len, part.line, part.column);
            vtws_suffix sfx;
            vtws_lex_simple_suffix(P->lx, &sfx);
            if (sfx.type == VTWS_SUFFIX_ERROR)
                return -1;
            if (sfx.type == VTWS_SUFFIX_KEY) {
                ev key = {sfx.val, 0};
                v = vtws_lf_read_dim(P, &v, &key, sfx.line, sfx.column);
            } else if (sfx.type == VTWS_SUFFIX_VAR_KEY) {
                ev key = vtws_lf_read_var(P, sfx.text, sfx.len, sfx.line, sfx.column);
                v = vtws_lf_read_dim(P, &v, &key, sfx.line, sfx.column);
            } else if (sfx.type == VTWS_SUFFIX_PROPERTY && !v.bad) {
                shown prop = show(sfx.text, sfx.len);
                if (php_at_least(P, 80000))
                    vtws_lf_warn(P, sfx.line, sfx.column, "Attempt to read property \"%s\" on %s", prop.s,
                                 type_name(&v.v));
                else
                    vtws_lf_warn(P, sfx.line, sfx.column, "Trying to get property '%s' of non-object", prop.s);
                v = EV_NULL;
            }
            break;
        }
        case VTWS_SP_CURLY:
            if (parse_curly_var(P, &v) < 0)
                return -1;
            break;
        case VTWS_SP_DOLLAR_CURLY:
            if (parse_dollar_curly(P, part.line, part.column, &v) < 0)
                return -1;
            break;
        }
        if (v.bad) {
            bad = 1;
            continue;
        }
        if (!P->skipping)
            sb_add(P, &sb, vtws_lf_to_string(P, &v, part.line, part.column));
    }
}

int vtws_lf_parse_heredoc(parser *P, ev *out)
{
    vtws_lexer sub, *outer = P->lx;
    vtws_lex_init(&sub, P->tok.val.u.s.ptr, P->tok.val.u.s.len, 1, P->tok.body_line, P->arena, P->diags);
    sub.php_version = P->lx->php_version;
    P->lx = &sub;
    int r = vtws_lf_parse_interpolated(P, VTWS_MODE_HEREDOC, out);
    P->lx = outer;
    return r;
}

/* A "..." string in tokens being skipped: read to its end, its value not built (it could
 * be large: "$s$s" where $s is). Returns parse_interpolated's answer. */
int vtws_lf_skip_interpolated(parser *P)
{
    ev ignored;
    P->skipping++;
    int r = vtws_lf_parse_interpolated(P, VTWS_MODE_DQ, &ignored);
    P->skipping--;
    return r;
}

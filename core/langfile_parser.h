/*
 * langfile_parser — private to the reader (core/langfile*.c): the parser's state, the
 * evaluated value, the limits, the small helpers every part uses, and the functions the
 * parts share (prefixed vtws_lf_). Neither installed nor included by ext/ or cli/; the
 * public API is langfile.h.
 *
 * The parts, as php-src keeps them apart:
 *   langfile.c          the public API: parse, load, find, free
 *   langfile_stmt.c     statements (skipped constructs, stray tokens, the memory limit)
 *   langfile_expr.c     expressions, array literals, array_merge(), names, variables
 *   langfile_interp.c   strings with interpolation (with the lexer's string parts)
 *   langfile_vars.c     the variables' table, reads, and assignments
 *   langfile_convert.c  PHP's conversions and operators (Zend/zend_operators.c)
 *   langfile_report.c   syntax errors, warnings and runtime errors as PHP words them
 * and below them the lexer (lexer.h).
 */
#ifndef VTWS_LANGFILE_PARSER_H
#define VTWS_LANGFILE_PARSER_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "langfile.h"
#include "lexer.h"

/* An evaluated expression. `bad` means a runtime error was already reported
 * (PHP would throw): the value must not be stored. */
typedef struct ev {
    vtws_value v;
    int bad;
} ev;

typedef struct parser {
    vtws_lexer *lx;
    vtws_token tok;
    vtws_arena *arena;
    vtws_diag_list *diags;
    vtws_array *vars;  /* name => value, in order of first appearance */
    int depth;
    int quiet;         /* > 0 while skipping: no warnings */
    int skipping;      /* > 0 while a skipped string is read: its value is not built */
    int leaf_line;     /* line of the last operand token read */
    int nonconst;      /* the expression read so far is not a compile-time constant for PHP */
    struct fold_state {     /* PHP 7's folding of constant operations (see fold_date in langfile_expr.c) */
        int depth;          /* array literals open since the last call's arguments */
        int line;           /* the outermost one's line (its first element's value), 0 until known */
        int wait;           /* line is the next operand's line */
    } fold;
    int reserved;      /* the file's first array literal was given room */
    size_t output_bytes;
} parser;

#define MAX_DEPTH 256
#define MAX_DIMS 64
/* Guards against files built to exhaust memory (PHP would hit memory_limit). */
#define MAX_STRING ((size_t)64 << 20)
#define MAX_ELEMENTS 1000000u
#define RESERVE_MAX 65536u /* elements the first literal is given room for (3 MiB of buckets) */

static const ev EV_NULL = {{VTWS_NULL, {0}}, 0};
static const ev EV_BAD = {{VTWS_NULL, {0}}, 1};

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

typedef struct dim {
    ev key;
    int append; /* $v[] */
    int line, col;
} dim;

typedef enum { ASSIGN, ASSIGN_CONCAT, ASSIGN_ADD } assign_op;

/* ---- helpers ------------------------------------------------------------- */

/* Elements a variable may hold, nested arrays counted each time they appear. */
static inline uint64_t max_expanded(const parser *P)
{
    return VTWS_LANGFILE_MAX_EXPANDED((size_t)(P->lx->end - P->lx->start));
}

static inline void next(parser *P) { vtws_lex_next(P->lx, &P->tok); }

/* An operand token read at line: the last one dates runtime errors; the first one, when
 * P->fold.wait, dates the outermost array literal too (see fold_date in langfile_expr.c). */
static inline void leaf_at(parser *P, int line)
{
    P->leaf_line = line;
    if (P->fold.wait) {
        P->fold.wait = 0;
        P->fold.line = line;
    }
}

static inline int is_char(const parser *P, int ch)
{
    return P->tok.type == VTWS_TK_CHAR && P->tok.ch == ch;
}

static inline int is_op(const parser *P, const char *op)
{
    size_t n = strlen(op);
    return P->tok.type == VTWS_TK_OP && P->tok.len == n && memcmp(P->tok.text, op, n) == 0;
}

static inline int at_statement_end(const parser *P)
{
    return P->tok.type == VTWS_TK_EOF || P->tok.type == VTWS_TK_CLOSE_TAG || is_char(P, ';');
}

/* A name or key as PHP's messages show it here: its first 40 bytes, NUL-terminated. */
typedef struct {
    char s[64];
} shown;

static inline shown show(const char *text, size_t len)
{
    shown r;
    snprintf(r.s, sizeof(r.s), "%.*s", (int)(len > 40 ? 40 : len), text);
    return r;
}

/* Whether the PHP whose rules apply (0: the newest) is at least version_id. The texts and
 * the reader's cases were checked against php-src 7.4.33, 8.0.28 and 8.1.16 builds. */
static inline int php_at_least(const parser *P, int version_id)
{
    return vtws_lex_php_at_least(P->lx, version_id);
}

static inline int name_is(const vtws_token *t, const char *lower)
{
    const char *s = t->text;
    size_t n = t->len;
    if (n && s[0] == '\\') { /* fully qualified: \array_merge, \true */
        s++;
        n--;
    }
    if (n != strlen(lower))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lower[i])
            return 0;
    }
    return 1;
}

static inline const char *type_name(const vtws_value *v)
{
    switch (v->type) {
    case VTWS_NULL: case VTWS_UNDEF: return "null";
    case VTWS_FALSE: case VTWS_TRUE: return "bool";
    case VTWS_LONG: return "int";
    case VTWS_DOUBLE: return "float";
    case VTWS_STRING: return "string";
    default: return "array";
    }
}

/* ---- shared between the parts --------------------------------------------- */

/* langfile_report.c */
int vtws_lf_unexpected(parser *P);
PRINTF_LIKE(4, 5) void vtws_lf_warn(parser *P, int line, int col, const char *fmt, ...);
PRINTF_LIKE(4, 5) ev vtws_lf_runtime_error(parser *P, int line, int col, const char *fmt, ...);
void vtws_lf_warn_undefined_var(parser *P, const char *name, size_t len, int line, int col);
void vtws_lf_warn_undefined_key(parser *P, vtws_key k, int line, int col);

/* langfile_convert.c */
vtws_array *vtws_lf_new_array(parser *P);
int vtws_lf_to_key(parser *P, const ev *e, vtws_key *key, int line, int col);
vtws_value vtws_lf_to_string(parser *P, const ev *e, int line, int col);
ev vtws_lf_concat(parser *P, const ev *a, const ev *b, int line, int col);
int vtws_lf_to_number(parser *P, const vtws_value *v, vtws_value *out, int line, int col);
ev vtws_lf_next_element_occupied(parser *P, int line, int col);
ev vtws_lf_unsupported_operands(parser *P, int line, int col, const char *lhs, const char *op, const char *rhs);
ev vtws_lf_arith(parser *P, const ev *a, const ev *b, int sign, int line, int col);
ev vtws_lf_negate(parser *P, const ev *a, int line, int col);
ev vtws_lf_read_dim(parser *P, const ev *base, const ev *key, int line, int col);

/* langfile_vars.c */
int vtws_lf_is_special_var(const char *name, size_t len);
vtws_value *vtws_lf_var_slot(parser *P, const char *name, size_t len);
ev vtws_lf_read_var(parser *P, const char *name, size_t len, int line, int col);
ev vtws_lf_assign(parser *P, const char *name, size_t name_len, dim *dims, int ndims, assign_op op,
                  const ev *rhs, int line, int col);

/* langfile_interp.c */
int vtws_lf_parse_interpolated(parser *P, vtws_lex_mode mode, ev *out);
int vtws_lf_parse_heredoc(parser *P, ev *out);
int vtws_lf_skip_interpolated(parser *P);

/* langfile_expr.c */
int vtws_lf_parse_expr(parser *P, ev *out);
int vtws_lf_parse_name(parser *P, ev *out);

/* langfile_stmt.c */
void vtws_lf_parse_statements(parser *P, vtws_langfile *lf);

#endif

/*
 * langfile_stmt — statements: each top-level statement read as an expression, stray
 * ';', '?>', '{' and '}', text outside the PHP tags, and the statements the reader names
 * and skips whole (control structures, declarations, include/require, <?=, attributes);
 * reading stops at the file's memory limit. Part of the reader (core/langfile*.c, see
 * langfile_parser.h).
 */
#include "langfile_parser.h"

#include <string.h>

/* ---- statements ---------------------------------------------------------------------- */

/* Skip tokens, strings and interpolations included: to the end of a broken statement
 * (after ';' or "?>" at depth 0, after a '}' that closes what the statement opened,
 * or before end of file), or, when balanced, from an opening ( [ or { to just after
 * the bracket that closes it. */
static void skip_tokens(parser *P, int balanced)
{
    int depth = 0;
    P->quiet++;
    for (;;) {
        if (P->tok.type == VTWS_TK_EOF)
            break;
        if (!balanced && depth == 0 && (is_char(P, ';') || P->tok.type == VTWS_TK_CLOSE_TAG)) {
            next(P);
            break;
        }
        if (is_char(P, '(') || is_char(P, '[') || is_char(P, '{')) {
            depth++;
        } else if (is_char(P, ')') || is_char(P, ']') || is_char(P, '}')) {
            int closes = balanced ? --depth <= 0 : (depth > 0 && --depth == 0 && is_char(P, '}'));
            if (closes) {
                next(P);
                break;
            }
        } else if (P->tok.type == VTWS_TK_DQ_OPEN) {
            vtws_lf_skip_interpolated(P);
        }
        next(P);
    }
    P->quiet--;
}

static void skip_statement(parser *P)
{
    skip_tokens(P, 0);
}

static void skip_balanced(parser *P)
{
    skip_tokens(P, 1);
}

/* A body: a { block }, or one statement. */
static void skip_body(parser *P)
{
    if (is_char(P, '{'))
        skip_balanced(P);
    else
        skip_statement(P);
}

/*
 * Control structures and declarations that real files use around assignments
 * (coreBOS: if (isset($_COOKIE[...]) && ...) { ... } else { ... }, or
 * foreach (glob(...) as $f) { include $f; }), and include/require statements (never
 * followed: no path read from a file is opened): PHP accepts them, the reader does
 * not evaluate them. Name the statement once, skip all of it (an if with its elseif
 * and else parts), and read on. Returns 0 when the token starts no such statement.
 */
static int skip_control_statement(parser *P)
{
    static const char *const heads[] = {"if", "foreach", "for", "while", "switch", "do", "try", "function",
                                        "class", "interface", "trait", "enum", "declare", "else", "elseif",
                                        /* SalesPlatform's ru_ru files end with include 'renamed/X.php'; */
                                        "include", "include_once", "require", "require_once", NULL};
    if (P->tok.type != VTWS_TK_NAME)
        return 0;
    int k = 0;
    while (heads[k] && !name_is(&P->tok, heads[k]))
        k++;
    if (!heads[k])
        return 0;
    vtws_token head = P->tok;
    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, head.line, head.column,
                  "'%s' is not supported in a language file (the statement is not evaluated)", heads[k]);
    int is_if = name_is(&head, "if") || name_is(&head, "elseif") || name_is(&head, "else");
    next(P);
    /* a declaration's name, then (parameters) or (condition), then the body */
    while (P->tok.type == VTWS_TK_NAME && !name_is(&head, "do") && !name_is(&head, "try") && !name_is(&head, "else"))
        next(P);
    if (is_char(P, '('))
        skip_balanced(P);
    if (is_op(P, ":") && name_is(&head, "function")) { /* a return type */
        next(P);
        while (P->tok.type == VTWS_TK_NAME || is_op(P, "?") || is_op(P, "|") || is_char(P, '?') || is_char(P, '|'))
            next(P);
    }
    if (is_op(P, ":")) { /* the alternative syntax: if (...): ... else: ... endif; */
        P->quiet++;
        while (P->tok.type != VTWS_TK_EOF &&
               !(P->tok.type == VTWS_TK_NAME &&
                 (name_is(&P->tok, "endif") || name_is(&P->tok, "endforeach") || name_is(&P->tok, "endwhile") ||
                  name_is(&P->tok, "endfor") || name_is(&P->tok, "endswitch") || name_is(&P->tok, "enddeclare")))) {
            if (P->tok.type == VTWS_TK_DQ_OPEN)
                vtws_lf_skip_interpolated(P);
            next(P);
        }
        P->quiet--;
        if (P->tok.type != VTWS_TK_EOF)
            skip_statement(P); /* endif; */
        return 1;
    }
    skip_body(P);
    if (name_is(&head, "do") && P->tok.type == VTWS_TK_NAME && name_is(&P->tok, "while"))
        skip_statement(P); /* while (...); */
    while (P->tok.type == VTWS_TK_NAME && (name_is(&P->tok, "catch") || name_is(&P->tok, "finally"))) {
        next(P);
        if (is_char(P, '('))
            skip_balanced(P);
        skip_body(P);
    }
    while (is_if && P->tok.type == VTWS_TK_NAME && (name_is(&P->tok, "elseif") || name_is(&P->tok, "else"))) {
        int is_else = name_is(&P->tok, "else");
        next(P);
        if (is_else && P->tok.type == VTWS_TK_NAME && name_is(&P->tok, "if"))
            next(P);
        if (is_char(P, '('))
            skip_balanced(P);
        skip_body(P);
    }
    return 1;
}

static void inline_text(parser *P, const vtws_langfile *lf)
{
    const vtws_token *t = &P->tok;
    P->output_bytes += t->len;
    if (t->text == P->lx->start && t->len >= 3 && memcmp(t->text, "\xEF\xBB\xBF", 3) == 0)
        vtws_diag_add(P->diags, VTWS_DIAG_WARNING, t->line, t->column,
                      "a UTF-8 byte order mark before <?php is sent to the client");
    else
        vtws_diag_add(P->diags, VTWS_DIAG_WARNING, t->line, t->column,
                      "%zu byte%s of text outside <?php ?> %s sent to the client", t->len,
                      t->len == 1 ? "" : "s", t->len == 1 ? "is" : "are");
    (void)lf;
}

/* One statement, or a stray ';', '?>', '{' or '}' (blocks counts the '{' still open). */
static void parse_statement(parser *P, vtws_langfile *lf, int *blocks)
{
    if (P->tok.type == VTWS_TK_INLINE_HTML) {
        inline_text(P, lf);
        next(P);
        return;
    }
    if (P->tok.type == VTWS_TK_CLOSE_TAG || is_char(P, ';')) {
        next(P);
        return;
    }
    if (P->tok.type == VTWS_TK_ECHO_TAG) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                      "<?= output is not supported in a language file");
        next(P);
        skip_statement(P);
        return;
    }
    if (is_op(P, "#[")) {
        /* An attribute group: PHP reads it, then wants a declaration. */
        int depth = 1;
        next(P);
        while (P->tok.type != VTWS_TK_EOF && depth > 0) {
            if (is_char(P, '[') || is_op(P, "#["))
                depth++;
            else if (is_char(P, ']'))
                depth--;
            next(P);
        }
        if (P->tok.type == VTWS_TK_NAME) {
            ev ignored;
            vtws_lf_parse_name(P, &ignored); /* reports the keyword or name as unsupported */
        } else {
            vtws_lf_unexpected(P);
        }
        skip_statement(P);
        return;
    }
    if (is_char(P, '{')) {
        (*blocks)++;
        next(P);
        return;
    }
    if (is_char(P, '}') && *blocks > 0) {
        (*blocks)--;
        next(P);
        return;
    }
    if (skip_control_statement(P))
        return;
    ev ignored;
    if (vtws_lf_parse_expr(P, &ignored) < 0) {
        skip_statement(P);
        return;
    }
    if (is_char(P, ';') || P->tok.type == VTWS_TK_CLOSE_TAG) {
        next(P);
        return;
    }
    vtws_lf_unexpected(P);
    skip_statement(P);
}

/* The arena refused memory past the file's limit (see VTWS_LANGFILE_LIMIT): the reader's
 * "Allowed memory size exhausted". Said once, at the statement that passed it. */
static void stop_at_limit(parser *P, vtws_langfile *lf, int line, int column)
{
    P->arena->limit = P->arena->total + 65536; /* room for the message; nothing more is read */
    lf->over_limit = 1;
    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, column,
                  "reading stops: the file's values need more than %zu bytes of memory "
                  "(the reader's limit for a file of %zu bytes: %d times its size plus %zu MiB)",
                  VTWS_LANGFILE_LIMIT(P->lx->end - P->lx->start), (size_t)(P->lx->end - P->lx->start),
                  VTWS_LANGFILE_LIMIT_FACTOR, VTWS_LANGFILE_LIMIT_BASE >> 20);
}

void vtws_lf_parse_statements(parser *P, vtws_langfile *lf)
{
    int blocks = 0;
    next(P);
    while (P->tok.type != VTWS_TK_EOF) {
        int line = P->tok.line, column = P->tok.column;
        parse_statement(P, lf, &blocks);
        if (P->arena->over_limit) {
            stop_at_limit(P, lf, line, column);
            return;
        }
    }
    if (blocks > 0)
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                      "syntax error, unexpected end of file");
}

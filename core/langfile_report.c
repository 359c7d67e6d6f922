/*
 * langfile_report — how the reader says what PHP would say: syntax errors on the current
 * token (on the line PHP names), warnings (silenced while tokens are skipped), runtime
 * errors (where PHP would throw), and PHP's words for an undefined variable or array key
 * in each PHP version. Part of the reader (core/langfile*.c, see langfile_parser.h).
 */
#include "langfile_parser.h"

#include <stdarg.h>
#include <stdio.h>

/* A syntax error on the current token, on the line PHP names (a multi-line token's
 * last: then at its column 1). A token the lexer already reported is not reported again,
 * except a broken heredoc: PHP reads its start as a token of its own and fails on it
 * before it reads the body. */
int vtws_lf_unexpected(parser *P)
{
    if (P->tok.type != VTWS_TK_ERROR || vtws_token_is_heredoc(&P->tok)) {
        char what[96];
        vtws_token_describe(&P->tok, what, sizeof(what));
        int line = vtws_token_error_line(P->lx, &P->tok);
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, line == P->tok.line ? P->tok.column : 1,
                      "syntax error, unexpected %s", what);
    }
    return -1;
}

PRINTF_LIKE(4, 5) void vtws_lf_warn(parser *P, int line, int col, const char *fmt, ...)
{
    if (P->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vtws_diag_addv(P->diags, VTWS_DIAG_WARNING, line, col, fmt, ap);
    va_end(ap);
}

PRINTF_LIKE(4, 5) ev vtws_lf_runtime_error(parser *P, int line, int col, const char *fmt, ...)
{
    if (!P->quiet) {
        va_list ap;
        va_start(ap, fmt);
        vtws_diag_addv(P->diags, VTWS_DIAG_ERROR, line, col, fmt, ap);
        va_end(ap);
    }
    return EV_BAD;
}

void vtws_lf_warn_undefined_var(parser *P, const char *name, size_t len, int line, int col)
{
    shown n = show(name, len);
    vtws_lf_warn(P, line, col, php_at_least(P, 80000) ? "Undefined variable $%s" : "Undefined variable: %s", n.s);
}

void vtws_lf_warn_undefined_key(parser *P, vtws_key k, int line, int col)
{
    char kb[80];
    if (!php_at_least(P, 80000)) { /* PHP 7: "Undefined index: k", "Undefined offset: 5" */
        if (k.str)
            vtws_lf_warn(P, line, col, "Undefined index: %.*s", (int)(k.len > 60 ? 60 : k.len), k.str);
        else
            vtws_lf_warn(P, line, col, "Undefined offset: %lld", (long long)k.h);
        return;
    }
    if (k.str)
        snprintf(kb, sizeof(kb), "\"%.*s\"", (int)(k.len > 60 ? 60 : k.len), k.str);
    else
        snprintf(kb, sizeof(kb), "%lld", (long long)k.h);
    vtws_lf_warn(P, line, col, "Undefined array key %s", kb);
}

/*
 * lexer — PHP's tokens for the subset that language files use.
 *
 * Follows the rules of PHP 8's scanner (zend_language_scanner.l): open and
 * close tags, inline text, comments, numbers, names, variables, single-quoted
 * strings, nowdoc and heredoc (flexible closing marker, indentation removal),
 * and double-quoted strings. Operators the reader does not evaluate still
 * come out as tokens, so that the parser reports them where PHP would.
 *
 * Interpolated strings (double quotes, heredoc bodies) are read part by part
 * with vtws_lex_string_part: the parser reads "{$...}" contents with
 * vtws_lex_next, the way PHP's scanner switches states.
 *
 * Lexical errors are reported to the diagnostic list and come out as
 * VTWS_TK_ERROR, so the parser never reports them twice.
 *
 * The token scanner is lexer.c; strings and heredocs are lexer_string.c; the
 * scanning both share is in the private lexer_scan.h.
 */
#ifndef VTWS_LEXER_H
#define VTWS_LEXER_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

typedef enum {
    VTWS_TK_EOF,
    VTWS_TK_INLINE_HTML,  /* text outside <?php ?>, in text/len */
    VTWS_TK_ECHO_TAG,     /* <?= */
    VTWS_TK_CLOSE_TAG,    /* ?> (acts as ';') */
    VTWS_TK_VARIABLE,     /* $name; text/len is the name without '$' */
    VTWS_TK_NAME,         /* identifier or namespaced name */
    VTWS_TK_STRING,       /* single-quoted string or nowdoc: val */
    VTWS_TK_DQ_OPEN,      /* '"': parts follow */
    VTWS_TK_HEREDOC,      /* heredoc: body (indentation removed) in val, body_line */
    VTWS_TK_NUMBER,       /* integer or float literal: val */
    VTWS_TK_DOUBLE_ARROW, /* => */
    VTWS_TK_PLUS_EQUAL,   /* += */
    VTWS_TK_CONCAT_EQUAL, /* .= */
    VTWS_TK_OBJECT_OP,    /* -> */
    VTWS_TK_CHAR,         /* a single-character token, in ch */
    VTWS_TK_OP,           /* another operator PHP knows; text/len */
    VTWS_TK_ERROR         /* lexical error, already reported */
} vtws_tok_type;

typedef struct vtws_token {
    vtws_tok_type type;
    const char *start; /* first byte of the token */
    int ch;
    int line, column;
    const char *text; /* token text in the buffer (for names: the name) */
    size_t len;
    vtws_value val;
    int body_line; /* heredoc: line of the first body line */
} vtws_token;

typedef enum {
    VTWS_MODE_SCRIPT,
    VTWS_MODE_DQ,      /* inside "...": parts end at '"' */
    VTWS_MODE_HEREDOC  /* a heredoc body buffer: parts end at the buffer's end */
} vtws_lex_mode;

typedef struct vtws_lexer {
    const char *start, *p, *end;
    int line;
    const char *line_start;
    int in_script;  /* 0 while in inline text */
    vtws_arena *arena;
    vtws_diag_list *diags;
    int php_version;  /* the PHP whose rules apply (PHP_VERSION_ID); 0: the newest */
} vtws_lexer;

/* Whether the PHP whose rules apply (0: the newest) is at least version_id (such as 80000). */
static inline int vtws_lex_php_at_least(const vtws_lexer *lx, int version_id)
{
    return lx->php_version == 0 || lx->php_version >= version_id;
}

/* A lexer over buf[0..len), which must outlive it. in_script: start inside
 * PHP code (a heredoc body) rather than in inline text (a file). */
void vtws_lex_init(vtws_lexer *lx, const char *buf, size_t len, int in_script, int line,
                   vtws_arena *arena, vtws_diag_list *diags);

void vtws_lex_next(vtws_lexer *lx, vtws_token *tok);

typedef enum {
    VTWS_SP_LITERAL,      /* decoded text in val */
    VTWS_SP_VAR,          /* $name: text/len is the name */
    VTWS_SP_CURLY,        /* "{$": script tokens follow, up to the matching '}' */
    VTWS_SP_DOLLAR_CURLY, /* "${" */
    VTWS_SP_END,          /* closing quote, or end of heredoc body */
    VTWS_SP_ERROR         /* unterminated, reported */
} vtws_part_type;

typedef struct vtws_part {
    vtws_part_type type;
    int bad; /* a literal with an invalid escape (reported); reading goes on to the end */
    int line, column;
    const char *text;
    size_t len;
    vtws_value val;
} vtws_part;

void vtws_lex_string_part(vtws_lexer *lx, vtws_lex_mode mode, vtws_part *part);

/* After a simple "$name" in a string: an optional "[offset]" or "->name". */
typedef enum {
    VTWS_SUFFIX_NONE,
    VTWS_SUFFIX_KEY,      /* constant key in val (integer or string) */
    VTWS_SUFFIX_VAR_KEY,  /* [$var]: text/len */
    VTWS_SUFFIX_PROPERTY, /* ->name: text/len */
    VTWS_SUFFIX_ERROR     /* reported */
} vtws_suffix_type;

typedef struct vtws_suffix {
    vtws_suffix_type type;
    int line, column;
    const char *text;
    size_t len;
    vtws_value val;
} vtws_suffix;

void vtws_lex_simple_suffix(vtws_lexer *lx, vtws_suffix *out);

/* After "${": a variable name followed by '[' or '}' (consumed up to the name).
 * Returns 0 when what follows is not a plain name. */
int vtws_lex_varname(vtws_lexer *lx, const char **name, size_t *len);

/* The line PHP names when `tok` is unexpected: PHP has lexed the whole token
 * by then, so multi-line tokens count to their end (a heredoc start token ends
 * after its first newline; a double-quoted string with interpolation is only
 * its opening quote). */
int vtws_token_error_line(const vtws_lexer *lx, const vtws_token *tok);

/* Put a token back: the lexer continues at its first byte. */
void vtws_lex_rewind(vtws_lexer *lx, const vtws_token *tok);

/* Bytes from the current position to the end of the input. */
static inline size_t vtws_lex_bytes_left(const vtws_lexer *lx) { return (size_t)(lx->end - lx->p); }

/* The commonest array element, `'key' => 'value'` with plain single-quoted
 * strings (no escapes, no line breaks), then ',' (consumed) or `closer` (not
 * consumed), with blanks, line breaks and line comments between: read it
 * straight from the bytes. Returns 1 and moves past it, or 0 and changes
 * nothing (the caller reads the element with tokens). */
int vtws_lex_plain_pair(vtws_lexer *lx, int closer, vtws_value *key, vtws_value *val, int *val_line);

/* Describe a token for an "unexpected ..." message. */
void vtws_token_describe(const vtws_token *tok, char *buf, size_t size);
/* A heredoc or nowdoc token, a broken one (VTWS_TK_ERROR) too: it starts with "<<<" and has a
 * body line. PHP reads its start as a token of its own, before the body. */
int vtws_token_is_heredoc(const vtws_token *tok);

#endif

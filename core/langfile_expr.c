/*
 * langfile_expr — expressions: the recursive descent over the subset of PHP that language
 * files use (array literals with PHP 7's constant-folding dates, array_merge(), names and
 * constants, variables with their dimensions and assignments, unary and binary + - and .
 * at each PHP version's precedence), evaluated as they are read. Part of the reader
 * (core/langfile*.c, see langfile_parser.h).
 */
#include "langfile_parser.h"

#include <stdio.h>
#include <string.h>

/* ---- expressions ----------------------------------------------------------------- */

static int parse_element_part(parser *P, int closer, ev *out);
static int array_elements(parser *P, int closer, vtws_array *arr, int *array_line);

/* Skip a balanced run of tokens up to ',' or `closer` at depth 0 (consumed:
 * returns 1 or 2), or stop before ';', "?>" or end of file (returns 0). */
static int skip_element(parser *P, int closer)
{
    int depth = 0;
    P->quiet++;
    for (;;) {
        if (P->tok.type == VTWS_TK_EOF)
            break;
        if (depth == 0) {
            if (is_char(P, ',')) {
                next(P);
                P->quiet--;
                return 1;
            }
            if (closer && is_char(P, closer)) {
                next(P);
                P->quiet--;
                return 2;
            }
            if (at_statement_end(P))
                break;
        }
        if (is_char(P, '(') || is_char(P, '[') || is_char(P, '{')) {
            depth++;
        } else if (is_char(P, ')') || is_char(P, ']') || is_char(P, '}')) {
            if (depth == 0)
                break; /* belongs to an enclosing construct */
            depth--;
        } else if (P->tok.type == VTWS_TK_DQ_OPEN) {
            if (vtws_lf_skip_interpolated(P) < 0 && P->lx->p >= P->lx->end)
                break;
        }
        next(P);
    }
    P->quiet--;
    return 0;
}

/* array(...) or [...]: the current token is the one after the opener. */
static int parse_array_literal(parser *P, int closer, ev *out)
{
    vtws_array *arr = vtws_lf_new_array(P);
    if (!arr)
        return -1;
    if (!P->reserved) {
        /* A file's first literal is its big one. Room for an element every 16 bytes left:
         * only the buckets written are ever touched, where doubling would copy (and touch)
         * twice what the array holds. */
        P->reserved = 1;
        size_t room = vtws_lex_bytes_left(P->lx) / 16;
        if (room > 64 && !vtws_array_reserve(arr, room < RESERVE_MAX ? (uint32_t)room : RESERVE_MAX))
            return -1;
    }
    /* PHP folds a constant array literal into one value dated by its first
     * element's value (or, when empty, its closing token); a non-constant one
     * is built at run time, dated by the last operand compiled. Runtime
     * errors on the array name that line. */
    int array_line = 0, outer_nonconst = P->nonconst;
    int outermost = P->fold.depth++ == 0;
    P->nonconst = 0;
    int r = array_elements(P, closer, arr, &array_line);
    P->fold.depth--;
    if (outermost)
        P->fold.line = P->fold.wait = 0;
    if (r < 0)
        return -1;
    if (arr->count == 0 && !php_at_least(P, 80300))
        arr->next_free = 0; /* the shared empty array's counter (see vtws_lf_new_array()) */
    out->v = vtws_value_array(arr);
    arr->refs = 0; /* a temporary: nobody holds it yet */
    out->bad = 0;
    if (!P->nonconst)
        P->leaf_line = array_line;
    P->nonconst |= outer_nonconst;
    return 0;
}

/* P->fold.line, the line of the outermost array literal open (PHP 7 folds the constant
 * operations of the literals inside it while compiling it, and dates their fatal errors
 * by it): an AST node's line is its leftmost leaf's, a literal's that of its first
 * element's value, an empty literal's that of its closer. Known once the leftmost leaf
 * of the outermost literal's first value is read. */
static void fold_date(parser *P, int line)
{
    if (P->fold.depth && !P->fold.line) {
        P->fold.line = line;
        P->fold.wait = 0;
    }
}

/* The line PHP gives the value starting at the current token: a heredoc's is its body's. */
static int value_line(parser *P)
{
    return vtws_token_error_line(P->lx, &P->tok) == P->tok.body_line && P->tok.body_line ? P->tok.body_line
                                                                                          : P->tok.line;
}

/* The first element's value begins here: date the outermost literal by it, now when the
 * token is an operand, else (an operator, a parenthesis, a nested literal) by the first
 * operand or literal inside. */
static void fold_date_value(parser *P)
{
    int operand = P->tok.type == VTWS_TK_STRING || P->tok.type == VTWS_TK_NUMBER || P->tok.type == VTWS_TK_HEREDOC
                  || P->tok.type == VTWS_TK_DQ_OPEN || P->tok.type == VTWS_TK_VARIABLE
                  || (P->tok.type == VTWS_TK_NAME && !name_is(&P->tok, "array"));
    P->fold.line = operand ? value_line(P) : 0;
    P->fold.wait = !operand;
}

/* The elements of an array literal up to its closer; *array_line as parse_array_literal
 * dates the array. Returns -1 when the statement is abandoned. */
static int array_elements(parser *P, int closer, vtws_array *arr, int *array_line)
{
    for (;;) {
        if (P->tok.type == VTWS_TK_STRING && !P->tok.body_line) {
            /* Most elements are 'key' => 'value': read a run of them from the bytes. */
            vtws_value k, v;
            int vline, taken = 0;
            vtws_lex_rewind(P->lx, &P->tok);
            while (vtws_lex_plain_pair(P->lx, closer, &k, &v, &vline)) {
                if (!vtws_array_update(arr, vtws_key_from_string(k.u.s.ptr, k.u.s.len), v))
                    return -1;
                if (!*array_line)
                    fold_date(P, *array_line = vline);
                leaf_at(P, vline);
                taken = 1;
            }
            next(P);
            if (taken)
                continue;
        }
        if (is_char(P, closer)) {
            if (!*array_line)
                fold_date(P, *array_line = P->tok.line);
            next(P);
            break;
        }
        int line = P->tok.line, col = P->tok.column;
        ev first, value;
        int ok = 0;
        /* the first element: its first token dates the literal (a key is dated again by its value) */
        int fold_tentative = !*array_line && P->fold.depth && !P->fold.line;
        if (fold_tentative)
            fold_date_value(P);
        if (is_op(P, "...") || is_op(P, "&")) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "%s in array literals is not supported",
                          is_op(P, "...") ? "spread (...)" : "reference (&)");
        } else if (parse_element_part(P, closer, &first) == 0) {
            if (!*array_line && P->tok.type != VTWS_TK_DOUBLE_ARROW)
                *array_line = line;
            if (P->tok.type == VTWS_TK_DOUBLE_ARROW) {
                next(P);
                if (fold_tentative)
                    fold_date_value(P);
                if (!*array_line)
                    *array_line = value_line(P);
                if (is_op(P, "&"))
                    vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                                  "reference (&) in array literals is not supported");
                else if (parse_element_part(P, closer, &value) == 0)
                    ok = 1;
                if (ok && !first.bad && !value.bad) {
                    vtws_key k;
                    if (vtws_lf_to_key(P, &first, &k, line, col)) {
                        if (!vtws_array_update(arr, k, vtws_value_share(value.v)))
                            return -1;
                    }
                }
            } else {
                ok = 1;
                if (!first.bad) {
                    int full;
                    if (!vtws_array_append(arr, vtws_value_share(first.v), &full) && full)
                        vtws_lf_next_element_occupied(P, line, col);
                }
            }
        }
        if (ok) {
            if (is_char(P, ',')) {
                next(P);
                continue;
            }
            if (is_char(P, closer)) {
                next(P);
                break;
            }
            vtws_lf_unexpected(P);
        }
        int r = skip_element(P, closer);
        if (r == 1)
            continue;
        if (r == 2)
            break;
        return -1; /* unclosed: the statement is abandoned */
    }
    return 0;
}

/* last_line, last_col: where PHP 7 dates the call (its last argument's line) */
static int parse_call_args(parser *P, ev *args, int max, int *count, int *last_line, int *last_col)
{
    /* current token: after '(' */
    *count = 0;
    if (is_char(P, ')')) {
        next(P);
        return 0;
    }
    for (;;) {
        ev a;
        if (is_op(P, "...")) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column,
                          "argument unpacking (...) is not supported");
            return -1;
        }
        int start_line = P->tok.line;
        *last_col = P->tok.column;
        if (vtws_lf_parse_expr(P, &a) < 0)
            return -1;
        *last_line = P->leaf_line;
        if (*last_line != start_line)
            *last_col = 1; /* a multi-line argument PHP dates by a later line */
        if (*count < max)
            args[*count] = a;
        (*count)++;
        if (is_char(P, ',')) {
            next(P);
            if (is_char(P, ')')) { /* trailing comma */
                next(P);
                return 0;
            }
            continue;
        }
        if (is_char(P, ')')) {
            next(P);
            return 0;
        }
        return vtws_lf_unexpected(P);
    }
}

static ev array_merge(parser *P, ev *args, int n, int line, int col)
{
    if (n == 2 && !args[0].bad && !args[1].bad && args[0].v.type == VTWS_ARRAY && args[1].v.type == VTWS_ARRAY
        && args[0].v.u.a->count == 0 && args[1].v.u.a->count == 0) {
        /* PHP returns its second argument itself when the first is empty (and both are
         * here), so the result carries that array's next index (see vtws_lf_new_array()) */
        return args[1];
    }
    vtws_array *r = vtws_lf_new_array(P);
    if (!r)
        return EV_BAD;
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        if (args[i].v.type == VTWS_ARRAY)
            total += args[i].v.u.a->count;
    if (total > MAX_ELEMENTS)
        return vtws_lf_runtime_error(P, line, col, "array with more than 1000000 elements");
    for (int i = 0; i < n; i++) {
        if (args[i].bad)
            return EV_BAD;
        if (args[i].v.type != VTWS_ARRAY) {
            char pos[16];
            snprintf(pos, sizeof(pos), "%d", i + 1);
            if (!php_at_least(P, 80000)) { /* PHP 7: a warning, and null */
                vtws_lf_warn(P, line, col, "array_merge(): Expected parameter %s to be an array, %s given", pos,
                             type_name(&args[i].v));
                return EV_NULL;
            }
            return vtws_lf_runtime_error(P, line, col,
                                         "array_merge(): Argument #%s must be of type array, %s given", pos,
                                         type_name(&args[i].v));
        }
        r = vtws_array_merge(P->arena, r, args[i].v.u.a);
        if (!r)
            return EV_BAD;
    }
    if (r->next_free == VTWS_NEXT_FREE_UNSET && !php_at_least(P, 80000))
        r->next_free = 0; /* an empty result: PHP 7 counts from 0 (vtws_lf_new_array()) */
    ev e = {vtws_value_array(r), 0};
    r->refs = 0;
    return e;
}

#define MAX_ARGS 64

/* Whether a name has the shape of a constant PHP or a common extension defines (PHP_EOL,
 * E_ALL, JSON_..., DIRECTORY_SEPARATOR). PHP 7 reads an undefined constant as its own name,
 * but these are defined in every PHP, and their values are the host's: the reader refuses
 * them on every version rather than guess. Prefixes taken from get_defined_constants() of 7.4.33. */
static int named_like_php_constant(const vtws_token *name)
{
    static const char *const prefixes[] = {
        "PHP_", "E_", "M_", "JSON_", "PREG_", "PCRE_", "STREAM_", "DATE_", "ENT_", "HTML_", "LC_", "INI_",
        "FILE_", "LOCK_", "SEEK_", "SORT_", "COUNT_", "EXTR_", "CASE_", "STR_PAD_", "PATHINFO_", "UPLOAD_ERR_",
        "ZEND_", "PEAR_", "DEBUG_", "CONNECTION_", "ARRAY_FILTER_", "MB_", "CURL", "FILTER_", "PASSWORD_",
        "CRYPT_", "LIBXML_", "ICONV_", "T_", "INFO_", "CREDITS_", "FNM_", "GLOB_", "DNS_", "LOG_", "SQLITE",
        "MYSQLI_", "PDO_", "OPENSSL_", "PKCS7_", "X509_", "ABDAY_", "DAY_", "MON_", "ABMON_", NULL};
    static const char *const names[] = {"DIRECTORY_SEPARATOR", "PATH_SEPARATOR", "DEFAULT_INCLUDE_PATH", "INF",
                                        "NAN", "STDIN", "STDOUT", "STDERR", "__COMPILER_HALT_OFFSET__", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);
        if (name->len >= n && memcmp(name->text, prefixes[i], n) == 0)
            return 1;
    }
    for (int i = 0; names[i]; i++)
        if (name->len == strlen(names[i]) && memcmp(name->text, names[i], name->len) == 0)
            return 1;
    return 0;
}

int vtws_lf_parse_name(parser *P, ev *out)
{
    vtws_token name = P->tok;
    if (name_is(&name, "array"))
        P->leaf_line = name.line; /* a literal's own elements date it for PHP 7's folding */
    else
        leaf_at(P, name.line);
    next(P);
    if (is_char(P, '(')) {
        next(P);
        ev args[MAX_ARGS];
        int n;
        if (name_is(&name, "array")) {
            P->depth++;
            int r = P->depth > MAX_DEPTH ? -1 : parse_array_literal(P, ')', out);
            if (P->depth > MAX_DEPTH)
                vtws_diag_add(P->diags, VTWS_DIAG_ERROR, name.line, name.column, "nesting too deep");
            P->depth--;
            return r;
        }
        int is_merge = name_is(&name, "array_merge");
        P->nonconst = 1;
        if (!is_merge)
            P->quiet++;
        struct fold_state fold = P->fold;
        memset(&P->fold, 0, sizeof(P->fold)); /* a call's arguments are compiled on their own */
        int last_line = name.line, last_col = name.column;
        int r = parse_call_args(P, args, MAX_ARGS, &n, &last_line, &last_col);
        P->fold = fold;
        if (!is_merge)
            P->quiet--;
        if (r < 0)
            return -1;
        if (!is_merge) {
            shown fn = show(name.text, name.len);
            *out = vtws_lf_runtime_error(P, name.line, name.column,
                                         "call to %s() is not supported in a language file", fn.s);
            return 0;
        }
        if (n > MAX_ARGS) {
            *out = vtws_lf_runtime_error(P, name.line, name.column, "too many arguments to array_merge()");
            return 0;
        }
        if (php_at_least(P, 80000)) /* PHP 7 dates the call's warnings by its last argument */
            last_line = name.line, last_col = name.column;
        *out = array_merge(P, args, n, last_line, last_col);
        return 0;
    }
    if (P->tok.type == VTWS_TK_OP && P->tok.len == 2 && memcmp(P->tok.text, "::", 2) == 0)
        return vtws_lf_unexpected(P);
    if (name_is(&name, "true")) {
        out->v.type = VTWS_TRUE;
        out->bad = 0;
        return 0;
    }
    if (name_is(&name, "false")) {
        out->v.type = VTWS_FALSE;
        out->bad = 0;
        return 0;
    }
    if (name_is(&name, "null")) {
        *out = EV_NULL;
        return 0;
    }
    static const char *const keywords[] = {
        "array", "include", "include_once", "require", "require_once", "return", "echo", "print", "if",
        "else", "elseif", "while", "do", "for", "foreach", "switch", "function", "fn", "class", "interface",
        "trait", "enum", "namespace", "use", "global", "static", "const", "unset", "isset", "empty", "declare",
        "goto", "break", "continue", "try", "throw", "abstract", "final", "exit", "die", "new", "clone",
        "list", "match", "yield", "instanceof", "and", "or", "xor", "eval", "var", "public", "private",
        "protected", "readonly", "endif", "endwhile", "endfor", "endforeach", "endswitch", "enddeclare",
        "case", "default", "catch", "finally", "insteadof", "as", "extends", "implements", "__halt_compiler",
        NULL};
    for (int i = 0; keywords[i]; i++) {
        if (name_is(&name, keywords[i])) {
            shown kw = show(name.text, name.len);
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, name.line, name.column,
                          "'%s' is not supported in a language file", kw.s);
            return -1;
        }
    }
    shown cn = show(name.text, name.len);
    if (named_like_php_constant(&name)) {
        *out = vtws_lf_runtime_error(P, name.line, name.column,
                             "constant %s is not supported in a language file (PHP defines it; write its value)", cn.s);
        return 0;
    }
    if (!php_at_least(P, 80000) && !memchr(name.text, '\\', name.len)) {
        /* PHP 7 takes an undefined unqualified constant for its own name, with a warning */
        vtws_lf_warn(P, name.line, name.column,
                     "Use of undefined constant %s - assumed '%s' "
                     "(this will throw an Error in a future version of PHP)", cn.s, cn.s);
        out->v = vtws_value_string(vtws_arena_strndup(P->arena, name.text, name.len), name.len);
        out->bad = out->v.u.s.ptr == NULL;
        return 0;
    }
    *out = vtws_lf_runtime_error(P, name.line, name.column,
                                 "constant %s is not supported in a language file (PHP: Undefined constant)", cn.s);
    return 0;
}

/* $name, dims, and an optional assignment. */
static int parse_variable(parser *P, ev *out)
{
    vtws_token var = P->tok;
    P->nonconst = 1;
    leaf_at(P, var.line);
    /* register on first appearance: PHP orders variables by first use */
    if (!vtws_lf_is_special_var(var.text, var.len) && !vtws_lf_var_slot(P, var.text, var.len))
        return -1;
    next(P);
    dim dims[MAX_DIMS];
    int nd = 0, has_append = 0;
    while (is_char(P, '[')) {
        int line = P->tok.line, col = P->tok.column;
        next(P);
        if (nd == MAX_DIMS) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, line, col, "too many dimensions");
            return -1;
        }
        dim *d = &dims[nd++];
        d->line = line;
        d->col = col;
        d->append = 0;
        d->key = EV_NULL;
        if (is_char(P, ']')) {
            d->append = 1;
            has_append = 1;
        } else if (vtws_lf_parse_expr(P, &d->key) < 0) {
            return -1;
        }
        if (!is_char(P, ']'))
            return vtws_lf_unexpected(P);
        next(P);
    }
    if (P->tok.type == VTWS_TK_OBJECT_OP) {
        /* PHP's grammar takes a name, a variable, {expr} or $ after "->" (and fails when it
         * runs: no object here); anything else is its syntax error, on that token. */
        int line = P->tok.line, col = P->tok.column;
        next(P);
        if (P->tok.type != VTWS_TK_NAME && P->tok.type != VTWS_TK_VARIABLE && !is_char(P, '{') && !is_char(P, '$'))
            return vtws_lf_unexpected(P);
        vtws_lf_runtime_error(P, line, col, "property access is not supported");
        return -1;
    }
    if (is_char(P, '{'))
        return vtws_lf_unexpected(P);
    assign_op op;
    if (is_char(P, '='))
        op = ASSIGN;
    else if (P->tok.type == VTWS_TK_CONCAT_EQUAL)
        op = ASSIGN_CONCAT;
    else if (P->tok.type == VTWS_TK_PLUS_EQUAL)
        op = ASSIGN_ADD;
    else {
        if (has_append) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, var.line, var.column, "Cannot use [] for reading");
            return -1;
        }
        ev v = vtws_lf_read_var(P, var.text, var.len, var.line, var.column);
        for (int i = 0; i < nd; i++)
            v = vtws_lf_read_dim(P, &v, &dims[i].key, dims[i].line, dims[i].col);
        *out = v;
        return 0;
    }
    next(P);
    if (is_op(P, "&")) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "assignment by reference is not supported");
        return -1;
    }
    ev rhs;
    if (vtws_lf_parse_expr(P, &rhs) < 0)
        return -1;
    *out = vtws_lf_assign(P, var.text, var.len, dims, nd, op, &rhs, var.line, var.column);
    return 0;
}

static int parse_primary(parser *P, ev *out)
{
    vtws_token *t = &P->tok;
    switch (t->type) {
    case VTWS_TK_STRING:
    case VTWS_TK_NUMBER:
        out->v = t->val;
        out->bad = 0;
        leaf_at(P, t->body_line ? t->body_line : t->line); /* a nowdoc's value starts on its body line */
        next(P);
        return 0;
    case VTWS_TK_DQ_OPEN: {
        leaf_at(P, t->line);
        if (vtws_lf_parse_interpolated(P, VTWS_MODE_DQ, out) < 0) {
            next(P);
            return -1;
        }
        next(P);
        return 0;
    }
    case VTWS_TK_HEREDOC: {
        leaf_at(P, t->body_line);
        int r = vtws_lf_parse_heredoc(P, out);
        next(P);
        return r;
    }
    case VTWS_TK_NAME:
        return vtws_lf_parse_name(P, out);
    case VTWS_TK_VARIABLE:
        return parse_variable(P, out);
    case VTWS_TK_ERROR:
        if (vtws_token_is_heredoc(&P->tok))
            return -1; /* a broken heredoc where PHP takes one: the lexer said why */
        break;
    default:
        break;
    }
    if (is_char(P, '[')) {
        next(P);
        return parse_array_literal(P, ']', out);
    }
    if (is_char(P, '(')) {
        next(P);
        if (vtws_lf_parse_expr(P, out) < 0)
            return -1;
        if (!is_char(P, ')'))
            return vtws_lf_unexpected(P);
        next(P);
        return 0;
    }
    return vtws_lf_unexpected(P);
}

static int parse_unary(parser *P, ev *out)
{
    if (is_char(P, '-') || is_char(P, '+')) {
        if (P->depth + 1 > MAX_DEPTH) {
            vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "nesting too deep");
            return -1;
        }
        int neg = P->tok.ch == '-';
        int line = P->tok.line, col = P->tok.column;
        next(P);
        ev operand;
        P->depth++;
        int r = parse_unary(P, &operand);
        P->depth--;
        if (r < 0)
            return -1;
        if (neg) {
            *out = vtws_lf_negate(P, &operand, line, col);
        } else {
            vtws_value x;
            if (operand.bad)
                *out = EV_BAD;
            else if (!vtws_lf_to_number(P, &operand.v, &x, line, col))
                *out = vtws_lf_unsupported_operands(P, line, col, type_name(&operand.v), "*", "int");
            else
                out->v = x, out->bad = 0;
        }
        return 0;
    }
    return parse_primary(P, out);
}

/* The binary operators after a left operand already read: '+' and '-' bind
 * tighter than '.' (PHP 8). */
static int continue_additive(parser *P, ev *out)
{
    while (is_char(P, '+') || is_char(P, '-')) {
        int sign = P->tok.ch == '+' ? 1 : -1;
        next(P);
        int col = P->tok.column;
        ev rhs;
        if (parse_unary(P, &rhs) < 0)
            return -1;
        *out = vtws_lf_arith(P, out, &rhs, sign, P->leaf_line, col);
    }
    return 0;
}

static int parse_additive(parser *P, ev *out)
{
    if (parse_unary(P, out) < 0)
        return -1;
    return continue_additive(P, out);
}

/* parse_unary, and whether the operand it read is a compile-time constant for PHP
 * (*is_const); P->nonconst keeps what it was, plus this operand. */
static int parse_operand(parser *P, ev *out, int *is_const)
{
    int outer_nonconst = P->nonconst;
    P->nonconst = 0;
    int r = parse_unary(P, out);
    *is_const = !P->nonconst;
    P->nonconst |= outer_nonconst;
    return r;
}

/* PHP 7.4 folds `array + scalar` (and `-` with an array) of constant operands while
 * compiling: its fatal error is dated by the array literal being compiled. */
static int folds_to_fatal_php7(const ev *a, const ev *b, int sign)
{
    if (a->bad || b->bad)
        return 0;
    int arrays = (a->v.type == VTWS_ARRAY) + (b->v.type == VTWS_ARRAY);
    return arrays == 1 || (arrays == 2 && sign < 0);
}

/* PHP 7: '+', '-' and '.' at one precedence, left to right; an unparenthesized '.' as the
 * left operand of '+'/'-' is deprecated (checked against php-src 7.4.33).
 * left_const: the left operand is a compile-time constant. */
static int continue_expr_php7(parser *P, ev *out, int start_line, int left_const)
{
    int left_is_concat = 0;
    while (is_char(P, '+') || is_char(P, '-') || is_char(P, '.')) {
        int ch = P->tok.ch, line = P->tok.line, col = P->tok.column;
        next(P);
        ev rhs;
        int rhs_const;
        if (parse_operand(P, &rhs, &rhs_const) < 0)
            return -1;
        left_const = left_const && rhs_const;
        int sign = ch == '+' ? 1 : -1;
        if (ch == '.') {
            *out = vtws_lf_concat(P, out, &rhs, line, col);
        } else if (left_const && P->fold.line && folds_to_fatal_php7(out, &rhs, sign)) {
            *out = vtws_lf_unsupported_operands(P, P->fold.line, col, type_name(&out->v), ch == '+' ? "+" : "-",
                                        type_name(&rhs.v));
        } else {
            if (left_is_concat)
                vtws_lf_warn(P, start_line, col,
                             "The behavior of unparenthesized expressions containing both '.' and '+'/'-' will "
                             "change in PHP 8: '+'/'-' will take a higher precedence");
            *out = vtws_lf_arith(P, out, &rhs, sign, P->leaf_line, col);
        }
        left_is_concat = ch == '.';
    }
    return 0;
}

/* start_line: where the expression began, the line PHP 7 gives its compile-time notes;
 * left_const: the left operand is a compile-time constant */
static int continue_expr(parser *P, ev *out, int start_line, int left_const)
{
    if (!php_at_least(P, 80000))
        return continue_expr_php7(P, out, start_line, left_const);
    if (continue_additive(P, out) < 0)
        return -1;
    while (is_char(P, '.')) {
        int line = P->tok.line, col = P->tok.column;
        next(P);
        ev rhs;
        if (parse_additive(P, &rhs) < 0)
            return -1;
        *out = vtws_lf_concat(P, out, &rhs, line, col);
    }
    return 0;
}

int vtws_lf_parse_expr(parser *P, ev *out)
{
    if (++P->depth > MAX_DEPTH) {
        vtws_diag_add(P->diags, VTWS_DIAG_ERROR, P->tok.line, P->tok.column, "nesting too deep");
        P->depth--;
        return -1;
    }
    int start_line = P->tok.body_line ? P->tok.body_line : P->tok.line; /* a heredoc: its body */
    int left_const;
    int r = parse_operand(P, out, &left_const);
    if (r == 0)
        r = continue_expr(P, out, start_line, left_const);
    P->depth--;
    return r;
}

/* An array element's key or value. Most are one plain string followed by
 * '=>', ',' or the closing bracket: take those without the descent. */
static int parse_element_part(parser *P, int closer, ev *out)
{
    if (P->tok.type != VTWS_TK_STRING)
        return vtws_lf_parse_expr(P, out);
    out->v = P->tok.val;
    out->bad = 0;
    int start_line = P->tok.body_line ? P->tok.body_line : P->tok.line;
    leaf_at(P, start_line);
    next(P);
    if (P->tok.type == VTWS_TK_DOUBLE_ARROW || is_char(P, ',') || is_char(P, closer))
        return 0;
    return continue_expr(P, out, start_line, 1); /* a plain string: constant */
}

/*
 * langfile — reads a Vtiger language file the way PHP would, without running it.
 *
 * Input: the file's bytes. Output: every variable the file assigns at top
 * level ($languageStrings, $jsLanguageStrings, $mod_strings, ...), in the order
 * PHP's get_defined_vars() lists them after `require` inside a function, each
 * value exactly as PHP 8 holds it; plus diagnostics with line and column.
 *
 * The supported subset is the one found in real language files: assignments
 * (=, +=, .=, to variables and array elements), array literals, strings of
 * every kind with interpolation, numbers, true/false/null, `.`, `+` and `-`,
 * parentheses and array_merge(). Anything else is an error diagnostic at its
 * line and column. Reading recovers: a bad array element is dropped, a bad
 * statement is skipped, and reading goes on. Where PHP would abort the whole
 * file, diagnostics say so; the values read are still returned.
 *
 * This API is langfile.c; the reader's parts (statements, expressions, string
 * interpolation, variables, PHP's conversions, messages) are core/langfile_*.c,
 * listed in the private header langfile_parser.h.
 */
#ifndef VTWS_LANGFILE_H
#define VTWS_LANGFILE_H

#include <stddef.h>

#include "alloc.h"
#include "diag.h"
#include "value.h"

typedef struct vtws_langvar {
    const char *name; /* NUL-terminated */
    size_t name_len;
    vtws_value value;
} vtws_langvar;

typedef struct vtws_langfile {
    vtws_arena arena;     /* owns every value, string and message below, and the bytes of a
                             file read by vtws_langfile_load (strings point into them) */
    vtws_langvar *vars;
    size_t var_count;
    vtws_diag_list diags;
    size_t output_bytes;  /* bytes PHP would send to the client (text outside tags) */
    int out_of_memory;
    int over_limit;       /* stopped at VTWS_LANGFILE_LIMIT: no variables, one error says where */
} vtws_langfile;

/* The reader's hard limit: reading a file of len bytes may take at most
 * VTWS_LANGFILE_LIMIT(len) bytes of memory, the file's own bytes included (real language
 * files take 2 to 11 times their size). A file that needs more (PHP would build it until
 * memory_limit stops the request) ends in one error diagnostic at the statement that
 * passed the limit, and gives no variables: values built past the limit could miss parts.
 * With it, work is linear in the file's size too: every byte copied was allocated. */
#define VTWS_LANGFILE_LIMIT_FACTOR 64
#define VTWS_LANGFILE_LIMIT_BASE ((size_t)8 << 20)
#define VTWS_LANGFILE_LIMIT(len) ((size_t)(len) * VTWS_LANGFILE_LIMIT_FACTOR + VTWS_LANGFILE_LIMIT_BASE)
/* Arrays are shared, as PHP shares them, so $a = [$a, $a] doubles a value in a few bytes;
 * whoever walks it (to PHP values, to JSON) visits each copy. A variable may hold at most
 * this many elements, nested arrays counted each time they appear; an assignment past it
 * is an error at its line and column, and the variable keeps its value. */
#define VTWS_LANGFILE_MAX_EXPANDED(len) ((uint64_t)VTWS_LANGFILE_LIMIT(len) / 64)

/* Strings in the result may point into buf: the caller keeps buf alive and
 * unchanged until vtws_langfile_free. Without it, buf is copied first. */
#define VTWS_LANGFILE_BORROW 1u

/* Read the file as the PHP of this PHP_VERSION_ID (such as 80000) would; without it, as the
 * newest PHP the reader knows. So far: 0o octal literals exist from 8.1. */
#define VTWS_LANGFILE_PHP(version_id) ((unsigned)(version_id) << 8)
#define VTWS_LANGFILE_PHP_OF(flags) ((int)((flags) >> 8))

/* Parse bytes. Returns NULL only when memory runs out before anything exists. */
vtws_langfile *vtws_langfile_parse(const char *buf, size_t len, unsigned flags);

/* Read and parse a file; the result owns the bytes, which are read once and
 * never copied. Returns NULL with errno set when it cannot be read. */
vtws_langfile *vtws_langfile_load(const char *path, unsigned flags);
/* The same, the result's memory taken from and given back to pool (see alloc.h). */
vtws_langfile *vtws_langfile_load_pooled(const char *path, unsigned flags, vtws_block_pool *pool);

/* The value of a variable the file assigned, or NULL. */
const vtws_value *vtws_langfile_find(const vtws_langfile *lf, const char *name);

size_t vtws_langfile_error_count(const vtws_langfile *lf);

void vtws_langfile_free(vtws_langfile *lf);

#endif

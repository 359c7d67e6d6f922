/*
 * langfile — the reader's public API (langfile.h): parse bytes or load a file (one read
 * into the result's arena), run the statements, collect the variables the file assigned,
 * find one, free. The reader itself is in core/langfile_*.c (see langfile_parser.h).
 */
#include "langfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "langfile_parser.h"

/* ---- API ------------------------------------------------------------------------------- */

/* An empty result whose arena starts with one block of first_block bytes. */
static vtws_langfile *langfile_new(size_t first_block, vtws_block_pool *pool)
{
    vtws_langfile *lf = vtws_malloc(sizeof(*lf));
    if (!lf)
        return NULL;
    memset(lf, 0, sizeof(*lf));
    vtws_arena_init_pooled(&lf->arena, first_block, pool);
    vtws_diag_init(&lf->diags, &lf->arena);
    return lf;
}

/* The parse's own memory for a source of len bytes: values, buckets and indexes. */
static size_t parse_block_size(size_t len) { return len / 2 + 4096; }

static void parse_into(vtws_langfile *lf, const char *src, size_t len, unsigned flags)
{
    vtws_lexer lx;
    vtws_lex_init(&lx, src ? src : "", len, 0, 1, &lf->arena, &lf->diags);
    lx.php_version = VTWS_LANGFILE_PHP_OF(flags);
    parser P;
    memset(&P, 0, sizeof(P));
    P.lx = &lx;
    P.arena = &lf->arena;
    P.diags = &lf->diags;
    P.vars = vtws_array_new(&lf->arena, 8);
    if (!P.vars) {
        lf->out_of_memory = 1;
        return;
    }
    lf->arena.limit = VTWS_LANGFILE_LIMIT(len);
    vtws_lf_parse_statements(&P, lf);
    lf->arena.limit = 0;
    lf->output_bytes = P.output_bytes;
    if (lf->over_limit)
        return; /* no variables: they may miss parts */

    size_t n = 0;
    for (uint32_t i = 0; i < P.vars->count; i++)
        if (P.vars->buckets[i].val.type != VTWS_UNDEF)
            n++;
    lf->vars = vtws_arena_alloc(&lf->arena, (n ? n : 1) * sizeof(vtws_langvar));
    if (!lf->vars) {
        lf->out_of_memory = 1;
        return;
    }
    for (uint32_t i = 0; i < P.vars->count; i++) {
        const vtws_bucket *b = &P.vars->buckets[i];
        if (b->val.type == VTWS_UNDEF)
            continue;
        vtws_langvar *v = &lf->vars[lf->var_count++];
        v->name = vtws_arena_strndup(&lf->arena, b->key.str, b->key.len);
        v->name_len = b->key.len;
        v->value = b->val;
        if (!v->name) {
            lf->var_count--;
            lf->out_of_memory = 1;
        }
    }
    if (lf->arena.failed)
        lf->out_of_memory = 1;
}

vtws_langfile *vtws_langfile_parse(const char *buf, size_t len, unsigned flags)
{
    vtws_langfile *lf = langfile_new(parse_block_size(len), NULL);
    if (!lf)
        return NULL;
    const char *src = buf;
    if (!(flags & VTWS_LANGFILE_BORROW)) {
        char *copy = vtws_arena_alloc(&lf->arena, len + 1);
        if (!copy) {
            lf->out_of_memory = 1;
            return lf;
        }
        if (len)
            memcpy(copy, buf, len);
        copy[len] = '\0';
        src = copy;
    }
    parse_into(lf, src, len, flags);
    return lf;
}

/* The whole file into the arena, with one read(2) when its size is known; NULL with errno
 * set on failure. A file that grows while it is read is read to its new end. */
static char *read_into(vtws_arena *arena, FILE *f, size_t cap, size_t *len_out)
{
    setvbuf(f, NULL, _IONBF, 0); /* read straight into buf */
    char *buf = vtws_arena_alloc(arena, cap);
    size_t len = 0;
    while (buf) {
        size_t want = cap - len, got = fread(buf + len, 1, want, f);
        len += got;
        if (got < want) { /* the end of the file, or an error */
            if (ferror(f)) {
                errno = errno ? errno : EIO;
                return NULL;
            }
            *len_out = len;
            return buf;
        }
        char *bigger = cap > SIZE_MAX / 2 ? NULL : vtws_arena_alloc(arena, cap * 2);
        if (bigger)
            memcpy(bigger, buf, len);
        buf = bigger;
        cap *= 2;
    }
    errno = ENOMEM;
    return NULL;
}

vtws_langfile *vtws_langfile_load_pooled(const char *path, unsigned flags, vtws_block_pool *pool)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 4)
        cap = (size_t)st.st_size + 1; /* + 1: the end of the file is seen in the same read */
    /* the bytes and the parse share the first block; the strings point into the bytes */
    vtws_langfile *lf = langfile_new(cap + parse_block_size(cap), pool);
    size_t len = 0;
    char *buf = lf ? read_into(&lf->arena, f, cap, &len) : NULL;
    int e = lf ? errno : ENOMEM;
    fclose(f);
    if (!buf) {
        vtws_langfile_free(lf);
        errno = e;
        return NULL;
    }
    parse_into(lf, buf, len, flags);
    return lf;
}

vtws_langfile *vtws_langfile_load(const char *path, unsigned flags)
{
    return vtws_langfile_load_pooled(path, flags, NULL);
}

const vtws_value *vtws_langfile_find(const vtws_langfile *lf, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < lf->var_count; i++)
        if (lf->vars[i].name_len == n && memcmp(lf->vars[i].name, name, n) == 0)
            return &lf->vars[i].value;
    return NULL;
}

size_t vtws_langfile_error_count(const vtws_langfile *lf)
{
    return lf->diags.errors;
}

void vtws_langfile_free(vtws_langfile *lf)
{
    if (!lf)
        return;
    vtws_arena_destroy(&lf->arena);
    vtws_free(lf);
}

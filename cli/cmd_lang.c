/* `vtws lang dump FILE` and `vtws lang check DIR`: the reader from the shell. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "langfile.h"

static json_t *diagnostics_json(const vtws_langfile *lf)
{
    json_t *list = json_array();
    for (size_t i = 0; i < lf->diags.count; i++) {
        const vtws_diag *d = &lf->diags.items[i];
        json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:s}", "severity", vtws_severity_name(d->severity),
                                              "line", d->line, "column", d->column, "message", d->message));
    }
    return list;
}

static int lang_dump(const char *path, unsigned flags)
{
    errno = 0;
    vtws_langfile *lf = vtws_langfile_load(path, flags);
    if (!lf) {
        cli_error("cannot read %s: %s", path, strerror(errno ? errno : EIO));
        return EXIT_PROBLEMS;
    }
    json_t *vars = json_object();
    for (size_t i = 0; i < lf->var_count; i++)
        json_object_setn_new(vars, lf->vars[i].name, lf->vars[i].name_len, cli_value_to_json(&lf->vars[i].value));
    json_t *out = json_pack("{s:o, s:o}", "vars", vars, "diagnostics", diagnostics_json(lf));
    vtws_langfile_free(lf);
    int r = cli_print_json(out);
    json_decref(out);
    if (r) {
        cli_error("cannot write the output");
        return EXIT_PROBLEMS;
    }
    return EXIT_OK;
}

typedef struct path_list {
    char **items;
    size_t count, cap;
} path_list;

static void add_path(path_list *l, const char *p)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof(char *));
        if (!l->items) {
            cli_error("out of memory");
            exit(EXIT_PROBLEMS);
        }
    }
    l->items[l->count++] = strdup(p);
}

/* Every *.php below dir, without following symlinked directories. */
static int collect(const char *dir, path_list *out, int depth)
{
    if (depth > 64)
        return 0;
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("cannot open %s: %s", dir, strerror(errno));
        return -1;
    }
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
            continue;
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (collect(path, out, depth + 1) < 0)
                bad = 1;
        } else {
            size_t n = strlen(e->d_name);
            if (n > 4 && strcmp(e->d_name + n - 4, ".php") == 0)
                add_path(out, path);
        }
    }
    closedir(d);
    return bad ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int lang_check(const char *dir, unsigned flags)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        cli_error("cannot read %s: %s", dir, strerror(errno));
        return EXIT_PROBLEMS;
    }
    path_list files = {0};
    int problems = 0;
    if (S_ISDIR(st.st_mode)) {
        if (collect(dir, &files, 0) < 0)
            problems = 1;
    } else {
        add_path(&files, dir);
    }
    qsort(files.items, files.count, sizeof(char *), cmp_str);
    size_t errors = 0, warnings = 0, bad_files = 0;
    for (size_t i = 0; i < files.count; i++) {
        errno = 0;
        vtws_langfile *lf = vtws_langfile_load(files.items[i], flags);
        if (!lf) {
            printf("%s: error: cannot read: %s\n", files.items[i], strerror(errno ? errno : EIO));
            errors++;
            bad_files++;
        } else {
            for (size_t k = 0; k < lf->diags.count; k++) {
                const vtws_diag *d = &lf->diags.items[k];
                printf("%s:%d:%d: %s: %s\n", files.items[i], d->line, d->column, vtws_severity_name(d->severity),
                       d->message);
                if (d->severity == VTWS_DIAG_ERROR)
                    errors++;
                else
                    warnings++;
            }
            if (lf->diags.errors)
                bad_files++;
            vtws_langfile_free(lf);
        }
        free(files.items[i]);
    }
    free(files.items);
    fflush(stdout);
    fprintf(stderr, "vtws: %zu file%s checked: %zu error%s in %zu file%s, %zu warning%s\n", files.count,
            files.count == 1 ? "" : "s", errors, errors == 1 ? "" : "s", bad_files, bad_files == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s");
    return errors || problems ? EXIT_PROBLEMS : EXIT_OK;
}

/* --php 7.4|8.0|...|8.5: read files as that PHP does (default: the newest the reader knows). */
static int php_option(int *argc, char **argv, unsigned *flags)
{
    for (int i = 0; i < *argc; i++) {
        const char *v = NULL;
        if (strncmp(argv[i], "--php=", 6) == 0)
            v = argv[i] + 6;
        else if (strcmp(argv[i], "--php") == 0 && i + 1 < *argc)
            v = argv[i + 1];
        else if (strcmp(argv[i], "--php") == 0)
            v = "";
        if (!v)
            continue;
        static const char *const known[] = {"7.4", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5"};
        int id = 0;
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            if (strcmp(v, known[k]) == 0)
                id = (known[k][0] - '0') * 10000 + (known[k][2] - '0') * 100;
        if (!id) {
            cli_error("--php takes 7.4, 8.0, 8.1, 8.2, 8.3, 8.4 or 8.5");
            return 0;
        }
        *flags = VTWS_LANGFILE_PHP(id);
        int drop = strcmp(argv[i], "--php") == 0 ? 2 : 1;
        for (int k = i; k + drop < *argc; k++)
            argv[k] = argv[k + drop];
        *argc -= drop;
        i--;
    }
    return 1;
}

int cmd_lang(int argc, char **argv)
{
    unsigned flags = 0;
    if (!php_option(&argc, argv, &flags))
        return EXIT_USAGE;
    if (argc == 2 && strcmp(argv[0], "dump") == 0)
        return lang_dump(argv[1], flags);
    if (argc == 2 && strcmp(argv[0], "check") == 0)
        return lang_check(argv[1], flags);
    cli_error("usage: vtws lang dump FILE | vtws lang check DIR  [--php 7.4|8.0|8.1|8.2|8.3|8.4|8.5]");
    return EXIT_USAGE;
}

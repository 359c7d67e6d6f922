/* The reader's rate on a corpus held in memory: best of ROUNDS full passes.
 * Each file is parsed the way vtws_langfile_load does it: strings point into
 * the file's bytes (VTWS_LANGFILE_BORROW), values and tables are built anew.
 * Usage: langfile_bench LISTFILE ROUNDS  ->  "bytes entries seconds" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "langfile.h"

typedef struct { char *buf; size_t len; } file_data;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t count_entries(const vtws_langfile *lf)
{
    size_t n = 0;
    for (size_t i = 0; i < lf->var_count; i++)
        if (lf->vars[i].value.type == VTWS_ARRAY)
            n += lf->vars[i].value.u.a->count;
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: langfile_bench LISTFILE ROUNDS\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        perror(argv[1]);
        return 1;
    }
    file_data *files = NULL;
    size_t nfiles = 0, bytes = 0, entries = 0;
    char path[4096];
    while (fgets(path, sizeof(path), list)) {
        path[strcspn(path, "\n")] = '\0';
        FILE *f = fopen(path, "rb");
        if (!f) {
            perror(path);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        files = realloc(files, (nfiles + 1) * sizeof(*files));
        files[nfiles].buf = malloc((size_t)n);
        files[nfiles].len = fread(files[nfiles].buf, 1, (size_t)n, f);
        fclose(f);
        bytes += files[nfiles].len;
        nfiles++;
    }
    fclose(list);
    for (size_t i = 0; i < nfiles; i++) {
        vtws_langfile *lf = vtws_langfile_parse(files[i].buf, files[i].len, 0);
        if (lf->diags.errors) {
            fprintf(stderr, "unexpected reader error in file %zu\n", i);
            return 1;
        }
        entries += count_entries(lf);
        vtws_langfile_free(lf);
    }
    double best = 1e30;
    for (int r = 0; r < atoi(argv[2]); r++) {
        double t = now();
        for (size_t i = 0; i < nfiles; i++)
            vtws_langfile_free(vtws_langfile_parse(files[i].buf, files[i].len, VTWS_LANGFILE_BORROW));
        t = now() - t;
        if (t < best)
            best = t;
    }
    printf("%zu %zu %.9f\n", bytes, entries, best);
    return 0;
}

/* shstore: a store shared by the processes of one user. Other processes are real ones
 * (fork); the kill of a publisher is a real SIGKILL; damage is written into the real
 * mapping. Each test runs in a process of its own (check's fork mode), in a fresh dir. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "shstore.h"
#include "test_main.h"

#define MiB ((size_t)1 << 20)

static char dir[256];
static vtws_shstore *inherited; /* the test's own store: a forked child lets it go first */

static void make_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/vtws-shstore-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static vtws_shstore *open_store(size_t size)
{
    char err[512] = "";
    vtws_shstore *s = vtws_shstore_open(dir, "t1", size, 1, err, sizeof(err));
    ck_assert_msg(s != NULL, "open: %s", err);
    ck_assert_msg(vtws_shstore_begin(s, err, sizeof(err)) >= 0, "begin: %s", err);
    inherited = s;
    return s;
}

typedef struct fill_spec {
    const char *text; /* repeated over the payload */
    int give_up;
    int pause_fd;     /* >= 0: write one byte there halfway, then sleep (to be killed) */
} fill_spec;

static int fill(void *ctx, void *dst, size_t len)
{
    fill_spec *f = ctx;
    size_t tl = strlen(f->text);
    for (size_t i = 0; i < len; i++) {
        ((char *)dst)[i] = f->text[i % tl];
        if (f->pause_fd >= 0 && i == len / 2) {
            ck_assert_int_eq(write(f->pause_fd, "x", 1), 1);
            for (;;)
                pause();
        }
    }
    return !f->give_up;
}

static const void *publish(vtws_shstore *s, const char *slot, const char *version, size_t len, const char *text)
{
    fill_spec f = {text, 0, -1};
    return vtws_shstore_publish(s, slot, strlen(slot), version, strlen(version), len, fill, &f);
}

static const char *find(vtws_shstore *s, const char *slot, const char *version, size_t *len)
{
    return vtws_shstore_find(s, slot, strlen(slot), version, strlen(version), len);
}

/* Runs fn in a child process; returns its exit status (0: passed). */
static int in_child(int (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        vtws_shstore_close(inherited);
        _exit(fn(arg));
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* A child's own store, begun: NULL when it cannot be (the child then exits with 2). */
static vtws_shstore *child_store(size_t size)
{
    char err[512];
    vtws_shstore *s = vtws_shstore_open(dir, "t1", size, 1, err, sizeof(err));
    if (s && vtws_shstore_begin(s, err, sizeof(err)) < 0) {
        vtws_shstore_close(s);
        return NULL;
    }
    return s;
}

static int child_finds(void *arg)
{
    const char *want = arg;
    vtws_shstore *s = child_store(8 * MiB);
    if (!s)
        return 2;
    size_t len;
    const char *p = find(s, "/var/www/a\0ru_ru\0Contacts", "v1", &len);
    if (!p || len != strlen(want) || memcmp(p, want, len) != 0)
        return 3;
    vtws_shstore_close(s);
    return 0;
}

START_TEST(published_entries_are_found_by_other_processes)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    const char *p = publish(s, "/var/www/a\0ru_ru\0Contacts", "v1", 13, "Контакт");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq((uintptr_t)p % 16, 0);
    ck_assert(vtws_shstore_contains(s, p));
    char want[14];
    memcpy(want, p, 13);
    want[13] = '\0';
    ck_assert_int_eq(in_child(child_finds, want), 0);
    /* another version, or another slot, is not this entry */
    size_t len;
    ck_assert_ptr_null(find(s, "/var/www/a\0ru_ru\0Contacts", "v2", &len));
    ck_assert_ptr_null(find(s, "/var/www/b\0ru_ru\0Contacts", "v1", &len));
    ck_assert_ptr_eq(find(s, "/var/www/a\0ru_ru\0Contacts", "v1", &len), p);
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.publishes, 1);
    ck_assert_uint_eq(st.entries, 1);
    ck_assert_uint_eq(st.hits, 2);   /* the child's and the last find */
    ck_assert_uint_eq(st.misses, 2);
    ck_assert_uint_eq(st.generation, 1);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(files_are_the_users_alone)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    struct stat st;
    ck_assert_int_eq(stat(vtws_shstore_path(s), &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(st.st_uid, geteuid());
    char gen[512];
    snprintf(gen, sizeof(gen), "%s.1", vtws_shstore_path(s));
    ck_assert_int_eq(stat(gen, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    char path[512], cur[600];
    snprintf(path, sizeof(path), "%s", vtws_shstore_path(s));
    snprintf(cur, sizeof(cur), "%s.cur", path);
    vtws_shstore_close(s);
    char err[512] = "";

    /* the current generation's fixed name: the same file, the same rule */
    struct stat cst;
    ck_assert_int_eq(stat(cur, &cst), 0);
    ck_assert_int_eq(stat(gen, &st), 0);
    ck_assert(cst.st_ino == st.st_ino);
    ck_assert_int_eq(chmod(gen, 0644), 0);
    s = vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err)); /* the control file is fine */
    ck_assert_ptr_nonnull(s);
    ck_assert_int_lt(vtws_shstore_begin(s, err, sizeof(err)), 0);
    ck_assert_msg(strstr(err, "mode 0600") != NULL, "%s", err);
    vtws_shstore_close(s);
    ck_assert_int_eq(chmod(gen, 0600), 0);

    /* a store others may open is not used (the control file: without .cur) */
    unlink(cur);
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_ptr_null(vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err)));
    ck_assert_msg(strstr(err, "mode 0600") != NULL, "%s", err);
    ck_assert_int_eq(chmod(path, 0600), 0);
    /* nor one that belongs to another user (root can make one) */
    if (geteuid() == 0) {
        ck_assert_int_eq(chown(path, 65534, 65534), 0);
        ck_assert_ptr_null(vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err)));
        ck_assert_msg(strstr(err, "not a file of uid 0") != NULL, "%s", err);
    }
    /* nor a symlink planted under its name */
    unlink(path);
    ck_assert_int_eq(symlink("/etc/passwd", path), 0);
    ck_assert_ptr_null(vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err)));
    remove_dir();
}
END_TEST

START_TEST(a_publisher_killed_midway_leaves_no_lock_and_nothing_visible)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    vtws_shstore_stats before;
    vtws_shstore_stats_get(s, &before);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        vtws_shstore_close(inherited);
        char err[512];
        vtws_shstore *c = vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err));
        if (!c || vtws_shstore_begin(c, err, sizeof(err)) < 0)
            _exit(2);
        fill_spec f = {"half", 0, fds[1]};
        vtws_shstore_publish(c, "slot", 4, "v1", 2, 100000, fill, &f);
        _exit(3);
    }
    char b;
    ck_assert_int_eq(read(fds[0], &b, 1), 1); /* halfway through, holding the lock */
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    ck_assert(WIFSIGNALED(st));
    size_t len;
    ck_assert_ptr_null(find(s, "slot", "v1", &len));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *p = publish(s, "slot", "v1", 1000, "whole");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_ptr_nonnull(p); /* the lock went with the process */
    ck_assert_int_eq(memcmp(p, "wholewhole", 10), 0);
    ck_assert_ptr_eq(find(s, "slot", "v1", &len), p);
    ck_assert_uint_eq(len, 1000);
    vtws_shstore_stats after;
    vtws_shstore_stats_get(s, &after);
    ck_assert_uint_eq(after.publishes, before.publishes + 1);
    ck_assert_uint_eq(after.fallbacks, 0);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(a_newer_version_supersedes_and_a_full_generation_of_garbage_is_replaced)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char version[32];
    const char *p = NULL;
    int i;
    /* one slot, new versions (a file replaced again and again) until the generation is full */
    for (i = 0; i < 100; i++) {
        snprintf(version, sizeof(version), "v%d", i);
        p = publish(s, "slot", version, 100000, "x");
        if (!p)
            break;
    }
    ck_assert_int_gt(i, 5);
    ck_assert_int_lt(i, 100);
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_gt(st.garbage, st.size / 4);
    ck_assert_uint_eq(st.fallbacks, 1);
    size_t len;
    const char *old = find(s, "slot", "v0", &len); /* still mapped, still itself */
    ck_assert_ptr_nonnull(old);
    char err[512];
    ck_assert_int_eq(vtws_shstore_begin(s, err, sizeof(err)), 1); /* moved to a new generation */
    ck_assert_int_eq(old[0], 'x');                              /* the old one stays until the unit ends */
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.generation, 2);
    ck_assert_uint_eq(st.rotations, 1);
    ck_assert_uint_eq(st.used < 64 * 1024, 1);
    ck_assert_ptr_null(find(s, "slot", "v0", &len));
    ck_assert_ptr_nonnull(publish(s, "slot", version, 100000, "y"));
    vtws_shstore_end(s);
    ck_assert(!vtws_shstore_contains(s, old));
    char gen1[512];
    snprintf(gen1, sizeof(gen1), "%s.1", vtws_shstore_path(s));
    ck_assert_int_eq(access(gen1, F_OK), -1); /* unlinked: gone when the last process unmaps it */
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(a_store_full_of_live_entries_falls_back_and_says_so)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char slot[32];
    int i;
    for (i = 0; i < 100; i++) {
        snprintf(slot, sizeof(slot), "slot%d", i);
        if (!publish(s, slot, "v", 100000, "z"))
            break;
    }
    ck_assert_int_lt(i, 11);
    ck_assert(vtws_shstore_full(s));
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.fallbacks, 1);
    ck_assert_uint_eq(st.garbage, 0);
    char err[512];
    ck_assert_int_eq(vtws_shstore_begin(s, err, sizeof(err)), 0); /* no new generation: nothing to gain */
    size_t len;
    ck_assert_ptr_nonnull(find(s, "slot0", "v", &len)); /* what is there is still served */
    vtws_shstore_count_fallback(s);
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.fallbacks, 2);
    /* a minute later, full of entries no one supersedes (roots gone): a new generation */
    char gen1[512];
    snprintf(gen1, sizeof(gen1), "%s.1", vtws_shstore_path(s));
    FILE *f = fopen(gen1, "r+");
    uint64_t created = (uint64_t)time(NULL) - 61;
    ck_assert_int_eq(fseek(f, 16, SEEK_SET), 0); /* gen_header.created */
    ck_assert_int_eq(fwrite(&created, 8, 1, f), 1);
    fclose(f);
    ck_assert_ptr_null(publish(s, "slot99", "v", 100000, "z"));
    ck_assert(!vtws_shstore_full(s));
    ck_assert_int_eq(vtws_shstore_begin(s, err, sizeof(err)), 1);
    ck_assert_ptr_nonnull(publish(s, "slot99", "v", 100000, "z"));
    vtws_shstore_end(s);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(damaged_memory_is_a_miss)
{
    make_dir();
    vtws_shstore *s = open_store(4 * MiB);
    char *p = (char *)publish(s, "slot", "v", 5000, "abc");
    ck_assert_ptr_nonnull(p);
    size_t len;
    char *names = p - 16; /* the entry's names ("slot", "v") end before its payload */
    while (memcmp(names, "slotv", 5) != 0)
        names--;
    names[1] ^= 1; /* a bit of the slot's name */
    ck_assert_ptr_null(find(s, "slot", "v", &len));
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.misses, 1);
    names[1] ^= 1;
    ck_assert_ptr_eq(find(s, "slot", "v", &len), p);
    /* sizes: damaged, a miss */
    ((uint32_t *)names)[-7] ^= 0x100; /* the entry's payload_off (header bytes 20..23) */
    ck_assert_ptr_null(find(s, "slot", "v", &len));
    ((uint32_t *)names)[-7] ^= 0x100;
    /* the same entry published again after damage is found (the newest first) */
    names[0] ^= 0x40;
    const char *q = publish(s, "slot", "v", 5000, "abc");
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_ne(q, p);
    ck_assert_ptr_eq(find(s, "slot", "v", &len), q);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(kept_answers_never_turn_tables_away)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char slot[32];
    fill_spec f = {"a", 0, -1};
    int i;
    for (i = 0; i < 100; i++) { /* single-use answers, until the generation is full */
        snprintf(slot, sizeof(slot), "answer%d", i);
        if (!vtws_shstore_publish_cached(s, slot, strlen(slot), "v", 1, 50000, fill, &f))
            break;
    }
    ck_assert_int_lt(i, 100);
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.fallbacks, 0);     /* an answer not kept is no fallback */
    ck_assert(!vtws_shstore_full(s));       /* all reclaimable: not "full" */
    size_t len;
    ck_assert_ptr_nonnull(find(s, "answer0", "v", &len)); /* found while the generation lasts */
    char err[512];
    ck_assert_int_eq(vtws_shstore_begin(s, err, sizeof(err)), 1); /* a new generation */
    ck_assert_ptr_nonnull(publish(s, "table", "v", 100000, "t"));
    vtws_shstore_end(s);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

static int child_damages_header(void *arg)
{
    (void)arg;
    vtws_shstore *s = child_store(8 * MiB);
    if (!s)
        return 2;
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    return st.generation == 2 ? 0 : 3;
}

START_TEST(a_first_unit_needs_only_the_current_generation)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    ck_assert_ptr_nonnull(publish(s, "slot", "v1", 64, "abc"));
    char path[512], err[512] = "", magic[8];
    snprintf(path, sizeof(path), "%s", vtws_shstore_path(s));
    vtws_shstore_close(s);
    inherited = NULL;
    /* the control file's content spoilt (its owner and mode as they must be): a process's
     * first unit opens the generation by its .cur name alone, and reads nothing of it */
    FILE *f = fopen(path, "r+");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fread(magic, 1, 8, f), 8);
    rewind(f);
    fputs("garbage!", f);
    fclose(f);
    vtws_shstore *b = vtws_shstore_open(dir, "t1", 8 * MiB, 0, err, sizeof(err));
    ck_assert_msg(b != NULL, "%s", err);
    ck_assert_int_eq(vtws_shstore_begin(b, err, sizeof(err)), 0);
    size_t len;
    ck_assert_ptr_nonnull(find(b, "slot", "v1", &len));
    ck_assert_uint_eq(len, 64);
    vtws_shstore_end(b);
    /* its next unit opens the control file, and finds it damaged */
    ck_assert_int_lt(vtws_shstore_begin(b, err, sizeof(err)), 0);
    f = fopen(path, "r+");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(magic, 1, 8, f), 8);
    fclose(f);
    ck_assert_int_eq(vtws_shstore_begin(b, err, sizeof(err)), 0);
    vtws_shstore_end(b); /* the first unit's hit, added now */
    vtws_shstore_stats st;
    vtws_shstore_stats_get(b, &st);
    ck_assert_uint_eq(st.hits, 1);
    ck_assert_uint_eq(st.generation, 1);
    vtws_shstore_close(b);
    /* a control file of the wrong mode: not even the first unit uses the store */
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_ptr_null(vtws_shstore_open(dir, "t1", 8 * MiB, 0, err, sizeof(err)));
    ck_assert_msg(strstr(err, "mode 0600") != NULL, "%s", err);
    remove_dir();
}
END_TEST

/* A first unit reads the generation's header when it opens the store; an entry published
 * after that lies past what was in use then, and is found all the same (not taken for
 * damage). */
START_TEST(a_first_unit_finds_what_was_published_since_it_opened)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    ck_assert_ptr_nonnull(publish(s, "slot", "v1", 64, "abc"));
    vtws_shstore_close(s);
    inherited = NULL;
    char err[512] = "";
    vtws_shstore *b = vtws_shstore_open(dir, "t1", 8 * MiB, 0, err, sizeof(err)); /* through .cur */
    ck_assert_msg(b != NULL, "%s", err);
    vtws_shstore *c = vtws_shstore_open(dir, "t1", 8 * MiB, 0, err, sizeof(err));
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_int_eq(vtws_shstore_begin(c, err, sizeof(err)), 0);
    ck_assert_ptr_nonnull(publish(c, "late", "v1", 100, "late"));
    vtws_shstore_end(c);
    vtws_shstore_close(c);
    ck_assert_int_eq(vtws_shstore_begin(b, err, sizeof(err)), 0);
    size_t len;
    const char *p = find(b, "late", "v1", &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, 100);
    ck_assert_ptr_nonnull(find(b, "slot", "v1", &len));
    vtws_shstore_end(b);
    vtws_shstore_stats st;
    vtws_shstore_stats_get(b, &st);
    ck_assert_uint_eq(st.damaged, 0);
    ck_assert_uint_eq(st.hits, 2);
    vtws_shstore_close(b);
    remove_dir();
}
END_TEST

static int child_finds_new(void *arg)
{
    (void)arg;
    vtws_shstore *s = child_store(1 * MiB);
    if (!s)
        return 2;
    size_t len;
    const char *p = find(s, "new", "v", &len);
    if (!p || len != 1000 || p[0] != 'n')
        return 3;
    vtws_shstore_close(s);
    return 0;
}

START_TEST(the_current_name_follows_new_generations)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char gen1[512], gen2[512], cur[600], keep[600], version[32], err[512];
    snprintf(gen1, sizeof(gen1), "%s.1", vtws_shstore_path(s));
    snprintf(gen2, sizeof(gen2), "%s.2", vtws_shstore_path(s));
    snprintf(cur, sizeof(cur), "%s.cur", vtws_shstore_path(s));
    snprintf(keep, sizeof(keep), "%s.keep", vtws_shstore_path(s));
    ck_assert_int_eq(link(gen1, keep), 0); /* generation 1, kept past its replacement */
    for (int i = 0; i < 100; i++) {
        snprintf(version, sizeof(version), "v%d", i);
        if (!publish(s, "slot", version, 100000, "x"))
            break;
    }
    ck_assert_int_eq(vtws_shstore_begin(s, err, sizeof(err)), 1); /* generation 2 */
    ck_assert_ptr_nonnull(publish(s, "new", "v", 1000, "n"));
    vtws_shstore_end(s);
    struct stat a, b;
    ck_assert_int_eq(stat(cur, &a), 0);
    ck_assert_int_eq(stat(gen2, &b), 0);
    ck_assert(a.st_ino == b.st_ino);
    ck_assert_int_eq(in_child(child_finds_new, NULL), 0);
    /* a .cur left naming the old generation (its mover died first): the old one says it was
     * replaced, and a fresh process takes the control file's */
    ck_assert_int_eq(rename(keep, cur), 0);
    ck_assert_int_eq(in_child(child_finds_new, NULL), 0);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

static void touch_file(const char *name, mode_t mode)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("old", f);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

static int exists(const char *name)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

START_TEST(stores_of_older_layouts_are_removed_by_the_first_of_a_new_one)
{
    make_dir();
    char mine[64], name[128];
    snprintf(mine, sizeof(mine), "vtws.%ld.", (long)geteuid());
    const char *old[] = {"p80236f4", "p80236f4.4", "p80236f4.cur", "p80236f4.new77", "p80236f4.cur.new77", "p80236f3"};
    for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
        snprintf(name, sizeof(name), "%s%s", mine, old[i]);
        touch_file(name, 0600);
    }
    /* not removed: another PHP's store, other files, a readable one, a link */
    const char *kept[] = {"p80400f4", "p80236f4x", "p80236f5.1", "p80236f4.1.bak"};
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        snprintf(name, sizeof(name), "%s%s", mine, kept[i]);
        touch_file(name, 0600);
    }
    snprintf(name, sizeof(name), "%sp80236f2", mine);
    touch_file(name, 0644);
    char link_path[600];
    snprintf(link_path, sizeof(link_path), "%s/%sp80236f1", dir, mine);
    ck_assert_int_eq(symlink("/etc/hostname", link_path), 0);
    char err[512] = "";
    vtws_shstore *s = vtws_shstore_open(dir, "p80236f5", 8 * MiB, 1, err, sizeof(err));
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert(vtws_shstore_created(s));
    ck_assert_int_eq(vtws_shstore_remove_others(dir, "p80236f", "p80236f5"), 6);
    for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
        snprintf(name, sizeof(name), "%s%s", mine, old[i]);
        ck_assert_msg(!exists(name), "%s", name);
    }
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        snprintf(name, sizeof(name), "%s%s", mine, kept[i]);
        ck_assert_msg(exists(name), "%s", name);
    }
    snprintf(name, sizeof(name), "%sp80236f2", mine);
    ck_assert(exists(name));
    snprintf(name, sizeof(name), "%sp80236f1", mine);
    ck_assert(exists(name));
    snprintf(name, sizeof(name), "%sp80236f5", mine); /* its own */
    ck_assert(exists(name));
    vtws_shstore_close(s);
    /* a process that finds the store made did not make it */
    s = vtws_shstore_open(dir, "p80236f5", 8 * MiB, 1, err, sizeof(err));
    ck_assert_ptr_nonnull(s);
    ck_assert(!vtws_shstore_created(s));
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

START_TEST(a_damaged_generation_header_starts_a_new_generation)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB);
    ck_assert_ptr_nonnull(publish(s, "slot", "v", 1000, "x"));
    char gen1[512];
    snprintf(gen1, sizeof(gen1), "%s.1", vtws_shstore_path(s));
    FILE *f = fopen(gen1, "r+");
    ck_assert_ptr_nonnull(f);
    fputs("garbage!", f); /* the magic */
    fclose(f);
    ck_assert_int_eq(in_child(child_damages_header, NULL), 0); /* a fresh process: generation 2 */
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

/* Random bytes written all over a generation: finds may miss, never crash or loop. */
START_TEST(scribbled_generations_never_crash)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char slot[32];
    const char *first = NULL;
    for (int i = 0; i < 50; i++) {
        snprintf(slot, sizeof(slot), "slot%d", i);
        const char *p = publish(s, slot, "v", 1000 + 37 * i, "ok");
        ck_assert_ptr_nonnull(p);
        if (!first)
            first = p;
    }
    /* the generation begins a page before the first entry's header */
    unsigned char *base = (unsigned char *)(((uintptr_t)first - 1) & ~(uintptr_t)4095) - 32768;
    unsigned seed = 12345;
    for (int round = 0; round < 200; round++) {
        for (int k = 0; k < 64; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 3) % (200 * 1024);
            base[at] = (unsigned char)(seed >> 16);
        }
        for (int i = 0; i < 50; i++) {
            snprintf(slot, sizeof(slot), "slot%d", i);
            size_t len;
            const char *p = find(s, slot, "v", &len);
            if (p)
                ck_assert_uint_eq(len, 1000 + 37 * (size_t)i);
        }
    }
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

static int child_publishes_many(void *arg)
{
    int id = *(int *)arg;
    char err[512], slot[32], text[8];
    vtws_shstore *s = vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err));
    if (!s || vtws_shstore_begin(s, err, sizeof(err)) < 0)
        return 2;
    for (int i = 0; i < 200; i++) {
        snprintf(slot, sizeof(slot), "slot%d", i % 40);
        snprintf(text, sizeof(text), "%d", i % 40);
        const char *p = publish(s, slot, "v", 1000, text);
        size_t len;
        const char *q = find(s, slot, "v", &len);
        if (!p || q != p || len != 1000 || memcmp(q, text, strlen(text)) != 0)
            return 3 + id;
    }
    vtws_shstore_close(s);
    return 0;
}

START_TEST(processes_publishing_at_once_agree)
{
    make_dir();
    vtws_shstore *s = open_store(8 * MiB); /* created first: the children race to publish */
    pid_t pids[4];
    for (int i = 0; i < 4; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            vtws_shstore_close(inherited);
            _exit(child_publishes_many(&i));
        }
    }
    for (int i = 0; i < 4; i++) {
        int st;
        waitpid(pids[i], &st, 0);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d: status %d", i, st);
    }
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_eq(st.entries, 40); /* each entry once, whoever was first */
    ck_assert_uint_eq(st.publishes, 40);
    vtws_shstore_close(s);
    remove_dir();
}
END_TEST

static int child_publishes_in_a_new_generation(void *arg)
{
    (void)arg;
    vtws_shstore *s = child_store(1 * MiB); /* a fresh process: one unit, as under pm.max_requests = 1 */
    if (!s)
        return 2;
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    int r = st.generation == 2 && publish(s, "fresh", "v1", 1000, "f") ? 0 : 3;
    vtws_shstore_close(s);
    return r;
}

START_TEST(a_full_generation_of_garbage_is_replaced_when_every_process_is_fresh)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    char v[16];
    int i;
    for (i = 0; i < 1000; i++) { /* versions superseding each other: garbage, until no room */
        snprintf(v, sizeof(v), "v%d", i);
        if (!publish(s, "slot", v, 20000, "g"))
            break;
    }
    ck_assert_int_lt(i, 1000);
    vtws_shstore_close(s); /* its next unit would start the new generation: it has none */
    inherited = NULL;
    ck_assert_int_eq(in_child(child_publishes_in_a_new_generation, NULL), 0);
    remove_dir();
}
END_TEST

START_TEST(a_store_half_full_of_kept_answers_is_renewed_when_asked)
{
    make_dir();
    vtws_shstore *s = open_store(1 * MiB);
    ck_assert_ptr_nonnull(publish(s, "table", "v1", 100000, "t")); /* live */
    ck_assert_int_eq(vtws_shstore_reclaim(s), 0); /* a tenth live, no garbage: nothing to renew */
    vtws_shstore_stats st;
    char slot[32];
    for (int i = 0; i < 100; i++) { /* kept answers: reclaimable from the start */
        vtws_shstore_stats_get(s, &st);
        if (st.used > st.size / 2)
            break;
        snprintf(slot, sizeof(slot), "answer%d", i);
        fill_spec f = {"a", 0, -1};
        ck_assert_ptr_nonnull(vtws_shstore_publish_cached(s, slot, strlen(slot), "v", 1, 20000, fill, &f));
    }
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_gt(st.used, st.size / 2);
    ck_assert_int_eq(vtws_shstore_reclaim(s), 1);
    vtws_shstore_close(s);
    inherited = NULL;
    ck_assert_int_eq(in_child(child_publishes_in_a_new_generation, NULL), 0); /* a fresh process starts it */
    remove_dir();
}
END_TEST

static int child_maps_at(void *arg)
{
    uintptr_t want = *(const uintptr_t *)arg;
    vtws_shstore *s = child_store(8 * MiB);
    if (!s)
        return 2;
    size_t len;
    const char *p = find(s, "home", "v1", &len);
    if (!p)
        return 3;
    int r = (uintptr_t)p == want && vtws_shstore_home(s, p) == want ? 0 : 4;
    vtws_shstore_close(s);
    return r;
}

START_TEST(processes_forked_after_a_reservation_map_the_store_at_one_address)
{
    make_dir();
    ck_assert_int_eq(vtws_shstore_reserve(8 * MiB), 1);
    ck_assert_uint_ne(vtws_shstore_home_base(), 0);
    vtws_shstore *s = open_store(8 * MiB);
    const char *p = publish(s, "home", "v1", 64, "h");
    ck_assert_ptr_nonnull(p);
    uintptr_t at = (uintptr_t)p;
    ck_assert_uint_eq(vtws_shstore_home(s, p), at); /* its creator maps it at home */
    ck_assert_int_eq(in_child(child_maps_at, &at), 0); /* a child (closed the parent's): at the same address */
    /* a second handle while the first is at home: mapped elsewhere, its pointers still say home */
    char err[512];
    vtws_shstore *t = vtws_shstore_open(dir, "t1", 8 * MiB, 1, err, sizeof(err));
    ck_assert_ptr_nonnull(t);
    ck_assert_int_ge(vtws_shstore_begin(t, err, sizeof(err)), 0);
    size_t len;
    const char *q = find(t, "home", "v1", &len);
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_ne(q, p);
    ck_assert_uint_eq(vtws_shstore_home(t, q), at);
    vtws_shstore_close(t);
    /* closed: home is reserved again (nothing else mapped there), and the next handle uses it */
    vtws_shstore_close(s);
    void *other = mmap((void *)vtws_shstore_home_base(), 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ck_assert_msg(other == MAP_FAILED && errno == EEXIST, "home was left unreserved");
    s = open_store(8 * MiB);
    ck_assert_uint_eq((uintptr_t)find(s, "home", "v1", &len), at);
    vtws_shstore_close(s);
    inherited = NULL;
    remove_dir();
}
END_TEST

/* kB of page tables this process has (VmPTE of /proc/self/status), -1 when unknown; read into
 * the stack, as an allocation could itself need a page table */
static long page_table_kb(void)
{
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    const char *at = strstr(buf, "\nVmPTE:");
    return at ? strtol(at + 8, NULL, 10) : -1;
}

static int child_reads_home_in_a_page_table_it_has(void *arg)
{
    const char *slot = arg;
    page_table_kb(); /* its stack in use first */
    long before = page_table_kb();
    vtws_shstore *s = child_store(8 * MiB);
    if (!s)
        return 2;
    size_t len;
    const volatile char *p = find(s, slot, "v1", &len); /* the first touch of the mapping */
    if (!p || *p != 'f')
        return 3;
    long after = page_table_kb();
    vtws_shstore_close(s);
    return before >= 0 && after == before ? 0 : 4;
}

/* A worker's first read of its generation needs a page table: the reservation leaves one in
 * place for home's first 2 MiB (the anchor), copied at fork, and what fresh processes read
 * first is published there, after tables published before it: the read allocates none. */
START_TEST(a_forked_process_reads_what_is_published_first_without_a_new_page_table)
{
    make_dir();
    ck_assert_int_eq(vtws_shstore_reserve(8 * MiB), 1);
    uintptr_t home = vtws_shstore_home_base();
    ck_assert_uint_ne(home, 0);
    ck_assert_uint_eq((home - 4096) % (2u << 20), 0); /* the anchor begins a page table's span */
    ck_assert_int_eq(msync((void *)(home - 4096), 4096, MS_ASYNC), 0); /* mapped */
    vtws_shstore *s = open_store(8 * MiB);
    /* tables first, as a site publishes them before the answers made from them */
    const char *table = publish(s, "table", "v1", 3 * MiB, "t");
    ck_assert_ptr_nonnull(table);
    ck_assert_uint_ge((uintptr_t)table - home, (2u << 20) - 4096); /* past the first span */
    fill_spec f = {"f", 0, -1};
    const char *first = vtws_shstore_publish_first(s, "first", 5, "v1", 2, 40000, fill, &f);
    ck_assert_ptr_nonnull(first);
    ck_assert_uint_lt((uintptr_t)first + 40000 - home, (2u << 20) - 4096); /* in it */
    ck_assert_uint_eq(((uintptr_t)first - home) / 65536, ((uintptr_t)first + 40000 - 1 - home) / 65536); /* one window */
    /* counted once in use: 3 MiB and a bit, not the first span's room */
    vtws_shstore_stats st;
    vtws_shstore_stats_get(s, &st);
    ck_assert_uint_lt(st.used, 3 * MiB + 128 * 1024);
    ck_assert_int_eq(in_child(child_reads_home_in_a_page_table_it_has, "first"), 0);
    vtws_shstore_close(s);
    inherited = NULL;
    remove_dir();
}
END_TEST

START_TEST(checksum_sees_every_byte)
{
    unsigned char buf[300];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 7);
    for (size_t len = 0; len <= sizeof(buf); len += 13) {
        uint64_t h = vtws_checksum64(buf, len, 0);
        ck_assert_uint_eq(h, vtws_checksum64(buf, len, 0));
        for (size_t i = 0; i < len; i++) {
            buf[i] ^= 0x10;
            ck_assert_uint_ne(h, vtws_checksum64(buf, len, 0));
            buf[i] ^= 0x10;
        }
    }
}
END_TEST

Suite *shstore_suite(void)
{
    Suite *s = suite_create("shstore");
    TCase *tc = tcase_create("shstore");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, published_entries_are_found_by_other_processes);
    tcase_add_test(tc, files_are_the_users_alone);
    tcase_add_test(tc, a_publisher_killed_midway_leaves_no_lock_and_nothing_visible);
    tcase_add_test(tc, a_newer_version_supersedes_and_a_full_generation_of_garbage_is_replaced);
    tcase_add_test(tc, a_store_full_of_live_entries_falls_back_and_says_so);
    tcase_add_test(tc, damaged_memory_is_a_miss);
    tcase_add_test(tc, scribbled_generations_never_crash);
    tcase_add_test(tc, a_damaged_generation_header_starts_a_new_generation);
    tcase_add_test(tc, a_first_unit_needs_only_the_current_generation);
    tcase_add_test(tc, a_first_unit_finds_what_was_published_since_it_opened);
    tcase_add_test(tc, the_current_name_follows_new_generations);
    tcase_add_test(tc, stores_of_older_layouts_are_removed_by_the_first_of_a_new_one);
    tcase_add_test(tc, kept_answers_never_turn_tables_away);
    tcase_add_test(tc, processes_publishing_at_once_agree);
    tcase_add_test(tc, checksum_sees_every_byte);
    tcase_add_test(tc, processes_forked_after_a_reservation_map_the_store_at_one_address);
    tcase_add_test(tc, a_forked_process_reads_what_is_published_first_without_a_new_page_table);
    tcase_add_test(tc, a_full_generation_of_garbage_is_replaced_when_every_process_is_fresh);
    tcase_add_test(tc, a_store_half_full_of_kept_answers_is_renewed_when_asked);
    suite_add_tcase(s, tc);
    return s;
}

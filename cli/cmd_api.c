/* `vtws login|logout|query|retrieve|create|update|revise|delete|describe|listtypes|sync|call|translate|export|languages`:
 * the webservice API from the shell, over core/client. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "client.h"
#include "digest.h"
#include "registry.h"

typedef struct api_opts {
    const char *url, *user, *key_file, *profile, *ca_file, *format, *since, *language, *module, *type;
    int insecure, insecure_key_file, all, refresh, method; /* method: 0 default, 'G' get, 'P' post */
    long timeout_ms, connect_timeout_ms;
    char *args[64];
    int nargs;
} api_opts;

typedef struct credentials {
    char url[1024], user[256], key[512], ca_file[1024];
} credentials;

/* ---- exit codes ---------------------------------------------------------------------------- */

static int report(const vtws_client_error *e)
{
    switch (e->status) {
    case VTWS_CLIENT_SERVER:
        fprintf(stderr, "%s: %s\n", e->code, e->message);
        return EXIT_SERVER;
    case VTWS_CLIENT_HTTP:
        if (e->excerpt[0])
            fprintf(stderr, "%s: %s: %s\n", e->code, e->message, e->excerpt);
        else
            fprintf(stderr, "%s: %s\n", e->code, e->message);
        return EXIT_SERVER;
    case VTWS_CLIENT_AUTH:
        fprintf(stderr, "vtws: login failed: %s: %s\n", e->code, e->message);
        return EXIT_AUTH;
    case VTWS_CLIENT_TLS:
        fprintf(stderr, "vtws: TLS: %s (--ca-file FILE trusts another CA)\n", e->message);
        return EXIT_TRANSPORT;
    case VTWS_CLIENT_TRANSPORT:
        fprintf(stderr, "vtws: %s: %s\n", e->code, e->message);
        return EXIT_TRANSPORT;
    default:
        fprintf(stderr, "vtws: %s\n", e->message);
        return EXIT_USAGE;
    }
}

/* ---- credentials ------------------------------------------------------------------------------ */

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    memmove(s, s + i, strlen(s + i) + 1);
}

/* A file holding a secret must not be readable by others. */
static int private_file(const char *path, const char *what)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        cli_error("cannot read %s %s: %s", what, path, strerror(errno));
        return 0;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        cli_error("%s %s is readable by others: chmod 600 it first", what, path);
        return 0;
    }
    return 1;
}

/* Why open_client() gave no client: a usage problem, or a key file others can read. */
static int credentials_exit = EXIT_USAGE;

/*
 * The access key from FILE. A regular file that group or others can read or write is
 * refused (as ssh refuses an unprotected private key), unless insecure (--insecure-key-file
 * or VTWS_INSECURE_KEY_FILE=1), which warns. Pipes (<(pass show ...)) and devices are not judged.
 */
static int read_key_file(const char *path, char *key, size_t cap, int insecure)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("cannot read the access key file %s: %s", path, strerror(errno));
        return 0;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)
        && (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))) {
        if (!insecure) {
            cli_error("permissions %04o for the access key file '%s' are too open: group or others can read or write it"
                      " (chmod 600 '%s'; --insecure-key-file uses it anyway)", (unsigned)(st.st_mode & 07777), path, path);
            fclose(f);
            credentials_exit = EXIT_KEY_FILE;
            return 0;
        }
        fprintf(stderr, "vtws: warning: the access key file '%s' is readable or writable by others (mode %04o), used anyway"
                " (--insecure-key-file)\n", path, (unsigned)(st.st_mode & 07777));
    }
    if (!fgets(key, (int)cap, f))
        key[0] = '\0';
    fclose(f);
    trim(key);
    if (!key[0]) {
        cli_error("the access key file %s is empty", path);
        return 0;
    }
    return 1;
}

static const char *home_path(char *buf, size_t cap, const char *xdg_var, const char *fallback, const char *rest)
{
    const char *xdg = getenv(xdg_var);
    if (xdg && *xdg)
        snprintf(buf, cap, "%s/%s", xdg, rest);
    else
        snprintf(buf, cap, "%s/%s/%s", getenv("HOME") ? getenv("HOME") : ".", fallback, rest);
    return buf;
}

/* ~/.config/vtws/config: [name] sections of url, user, access_key, ca_file. */
static int read_profile(const char *name, credentials *cr, int required)
{
    char path[1024];
    home_path(path, sizeof(path), "XDG_CONFIG_HOME", ".config", "vtws/config");
    if (access(path, F_OK) != 0) {
        if (required)
            cli_error("no profile file %s", path);
        return !required;
    }
    if (!private_file(path, "the profile file"))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("cannot read %s: %s", path, strerror(errno));
        return 0;
    }
    char line[2048], section[256] = "default";
    int found = 0;
    while (fgets(line, sizeof(line), f)) {
        trim(line);
        if (!line[0] || line[0] == '#' || line[0] == ';')
            continue;
        if (line[0] == '[') {
            char *end = strchr(line, ']');
            if (end)
                *end = '\0';
            snprintf(section, sizeof(section), "%.250s", line + 1);
            continue;
        }
        if (strcmp(section, name) != 0)
            continue;
        found = 1;
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *k = line, *v = eq + 1;
        trim(k);
        trim(v);
        if (strcmp(k, "url") == 0 && !cr->url[0])
            snprintf(cr->url, sizeof(cr->url), "%s", v);
        else if (strcmp(k, "user") == 0 && !cr->user[0])
            snprintf(cr->user, sizeof(cr->user), "%s", v);
        else if (strcmp(k, "access_key") == 0 && !cr->key[0])
            snprintf(cr->key, sizeof(cr->key), "%s", v);
        else if (strcmp(k, "ca_file") == 0 && !cr->ca_file[0])
            snprintf(cr->ca_file, sizeof(cr->ca_file), "%s", v);
    }
    fclose(f);
    if (!found && required) {
        cli_error("no profile [%s] in %s", name, path);
        return 0;
    }
    return 1;
}

/* Options, then the environment, then the profile. */
static int resolve_credentials(const api_opts *o, credentials *cr, int need_key)
{
    memset(cr, 0, sizeof(*cr));
    snprintf(cr->url, sizeof(cr->url), "%s", o->url ? o->url : getenv("VTIGER_URL") ? getenv("VTIGER_URL") : "");
    snprintf(cr->user, sizeof(cr->user), "%s", o->user ? o->user : getenv("VTIGER_USER") ? getenv("VTIGER_USER") : "");
    if (o->ca_file)
        snprintf(cr->ca_file, sizeof(cr->ca_file), "%s", o->ca_file);
    if (o->key_file) {
        const char *env = getenv("VTWS_INSECURE_KEY_FILE");
        if (!read_key_file(o->key_file, cr->key, sizeof(cr->key), o->insecure_key_file || (env && strcmp(env, "1") == 0)))
            return 0;
    } else if (getenv("VTIGER_ACCESS_KEY")) {
        snprintf(cr->key, sizeof(cr->key), "%s", getenv("VTIGER_ACCESS_KEY"));
    }
    if (!read_profile(o->profile ? o->profile : "default", cr, o->profile != NULL))
        return 0;
    if (!cr->url[0]) {
        cli_error("no Vtiger URL: set VTIGER_URL, --url, or a profile");
        return 0;
    }
    if (!cr->user[0]) {
        cli_error("no user: set VTIGER_USER, --user, or a profile");
        return 0;
    }
    if (need_key && !cr->key[0]) {
        cli_error("no access key: set VTIGER_ACCESS_KEY, --access-key-file FILE, or a profile");
        return 0;
    }
    return 1;
}

/* ---- the session cache ---------------------------------------------------------------------------- */

/* ~/.cache/vtws/KIND-HASH.json, HASH of the URL, the user and what else tells entries apart. */
static void cache_file(const credentials *cr, const char *kind, const char *const *more, size_t nmore, char *out,
                       size_t cap)
{
    uint64_t h = vtws_fnv1a64(VTWS_FNV1A64_INIT, cr->url, strlen(cr->url));
    h = vtws_fnv1a64(h, "|", 1);
    h = vtws_fnv1a64(h, cr->user, strlen(cr->user));
    for (size_t i = 0; i < nmore; i++) {
        h = vtws_fnv1a64(h, "|", 1);
        h = vtws_fnv1a64(h, more[i], strlen(more[i]));
    }
    char hex[17], rest[64];
    vtws_digest_hex(h, hex);
    snprintf(rest, sizeof(rest), "vtws/%s-%s.json", kind, hex);
    home_path(out, cap, "XDG_CACHE_HOME", ".cache", rest);
}

static void cache_path(const credentials *cr, char *out, size_t cap)
{
    cache_file(cr, "session", NULL, 0, out, cap);
}

static void mkdirs(const char *path)
{
    char dir[1100];
    snprintf(dir, sizeof(dir), "%s", path);
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
}

/* Write j to path atomically, private to the user (the folders 0700, the file 0600). */
static void write_private_json(const char *path, json_t *j)
{
    char tmp[1200];
    mkdirs(path);
    snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return;
    char *text = json_dumps(j, JSON_COMPACT);
    if (text && write(fd, text, strlen(text)) == (ssize_t)strlen(text) && close(fd) == 0)
        rename(tmp, path);
    else {
        close(fd);
        unlink(tmp);
    }
    free(text);
}

/* A JSON file only this user can read, or NULL. */
static json_t *read_private_json(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || (st.st_mode & (S_IRWXG | S_IRWXO)))
        return NULL; /* a cache others can read is not trusted */
    json_error_t jerr;
    return json_load_file(path, 0, &jerr);
}

static int cache_read(const credentials *cr, char *session, size_t scap, char *user_id, size_t ucap)
{
    char path[1100];
    cache_path(cr, path, sizeof(path));
    json_t *j = read_private_json(path);
    const char *s = json_string_value(json_object_get(j, "session"));
    const char *u = json_string_value(json_object_get(j, "userId"));
    int ok = s && *s;
    if (ok) {
        snprintf(session, scap, "%s", s);
        snprintf(user_id, ucap, "%s", u ? u : "");
    }
    json_decref(j);
    return ok;
}

static void cache_write(const credentials *cr, vtws_client *c)
{
    char path[1100];
    cache_path(cr, path, sizeof(path));
    json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "url", cr->url, "user", cr->user, "session",
                          vtws_client_session(c) ? vtws_client_session(c) : "", "userId",
                          vtws_client_user_id(c) ? vtws_client_user_id(c) : "");
    write_private_json(path, j);
    json_decref(j);
}

static void cache_forget(const credentials *cr)
{
    char path[1100];
    cache_path(cr, path, sizeof(path));
    unlink(path);
}

/* A client for the credentials, reusing a cached session when there is one. */
static vtws_client *open_client(const api_opts *o, credentials *cr, int need_key, int use_cache)
{
    if (!resolve_credentials(o, cr, need_key))
        return NULL;
    char session[256] = "", user_id[64] = "";
    if (use_cache)
        cache_read(cr, session, sizeof(session), user_id, sizeof(user_id));
    if (!session[0] && !cr->key[0]) {
        cli_error("no access key: set VTIGER_ACCESS_KEY, --access-key-file FILE, or a profile");
        return NULL;
    }
    if (o->insecure)
        fprintf(stderr, "vtws: warning: TLS verification is off (--insecure): the server is not authenticated\n");
    vtws_client_options co = {0};
    co.url = cr->url;
    co.username = cr->user;
    co.access_key = cr->key[0] ? cr->key : NULL;
    co.session = session[0] ? session : NULL;
    co.user_id = user_id[0] ? user_id : NULL;
    co.ca_file = cr->ca_file[0] ? cr->ca_file : NULL;
    co.insecure = o->insecure;
    co.timeout_ms = o->timeout_ms;
    co.connect_timeout_ms = o->connect_timeout_ms;
    co.retries = -1;
    vtws_client_error err;
    vtws_client *c = vtws_client_new(&co, &err);
    memset(cr->key, 0, sizeof(cr->key));
    if (!c)
        report(&err);
    return c;
}

/* ---- output -------------------------------------------------------------------------------------------- */

static int print_result(json_t *r)
{
    int rc = cli_print_json(r) == 0 ? EXIT_OK : EXIT_PROBLEMS;
    json_decref(r);
    return rc;
}

static void csv_field(FILE *out, const json_t *v)
{
    char *text = NULL;
    const char *s;
    if (json_is_string(v))
        s = json_string_value(v);
    else if (json_is_null(v) || !v)
        s = "";
    else
        s = text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    free(text);
}

typedef struct row_writer {
    int format; /* 'j' json, 'n' ndjson, 'c' csv */
    long rows;
    json_t *columns;
    int progress;
} row_writer;

static void write_row(row_writer *w, json_t *row)
{
    if (w->format == 'n') {
        char *t = json_dumps(row, JSON_COMPACT | JSON_ENCODE_ANY);
        puts(t ? t : "null");
        free(t);
    } else if (w->format == 'c') {
        if (!w->columns) {
            w->columns = json_array();
            const char *k;
            json_t *v;
            json_object_foreach(row, k, v) json_array_append_new(w->columns, json_string(k));
            for (size_t i = 0; i < json_array_size(w->columns); i++) {
                if (i)
                    fputc(',', stdout);
                csv_field(stdout, json_array_get(w->columns, i));
            }
            fputs("\r\n", stdout);
        }
        for (size_t i = 0; i < json_array_size(w->columns); i++) {
            if (i)
                fputc(',', stdout);
            csv_field(stdout, json_object_get(row, json_string_value(json_array_get(w->columns, i))));
        }
        fputs("\r\n", stdout);
    } else {
        size_t flags = JSON_ENCODE_ANY | (isatty(STDOUT_FILENO) ? JSON_INDENT(2) : JSON_COMPACT);
        char *t = json_dumps(row, flags);
        printf("%s%s", w->rows ? ",\n" : "[\n", t ? t : "null");
        free(t);
    }
    w->rows++;
    if (w->progress && w->rows % 100 == 0)
        fprintf(stderr, "\rvtws: %ld rows", w->rows);
}

static int format_of(const char *f)
{
    if (!f || strcmp(f, "json") == 0)
        return 'j';
    if (strcmp(f, "ndjson") == 0)
        return 'n';
    if (strcmp(f, "csv") == 0)
        return 'c';
    return 0;
}

/* ---- commands ------------------------------------------------------------------------------------------------ */

static json_t *read_element(const char *file)
{
    json_error_t jerr;
    json_t *j = strcmp(file, "-") == 0 ? json_loadf(stdin, 0, &jerr) : json_load_file(file, 0, &jerr);
    if (!j)
        cli_error("%s: not JSON (line %d: %s)", strcmp(file, "-") == 0 ? "stdin" : file, jerr.line, jerr.text);
    else if (!json_is_object(j)) {
        cli_error("%s: the element must be a JSON object", file);
        json_decref(j);
        j = NULL;
    }
    return j;
}

static int cmd_query(vtws_client *c, const api_opts *o, vtws_client_error *err)
{
    int format = format_of(o->format);
    if (!format) {
        cli_error("--format must be json, ndjson or csv");
        return EXIT_USAGE;
    }
    row_writer w = {format, 0, NULL, o->all && isatty(STDERR_FILENO)};
    if (!o->all) {
        json_t *r = vtws_client_query(c, o->args[0], err);
        if (!r)
            return report(err);
        if (format == 'j')
            return print_result(r);
        size_t i;
        json_t *row;
        json_array_foreach(r, i, row) write_row(&w, row);
        json_decref(r);
        json_decref(w.columns);
        return EXIT_OK;
    }
    vtws_query_pages *p = vtws_query_pages_new(c, o->args[0]);
    json_t *row;
    while ((row = vtws_query_pages_next(p, err))) {
        write_row(&w, row);
        json_decref(row);
    }
    vtws_query_pages_free(p);
    if (format == 'j')
        fputs(w.rows ? "\n]\n" : "[]\n", stdout);
    if (w.progress)
        fprintf(stderr, "\rvtws: %ld rows\n", w.rows);
    json_decref(w.columns);
    fflush(stdout);
    return err->status == VTWS_CLIENT_OK ? EXIT_OK : report(err);
}

typedef struct sync_sum {
    json_t *updated, *deleted, *last;
} sync_sum;

static int on_sync_page(void *ctx, json_t *r)
{
    sync_sum *s = ctx;
    json_array_extend(s->updated, json_object_get(r, "updated"));
    json_array_extend(s->deleted, json_object_get(r, "deleted"));
    json_t *last = json_object_get(r, "lastModifiedTime");
    if (last) {
        json_decref(s->last);
        s->last = json_incref(last);
    }
    return 0;
}

/* --since: seconds since the epoch, or YYYY-MM-DD[THH:MM:SS] (UTC). */
static int since_of(const char *s, char *out, size_t cap)
{
    char *end;
    long long n = strtoll(s, &end, 10);
    if (*s && !*end && n >= 0) {
        snprintf(out, cap, "%lld", n);
        return 1;
    }
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (sscanf(s, "%d-%d-%d%*[T ]%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) < 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    if (t < 0)
        return 0;
    snprintf(out, cap, "%lld", (long long)t);
    return 1;
}

/* name=value (a string) or name:=json (JSON text, validated) */
static int call_params(const api_opts *o, int from, vtws_param *params, char **owned, size_t *n)
{
    *n = 0;
    for (int i = from; i < o->nargs; i++) {
        char *a = o->args[i], *eq = strchr(a, '=');
        if (!eq || eq == a) {
            cli_error("parameter %s: write name=value or name:=json", a);
            return 0;
        }
        if (eq > a && eq[-1] == ':') {
            json_error_t jerr;
            json_t *j = json_loads(eq + 1, JSON_DECODE_ANY, &jerr);
            if (!j) {
                cli_error("parameter %.*s: not JSON: %s", (int)(eq - 1 - a), a, jerr.text);
                return 0;
            }
            owned[*n] = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
            json_decref(j);
            eq[-1] = '\0';
            params[*n] = (vtws_param){a, owned[*n]};
        } else {
            *eq = '\0';
            owned[*n] = NULL;
            params[*n] = (vtws_param){a, eq + 1};
        }
        (*n)++;
    }
    return 1;
}

/*
 * `vtws export`: exporttranslation with a cache of the last answer (by URL, user, language,
 * module and type) whose version is sent along; when the server says unchanged, the cached
 * answer is printed. --refresh asks for a full answer.
 */
static json_t *cmd_export(vtws_client *c, const credentials *cr, const api_opts *o, vtws_client_error *err)
{
    const char *language = o->language ? o->language : "", *module = o->module ? o->module : "";
    const char *type = o->type ? o->type : "languageStrings";
    const char *key[] = {language, module, type};
    char path[1100];
    cache_file(cr, "export", key, 3, path, sizeof(path));
    json_t *cached = o->refresh ? NULL : read_private_json(path);
    const char *version = json_string_value(json_object_get(json_object_get(cached, "answer"), "version"));
    vtws_param p[] = {{"language", language}, {"module", module}, {"type", type}, {"version", version ? version : ""}};
    json_t *r = vtws_client_call(c, "exporttranslation", 0, p, 4, 1, err);
    if (r && json_is_true(json_object_get(r, "unchanged")) && version &&
        json_equal(json_object_get(r, "version"), json_object_get(json_object_get(cached, "answer"), "version"))) {
        fprintf(stderr, "vtws: unchanged since version %s: the cached answer\n", version);
        json_decref(r);
        r = json_incref(json_object_get(cached, "answer"));
    } else if (r && json_is_string(json_object_get(r, "version")) && !json_object_get(r, "unchanged")) {
        json_t *entry = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "url", cr->url, "user", cr->user, "language", language,
                                  "module", module, "type", type, "answer", r);
        write_private_json(path, entry);
        json_decref(entry);
    }
    json_decref(cached);
    return r;
}

static int run(const char *cmd, const api_opts *o)
{
    static const struct {
        const char *name;
        int args; /* exact count of positional arguments, -1: at least one */
    } cmds[] = {{"login", 0},    {"logout", 0},   {"query", 1},     {"retrieve", 1}, {"create", 2},
                {"update", 1},   {"revise", 1},   {"delete", 1},    {"describe", 1}, {"listtypes", 0},
                {"sync", 1},     {"call", -1},    {"translate", -1}, {"export", 0}, {"languages", 0}};
    int known = -2;
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(cmds[i].name, cmd) == 0)
            known = cmds[i].args;
    if (known == -2) {
        cli_error("unknown command '%s' (try vtws --help)", cmd);
        return EXIT_USAGE;
    }
    if ((known >= 0 && o->nargs != known) || (known == -1 && o->nargs < 1)) {
        cli_error("%s takes %s argument%s (try vtws --help)", cmd, known == -1 ? "at least one" : known == 0 ? "no" : known == 1 ? "one" : "two",
                  known == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "sync") == 0 && !o->since) {
        cli_error("sync needs --since TIME");
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "translate") == 0 && !o->language) {
        cli_error("translate needs --language");
        return EXIT_USAGE;
    }
    credentials cr;
    int login = strcmp(cmd, "login") == 0, logout = strcmp(cmd, "logout") == 0;
    vtws_client *c = open_client(o, &cr, login, !login);
    if (!c)
        return credentials_exit;
    vtws_client_error err = {0};
    json_t *r = NULL;
    int rc = EXIT_OK;
    if (login) {
        rc = vtws_client_login(c, &err) == 0 ? EXIT_OK : report(&err);
        if (rc == EXIT_OK)
            fprintf(stderr, "vtws: logged in as %s (%s); the session is cached\n", cr.user,
                    vtws_client_user_id(c) ? vtws_client_user_id(c) : "?");
    } else if (logout) {
        rc = vtws_client_logout(c, &err) == 0 || err.status == VTWS_CLIENT_SERVER ? EXIT_OK : report(&err);
        cache_forget(&cr);
        if (err.status == VTWS_CLIENT_SERVER)
            fprintf(stderr, "vtws: the server did not end the session (%s: %s); the local session is forgotten\n",
                    err.code, err.message);
        vtws_client_free(c);
        return rc;
    } else if (strcmp(cmd, "query") == 0) {
        rc = cmd_query(c, o, &err);
    } else if (strcmp(cmd, "retrieve") == 0) {
        r = vtws_client_retrieve(c, o->args[0], &err);
    } else if (strcmp(cmd, "delete") == 0) {
        r = vtws_client_delete(c, o->args[0], &err);
    } else if (strcmp(cmd, "describe") == 0) {
        r = vtws_client_describe(c, o->args[0], &err);
    } else if (strcmp(cmd, "listtypes") == 0) {
        r = vtws_client_listtypes(c, &err);
    } else if (strcmp(cmd, "create") == 0 || strcmp(cmd, "update") == 0 || strcmp(cmd, "revise") == 0) {
        int create = cmd[0] == 'c';
        json_t *el = read_element(o->args[create ? 1 : 0]);
        if (!el) {
            vtws_client_free(c);
            return EXIT_USAGE;
        }
        r = create ? vtws_client_create(c, o->args[0], el, &err)
            : cmd[0] == 'u' ? vtws_client_update(c, el, &err) : vtws_client_revise(c, el, &err);
        json_decref(el);
    } else if (strcmp(cmd, "sync") == 0) {
        char since[32];
        if (!since_of(o->since, since, sizeof(since))) {
            cli_error("--since: seconds since 1970, or YYYY-MM-DD[THH:MM:SS]");
            vtws_client_free(c);
            return EXIT_USAGE;
        }
        sync_sum s = {json_array(), json_array(), NULL};
        if (vtws_client_sync(c, o->args[0], since, on_sync_page, &s, &err) == 0)
            r = json_pack("{s:o, s:o, s:o}", "updated", s.updated, "deleted", s.deleted, "lastModifiedTime",
                          s.last ? s.last : json_null());
        else {
            json_decref(s.updated);
            json_decref(s.deleted);
            json_decref(s.last);
        }
    } else if (strcmp(cmd, "call") == 0) {
        vtws_param params[64];
        char *owned[64] = {0};
        size_t n = 0;
        if (!call_params(o, 1, params, owned, &n)) {
            vtws_client_free(c);
            return EXIT_USAGE;
        }
        /* Vtiger reads a GET operation's parameters from the query string only and a POST
         * one's from the body only: without --get/--post, send as the operation is registered
         * (Vtiger's own and vtws's are known; any other is POST, as most custom ones are) */
        const char *registered = vtws_registry_method_of(o->args[0]);
        int post = o->method ? o->method != 'G' : !(registered && strcmp(registered, "GET") == 0);
        r = vtws_client_call(c, o->args[0], post, params, n, !post, &err);
        for (size_t i = 0; i < n; i++)
            free(owned[i]);
    } else if (strcmp(cmd, "export") == 0) {
        r = cmd_export(c, &cr, o, &err);
    } else if (strcmp(cmd, "languages") == 0) {
        r = vtws_client_call(c, "listlanguages", 0, NULL, 0, 1, &err);
    } else { /* translate */
        json_t *labels = json_array();
        for (int i = 0; i < o->nargs; i++)
            json_array_append_new(labels, json_string(o->args[i]));
        char *text = json_dumps(labels, JSON_COMPACT);
        json_decref(labels);
        vtws_param p[] = {{"totranslate", text}, {"language", o->language}, {"module", o->module ? o->module : ""}};
        r = vtws_client_call(c, "gettranslation", 1, p, 3, 1, &err);
        free(text);
    }
    if (!login && strcmp(cmd, "query") != 0)
        rc = r ? print_result(r) : report(&err);
    if (vtws_client_session(c) && err.status != VTWS_CLIENT_AUTH)
        cache_write(&cr, c); /* a new session after a login, or the same */
    else if (err.status == VTWS_CLIENT_AUTH)
        cache_forget(&cr);
    vtws_client_free(c);
    return rc;
}

static int value_opt(int argc, char **argv, int *i, const char *name, const char **out)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
        *out = argv[*i] + n + 1;
        return 1;
    }
    if (strcmp(argv[*i], name) == 0) {
        if (*i + 1 >= argc) {
            cli_error("%s needs a value", name);
            return -1;
        }
        *out = argv[++*i];
        return 1;
    }
    return 0;
}

int cmd_api(const char *cmd, int argc, char **argv)
{
    api_opts o;
    memset(&o, 0, sizeof(o));
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        int r;
        const char *names[] = {"--url", "--user", "--access-key-file", "--profile", "--ca-file", "--format", "--since",
                               "--language", "--module", "--type", "--timeout", "--connect-timeout"};
        const char **slots[] = {&o.url, &o.user, &o.key_file, &o.profile, &o.ca_file, &o.format, &o.since,
                                &o.language, &o.module, &o.type, &v, &v};
        const size_t first_timeout = 10;
        int matched = 0;
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]) && !matched; k++) {
            r = value_opt(argc, argv, &i, names[k], slots[k]);
            if (r < 0)
                return EXIT_USAGE;
            if (r > 0) {
                matched = 1;
                if (k >= first_timeout) {
                    double secs = atof(v);
                    if (secs <= 0) {
                        cli_error("%s takes seconds", names[k]);
                        return EXIT_USAGE;
                    }
                    *(k == first_timeout ? &o.timeout_ms : &o.connect_timeout_ms) = (long)(secs * 1000);
                }
            }
        }
        if (matched)
            continue;
        if (strncmp(argv[i], "--access-key", 12) == 0 && strncmp(argv[i], "--access-key-file", 17) != 0) {
            cli_error("the access key is never taken on the command line (it would show in ps): "
                      "use VTIGER_ACCESS_KEY, --access-key-file FILE or a profile");
            return EXIT_USAGE;
        }
        if (strcmp(argv[i], "--insecure") == 0)
            o.insecure = 1;
        else if (strcmp(argv[i], "--insecure-key-file") == 0)
            o.insecure_key_file = 1;
        else if (strcmp(argv[i], "--refresh") == 0)
            o.refresh = 1;
        else if (strcmp(argv[i], "--all") == 0)
            o.all = 1;
        else if (strcmp(argv[i], "--get") == 0)
            o.method = 'G';
        else if (strcmp(argv[i], "--post") == 0)
            o.method = 'P';
        else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "-") != 0) {
            cli_error("unknown option %s (try vtws --help)", argv[i]);
            return EXIT_USAGE;
        } else if (o.nargs < 64)
            o.args[o.nargs++] = argv[i];
    }
    if ((o.all || o.format) && strcmp(cmd, "query") != 0) {
        cli_error("--all and --format are options of query");
        return EXIT_USAGE;
    }
    if ((o.refresh || o.type) && strcmp(cmd, "export") != 0) {
        cli_error("--type and --refresh are options of export");
        return EXIT_USAGE;
    }
    if (vtws_client_global_init() != 0) {
        cli_error("libcurl could not start");
        return EXIT_TRANSPORT;
    }
    return run(cmd, &o);
}

#include "client.h"

#include <ctype.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_BODY ((size_t)256 << 20)

struct vtws_client {
    CURL *curl;
    char *url;
    char *username, *access_key, *session, *user_id;
    int retries;
    long connections;
    char errbuf[CURL_ERROR_SIZE];
};

typedef struct buffer {
    char *data;
    size_t len, cap;
    int too_big;
} buffer;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void fail(vtws_client_error *err, vtws_client_status status, const char *code, const char *fmt, ...)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->status = status;
    snprintf(err->code, sizeof(err->code), "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

static void ok(vtws_client_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void wipe_free(char *s)
{
    if (!s)
        return;
    volatile char *p = s;
    while (*p)
        *p++ = 0;
    free(s);
}

int vtws_client_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    buffer *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n + 1 > MAX_BODY) {
        b->too_big = 1;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return 0;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

vtws_client *vtws_client_new(const vtws_client_options *o, vtws_client_error *err)
{
    if (!o || !o->url || !*o->url) {
        fail(err, VTWS_CLIENT_USAGE, "NO_URL", "no Vtiger URL");
        return NULL;
    }
    vtws_client *c = calloc(1, sizeof(*c));
    if (!c) {
        fail(err, VTWS_CLIENT_USAGE, "NO_MEMORY", "out of memory");
        return NULL;
    }
    size_t n = strlen(o->url);
    while (n && o->url[n - 1] == '/')
        n--;
    int has_script = n >= 4 && strncmp(o->url + n - 4, ".php", 4) == 0;
    c->url = malloc(n + sizeof("/webservice.php"));
    c->curl = curl_easy_init();
    if (!c->url || !c->curl) {
        vtws_client_free(c);
        fail(err, VTWS_CLIENT_USAGE, "NO_MEMORY", "out of memory");
        return NULL;
    }
    memcpy(c->url, o->url, n);
    strcpy(c->url + n, has_script ? "" : "/webservice.php");
    c->username = dup_or_null(o->username);
    c->access_key = dup_or_null(o->access_key);
    c->session = dup_or_null(o->session);
    c->user_id = dup_or_null(o->user_id);
    c->retries = o->retries < 0 ? 2 : o->retries;

    CURL *h = c->curl;
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 60000L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vtws/0.1");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
    if (o->ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    ok(err);
    return c;
}

void vtws_client_free(vtws_client *c)
{
    if (!c)
        return;
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->url);
    free(c->username);
    wipe_free(c->access_key);
    wipe_free(c->session);
    free(c->user_id);
    free(c);
}

const char *vtws_client_session(const vtws_client *c) { return c->session; }
const char *vtws_client_user_id(const vtws_client *c) { return c->user_id; }
long vtws_client_connections(const vtws_client *c) { return c->connections; }

/* ---- one HTTP exchange --------------------------------------------------------------- */

static int is_tls_error(CURLcode rc)
{
    return rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CERTPROBLEM ||
           rc == CURLE_SSL_CIPHER || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_ISSUER_ERROR ||
           rc == CURLE_SSL_ENGINE_NOTFOUND || rc == CURLE_SSL_INVALIDCERTSTATUS || rc == CURLE_SSL_CRL_BADFILE;
}

/* "a=b&c=d" with every name and value escaped. */
static char *form_encode(CURL *h, const vtws_param *params, size_t n)
{
    size_t cap = 256, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char *k = curl_easy_escape(h, params[i].name, 0);
        char *v = curl_easy_escape(h, params[i].value ? params[i].value : "", 0);
        if (!k || !v) {
            curl_free(k);
            curl_free(v);
            free(out);
            return NULL;
        }
        size_t need = len + strlen(k) + strlen(v) + 3;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            char *o = realloc(out, cap);
            if (!o) {
                curl_free(k);
                curl_free(v);
                free(out);
                return NULL;
            }
            out = o;
        }
        len += (size_t)sprintf(out + len, "%s%s=%s", i ? "&" : "", k, v);
        curl_free(k);
        curl_free(v);
    }
    return out;
}

/* The envelope's result, or NULL with err (server error, HTTP error, not JSON). */
static json_t *envelope(const buffer *b, long status, vtws_client_error *err)
{
    if (status != 200 || !b->data || b->len == 0) {
        fail(err, VTWS_CLIENT_HTTP, "HTTP_ERROR", "HTTP %ld%s", status, b->len ? "" : ", empty body");
        err->http_status = status;
        if (b->len)
            snprintf(err->excerpt, sizeof(err->excerpt), "%.*s", (int)(b->len < 150 ? b->len : 150), b->data);
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(b->data, b->len, 0, &jerr);
    json_t *success = doc ? json_object_get(doc, "success") : NULL;
    if (!doc || !json_is_boolean(success)) {
        fail(err, VTWS_CLIENT_HTTP, "NOT_VTIGER_JSON", "HTTP %ld, the body is not a Vtiger answer", status);
        err->http_status = status;
        snprintf(err->excerpt, sizeof(err->excerpt), "%.*s", (int)(b->len < 150 ? b->len : 150), b->data);
        json_decref(doc);
        return NULL;
    }
    if (json_is_false(success)) {
        json_t *e = json_object_get(doc, "error");
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        fail(err, VTWS_CLIENT_SERVER, code ? code : "UNKNOWN", "%s", msg ? msg : "the server reported an error");
        err->http_status = status;
        json_decref(doc);
        return NULL;
    }
    json_t *result = json_incref(json_object_get(doc, "result"));
    json_decref(doc);
    if (!result)
        result = json_null();
    ok(err);
    return result;
}

static json_t *exchange(vtws_client *c, int post, const vtws_param *params, size_t n, vtws_client_error *err)
{
    CURL *h = c->curl;
    char *form = form_encode(h, params, n);
    if (!form) {
        fail(err, VTWS_CLIENT_USAGE, "NO_MEMORY", "out of memory");
        return NULL;
    }
    char *url = NULL;
    if (post) {
        curl_easy_setopt(h, CURLOPT_URL, c->url);
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
        curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, form);
    } else {
        url = malloc(strlen(c->url) + strlen(form) + 2);
        if (!url) {
            free(form);
            fail(err, VTWS_CLIENT_USAGE, "NO_MEMORY", "out of memory");
            return NULL;
        }
        sprintf(url, "%s?%s", c->url, form);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_URL, url);
    }
    buffer b = {0};
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    c->errbuf[0] = '\0';
    CURLcode rc = curl_easy_perform(h);
    /* nothing sent may stay in the handle: the access key's digest, the session */
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    if (post) { /* the size first: COPYPOSTFIELDS copies that many bytes */
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, "");
    }
    wipe_free(form);
    wipe_free(url);
    long connects = 0, status = 0;
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    c->connections += connects;
    json_t *result = NULL;
    if (rc != CURLE_OK) {
        const char *why = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
        if (b.too_big)
            fail(err, VTWS_CLIENT_HTTP, "BODY_TOO_LARGE", "the answer is larger than 256 MiB");
        else if (is_tls_error(rc))
            fail(err, VTWS_CLIENT_TLS, "TLS_ERROR", "%s", why);
        else
            fail(err, VTWS_CLIENT_TRANSPORT,
                 rc == CURLE_OPERATION_TIMEDOUT ? "TIMEOUT"
                 : rc == CURLE_COULDNT_RESOLVE_HOST ? "DNS_ERROR"
                 : rc == CURLE_COULDNT_CONNECT ? "CONNECT_ERROR" : "TRANSPORT_ERROR",
                 "%s", why);
    } else {
        result = envelope(&b, status, err);
    }
    free(b.data);
    return result;
}

/* ---- calls ------------------------------------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int session_gone(const vtws_client_error *e)
{
    return e->status == VTWS_CLIENT_SERVER &&
           (strcmp(e->code, "INVALID_SESSIONID") == 0 || strcmp(e->code, "AUTHENTICATION_REQUIRED") == 0);
}

#define MAX_PARAMS 32

json_t *vtws_client_call(vtws_client *c, const char *operation, int post, const vtws_param *params, size_t n,
                         int read_only, vtws_client_error *err)
{
    if (n + 2 > MAX_PARAMS) {
        fail(err, VTWS_CLIENT_USAGE, "TOO_MANY_PARAMETERS", "too many parameters");
        return NULL;
    }
    int relogged = 0;
    if (!c->session && c->access_key) {
        if (vtws_client_login(c, err) != 0)
            return NULL;
        relogged = 1;
    }
    for (int attempt = 0;; attempt++) {
        vtws_param all[MAX_PARAMS];
        size_t k = 0;
        all[k++] = (vtws_param){"operation", operation};
        if (c->session)
            all[k++] = (vtws_param){"sessionName", c->session};
        for (size_t i = 0; i < n; i++)
            all[k++] = params[i];
        json_t *r = exchange(c, post, all, k, err);
        if (r)
            return r;
        if (read_only && err->status == VTWS_CLIENT_TRANSPORT && attempt < c->retries) {
            sleep_ms(200L << attempt);
            continue;
        }
        if (read_only && session_gone(err) && !relogged && c->access_key) {
            relogged = 1; /* once */
            if (vtws_client_login(c, err) != 0)
                return NULL;
            attempt = -1;
            continue;
        }
        return NULL;
    }
}

static void md5_hex(const char *a, const char *b, char out[33])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
    EVP_DigestUpdate(ctx, a, strlen(a));
    EVP_DigestUpdate(ctx, b, strlen(b));
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    for (unsigned i = 0; i < len && i < 16; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
    out[32] = '\0';
}

/* exchange() for the login steps: an error envelope there is an authentication failure. */
static json_t *login_exchange(vtws_client *c, int post, const vtws_param *params, size_t n, vtws_client_error *err)
{
    json_t *r = exchange(c, post, params, n, err);
    if (!r && err->status == VTWS_CLIENT_SERVER)
        err->status = VTWS_CLIENT_AUTH;
    return r;
}

int vtws_client_login(vtws_client *c, vtws_client_error *err)
{
    if (!c->username || !c->access_key) {
        fail(err, VTWS_CLIENT_AUTH, "NO_CREDENTIALS", "no user name or access key to log in with");
        return -1;
    }
    vtws_param p[3] = {{"operation", "getchallenge"}, {"username", c->username}, {NULL, NULL}};
    json_t *challenge = login_exchange(c, 0, p, 2, err);
    if (!challenge)
        return -1;
    const char *token = json_string_value(json_object_get(challenge, "token"));
    if (!token) {
        json_decref(challenge);
        fail(err, VTWS_CLIENT_HTTP, "NO_TOKEN", "getchallenge answered without a token");
        return -1;
    }
    char key[33];
    md5_hex(token, c->access_key, key);
    json_decref(challenge);
    vtws_param l[3] = {{"operation", "login"}, {"username", c->username}, {"accessKey", key}};
    json_t *r = login_exchange(c, 1, l, 3, err);
    memset(key, 0, sizeof(key));
    if (!r)
        return -1;
    const char *session = json_string_value(json_object_get(r, "sessionName"));
    if (!session) {
        json_decref(r);
        fail(err, VTWS_CLIENT_HTTP, "NO_SESSION", "login answered without a sessionName");
        return -1;
    }
    wipe_free(c->session);
    free(c->user_id);
    c->session = strdup(session);
    c->user_id = dup_or_null(json_string_value(json_object_get(r, "userId")));
    json_decref(r);
    ok(err);
    return 0;
}

json_t *vtws_client_query(vtws_client *c, const char *query, vtws_client_error *err)
{
    vtws_param p[] = {{"query", query}};
    return vtws_client_call(c, "query", 0, p, 1, 1, err);
}

json_t *vtws_client_retrieve(vtws_client *c, const char *id, vtws_client_error *err)
{
    vtws_param p[] = {{"id", id}};
    return vtws_client_call(c, "retrieve", 0, p, 1, 1, err);
}

static json_t *write_element(vtws_client *c, const char *op, const char *module, const json_t *element,
                             vtws_client_error *err)
{
    char *text = json_dumps(element, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) {
        fail(err, VTWS_CLIENT_USAGE, "BAD_ELEMENT", "the element cannot be written as JSON");
        return NULL;
    }
    vtws_param p[2];
    size_t n = 0;
    if (module)
        p[n++] = (vtws_param){"elementType", module};
    p[n++] = (vtws_param){"element", text};
    json_t *r = vtws_client_call(c, op, 1, p, n, 0, err); /* a write is never replayed */
    free(text);
    return r;
}

json_t *vtws_client_create(vtws_client *c, const char *module, const json_t *element, vtws_client_error *err)
{
    return write_element(c, "create", module, element, err);
}

json_t *vtws_client_update(vtws_client *c, const json_t *element, vtws_client_error *err)
{
    return write_element(c, "update", NULL, element, err);
}

json_t *vtws_client_revise(vtws_client *c, const json_t *element, vtws_client_error *err)
{
    return write_element(c, "revise", NULL, element, err);
}

json_t *vtws_client_delete(vtws_client *c, const char *id, vtws_client_error *err)
{
    vtws_param p[] = {{"id", id}};
    return vtws_client_call(c, "delete", 1, p, 1, 0, err);
}

json_t *vtws_client_describe(vtws_client *c, const char *module, vtws_client_error *err)
{
    vtws_param p[] = {{"elementType", module}};
    return vtws_client_call(c, "describe", 0, p, 1, 1, err);
}

json_t *vtws_client_listtypes(vtws_client *c, vtws_client_error *err)
{
    return vtws_client_call(c, "listtypes", 0, NULL, 0, 1, err);
}

json_t *vtws_client_extendsession(vtws_client *c, vtws_client_error *err)
{
    return vtws_client_call(c, "extendsession", 1, NULL, 0, 0, err);
}

int vtws_client_logout(vtws_client *c, vtws_client_error *err)
{
    if (!c->session) {
        ok(err);
        return 0;
    }
    json_t *r = vtws_client_call(c, "logout", 1, NULL, 0, 0, err);
    json_decref(r);
    wipe_free(c->session);
    c->session = NULL;
    return r ? 0 : -1;
}

/* ---- paging ------------------------------------------------------------------------------------- */

/* Words of the query outside quotes: where "order by" and the last "limit" are. */
int vtws_query_plan_make(const char *query, vtws_query_plan *plan)
{
    memset(plan, 0, sizeof(*plan));
    plan->limit = -1;
    size_t len = strlen(query);
    while (len && (isspace((unsigned char)query[len - 1]) || query[len - 1] == ';'))
        len--;
    long limit_at = -1;
    char quote = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = query[i];
        if (quote) {
            if (ch == '\\' && i + 1 < len)
                i++;
            else if (ch == quote)
                quote = 0;
            continue;
        }
        if (ch == '\'' || ch == '"' || ch == '`') {
            quote = ch;
            continue;
        }
        if (i > 0 && (isalnum((unsigned char)query[i - 1]) || query[i - 1] == '_'))
            continue;
        if (strncasecmp(query + i, "order", 5) == 0 && i + 5 < len && isspace((unsigned char)query[i + 5])) {
            size_t j = i + 5;
            while (j < len && isspace((unsigned char)query[j]))
                j++;
            if (strncasecmp(query + j, "by", 2) == 0 && (j + 2 == len || !isalnum((unsigned char)query[j + 2])))
                plan->ordered = 1;
        }
        if (strncasecmp(query + i, "limit", 5) == 0 && (i + 5 == len || !isalnum((unsigned char)query[i + 5])))
            limit_at = (long)i;
    }
    if (quote)
        return 0;
    size_t base_len = len;
    if (limit_at >= 0) {
        /* LIMIT n | LIMIT offset, n — and nothing after it */
        const char *p = query + limit_at + 5;
        char *end;
        long a = strtol(p, &end, 10);
        if (end == p || a < 0)
            return 0;
        long b = -1;
        const char *q = end;
        while (q < query + len && isspace((unsigned char)*q))
            q++;
        if (q < query + len && *q == ',') {
            b = strtol(q + 1, &end, 10);
            if (end == q + 1 || b < 0)
                return 0;
        }
        while (end < query + len && isspace((unsigned char)*end))
            end++;
        if (end != query + len)
            return 0;
        plan->offset = b >= 0 ? a : 0;
        plan->limit = b >= 0 ? b : a;
        base_len = (size_t)limit_at;
    }
    while (base_len && isspace((unsigned char)query[base_len - 1]))
        base_len--;
    plan->base = malloc(base_len + 1);
    if (!plan->base)
        return 0;
    memcpy(plan->base, query, base_len);
    plan->base[base_len] = '\0';
    return 1;
}

void vtws_query_plan_free(vtws_query_plan *plan)
{
    free(plan->base);
    plan->base = NULL;
}

char *vtws_query_page_text(const vtws_query_plan *plan, long offset, long count)
{
    size_t n = strlen(plan->base) + 64;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s LIMIT %ld, %ld;", plan->base, plan->ordered ? "" : " ORDER BY id", offset, count);
    return s;
}

struct vtws_query_pages {
    vtws_client *c;
    char *raw;
    vtws_query_plan plan;
    int planned, done;
    json_t *page;
    size_t index;
    long next_offset, remaining, count;
};

vtws_query_pages *vtws_query_pages_new(vtws_client *c, const char *query)
{
    vtws_query_pages *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->c = c;
    p->raw = strdup(query);
    p->planned = vtws_query_plan_make(query, &p->plan);
    p->next_offset = p->plan.offset;
    p->remaining = p->plan.limit;
    return p;
}

json_t *vtws_query_pages_next(vtws_query_pages *p, vtws_client_error *err)
{
    ok(err);
    for (;;) {
        if (p->page && p->index < json_array_size(p->page)) {
            p->count++;
            return json_incref(json_array_get(p->page, p->index++));
        }
        json_decref(p->page);
        p->page = NULL;
        if (p->done)
            return NULL;
        json_t *r;
        long want = VTWS_QUERY_PAGE;
        if (!p->planned) { /* a query it cannot read: once, as written */
            r = vtws_client_query(p->c, p->raw, err);
            p->done = 1;
        } else {
            if (p->remaining >= 0 && p->remaining < want)
                want = p->remaining;
            if (want == 0) {
                p->done = 1;
                return NULL;
            }
            char *text = vtws_query_page_text(&p->plan, p->next_offset, want);
            r = text ? vtws_client_query(p->c, text, err) : NULL;
            free(text);
        }
        if (!r)
            return NULL;
        if (!json_is_array(r)) {
            json_decref(r);
            fail(err, VTWS_CLIENT_HTTP, "NOT_A_LIST", "query answered something that is not a list of rows");
            return NULL;
        }
        long got = (long)json_array_size(r);
        p->next_offset += got;
        if (p->remaining >= 0)
            p->remaining -= got;
        if (got < want) /* a short page is the last */
            p->done = 1;
        p->page = r;
        p->index = 0;
    }
}

long vtws_query_pages_count(const vtws_query_pages *p) { return p->count; }

void vtws_query_pages_free(vtws_query_pages *p)
{
    if (!p)
        return;
    json_decref(p->page);
    vtws_query_plan_free(&p->plan);
    free(p->raw);
    free(p);
}

int vtws_client_sync(vtws_client *c, const char *module, const char *since,
                     int (*page)(void *ctx, json_t *result), void *ctx, vtws_client_error *err)
{
    char mark[64];
    snprintf(mark, sizeof(mark), "%s", since);
    for (int pages = 0; pages < 100000; pages++) {
        vtws_param p[] = {{"modifiedTime", mark}, {"elementType", module}};
        json_t *r = vtws_client_call(c, "sync", 0, p, 2, 1, err);
        if (!r)
            return -1;
        int stop = page(ctx, r);
        json_t *more = json_object_get(r, "more"), *last = json_object_get(r, "lastModifiedTime");
        char next[64] = "";
        if (json_is_integer(last))
            snprintf(next, sizeof(next), "%lld", (long long)json_integer_value(last));
        else if (json_is_string(last))
            snprintf(next, sizeof(next), "%s", json_string_value(last));
        int go_on = json_is_true(more) && next[0] && strcmp(next, mark) != 0;
        json_decref(r);
        if (stop || !go_on)
            return 0;
        snprintf(mark, sizeof(mark), "%s", next);
    }
    return 0;
}

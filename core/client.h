/*
 * client — Vtiger's webservice API over HTTP(S).
 *
 * One reused libcurl handle (keep-alive: paging 10,000 rows is one TCP
 * connection), login by challenge (accessKey = md5(token + access key), with
 * OpenSSL's EVP), JSON with jansson, and every failure as one value the caller
 * can switch on. Read-only calls (query, retrieve, describe, listtypes, sync)
 * log in again once when the session is gone and are retried with backoff on
 * transport failures; writes (create, update, revise, delete) never are.
 * Call vtws_client_global_init() once per process before any client.
 */
#ifndef VTWS_CLIENT_H
#define VTWS_CLIENT_H

#include <jansson.h>
#include <stddef.h>

typedef enum {
    VTWS_CLIENT_OK = 0,
    VTWS_CLIENT_SERVER,    /* Vtiger answered {"success":false,"error":{code,message}} */
    VTWS_CLIENT_AUTH,      /* login refused: unknown user, wrong access key */
    VTWS_CLIENT_TRANSPORT, /* name resolution, connection, timeout */
    VTWS_CLIENT_TLS,       /* certificate or handshake */
    VTWS_CLIENT_HTTP,      /* an HTTP status other than 200, or a body that is not Vtiger's JSON */
    VTWS_CLIENT_USAGE      /* the caller's arguments */
} vtws_client_status;

typedef struct vtws_client_error {
    vtws_client_status status;
    char code[64];       /* Vtiger's code (INVALID_SESSIONID ...), or a name for the others */
    char message[512];
    long http_status;    /* the HTTP status when there was one */
    char excerpt[160];   /* the start of a body that was not JSON */
} vtws_client_error;

typedef struct vtws_client_options {
    const char *url;         /* https://crm.example.com[/webservice.php] */
    const char *username;
    const char *access_key;  /* kept to log in again; wiped when the client is freed */
    const char *session;     /* a session to reuse (from a cache), or NULL */
    const char *user_id;     /* its user id, when known */
    const char *ca_file;     /* CA bundle (PEM); NULL: the system's */
    int insecure;            /* do not verify TLS (the caller warns) */
    long connect_timeout_ms; /* 0: 10 s */
    long timeout_ms;         /* 0: 60 s */
    int retries;             /* transport retries of read-only calls; -1: 2 */
} vtws_client_options;

typedef struct vtws_client vtws_client;

int vtws_client_global_init(void);
vtws_client *vtws_client_new(const vtws_client_options *o, vtws_client_error *err);
void vtws_client_free(vtws_client *c);

/* getchallenge, then login. */
int vtws_client_login(vtws_client *c, vtws_client_error *err);
const char *vtws_client_session(const vtws_client *c);
const char *vtws_client_user_id(const vtws_client *c);
/* New TCP connections opened so far (libcurl's count). */
long vtws_client_connections(const vtws_client *c);

typedef struct vtws_param {
    const char *name;
    const char *value; /* sent as is: JSON text for an `encoded` parameter */
} vtws_param;

/* Any operation, GET (query string) or POST (form). Returns the result (a new
 * reference) or NULL with err set. read_only: may log in again and retry. */
json_t *vtws_client_call(vtws_client *c, const char *operation, int post, const vtws_param *params, size_t n,
                         int read_only, vtws_client_error *err);

json_t *vtws_client_query(vtws_client *c, const char *query, vtws_client_error *err);
json_t *vtws_client_retrieve(vtws_client *c, const char *id, vtws_client_error *err);
json_t *vtws_client_create(vtws_client *c, const char *module, const json_t *element, vtws_client_error *err);
json_t *vtws_client_update(vtws_client *c, const json_t *element, vtws_client_error *err);
json_t *vtws_client_revise(vtws_client *c, const json_t *element, vtws_client_error *err);
json_t *vtws_client_delete(vtws_client *c, const char *id, vtws_client_error *err);
json_t *vtws_client_describe(vtws_client *c, const char *module, vtws_client_error *err);
json_t *vtws_client_listtypes(vtws_client *c, vtws_client_error *err);
json_t *vtws_client_extendsession(vtws_client *c, vtws_client_error *err);
int vtws_client_logout(vtws_client *c, vtws_client_error *err);

/* How a query is paged: the query without its LIMIT, where it starts, how many
 * rows the caller asked for (-1: all), and whether it has an ORDER BY. */
typedef struct vtws_query_plan {
    char *base;      /* malloc'd */
    long offset;
    long limit;
    int ordered;
} vtws_query_plan;

/* Returns 0 for a query it cannot read (then it is sent once, as written). */
int vtws_query_plan_make(const char *query, vtws_query_plan *plan);
void vtws_query_plan_free(vtws_query_plan *plan);
/* The text of the page query at offset (LIMIT offset, count; ORDER BY id when none). */
char *vtws_query_page_text(const vtws_query_plan *plan, long offset, long count);

#define VTWS_QUERY_PAGE 100

/* Every row of a query, page after page (LIMIT offset, 100), stopping on a
 * short page or at the caller's LIMIT. */
typedef struct vtws_query_pages vtws_query_pages;
vtws_query_pages *vtws_query_pages_new(vtws_client *c, const char *query);
/* The next row (a new reference), or NULL: the end (err->status OK) or an error. */
json_t *vtws_query_pages_next(vtws_query_pages *p, vtws_client_error *err);
long vtws_query_pages_count(const vtws_query_pages *p);
void vtws_query_pages_free(vtws_query_pages *p);

/* sync from `since`, following `more`: page(ctx, result) for each answer;
 * a page callback returning non-zero stops. */
int vtws_client_sync(vtws_client *c, const char *module, const char *since,
                     int (*page)(void *ctx, json_t *result), void *ctx, vtws_client_error *err);

#endif

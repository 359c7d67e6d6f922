/* core/client at the library level: how queries are paged (a pure function),
 * and calls against a small HTTP server on loopback in a thread. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "test_main.h"

static char *page(const char *query, long offset, long count, vtws_query_plan *plan)
{
    ck_assert(vtws_query_plan_make(query, plan));
    return vtws_query_page_text(plan, offset, count);
}

START_TEST(paging_rewrites_the_query)
{
    vtws_query_plan p;
    char *t = page("SELECT * FROM Contacts;", 0, 100, &p);
    ck_assert_str_eq(t, "SELECT * FROM Contacts ORDER BY id LIMIT 0, 100;");
    ck_assert_int_eq(p.limit, -1);
    free(t);
    vtws_query_plan_free(&p);

    t = page("select id from Contacts where lastname = 'x' order by lastname limit 10, 250 ;", 110, 100, &p);
    ck_assert_str_eq(t, "select id from Contacts where lastname = 'x' order by lastname LIMIT 110, 100;");
    ck_assert_int_eq(p.offset, 10);
    ck_assert_int_eq(p.limit, 250);
    ck_assert(p.ordered);
    free(t);
    vtws_query_plan_free(&p);

    t = page("SELECT id FROM Contacts LIMIT 5", 0, 5, &p);
    ck_assert_str_eq(t, "SELECT id FROM Contacts ORDER BY id LIMIT 0, 5;");
    ck_assert_int_eq(p.offset, 0);
    ck_assert_int_eq(p.limit, 5);
    free(t);
    vtws_query_plan_free(&p);

    /* words inside quotes are not clauses */
    t = page("SELECT id FROM Contacts WHERE title = 'order by x limit 3'", 0, 100, &p);
    ck_assert(!p.ordered);
    ck_assert_int_eq(p.limit, -1);
    ck_assert_str_eq(t, "SELECT id FROM Contacts WHERE title = 'order by x limit 3' ORDER BY id LIMIT 0, 100;");
    free(t);
    vtws_query_plan_free(&p);

    /* what it cannot read is sent once, as written */
    ck_assert(!vtws_query_plan_make("SELECT id FROM Contacts LIMIT 5 OFFSET 3;", &p));
    vtws_query_plan_free(&p);
    ck_assert(!vtws_query_plan_make("SELECT id FROM Contacts WHERE a = 'unclosed", &p));
    vtws_query_plan_free(&p);
}
END_TEST

/* ---- a tiny HTTP/1.1 server: canned answers, keep-alive ------------------------------- */

typedef struct server {
    int fd, port;
    int connections, requests;
    char last_request[4096];
    const char *(*answer)(const char *request, int *status);
} server;

static void *serve(void *arg)
{
    server *s = arg;
    for (;;) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            return NULL;
        s->connections++;
        char buf[8192];
        for (;;) { /* requests on this connection */
            ssize_t n = 0, got;
            while ((got = read(c, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0) {
                n += got;
                buf[n] = '\0';
                char *end = strstr(buf, "\r\n\r\n");
                if (end) {
                    char *cl = strcasestr(buf, "Content-Length:");
                    long body = cl ? atol(cl + 15) : 0;
                    if ((end + 4 - buf) + body <= n)
                        break;
                }
            }
            if (got <= 0 && n == 0)
                break;
            s->requests++;
            snprintf(s->last_request, sizeof(s->last_request), "%.4000s", buf);
            int status = 200;
            const char *body = s->answer(buf, &status);
            char head[256];
            int hl = snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                              status, strlen(body));
            if (write(c, head, (size_t)hl) < 0 || write(c, body, strlen(body)) < 0)
                break;
        }
        close(c);
    }
}

static server *start(const char *(*answer)(const char *, int *))
{
    server *s = calloc(1, sizeof(*s));
    s->answer = answer;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t len = sizeof(a);
    getsockname(s->fd, (struct sockaddr *)&a, &len);
    s->port = ntohs(a.sin_port);
    listen(s->fd, 8);
    pthread_t t;
    pthread_create(&t, NULL, serve, s);
    pthread_detach(t);
    return s;
}

static vtws_client *client_for(const server *s, const char *key)
{
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s->port);
    vtws_client_options o = {0};
    o.url = url;
    o.username = "admin";
    o.access_key = key;
    o.retries = 0;
    o.timeout_ms = 5000;
    vtws_client_error err;
    vtws_client *c = vtws_client_new(&o, &err);
    ck_assert_ptr_nonnull(c);
    return c;
}

static char token_md5[33];

/* getchallenge gives token "abc"; login wants md5("abc" + "KEY"); query pages. */
static const char *vtiger(const char *req, int *status)
{
    static char out[4096];
    if (strstr(req, "operation=getchallenge"))
        return "{\"success\":true,\"result\":{\"token\":\"abc\",\"serverTime\":1,\"expireTime\":2}}";
    if (strstr(req, "operation=login")) {
        char want[64];
        snprintf(want, sizeof(want), "accessKey=%s", token_md5);
        return strstr(req, want) ? "{\"success\":true,\"result\":{\"sessionName\":\"S1\",\"userId\":\"19x1\"}}"
                                 : "{\"success\":false,\"error\":{\"code\":\"INVALID_USER_CREDENTIALS\",\"message\":\"Invalid username or password\"}}";
    }
    if (strstr(req, "operation=describe"))
        return *status = 500, "";
    if (strstr(req, "operation=listtypes"))
        return "<html>proxy error</html>";
    if (strstr(req, "operation=query")) {
        /* 250 rows: the page starts at the LIMIT offset */
        const char *lim = strstr(req, "LIMIT%20");
        long off = lim ? atol(lim + 8) : 0;
        strcpy(out, "{\"success\":true,\"result\":[");
        for (long i = off; i < off + 100 && i < 250; i++)
            sprintf(out + strlen(out), "%s{\"id\":\"12x%ld\"}", i > off ? "," : "", i);
        strcat(out, "]}");
        return out;
    }
    return "{\"success\":false,\"error\":{\"code\":\"ACCESS_DENIED\",\"message\":\"no\"}}";
}

START_TEST(login_calls_and_errors)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n;
    EVP_Digest("abcKEY", 6, md, &n, EVP_md5(), NULL);
    for (unsigned i = 0; i < 16; i++)
        sprintf(token_md5 + 2 * i, "%02x", md[i]);
    server *s = start(vtiger);
    vtws_client_error err;

    vtws_client *bad = client_for(s, "WRONG");
    ck_assert_int_ne(vtws_client_login(bad, &err), 0);
    ck_assert_int_eq(err.status, VTWS_CLIENT_AUTH);
    ck_assert_str_eq(err.code, "INVALID_USER_CREDENTIALS");
    vtws_client_free(bad);

    vtws_client *c = client_for(s, "KEY");
    int before = s->connections;
    vtws_query_pages *p = vtws_query_pages_new(c, "SELECT id FROM Contacts;");
    json_t *row;
    long rows = 0;
    while ((row = vtws_query_pages_next(p, &err))) {
        char want[32];
        snprintf(want, sizeof(want), "12x%ld", rows++);
        ck_assert_str_eq(json_string_value(json_object_get(row, "id")), want);
        json_decref(row);
    }
    ck_assert_int_eq(err.status, VTWS_CLIENT_OK);
    ck_assert_int_eq(rows, 250);
    vtws_query_pages_free(p);
    ck_assert_str_eq(vtws_client_session(c), "S1");
    ck_assert_int_eq(s->connections - before, 1); /* login and 3 pages on one connection */
    ck_assert_int_eq(vtws_client_connections(c), 1);
    ck_assert_ptr_nonnull(strstr(s->last_request, "GET /webservice.php?operation=query&sessionName=S1&query="));

    ck_assert_ptr_null(vtws_client_describe(c, "Contacts", &err));
    ck_assert_int_eq(err.status, VTWS_CLIENT_HTTP);
    ck_assert_int_eq(err.http_status, 500);
    ck_assert_str_eq(err.message, "HTTP 500, empty body");
    ck_assert_ptr_null(vtws_client_listtypes(c, &err));
    ck_assert_int_eq(err.status, VTWS_CLIENT_HTTP);
    ck_assert_str_eq(err.excerpt, "<html>proxy error</html>");
    ck_assert_ptr_null(vtws_client_retrieve(c, "12x1", &err));
    ck_assert_int_eq(err.status, VTWS_CLIENT_SERVER);
    ck_assert_str_eq(err.code, "ACCESS_DENIED");

    json_t *el = json_pack("{s:s}", "lastname", "X");
    ck_assert_ptr_null(vtws_client_create(c, "Contacts", el, &err));
    ck_assert_ptr_nonnull(strstr(s->last_request, "POST /webservice.php"));
    ck_assert_ptr_nonnull(strstr(s->last_request, "operation=create&sessionName=S1&elementType=Contacts&element=%7B%22lastname%22%3A%22X%22%7D"));
    json_decref(el);
    vtws_client_free(c);
}
END_TEST

START_TEST(nothing_listening_is_a_transport_error)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof(a));
    socklen_t len = sizeof(a);
    getsockname(fd, (struct sockaddr *)&a, &len);
    server s = {0};
    s.port = ntohs(a.sin_port);
    close(fd); /* a port nobody listens on */
    vtws_client *c = client_for(&s, "KEY");
    vtws_client_error err;
    ck_assert_ptr_null(vtws_client_listtypes(c, &err));
    ck_assert_int_eq(err.status, VTWS_CLIENT_TRANSPORT);
    ck_assert_str_eq(err.code, "CONNECT_ERROR");
    vtws_client_free(c);
}
END_TEST

Suite *client_suite(void)
{
    Suite *s = suite_create("client");
    TCase *tc = tcase_create("library");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, paging_rewrites_the_query);
    tcase_add_test(tc, login_calls_and_errors);
    tcase_add_test(tc, nothing_listening_is_a_transport_error);
    suite_add_tcase(s, tc);
    return s;
}

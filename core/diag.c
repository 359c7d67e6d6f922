#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void vtws_diag_init(vtws_diag_list *l, vtws_arena *arena)
{
    memset(l, 0, sizeof(*l));
    l->arena = arena;
}

static void push(vtws_diag_list *l, vtws_severity sev, int line, int column, const char *msg)
{
    if (l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        vtws_diag *n = vtws_arena_alloc(l->arena, ncap * sizeof(*n));
        if (!n)
            return;
        if (l->count)
            memcpy(n, l->items, l->count * sizeof(*n));
        l->items = n;
        l->cap = ncap;
    }
    vtws_diag *d = &l->items[l->count++];
    d->severity = sev;
    d->line = line;
    d->column = column;
    d->message = vtws_arena_strndup(l->arena, msg, strlen(msg));
    if (!d->message)
        d->message = "out of memory";
}

void vtws_diag_addv(vtws_diag_list *l, vtws_severity sev, int line, int column, const char *fmt, va_list ap)
{
    if (sev == VTWS_DIAG_ERROR)
        l->errors++;
    if (l->count >= VTWS_DIAG_MAX) {
        if (!l->truncated) {
            l->truncated = 1;
            push(l, VTWS_DIAG_WARNING, line, column, "too many diagnostics; the rest are not listed");
        }
        return;
    }
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    push(l, sev, line, column, buf);
}

void vtws_diag_add(vtws_diag_list *l, vtws_severity sev, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vtws_diag_addv(l, sev, line, column, fmt, ap);
    va_end(ap);
}

const char *vtws_severity_name(vtws_severity sev)
{
    return sev == VTWS_DIAG_ERROR ? "error" : "warning";
}

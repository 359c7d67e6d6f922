/*
 * diag — diagnostics (severity, line, column, message) collected while reading.
 *
 * Lines and columns are 1-based; columns count bytes. Lines follow PHP: "\n",
 * "\r\n" and a lone "\r" each end a line. The list is capped so hostile input
 * cannot make it grow without bound; the cap is reported once.
 */
#ifndef VTWS_DIAG_H
#define VTWS_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "alloc.h"

typedef enum { VTWS_DIAG_WARNING = 1, VTWS_DIAG_ERROR = 2 } vtws_severity;

typedef struct vtws_diag {
    vtws_severity severity;
    int line;
    int column;
    const char *message; /* NUL-terminated, owned by the list's arena */
} vtws_diag;

#define VTWS_DIAG_MAX 1000

typedef struct vtws_diag_list {
    vtws_diag *items;
    size_t count;
    size_t cap;
    size_t errors;
    int truncated;
    vtws_arena *arena;
} vtws_diag_list;

void vtws_diag_init(vtws_diag_list *l, vtws_arena *arena);
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void vtws_diag_add(vtws_diag_list *l, vtws_severity sev, int line, int column, const char *fmt, ...);
/* The same with a va_list, for callers that wrap it. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 0)))
#endif
void vtws_diag_addv(vtws_diag_list *l, vtws_severity sev, int line, int column, const char *fmt, va_list ap);
const char *vtws_severity_name(vtws_severity sev);

#endif

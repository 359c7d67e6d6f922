/*
 * request — the limits and checks of a gettranslation request, before any
 * lookup: what a label, a language and a module may be. The extension applies
 * them to what Vtiger's dispatcher passes; the fuzzer to arbitrary bytes.
 */
#ifndef VTWS_REQUEST_H
#define VTWS_REQUEST_H

#include <stddef.h>

#define VTWS_MAX_LABEL_BYTES 1024

typedef enum {
    VTWS_LABEL_OK = 0,
    VTWS_LABEL_TOO_LONG,
    VTWS_LABEL_NOT_UTF8
} vtws_label_check;

/* Whether a label may be looked up: at most VTWS_MAX_LABEL_BYTES of valid UTF-8. */
vtws_label_check vtws_check_label(const char *s, size_t len);

/* vtws_check_label(), and in the same pass whether the label has an '&' (HTML entities
 * Vtiger would decode): *has_amp is set when the label is OK. Labels are short and mostly
 * ASCII, so both are answered eight bytes at a time. */
vtws_label_check vtws_scan_label(const char *s, size_t len, int *has_amp);

/* A short English reason for a failed check. */
const char *vtws_label_problem(vtws_label_check c);

#endif

/*
 * cli — the `vtws` command: shared helpers of its subcommands.
 *
 * Exit codes: 0 success, 1 the input has errors or the server answered an
 * error, 2 usage, 3 transport or TLS, 4 authentication.
 */
#ifndef VTWS_CLI_H
#define VTWS_CLI_H

#include <jansson.h>

#include "value.h"

enum { EXIT_OK = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2, EXIT_TRANSPORT = 3, EXIT_AUTH = 4, EXIT_KEY_FILE = 5 };
#define EXIT_SERVER EXIT_PROBLEMS

/* `vtws lang ...` */
int cmd_lang(int argc, char **argv);

/* `vtws login|logout|query|...`: the webservice API. */
int cmd_api(const char *cmd, int argc, char **argv);

/* The JSON form of a core value, as PHP's json_encode gives it: a list
 * (keys 0..n-1 in order) becomes an array, any other array an object;
 * invalid UTF-8 is replaced by U+FFFD. */
json_t *cli_value_to_json(const vtws_value *v);

/* Print JSON to stdout: indented on a terminal, one line otherwise. */
int cli_print_json(json_t *j);

/* One clear line on stderr: "vtws: <message>". */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif

/* vtws: command-line tool over the core (language files; the API client later). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define VTWS_CLI_VERSION "0.1.0"

static void usage(FILE *to)
{
    fputs("usage: vtws COMMAND ...\n"
          "  vtws lang dump FILE    print a language file's variables and diagnostics as JSON\n"
          "  vtws lang check DIR    print path:line:col: severity: message for every file below DIR;\n"
          "                         exit 1 if any has an error\n"
          "  vtws --version\n"
          "exit codes: 0 ok, 1 problems found (or a file could not be read), 2 usage\n",
          to);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "lang") == 0)
        return cmd_lang(argc - 2, argv + 2);
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("vtws %s\n", VTWS_CLI_VERSION);
        return EXIT_OK;
    }
    if (argc < 2)
        cli_error("missing command (try vtws --help)");
    else
        cli_error("unknown command '%s' (try vtws --help)", argv[1]);
    return EXIT_USAGE;
}

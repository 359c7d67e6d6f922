/* vtws: command-line tool over the core (language files; the API client later). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static void usage(FILE *to)
{
    fputs("usage: vtws COMMAND ...\n"
          "webservice API (credentials: VTIGER_URL, VTIGER_USER, VTIGER_ACCESS_KEY or --access-key-file FILE,\n"
          "or a profile in ~/.config/vtws/config; the session is cached, mode 0600):\n"
          "  vtws login | logout\n"
          "  vtws query \"SELECT ...\" [--all] [--format json|ndjson|csv]\n"
          "  vtws retrieve ID | delete ID | describe MODULE | listtypes\n"
          "  vtws create MODULE FILE|-  |  update FILE|-  |  revise FILE|-\n"
          "  vtws sync MODULE --since TIME\n"
          "  vtws call OPERATION [--get|--post] name=value name:=json ...\n"
          "  vtws translate --language ru_ru [--module Contacts] LABEL...\n"
          "  options: --url URL --user NAME --profile NAME --ca-file FILE --insecure --timeout S --connect-timeout S\n"
          "language files:\n"
          "  vtws lang dump FILE    print a language file's variables and diagnostics as JSON\n"
          "  vtws lang check DIR    print path:line:col: severity: message for every file below DIR;\n"
          "                         exit 1 if any has an error\n"
          "  vtws --version\n"
          "exit codes: 0 ok, 1 the server answered an error (CODE: message) or a file has errors,\n"
          "2 usage, 3 transport or TLS, 4 authentication\n",
          to);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "lang") == 0)
        return cmd_lang(argc - 2, argv + 2);
    if (argc >= 2 && argv[1][0] != '-')
        return cmd_api(argv[1], argc - 2, argv + 2);
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("vtws %s\n", VTWS_VERSION);
        return EXIT_OK;
    }
    if (argc < 2)
        cli_error("missing command (try vtws --help)");
    else
        cli_error("unknown option '%s' (try vtws --help)", argv[1]);
    return EXIT_USAGE;
}

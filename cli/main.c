/* vtws: command-line tool over the core (language files; the API client later). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static void usage(FILE *to)
{
    /* Laid out for people and for help2man (the Debian man page is made from it):
     * section headings end in ':', entries are indented two spaces. */
    fputs("Usage: vtws COMMAND [ARGUMENT]... [OPTION]...\n"
          "Client for the Vtiger CRM webservice API, and tools for Vtiger language files.\n"
          "\n"
          "Webservice API:\n"
          "  login, logout                 open or end a session (cached per URL and user, mode 0600)\n"
          "  query \"SELECT ...\"            run a query; --all pages through every row,\n"
          "                                --format json|ndjson|csv\n"
          "  retrieve ID, delete ID        one record\n"
          "  describe MODULE, listtypes    the modules and their fields\n"
          "  create MODULE FILE|-          create a record from JSON (a file, or - for standard input)\n"
          "  update FILE|-, revise FILE|-  replace or change a record\n"
          "  sync MODULE --since TIME      what changed since TIME (seconds, or YYYY-MM-DD[THH:MM:SS])\n"
          "  call OPERATION [--get|--post] name=value name:=json ...  (default: as registered)\n"
          "                                any operation; name:=json sends a JSON value\n"
          "  translate --language ru_ru [--module Contacts] LABEL...\n"
          "                                labels through the gettranslation operation\n"
          "  export [--language ru_ru] [--module Contacts] [--type all] [--refresh]\n"
          "                                a module's strings (exporttranslation), cached in\n"
          "                                ~/.cache/vtws/ with their version: unchanged ones come\n"
          "                                from the cache; --type languageStrings (default),\n"
          "                                jsLanguageStrings or all; --refresh asks for all again\n"
          "  languages                     the installed languages (listlanguages)\n"
          "\n"
          "Connection:\n"
          "  --url URL                     webservice.php's URL (else VTIGER_URL)\n"
          "  --user NAME                   the user (else VTIGER_USER)\n"
          "  --access-key-file FILE        the user's access key (else VTIGER_ACCESS_KEY; never\n"
          "                                taken on the command line); refused (exit 5) when group\n"
          "                                or others can read or write FILE: chmod 600 it\n"
          "  --insecure-key-file           use such a key file anyway, with a warning (or\n"
          "                                VTWS_INSECURE_KEY_FILE=1)\n"
          "  --profile NAME                a [NAME] section of ~/.config/vtws/config (url, user,\n"
          "                                access_key; the file must be private)\n"
          "  --ca-file FILE, --insecure    which certificates to trust (--insecure warns)\n"
          "  --timeout S, --connect-timeout S\n"
          "                                limits in seconds (defaults 60 and 10)\n"
          "\n"
          "Language files:\n"
          "  lang dump FILE                a language file's variables and diagnostics as JSON\n"
          "  lang check DIR                path:line:col: severity: message for every file below DIR\n"
          "  --php 7.4|8.0|8.1|8.2|8.3|8.4|8.5 (with lang) read files as that PHP does (default: the newest)\n"
          "  --version                     print the version\n"
          "\n"
          "Exit status:\n"
          "  0 ok; 1 the server answered an error (CODE: message) or a file has errors;\n"
          "  2 usage; 3 transport or TLS; 4 authentication; 5 the access key file is open\n"
          "  to group or others.\n",
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

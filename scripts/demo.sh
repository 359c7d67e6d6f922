#!/bin/sh
# The main job on the bundled sample Vtiger tree (examples/vtiger):
# builds everything, checks every language file, and reads one through the
# extension and through the command-line tool.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ROOT=examples/vtiger
echo "== vtws lang check $ROOT/languages  (exit 1: the sample has one broken file on purpose)"
_build/cli/vtws lang check "$ROOT/languages" || true
echo
echo "== vtws lang dump $ROOT/languages/ru_ru/Contacts.php"
_build/cli/vtws lang dump "$ROOT/languages/ru_ru/Contacts.php"
echo
echo "== Vtws\\parse_language_file() in PHP, with the extension loaded"
php -n -d extension="$(pwd)/modules/vtws.so" -r '
    $r = Vtws\parse_language_file($argv[1]);
    $s = $r["vars"]["languageStrings"];
    echo json_encode(["SINGLE_Contacts" => $s["SINGLE_Contacts"], "Contacts" => $s["Contacts"]], JSON_UNESCAPED_UNICODE), "\n";
' "$ROOT/languages/ru_ru/Contacts.php"

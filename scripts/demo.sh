#!/bin/sh
# The main job on the bundled sample Vtiger tree (examples/vtiger): builds
# everything, then serves gettranslation the way Vtiger's dispatcher calls it
# (named arguments as Vtiger >= 7.5 on PHP 8, then positionally as on PHP 7),
# and checks every language file of the sample.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ROOT=examples/vtiger
PHPX="php -n -d extension=$(pwd)/modules/vtws.so"
for mode in named positional; do
    echo "== gettranslation, $mode dispatch: totranslate=[\"SINGLE_Contacts\",\"Contacts\"] language=ru_ru module=Contacts"
    $PHPX examples/dispatch.php "$ROOT" "$mode" 'totranslate=["SINGLE_Contacts","Contacts"]' language=ru_ru module=Contacts
done
echo
echo "== vtws lang check $ROOT/languages  (the sample has one broken file on purpose: exit 1)"
_build/cli/vtws lang check "$ROOT/languages" || true

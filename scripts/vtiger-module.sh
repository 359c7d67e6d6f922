#!/bin/sh
# Build the Vtiger module zip (module Vtws) from this tree; the zip's absolute path is the last line.
#   scripts/vtiger-module.sh [--version X.Y.Z] [--out DIR]
# Imported from Settings > Module Management > Modules > Import Module, or with
#   php -d auto_prepend_file=vendor/autoload.php vtlib/tools/console.php --import=PATH   (in the root, as the web user)
#
# The zip is laid out as Vtiger's importer reads it (see docs/vtiger-module.md), from the files of
# php_scripts/ that are laid out as they land in a Vtiger root:
#   manifest.xml                               php_scripts/modules/Vtws/manifest.xml (version filled in)
#   modules/Vtws/                              php_scripts/modules/Vtws/ (the module class, the bridge)
#   modules/Vtws/{vtws-register.php,register/,include/}
#                                              the registration library and handler file, php_scripts'
#                                              own files (no second copy is kept in the tree)
#   settings/{views,actions,models}/           php_scripts/modules/Settings/Vtws/ (Vtiger installs
#                                              settings/ into modules/Settings/Vtws/)
#   layouts/v7/modules/Settings/Vtws/          php_scripts/layouts/v7/modules/Settings/Vtws/
#   languages/<lang>/{Vtws.php,Settings/Vtws.php}  php_scripts/languages/
# Entries get a fixed date, so the same tree gives the same zip.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
VERSION=$(sed -n 's/^#define VTWS_VERSION "\(.*\)"$/\1/p' core/version.h)
OUT=$TOP/_build/vtiger-module
while [ $# -gt 0 ]; do
    case "$1" in
    --version) VERSION=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "vtiger-module.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$VERSION" in
*[!0-9.]*|'') echo "vtiger-module.sh: a version is digits and dots ($VERSION)" >&2; exit 2 ;;
esac
command -v zip >/dev/null || { echo "vtiger-module.sh: needs zip (Debian's package zip; scripts/install-deps.sh installs it)" >&2; exit 3; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
STAGE=$OUT/stage
rm -rf "$STAGE"
mkdir -p "$STAGE/modules/Vtws" "$STAGE/settings" "$STAGE/layouts/v7/modules/Settings" "$STAGE/languages"
P=php_scripts
cp -R $P/modules/Vtws/. "$STAGE/modules/Vtws/"
cp $P/vtws-register.php "$STAGE/modules/Vtws/"
cp -R $P/register "$STAGE/modules/Vtws/register"
mkdir -p "$STAGE/modules/Vtws/include/Webservices"
cp $P/include/Webservices/GetTranslation.php "$STAGE/modules/Vtws/include/Webservices/"
[ ! -d $P/modules/Settings/Vtws ] || cp -R $P/modules/Settings/Vtws/. "$STAGE/settings/"
[ ! -d $P/layouts/v7/modules/Settings/Vtws ] || cp -R $P/layouts/v7/modules/Settings/Vtws "$STAGE/layouts/v7/modules/Settings/Vtws"
cp -R $P/languages/. "$STAGE/languages/"
sed "s|@VERSION@|$VERSION|" $P/modules/Vtws/manifest.xml >"$STAGE/manifest.xml"
cp "$STAGE/manifest.xml" "$STAGE/modules/Vtws/manifest.xml"
find "$STAGE" -exec touch -d '2026-01-01 00:00:00 UTC' {} +
ZIP=$OUT/Vtws-$VERSION.zip
rm -f "$ZIP"
# manifest.xml first, then the rest in a stable order; no folder entries, no extra attributes
(cd "$STAGE" && { echo manifest.xml; find . -type f ! -name manifest.xml -o -type f -path ./modules/Vtws/manifest.xml | sed 's|^\./||' | LC_ALL=C sort; } \
    | zip -q -X -D "$ZIP" -@)
rm -rf "$STAGE"
echo "$ZIP"

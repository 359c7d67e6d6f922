#!/bin/sh
# The browser suite of the Vtws module on a real Vtiger 8.3 site (tests/browser/suite.mjs), or one
# line saying why it was skipped. The site: VTWS_VTIGER_SITE (default /srv/vtiger83), see
# tests/browser/site.sh; a private copy is started and stopped here, the site itself is not touched.
# Installs what is missing: Debian's chromium (apt), playwright-core (npm, into _build/browser-node).
set -u
cd "$(dirname "$0")/../.."
TOP=$(pwd)
SITE=${VTWS_VTIGER_SITE:-/srv/vtiger83}
if [ ! -s "$SITE/snapshots/pristine/db.sql.gz" ] || [ ! -s "$SITE/snapshots/pristine/root.tar.gz" ] || [ ! -s "$SITE/tools/credentials.json" ]; then
    echo "note: browser suite skipped: no Vtiger 8.3 site at $SITE (set VTWS_VTIGER_SITE to a folder with snapshots/pristine/{db.sql.gz,root.tar.gz} and tools/credentials.json; see docs/vtiger-module.md)"
    echo "browser: 0 passed, 0 failed"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "note: browser suite skipped: it starts MariaDB, php-fpm and nginx as www-data/mysql and needs root"
    echo "browser: 0 passed, 0 failed"
    exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
    . "$TOP/scripts/apt-wait.sh"
    { apt_get update -qq && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 ||
        { echo "browser: cannot install Debian's chromium"; echo "browser: 0 passed, 1 failed"; exit 1; }
fi
NODE_DIR=$TOP/_build/browser-node
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    command -v npm >/dev/null || { . "$TOP/scripts/apt-wait.sh" && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends nodejs npm; } >/dev/null 2>&1
    mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --silent playwright-core@1 >/dev/null 2>&1) ||
        { echo "browser: cannot install playwright-core from npm"; echo "browser: 0 passed, 1 failed"; exit 1; }
fi
ZIP=$(scripts/vtiger-module.sh | tail -n 1)
NEWER=$(scripts/vtiger-module.sh --out "$TOP/_build/vtiger-module/newer" --version "$(sed -n 's/^#define VTWS_VERSION "\(.*\)"$/\1/p' core/version.h).1" | tail -n 1)
SHOTS=$TOP/_build/browser
mkdir -p "$SHOTS"
tests/browser/site.sh start >"$SHOTS/site.log" 2>&1 || { cat "$SHOTS/site.log"; echo "browser: 0 passed, 1 failed"; exit 1; }
trap 'tests/browser/site.sh stop >/dev/null 2>&1' EXIT
W=$TOP/_build/browser-site
DBNAME=$(sed -n "s/^\$dbconfig\['db_name'\] = '\(.*\)';/\1/p" "$W/root/config.inc.php")
VTWS_SITE_SH=$TOP/tests/browser/site.sh VTWS_PLAYWRIGHT_DIR=$NODE_DIR/node_modules node tests/browser/suite.mjs "$(tests/browser/site.sh url)" "$W/root" "$W/mysqld.sock" \
    "$DBNAME" "$ZIP" "$NEWER" "$SITE/tools/credentials.json" "$SHOTS" "$W/ext/vtws.so"

#!/bin/sh
# Regenerate (or, with --check, verify) ext/vtws_arginfo.h from ext/vtws.stub.php
# with PHP's own gen_stub.php. gen_stub.php would download PHP-Parser; we give it
# Debian's php-parser package instead, from a scratch copy, so this works offline.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
gen=$(ls /usr/lib/php/*/build/gen_stub.php 2>/dev/null | sort | tail -n 1)
[ -n "$gen" ] || { echo "gen-arginfo: gen_stub.php not found (install php-dev)" >&2; exit 1; }
[ -d /usr/share/php/PhpParser ] || { echo "gen-arginfo: /usr/share/php/PhpParser missing (install php-parser)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$gen" "$work/gen_stub.php"
ver=$(sed -n 's/.*\$version = "\([0-9.]*\)".*/\1/p' "$gen" | head -n 1)
mkdir -p "$work/PHP-Parser-$ver/lib"
ln -s /usr/share/php/PhpParser "$work/PHP-Parser-$ver/lib/PhpParser"
cp "$top/ext/vtws.stub.php" "$work/vtws.stub.php"
if ! php "$work/gen_stub.php" -f "$work/vtws.stub.php" >"$work/log" 2>&1; then
    cat "$work/log" >&2
    exit 1
fi
if [ "${1:-}" = "--check" ]; then
    # The committed headers are Debian 12's gen_stub.php output (PHP 8.2); they compile on
    # 7.4 to 8.5. Another PHP's gen_stub.php writes other, equivalent code (8.4's guards its
    # entries by PHP_VERSION_ID): there the stub hash it records must be the committed one.
    api=$(basename "$(dirname "$(dirname "$gen")")")
    for f in vtws_arginfo.h vtws_legacy_arginfo.h; do
        cmp -s "$work/$f" "$top/ext/$f" && continue
        if [ "$api" != 20220829 ] && [ "$(sed -n 2p "$work/$f")" = "$(sed -n 2p "$top/ext/$f")" ]; then
            echo "ext/$f: made from this ext/vtws.stub.php (its stub hash); written by PHP 8.2's gen_stub.php, not this PHP's (API $api)"
            continue
        fi
        echo "ext/$f is out of date with ext/vtws.stub.php; run scripts/gen-arginfo.sh" >&2
        diff -u "$top/ext/$f" "$work/$f" >&2 || true
        exit 1
    done
    echo "ext/vtws_arginfo.h and ext/vtws_legacy_arginfo.h match ext/vtws.stub.php"
else
    cp "$work/vtws_arginfo.h" "$work/vtws_legacy_arginfo.h" "$top/ext/"
    echo "wrote ext/vtws_arginfo.h ext/vtws_legacy_arginfo.h"
fi

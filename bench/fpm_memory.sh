#!/bin/sh
# Memory of php-fpm workers serving translations of every language of a Vtiger install: the
# 16 language folders of a real 8.3 site's languages/ (VTWS_VTIGER_SITE, default
# /srv/vtiger83/root when it is one), else the generated corpus (20 languages x 46 files);
# a line says which. 4 static workers, opcache on in every row; each request asks 3 labels
# of 6 modules in every language. Once every worker has served such requests, the private
# (unshared) memory of each (Private_Clean + Private_Dirty of /proc/PID/smaps), averaged,
# less the pages of the shared store's files that only this worker maps (a worker that
# published a table wrote all of it, and nobody else reads all of it): those are the
# store's memory, counted once for every worker in the store column (its `used` bytes).
# Rows, in one run, each its own php-fpm start:
#   no vtws          vtws not loaded: Vtiger's own code answers (the tutorial's loop over
#                    Vtiger_Language_Handler, the site's class, else the test double
#                    tests/translate/vtiger_language_handler.php), the baseline
#   shipped defaults vtws loaded, no vtws INI but the store's directory (a new one for the
#                    run, on /dev/shm): first with the store empty (these workers read the
#                    files and publish the tables), then filled (by the row before: what
#                    every later worker of a pool gets)
#   vtws.shm_size=0  per-process tables, the shared store off
#   vtws.preload=1   the master reads every file before forking; the workers share its tables
# and what vtws adds to the worker without it. With a site, the generated corpus is measured
# too, as a second table.
# Usage: bench/fpm_memory.sh   (needs php-fpm (the running PHP's) and libfcgi-bin; installs them)
set -eu
cd "$(dirname "$0")/.."
. bench/fpm_common.sh
cat >"$WORK/app.php" <<'PHP'
<?php
$root_directory = getenv('VTWS_TREE') . '/'; /* as config.inc.php sets them */
$default_language = 'en_us';
$default_charset = 'UTF-8';
$langs = array_values(array_filter(scandir("{$root_directory}languages"), fn ($l) => preg_match('/^[a-z]{2}_[a-z]{2}$/', $l)));
$modules = ['Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Invoice', 'Settings:Users']; /* (absent ones: common strings) */
$labels = ['LBL_SAVE', 'LBL_X', 'Contacts'];
$n = 0;
if (getenv('VTWS_IMPL') === 'vtws') {
    foreach ($langs as $l) {
        foreach ($modules as $m) {
            $n += count(vtws_gettranslation($labels, $l, $m));
        }
    }
} else {
    require getenv('VTWS_VTIGER_BOOT');
    foreach ($langs as $l) {
        foreach ($modules as $m) {
            foreach ($labels as $k) { /* the tutorial's loop */
                $n += strlen(function_exists('vtws_bench_translated_string') ? vtws_bench_translated_string($k, $m, $l)
                    : Vtiger_Language_Handler::getTranslatedString($k, $m, $l)) > 0;
            }
        }
    }
}
echo $n === count($langs) * count($modules) * count($labels) ? getmypid() : "wrong $n", "\n";
PHP
WORKERS=4
# measure TREE BOOT IMPL [-d ...]: private KiB per worker, once each of the WORKERS workers
# has served 3 requests at least (requests sent WORKERS at a time, so that all take some)
measure() {
    tree=$1 boot=$2 impl=$3
    shift 3
    fpm_start $WORKERS "" $OPCACHE "$@"
    : >"$WORK/pids"
    n=0
    while :; do
        for _ in $(seq $WORKERS); do
            fpm_request "$WORK/app.php" VTWS_IMPL="$impl" VTWS_TREE="$tree" VTWS_VTIGER_BOOT="$boot" >>"$WORK/pids" &
        done
        wait
        grep -qv '^[0-9]*$' "$WORK/pids" && { echo "fpm_memory: bad answer: $(grep -v '^[0-9]*$' "$WORK/pids" | head -n 1)" >&2; exit 1; }
        [ "$(sort "$WORK/pids" | uniq -c | awk '$1 >= 3' | wc -l)" -ge $WORKERS ] && break
        n=$((n + 1))
        [ $n -lt 100 ] || { echo "fpm_memory: some worker was never given requests" >&2; exit 1; }
    done
    total=0
    for pid in $(pgrep -P "$(cat "$WORK/fpm.pid")"); do
        # private pages, less those of the store's files (after a mapping line naming one,
        # up to the next mapping line)
        priv=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { store = index($0, "/vtws.") > 0 && index($0, "/vtws-bench-shm") > 0 }
            /^Private_(Clean|Dirty):/ && !store { s += $2 } END { print s + 0 }' "/proc/$pid/smaps")
        total=$((total + priv))
    done
    fpm_stop
    echo $((total / WORKERS))
}
# store_kib DIR: the bytes in use of the store in DIR (its current generation), in KiB
store_kib() {
    php -n -d extension="$VTWS_SO" -d vtws.shm_dir="$1" -r '$s = Vtws\cache_info()["shared"]; echo intdiv($s["used"] ?? 0, 1024);'
}
# table TREE BOOT: the four rows
table() {
    tree=$1 boot=$2
    shm=$(mktemp -d -p /dev/shm vtws-bench-shm.XXXXXX)
    base=$(measure "$tree" "$boot" vtiger)
    empty=$(measure "$tree" "$boot" vtws -d extension="$VTWS_SO" -d vtws.shm_dir="$shm")
    filled=$(measure "$tree" "$boot" vtws -d extension="$VTWS_SO" -d vtws.shm_dir="$shm")
    store=$(store_kib "$shm")
    rm -rf "$shm"
    shm0=$(measure "$tree" "$boot" vtws -d extension="$VTWS_SO" -d vtws.shm_size=0)
    # the root as $root_directory spells it: vtws looks a root up by the string it is given
    pre=$(measure "$tree" "$boot" vtws -d extension="$VTWS_SO" -d vtws.preload=1 -d vtws.vtiger_root="$tree/")
    printf '%-52s %12s %14s\n' "php-fpm, $WORKERS workers, opcache on" "private KiB" "vtws adds KiB"
    for r in "no vtws (Vtiger's code answers):$base" "vtws, shipped defaults, the store filled:$filled" \
        "vtws, shipped defaults, the store empty at start:$empty" "vtws, vtws.shm_size=0:$shm0" "vtws, vtws.preload=1:$pre"; do
        awk -v n="${r%:*}" -v k="${r##*:}" -v b="$base" 'BEGIN {
            printf "%-52s %12d %14s\n", n, k, n ~ /^no vtws/ ? "" : sprintf("%+d", k - b) }'
    done
    echo "(the store: $store KiB in use, once for all the user's workers)"
}
if [ -n "$SITE" ]; then
    vtiger_boot "$SITE" "$WORK/vtiger.php"
    echo "languages: the $(ls -d "$SITE"/languages/[a-z][a-z]_[a-z][a-z] | wc -l) language folders of $SITE/languages (a real 8.3 install)"
    table "$SITE" "$WORK/vtiger.php"
    echo
fi
vtiger_boot - "$WORK/double.php"
echo "languages: the generated corpus, $(ls -d "$ROOT"/languages/[a-z][a-z]_[a-z][a-z] | wc -l) languages ($ROOT/languages)"
table "$ROOT" "$WORK/double.php"

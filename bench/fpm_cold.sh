#!/bin/sh
# Cold start where it happens: the first request of a php-fpm worker. php-fpm runs with
# pm.max_requests = 1, so every request is served by a worker just forked from the master.
# Each request times one translation of 200 labels as a client page sends them (the
# "real-200" labels of bench/translate_bench.php client-labels over the real 8.3 tree of
# bench/real_tree.sh), language ru_ru, module Contacts, inside the worker, against the
# baseline production has: Vtiger's own code — the tutorial's loop over
# Vtiger_Language_Handler::getTranslatedString() — with opcache on. Vtiger's code is the real
# class of a Vtiger site (VTWS_VTIGER_SITE, default /srv/vtiger83/root when it is one; the
# labels are then translated from that site's languages/), else the test double
# tests/translate/vtiger_language_handler.php over the copied real tree; a line says which.
# The root comes from $root_directory, as in Vtiger (vtws reads it too).
#
# Rows, each vtws row its own php-fpm start (opcache on) in which vtws and Vtiger's code
# take turns, request after request:
#   Vtiger's code, opcache on     the baseline; every figure is its time over the row's
#                                 (its median over the row's own php-fpm start)
#   Vtiger's code, opcache off    opcache disabled for the request (ini_set), first row's start
#   vtws, shipped defaults        the extension line only
#   vtws, vtws.shm_size=0         per-process tables, the shared store off
#   vtws, vtws.preload=1          the master reads every file of vtws.vtiger_root first
# Requests go one at a time, each 50 ms after the last answer (VTWS_BENCH_SETTLE seconds): by
# then the master has forked the worker replacing the last one (a fork running beside the
# measured call slowed both codes on a 2-core VM: vtws's ~300 us call by ~80, Vtiger's
# ~1.2 ms by ~150). One request of each kind is made and discarded first (opcache compiles
# Vtiger's files; the shared store is published by a worker before the first measured one).
# Medians of RUNS; also the minor page faults taken during the call. Every answer is
# compared with Vtiger's (JSON): the script fails on any difference, or when a worker served
# two requests.
# Usage: bench/fpm_cold.sh [RUNS]   (default 21; needs php-fpm (the running PHP's) and libfcgi-bin: installs them)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-21}
. bench/fpm_common.sh
. bench/real_tree.sh
if [ -n "$SITE" ]; then
    TREE=$SITE
    vtiger_boot "$SITE" "$WORK/vtiger.php"
else
    TREE=${REAL:-$ROOT}
    vtiger_boot - "$WORK/vtiger.php"
fi
if [ -n "$REAL" ]; then
    php -n bench/translate_bench.php client-labels "$REAL" 200 >"$WORK/labels.json"
    echo "labels: 200 as a client page sends them, from the real 8.3 tree ($REAL); translated from $TREE/languages"
else
    php -n bench/translate_bench.php client-labels "$TREE" 200 >"$WORK/labels.json"
    echo "labels: 200 as a client page sends them, from $TREE/languages (no real 8.3 tree)"
fi
cat >"$WORK/app.php" <<'PHP'
<?php
$root_directory = getenv('VTWS_TREE') . '/'; /* as config.inc.php sets them */
$default_language = 'en_us';
$default_charset = 'UTF-8';
$impl = getenv('VTWS_IMPL');
$labels = json_decode((string)file_get_contents(getenv('VTWS_LABELS')), true);
if ($impl === 'vtiger-off') {
    ini_set('opcache.enable', '0'); /* off for the rest of this request: each file compiled */
}
if ($impl !== 'vtws') {
    require getenv('VTWS_VTIGER_BOOT');
}
$before = getrusage()['ru_minflt'];
$t = hrtime(true);
if ($impl === 'vtws') {
    $out = vtws_gettranslation($labels, 'ru_ru', 'Contacts', null);
} elseif (function_exists('vtws_bench_translated_string')) { /* the test double */
    $out = [];
    foreach ($labels as $k) {
        $out[$k] = vtws_bench_translated_string($k, 'Contacts', 'ru_ru');
    }
} else { /* the tutorial's loop */
    $out = [];
    foreach ($labels as $k) {
        $out[$k] = Vtiger_Language_Handler::getTranslatedString($k, 'Contacts', 'ru_ru');
    }
}
$ns = hrtime(true) - $t;
$faults = getrusage()['ru_minflt'] - $before;
$json = json_encode($out, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT);
$file = getenv('VTWS_ANSWERS') . "/$impl.json";
file_exists($file) || file_put_contents($file, $json);
if ($impl === 'vtiger-off' && (opcache_get_status(false)['opcache_enabled'] ?? false)) {
    $json = 'opcache still on';
}
printf("%d %d %d %s\n", $ns, $faults, getmypid(), md5($json));
PHP
mkdir "$WORK/answers"
request() { # KIND -> "ns faults pid md5"
    # the master has replaced the last request's worker before this one starts (see above)
    sleep "${VTWS_BENCH_SETTLE:-0.05}"
    out=$(fpm_request "$WORK/app.php" VTWS_IMPL="$1" VTWS_LABELS="$WORK/labels.json" VTWS_TREE="$TREE" \
        VTWS_VTIGER_BOOT="$WORK/vtiger.php" VTWS_ANSWERS="$WORK/answers")
    case $out in
    *[!0-9a-f\ ]* | "") echo "fpm_cold: bad answer from the $1 worker: $out" >&2; exit 1 ;;
    esac
    echo "$out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# measure NAME KIND...: a php-fpm is running; one request of each KIND discarded, then RUNS
# rounds of one request of each, in turn; $WORK/NAME-KIND.txt
measure() {
    name=$1
    shift
    for k in "$@"; do request "$k" >/dev/null; done
    for k in "$@"; do : >"$WORK/$name-$k.txt"; done
    for _ in $(seq "$RUNS"); do
        for k in "$@"; do request "$k" >>"$WORK/$name-$k.txt"; done
    done
    for k in "$@"; do cut -d' ' -f3 "$WORK/$name-$k.txt"; done | sort | uniq -d | grep -q . &&
        { echo "fpm_cold: a worker served two requests" >&2; exit 1; }
    return 0
}
fpm_start 2 "pm.max_requests = 1" -d extension="$VTWS_SO" $OPCACHE
measure defaults vtws vtiger vtiger-off
fpm_stop
fpm_start 2 "pm.max_requests = 1" -d extension="$VTWS_SO" $OPCACHE -d vtws.shm_size=0
measure shm0 vtws vtiger
fpm_stop
# the root as $root_directory spells it (config.inc.php: a trailing /): vtws looks a root up
# by the string it is given, and "$TREE" would miss the preloaded tables
fpm_start 2 "pm.max_requests = 1" -d extension="$VTWS_SO" $OPCACHE -d vtws.preload=1 -d vtws.vtiger_root="$TREE/"
measure preload vtws vtiger
fpm_stop

# the answers: every request's, and vtws's against Vtiger's
want=$(cut -d' ' -f4 "$WORK/defaults-vtiger.txt" | head -n 1)
if cat "$WORK"/*-*.txt | cut -d' ' -f4 | grep -qv "^$want\$" || [ -z "$want" ]; then
    echo "fpm_cold: the answers differ from Vtiger's (opcache on); vtws against Vtiger:" >&2
    diff "$WORK/answers/vtiger.json" "$WORK/answers/vtws.json" | head -n 20 >&2 || true
    diff "$WORK/answers/vtiger.json" "$WORK/answers/vtiger-off.json" | head -n 20 >&2 || true
    exit 1
fi
echo "answers: vtws's equal Vtiger's (JSON) in every request"

col() { cut -d' ' -f"$2" "$WORK/$1.txt" | median; }
printf '%-44s %10s %8s %8s %16s\n' "php-fpm, a worker's first request ($RUNS runs)" "us" "speed" "faults" "Vtiger+opcache us"
# row NAME FILE BASELINE_FILE: speed is the baseline's median time over the row's
row() {
    t=$(col "$2" 1) f=$(col "$2" 2) b=$(col "$3" 1)
    awk -v n="$1" -v t="$t" -v f="$f" -v b="$b" 'BEGIN {
        printf "%-44s %10.1f %7.2fx %8d %16.1f\n", n, t / 1e3, b / t, f, b / 1e3 }'
}
row "Vtiger's code, opcache on (baseline)" defaults-vtiger defaults-vtiger
row "Vtiger's code, opcache off" defaults-vtiger-off defaults-vtiger
row "vtws, shipped defaults" defaults-vtws defaults-vtiger
row "vtws, vtws.shm_size=0" shm0-vtws shm0-vtiger
row "vtws, vtws.preload=1" preload-vtws preload-vtiger
echo "(speed: Vtiger's code with opcache on, its median in the same php-fpm start, over the row's median time; 200 labels, ru_ru, Contacts)"

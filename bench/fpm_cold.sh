#!/bin/sh
# Cold start where it happens: the first request of a php-fpm worker. php-fpm runs with
# pm.max_requests = 1, so every request is served by a worker just forked from the master
# (vtws loaded there, opcache off). Each request times one translation
# call inside the worker: vtws_gettranslation() against Vtiger's algorithm in PHP (require
# of the same files), requests alternating, median of RUNS each. Cases as in translate.sh:
# 200 labels (1 in 5 missing: every file of the chain read), and 2 labels of the module's
# own file; with vtws.preload off, then on (the master reads every file before forking).
# Also prints the page faults taken during the call (getrusage). Both trees of translate.sh:
# the generated corpus, and a real Vtiger 8.3.0's en_us and ru_ru (bench/real_tree.sh) with
# 200 labels as a client page sends them.
# Usage: bench/fpm_cold.sh [RUNS]   (default 21; needs php-fpm (the running PHP's) and libfcgi-bin: installs them)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-21}
. bench/fpm_common.sh
. bench/real_tree.sh
for spec in "200" "2 module"; do # the labels, chosen in a process of their own
    php -n bench/translate_bench.php labels "$ROOT" $spec >"$WORK/labels-$(echo "$spec" | tr ' ' -).json"
done
[ -n "$REAL" ] && php -n bench/translate_bench.php client-labels "$REAL" 200 >"$WORK/labels-real-200.json"
cat >"$WORK/app.php" <<'PHP'
<?php
require getenv('VTWS_REFERENCE');
$labels = json_decode((string)file_get_contents(getenv('VTWS_LABELS')), true);
$root = ini_get('vtws.vtiger_root');
$before = getrusage()['ru_minflt'];
$t = hrtime(true);
if (getenv('VTWS_IMPL') === 'ext') {
    $r = vtws_gettranslation($labels, 'ru_ru', 'Contacts', null);
} else {
    $r = (new VtigerTranslationReference($root, 'en_us'))->gettranslation($labels, 'ru_ru', 'Contacts');
}
$ns = hrtime(true) - $t;
echo count($r) === count(array_unique($labels)) ? sprintf("%d %d %d\n", $ns, getrusage()["ru_minflt"] - $before, getmypid()) : "wrong\n";
PHP
request() { # IMPL LABELS -> "ns faults"
    out=$(SCRIPT_FILENAME="$WORK/app.php" REQUEST_METHOD=GET VTWS_IMPL=$1 VTWS_LABELS=$2 \
        VTWS_REFERENCE="$(pwd)/tests/translate/reference.php" \
        cgi-fcgi -bind -connect "$WORK/fpm.sock" | sed '1,/^\r*$/d')
    case $out in *wrong* | "") echo "fpm_cold: bad answer from the $1 worker: $out" >&2; exit 1 ;; esac
    echo "$out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%-46s %-10s %10s %10s %8s %16s\n' "php-fpm, a worker's first request" "tree" "vtws us" "php us" "ratio" "faults vtws/php"
GENERATED=$ROOT
for tree in generated ${REAL:+real}; do
    ROOT=$GENERATED specs="200 2-module" name=generated
    [ "$tree" = real ] && ROOT=$REAL specs="real-200" name="real 8.3"
    for preload in 0 1; do
        fpm_start 2 "pm.max_requests = 1" -d vtws.default_language=en_us -d vtws.preload=$preload
        for spec in $specs; do
            L="$WORK/labels-$spec.json"
            : >"$WORK/ext" && : >"$WORK/ref"
            for _ in $(seq "$RUNS"); do
                request ext "$L" >>"$WORK/ext"
                request ref "$L" >>"$WORK/ref"
            done
            cut -d" " -f3 "$WORK/ext" "$WORK/ref" | sort | uniq -d | grep -q . && { echo "fpm_cold: a worker served two requests" >&2; exit 1; }
            e=$(cut -d' ' -f1 "$WORK/ext" | median) p=$(cut -d' ' -f1 "$WORK/ref" | median)
            ef=$(cut -d' ' -f2 "$WORK/ext" | median) pf=$(cut -d' ' -f2 "$WORK/ref" | median)
            what=$(echo "$spec" | sed 's/^real-//; s/^200$/200 labels/; s/^2-module$/2 module labels/')
            what="$what, preload $(if [ "$preload" = 1 ]; then echo on; else echo off; fi)"
            awk -v e="$e" -v p="$p" -v w="$what" -v t="$name" -v f="$ef/$pf" 'BEGIN {
                printf "%-46s %-10s %10.1f %10.1f %7.1fx %16s\n", w, t, e / 1e3, p / 1e3, p / e, f }'
        done
        kill "$(cat "$WORK/fpm.pid")"
        sleep 1
    done
done

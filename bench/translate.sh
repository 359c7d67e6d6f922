#!/bin/sh
# gettranslation benchmark, every figure a ratio against PHP measured in the same run:
#  - warm: one request of 2, 200, 2,000 and 5,000 labels with the cache warm, against
#    Vtiger's algorithm in PHP with opcache on (opcache.enable_cli=1, the production case);
#  - cold: the first call of a fresh process, opcache off, against PHP (median of
#    COLD_RUNS processes, default 15): 200 labels (1 in 5 missing: every file of the
#    chain read), and 2 labels of the module's own file (the only file either reads);
#  - memory: bytes held per cached entry after preloading the corpus.
# Trees: "generated", the reader benchmark's corpus (20 languages x 45 modules + Vtiger.php,
# distinct labels, 1 in 5 missing); and "real 8.3", the en_us and ru_ru files of a real
# Vtiger 8.3.0 (../shared/fixtures/vtiger-8.3/languages, or VTWS_REAL_LANGUAGES), with labels
# drawn as a client page sends them (module and common labels, repeats, 1 in 20 missing).
# "interleaved": vtws and Vtiger's algorithm alternating in one process, as a worker that
# runs Vtiger's own code between two calls (the held-out check's method); answers compared.
# Usage: bench/translate.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
BENCH=_build/bench
[ "${VTWS_BENCH_SMALL:-}" = 1 ] && BENCH=_build/bench-small # the tiny corpus (gen_corpus.php)
ROUNDS=${1:-50}
scripts/install-deps.sh
scripts/build.sh
ROOT=$(pwd)/$BENCH/vtiger
if [ ! -d "$ROOT/languages" ]; then
    php -n bench/gen_corpus.php "$ROOT/languages"
fi
EXT="-d extension=$(pwd)/modules/vtws.so -d vtws.vtiger_root=$ROOT -d vtws.default_language=en_us"
# file_update_protection=0: opcache would not cache a file changed in the last 2 s (a tree just
# copied or generated), which a site's old files never are
OPC="-d zend_extension=opcache -d opcache.enable_cli=1 -d opcache.file_update_protection=0"
run() { php -n "$@"; }
. bench/real_tree.sh
printf '%-46s %-10s %14s %14s %8s\n' "case" "tree" "vtws ns/label" "php ns/label" "ratio"
labels() { # TREE COUNT [module] -> a file of labels, chosen in a process of its own
    f="$BENCH/labels-$1-$2${3:+-$3}.json"
    if [ "$1" = real ]; then
        php -n bench/translate_bench.php client-labels "$REAL" "$2" >"$f"
    else
        php -n bench/translate_bench.php labels "$ROOT" "$2" ${3:+"$3"} >"$f"
    fi
    echo "$f"
}
row() { # CASE TREE VTWS PHP [NOTE]
    awk -v c="$1" -v t="$2" -v e="$3" -v p="$4" -v x="${5:-}" 'BEGIN { printf "%-46s %-10s %14.1f %14.1f %7.1fx%s\n", c, t, e, p, p / e, x }'
}
# the median of COLD_RUNS fresh processes' first call
cold() {
    for _ in $(seq "$COLD_RUNS"); do run "$@" | cut -d' ' -f1; done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
COLD_RUNS=${COLD_RUNS:-15}
[ "${VTWS_BENCH_SMALL:-}" = 1 ] && COLD_RUNS=1
for tree in generated ${REAL:+real}; do
    R=$ROOT; name=generated; sizes="2 200 2000 5000"
    [ "$tree" = real ] && R=$REAL && name="real 8.3" && sizes="2 200 2000"
    X="-d extension=$(pwd)/modules/vtws.so -d vtws.vtiger_root=$R -d vtws.default_language=en_us"
    for n in $sizes; do
        L=$(labels $tree $n)
        set -- $(run $X bench/translate_bench.php warm ext "$R" "$L" "$ROUNDS"); e=$1 etotal=$3
        set -- $(run $OPC bench/translate_bench.php warm ref "$R" "$L" "$ROUNDS"); p=$1
        row "warm, $n labels, opcache on" "$name" "$e" "$p" "$(awk -v t="$etotal" 'BEGIN { printf "   (vtws: %.1f us per request)", t / 1e3 }')"
        set -- $(run $X $OPC bench/translate_bench.php interleaved - "$R" "$L" "$ROUNDS")
        row "interleaved, $n labels, opcache on" "$name" "$1" "$2"
    done
    for spec in "200" "2 module"; do
        [ "$tree" = real ] && [ "$spec" != 200 ] && continue # the client mix has no module-only case
        L=$(labels $tree $spec)
        e=$(cold $X bench/translate_bench.php cold ext "$R" "$L")
        p=$(cold bench/translate_bench.php cold ref "$R" "$L")
        row "cold, $(echo "$spec" | sed 's/ module/ labels of the module file/; s/^200$/200 labels/'), opcache off" "$name" "$e" "$p"
    done
done
php -n $EXT -d vtws.preload=1 -r '
    $i = Vtws\cache_info();
    printf("memory: %d modules, %d entries, %.1f MB held, %.1f bytes per entry (preload of the whole generated corpus)\n",
        $i["modules"], $i["entries"], $i["bytes"] / 1e6, $i["bytes"] / max(1, $i["entries"]));'

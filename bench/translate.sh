#!/bin/sh
# gettranslation benchmark, every figure a ratio against PHP measured in the same run:
#  - warm: one request of 2, 200, 2,000 and 5,000 labels with the cache warm, against
#    Vtiger's algorithm in PHP with opcache on (opcache.enable_cli=1, the production case);
#  - cold: the first call of a fresh process, opcache off, against PHP (median of
#    COLD_RUNS processes, default 15): 200 labels (1 in 5 missing: every file of the
#    chain read), and 2 labels of the module's own file (the only file either reads);
#  - memory: bytes held per cached entry after preloading the corpus.
# Corpus: the reader benchmark's (20 languages x 45 modules + Vtiger.php).
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
OPC="-d zend_extension=opcache -d opcache.enable_cli=1"
run() { php -n "$@"; }
printf '%-46s %14s %14s %8s\n' "case" "vtws ns/label" "php ns/label" "ratio"
labels() { # COUNT [module] -> a file of labels, chosen in a process of its own
    f="$BENCH/labels-$1${2:+-$2}.json"
    php -n bench/translate_bench.php labels "$ROOT" "$@" >"$f"
    echo "$f"
}
# the median of COLD_RUNS fresh processes' first call
cold() {
    for _ in $(seq "$COLD_RUNS"); do run "$@" | cut -d' ' -f1; done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
COLD_RUNS=${COLD_RUNS:-15}
[ "${VTWS_BENCH_SMALL:-}" = 1 ] && COLD_RUNS=1
for n in 2 200 2000 5000; do
    L=$(labels $n)
    set -- $(run $EXT bench/translate_bench.php warm ext "$ROOT" "$L" "$ROUNDS"); e=$1 labels=$2 etotal=$3
    set -- $(run $OPC bench/translate_bench.php warm ref "$ROOT" "$L" "$ROUNDS"); p=$1
    awk -v n="$labels" -v e="$e" -v p="$p" -v t="$etotal" 'BEGIN {
        printf "%-46s %14.1f %14.1f %7.1fx   (vtws: %.1f us per request)\n", "warm, " n " labels, opcache on", e, p, p / e, t / 1e3 }'
done
for spec in "200" "2 module"; do
    L=$(labels $spec)
    e=$(cold $EXT bench/translate_bench.php cold ext "$ROOT" "$L")
    p=$(cold bench/translate_bench.php cold ref "$ROOT" "$L")
    what="cold, $(echo "$spec" | sed 's/ module/ labels of the module file/; s/^200$/200 labels/'), opcache off"
    awk -v e="$e" -v p="$p" -v w="$what" 'BEGIN { printf "%-46s %14.1f %14.1f %7.1fx\n", w, e, p, p / e }'
done
php -n $EXT -d vtws.preload=1 -r '
    $i = Vtws\cache_info();
    printf("memory: %d modules, %d entries, %.1f MB held, %.1f bytes per entry (preload of the whole corpus)\n",
        $i["modules"], $i["entries"], $i["bytes"] / 1e6, $i["bytes"] / max(1, $i["entries"]));'

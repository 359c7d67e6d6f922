#!/bin/sh
# Benchmark of the language-file reader against PHP itself, in one run:
# the C reader parsing the corpus from memory versus `php -n` (opcache off)
# requiring the same files in a function; then Vtws\parse_language_file() (files
# read, PHP values built) versus require in the same PHP process, rounds
# interleaved. Prints MB/s, entries/s and the ratios.
# Usage: bench/run.sh [ROUNDS]   (best of ROUNDS passes each; default 10)
set -eu
cd "$(dirname "$0")/.."
BENCH=_build/bench
[ "${VTWS_BENCH_SMALL:-}" = 1 ] && BENCH=_build/bench-small # the tiny corpus (gen_corpus.php)
ROUNDS=${1:-10}
scripts/install-deps.sh
scripts/build.sh
mkdir -p "$BENCH"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Icore bench/langfile_bench.c _build/core/libvtwscore.a -o "$BENCH/langfile_bench"
CORPUS=$BENCH/corpus
if [ ! -d "$CORPUS" ]; then php -n bench/gen_corpus.php "$CORPUS"; fi
find "$CORPUS" -name '*.php' | sort >"$BENCH/files"
set -- $("$BENCH/langfile_bench" "$BENCH/files" "$ROUNDS")
C_BYTES=$1 C_ENTRIES=$2 C_SEC=$3
set -- $(php -n -d opcache.enable_cli=0 bench/php_require.php "$BENCH/files" "$ROUNDS")
P_BYTES=$1 P_ENTRIES=$2 P_SEC=$3
[ "$C_ENTRIES" = "$P_ENTRIES" ] || { echo "entry counts differ: reader $C_ENTRIES, php $P_ENTRIES" >&2; exit 1; }
awk -v cb="$C_BYTES" -v ce="$C_ENTRIES" -v cs="$C_SEC" -v pb="$P_BYTES" -v ps="$P_SEC" -v files="$(wc -l <"$BENCH/files")" 'BEGIN {
    printf "corpus: %d files, %.1f MB, %d entries (best of '"$ROUNDS"' passes each)\n", files, cb / 1e6, ce
    printf "%-28s %10.1f MB/s %14.0f entries/s\n", "vtws reader (C, one core)", cb / cs / 1e6, ce / cs
    printf "%-28s %10.1f MB/s %14.0f entries/s\n", "php require (opcache off)", pb / ps / 1e6, ce / ps
    printf "ratio: vtws is %.1fx php\n", ps / cs
}'
set -- $(php -n -d opcache.enable_cli=0 -d extension="$(pwd)/modules/vtws.so" bench/parse_bench.php "$BENCH/files" "$ROUNDS")
awk -v b="$1" -v e="$2" -v vs="$3" -v ps="$4" 'BEGIN {
    printf "%-28s %10.1f MB/s %14.0f entries/s\n", "Vtws\\parse_language_file()", b / vs / 1e6, e / vs
    printf "%-28s %10.1f MB/s %14.0f entries/s\n", "php require (same process)", b / ps / 1e6, e / ps
    printf "ratio: parse_language_file() is %.1fx php require\n", ps / vs
}'

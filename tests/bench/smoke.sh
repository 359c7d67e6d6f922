#!/bin/sh
# Every benchmark run once on the tiny corpus (VTWS_BENCH_SMALL=1), so that none of them
# rots: each must finish and print its result lines. No timing is asserted: this machine
# class is too noisy, and the figures belong to docs/benchmarks.md, from full runs.
# Prints "bench: N passed, N failed".
cd "$(dirname "$0")/../.."
export VTWS_BENCH_SMALL=1
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# bench NAME PATTERNS COMMAND...: COMMAND exits 0 and prints a line matching each of
# PATTERNS (separated by newlines)
bench() {
    name=$1
    patterns=$2
    shift 2
    ok=1
    "$@" >"$out" 2>&1 || ok=0
    printf '%s\n' "$patterns" | while IFS= read -r p; do grep -Eq "$p" "$out" || echo "missing: $p"; done >>"$out.missing"
    [ -s "$out.missing" ] && ok=0
    rm -f "$out.missing"
    if [ "$ok" = 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed 's/^/    /' "$out" | tail -n 20
    fi
}
bench "bench/run.sh (reader, parse_language_file() vs php require)" '^ratio: vtws is [0-9.]+x php$
^ratio: parse_language_file\(\) is [0-9.]+x php require$' sh bench/run.sh 1
bench "bench/translate.sh (warm, interleaved, cold, memory; both trees)" '^warm, 2 labels, opcache on +generated +[0-9.]+ +[0-9.]+ +[0-9.]+x
^warm, 2000 labels, opcache on +generated +[0-9.]+ +[0-9.]+ +[0-9.]+x
^interleaved, 2000 labels, opcache on +generated +[0-9.]+ +[0-9.]+ +[0-9.]+x
^cold, 200 labels, opcache off +generated +[0-9.]+ +[0-9.]+ +[0-9.]+x
^(interleaved, 2000 labels, opcache on +real 8\.3 +[0-9.]+ +[0-9.]+ +[0-9.]+x|real 8\.3 tree: not run)
^memory: [0-9]+ modules' sh bench/translate.sh 1
bench "bench/fpm_memory.sh (php-fpm, opcache on: without vtws, defaults with the store filled and empty, shm_size=0, preload)" '^no vtws \(Vtiger.s code answers\) +[0-9]+ *$
^vtws, shipped defaults, the store filled +[0-9]+ +[-+][0-9]+$
^vtws, shipped defaults, the store empty at start +[0-9]+ +[-+][0-9]+$
^vtws, vtws.shm_size=0 +[0-9]+ +[-+][0-9]+$
^vtws, vtws.preload=1 +[0-9]+ +[-+][0-9]+$
^\(the store: [1-9][0-9]* KiB in use, once for all the user.s workers\)$' sh bench/fpm_memory.sh
bench "bench/fpm_cold.sh (php-fpm, a worker's first request, against Vtiger's code with opcache on)" '^answers: vtws.s equal Vtiger.s
^Vtiger.s code, opcache on \(baseline\) +[0-9.]+ +1\.00x +[0-9]+ +[0-9.]+$
^Vtiger.s code, opcache off +[0-9.]+ +[0-9.]+x +[0-9]+ +[0-9.]+$
^vtws, shipped defaults +[0-9.]+ +[0-9.]+x +[0-9]+ +[0-9.]+$
^vtws, vtws.shm_size=0 +[0-9.]+ +[0-9.]+x
^vtws, vtws.preload=1 +[0-9.]+ +[0-9.]+x' sh bench/fpm_cold.sh 1
bench "bench/client.php (vtws query --all vs a curl loop)" '^ratio: vtws is [0-9.]+x the curl loop$' php -n bench/client.php 300
echo "bench: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

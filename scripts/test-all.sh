#!/bin/sh
# Run every test of vtws and print one summary line: "N passed, N failed".
#   scripts/test-all.sh            everything (installs missing packages first)
# Environment: VTWS_DIFF_SEED / VTWS_DIFF_COUNT for the differential test;
# VTWS_EXTRA_PHP="PREFIX ..." to build and test against other installed PHPs too.
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

PASSED=0
FAILED=0
LOG=$(mktemp -d)
# a private MariaDB (socket only, data under _build/) for the registration tests
tests/db/mariadb.sh start || { echo "mariadb failed to start"; echo "0 passed, 1 failed"; exit 1; }
trap 'tests/db/mariadb.sh stop; rm -rf "$LOG"' EXIT

# record NAME PASSED FAILED
record() {
    PASSED=$((PASSED + $2))
    FAILED=$((FAILED + $3))
    printf '%-34s %5d passed, %d failed\n' "$1" "$2" "$3"
}

# suite NAME COMMAND... : run, show output on failure, count via the parser below
run_suite() {
    name=$1
    shift
    if "$@" >"$LOG/out" 2>&1; then rc=0; else rc=$?; fi
    counts=$(parse_counts <"$LOG/out")
    p=${counts% *}
    f=${counts#* }
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$f" -ne 0 ]; then
        echo "---- $name failed (exit $rc); its output:"
        tail -n 60 "$LOG/out"
        echo "----"
    fi
    record "$name" "$p" "$f"
}

# Read a runner's closing lines: check, run-tests.php, or our "N passed, N failed".
parse_counts() {
    awk '
        /Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
            match($0, /Checks: [0-9]+/); c = substr($0, RSTART + 8, RLENGTH - 8)
            match($0, /Failures: [0-9]+/); f = substr($0, RSTART + 10, RLENGTH - 10)
            match($0, /Errors: [0-9]+/); e = substr($0, RSTART + 8, RLENGTH - 8)
            p += c - f - e; x += f + e; next }
        /^Tests passed *:/ { split($0, a, ":"); p += a[2] + 0; next }
        /^Tests failed *:/ { split($0, a, ":"); x += a[2] + 0; next }
        /[0-9]+ passed, [0-9]+ failed/ {
            match($0, /[0-9]+ passed/); p += substr($0, RSTART, RLENGTH) + 0
            match($0, /[0-9]+ failed/); x += substr($0, RSTART, RLENGTH) + 0 }
        END { printf "%d %d\n", p, x }'
}

stub_check() {
    if scripts/gen-arginfo.sh --check; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; return 1; fi
}

PHPX="php -n -d extension=$(pwd)/modules/vtws.so"
run_suite "arginfo matches the stub" stub_check
run_suite "core unit tests (check)" make -s test-core
run_suite "core unit tests (ASan+UBSan)" make -s test-asan
run_suite "extension .phpt (run-tests)" make -s test TESTS="tests/phpt" NO_INTERACTION=1 REPORT_EXIT_STATUS=1
run_suite "extension .phpt under valgrind" make -s test-valgrind
run_suite "fuzzing (libFuzzer+ASan+UBSan)" make -s -C tests/fuzz run SECONDS="${VTWS_FUZZ_SECONDS:-60}"
run_suite "differential vs php (reader)" $PHPX tests/diff/run.php tests/diff/fixtures examples/vtiger/languages
run_suite "differential vs php (translations)" $PHPX tests/translate/diff.php
run_suite "fallback without the extension" php -n tests/translate/fallback.php
run_suite "registration (vtws-register.php, MariaDB)" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/run.php
run_suite "doctor on roots like real Vtigers" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/doctor.php
run_suite "hostile registration rows" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/hostile.php
run_suite "php-fpm + nginx soak, hostile inputs" php -n tests/soak/run.php "${VTWS_SOAK_SECONDS:-15}"
run_suite "vtws command: language files" $PHPX tests/cli/test_cli.php
run_suite "vtws command: API client (HTTP, TLS)" php -n tests/client/run.php
run_suite "install into a Vtiger root (README)" php -n -d extension=mysqlnd -d extension=mysqli tests/install/run.php
run_suite "package.xml lists every file" php -n scripts/package-xml.php --check
run_suite "php_scripts run on PHP 7.4" php -n -d extension=tokenizer tests/package/php74.php
run_suite "versions, build files agree" php -n -d extension=simplexml tests/package/check.php
run_suite "PECL tarball builds and tests" sh tests/package/tarball.sh
run_suite "benchmarks run (tiny corpus, no timing)" sh tests/bench/smoke.sh
if [ -n "${VTWS_EXTRA_PHP:-}" ]; then
    run_suite "other PHPs: $VTWS_EXTRA_PHP" sh tests/php_versions.sh
else
    echo "other PHP versions: not run (give installed PHPs in VTWS_EXTRA_PHP): 7.4, 8.0, 8.1, 8.3, 8.4"
fi
run_suite "Debian packages: build, lintian, apt" php -n -d extension=mysqlnd -d extension=mysqli tests/package/deb.php

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

#!/bin/sh
# Run every test of vtws and print one summary line: "N passed, N failed".
#   scripts/test-all.sh            everything (installs missing packages first)
#   scripts/test-all.sh --guest    inside tests/debian13/run.sh's chroot: the suites whose result
#                                  depends on the PHP, the compiler or the Debian release (the
#                                  host's MariaDB, shared through its socket, is used, not started)
# Environment: VTWS_DIFF_SEED / VTWS_DIFF_COUNT for the differential test;
# VTWS_EXTRA_PHP="PREFIX ..." to build and test against other installed PHPs too;
# VTWS_DEBIAN13=0 leaves out the Debian 13 chroot.
set -u
T0=$(date +%s)
cd "$(dirname "$0")/.."
GUEST=0
[ "${1:-}" = "--guest" ] && GUEST=1
if [ "$GUEST" = 1 ]; then scripts/install-deps.sh --guest; else scripts/install-deps.sh; fi
if [ "$GUEST" = 0 ] && [ "${VTWS_DEBIAN13:-1}" != 0 ] && [ "$(id -u)" = 0 ]; then
    # the Debian 13 root (debootstrap, the first time on a machine) is made while the host's
    # suites run; its leg, last, waits for it (tests/debian13/chroot.sh holds a lock)
    mkdir -p _build
    tests/debian13/chroot.sh >_build/debian13-root.log 2>&1 &
fi
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

PASSED=0
FAILED=0
LOG=$(mktemp -d)
if [ "$GUEST" = 1 ]; then
    # the host's server: its socket must answer; never started or stopped from here
    [ -S "$(tests/db/mariadb.sh socket)" ] || { echo "no MariaDB socket from the host"; echo "0 passed, 1 failed"; exit 1; }
    trap 'rm -rf "$LOG"' EXIT
else
    # a private MariaDB (socket only, data under _build/) for the registration tests
    tests/db/mariadb.sh start || { echo "mariadb failed to start"; echo "0 passed, 1 failed"; exit 1; }
    trap 'tests/db/mariadb.sh stop; rm -rf "$LOG"' EXIT
fi

# record NAME PASSED FAILED SECONDS
record() {
    PASSED=$((PASSED + $2))
    FAILED=$((FAILED + $3))
    printf '%-34s %5d passed, %d failed  (%s s)\n' "$1" "$2" "$3" "$4"
}

# report NAME OUTPUT EXIT SECONDS: count a finished suite (its output shown when it failed)
report() {
    counts=$(parse_counts <"$2")
    p=${counts% *}
    f=${counts#* }
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$f" -ne 0 ]; then
        echo "---- $1 failed (exit $3); its output:"
        tail -n 60 "$2"
        echo "----"
    fi
    record "$1" "$p" "$f" "$4"
    # what a suite could not do here, said in a line of its own ("note: ..."), is always shown
    grep '^note: ' "$2" | sed 's/^/    /'
}

# suite NAME COMMAND... : run, show output on failure, count via the parser below
run_suite() {
    name=$1
    shift
    started=$(date +%s)
    if "$@" >"$LOG/out" 2>&1; then rc=0; else rc=$?; fi
    report "$name" "$LOG/out" "$rc" $(($(date +%s) - started))
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

# host_suite NAME COMMAND... : a suite run on the host only (not again in the Debian 13 guest:
# its result does not depend on the PHP, or it needs what only the host has)
HOST_ONLY=""
host_suite() {
    if [ "$GUEST" = 1 ]; then
        HOST_ONLY="$HOST_ONLY, $1"
    else
        run_suite "$@"
    fi
}

# cpu_suite NAME FUNCTION: a host-only suite that needs nothing but the CPU and files of its
# own under _build/ or tests/ (no port, database, store folder or service). Where the Debian
# 13 leg runs, these run in the background beside it, one after the other, and are counted
# after it (about 2 minutes less on 2 cores: docs/testing.md); elsewhere at once.
BESIDE_DEBIAN13=0
if [ "$GUEST" = 0 ] && [ "${VTWS_DEBIAN13:-1}" != 0 ] && [ "$(id -u)" = 0 ]; then BESIDE_DEBIAN13=1; fi
CPU_SUITES=""
cpu_suite() {
    if [ "$GUEST" = 1 ]; then
        HOST_ONLY="$HOST_ONLY, $1"
    elif [ "$BESIDE_DEBIAN13" = 1 ]; then
        CPU_SUITES="$CPU_SUITES $2"
        printf '%s\n' "$1" >"$LOG/cpu-$2.name"
    else
        run_suite "$1" "$2"
    fi
}
run_cpu_suites() {
    for fn in $CPU_SUITES; do
        started=$(date +%s)
        if "$fn" >"$LOG/cpu-$fn.out" 2>&1; then rc=0; else rc=$?; fi
        echo "$rc $(($(date +%s) - started))" >"$LOG/cpu-$fn.rc"
    done
}
asan_suite() { make -s test-asan; }
valgrind_suite() { make -s test-valgrind; }
fuzz_suite() { make -s -C tests/fuzz run SECONDS="${VTWS_FUZZ_SECONDS:-60}"; }

PHPX="php -n -d extension=$(pwd)/modules/vtws.so"
PHPV=$(php -n -r 'echo PHP_VERSION;')
run_suite "arginfo matches the stub" stub_check
run_suite "core unit tests (check)" make -s test-core
cpu_suite "core unit tests (ASan+UBSan)" asan_suite
run_suite "extension .phpt (run-tests)" make -s test TESTS="tests/phpt" NO_INTERACTION=1 REPORT_EXIT_STATUS=1
cpu_suite "extension .phpt under valgrind" valgrind_suite
cpu_suite "fuzzing (libFuzzer+ASan+UBSan)" fuzz_suite
run_suite "differential vs php $PHPV (reader)" $PHPX tests/diff/run.php tests/diff/fixtures examples/vtiger/languages tests/fuzz/regressions
# a real Vtiger 8.3's en_us and ru_ru files: this machine's ../shared, or the guest's copy of them
REAL=${VTWS_REAL_LANGUAGES:-}
for d in ../real-languages ../shared/fixtures/vtiger-8.3/languages; do
    [ -z "$REAL" ] && [ -d "$d" ] && REAL=$d
done
if [ -n "$REAL" ]; then
    run_suite "differential vs php $PHPV (real 8.3 files)" $PHPX tests/diff/run.php --count 0 "$REAL"
else
    echo "differential on a real Vtiger 8.3's language files: not run (no ../shared/fixtures here; VTWS_REAL_LANGUAGES)"
fi
run_suite "differential vs php (translations)" $PHPX tests/translate/diff.php
# the same answers from the shared store (its own folder: the CLI does not use /dev/shm's)
SHMDIR=$(mktemp -d)
run_suite "differential vs php (translations, shared store)" $PHPX -d vtws.shm_cli=1 -d vtws.shm_dir="$SHMDIR" tests/translate/diff.php
rm -rf "$SHMDIR"
run_suite "fallback without the extension" php -n tests/translate/fallback.php
run_suite "registration (vtws-register.php, MariaDB)" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/run.php
run_suite "doctor on roots like real Vtigers" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/doctor.php
run_suite "Vtiger module: zip, lifecycle (MariaDB)" $PHPX -d extension=mysqlnd -d extension=mysqli -d extension=zip -d extension=simplexml tests/module/run.php
# a real Vtiger 8.3 (VTWS_VTIGER_SITE, default /srv/vtiger83): a private copy with its own MariaDB, php-fpm, nginx
host_suite "Vtiger module in Chromium (real site)" flock /tmp/vtws-system.lock sh tests/browser/run.sh
run_suite "hostile registration rows" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/hostile.php
host_suite "php_scripts refused over HTTP" php -n tests/register/web_refused.php
host_suite "vtws-register runs as the site's owner" $PHPX -d extension=mysqlnd -d extension=mysqli tests/register/privileges.php
# a 3-node MariaDB Galera cluster on loopback (ports 331N, 457N-459N), started and torn down by the suite
host_suite "registration on 3-node Galera" $PHPX -d extension=mysqlnd -d extension=mysqli tests/galera/run.php
run_suite "php-fpm + nginx soak, hostile inputs" php -n tests/soak/run.php "${VTWS_SOAK_SECONDS:-15}"
run_suite "shared store: php-fpm pools as two users, kill -9, damage" php -n -d extension=posix tests/shared/run.php "${VTWS_SHARED_SECONDS:-8}"
run_suite "vtws command: language files" $PHPX tests/cli/test_cli.php
run_suite "vtws command: API client (HTTP, TLS)" php -n tests/client/run.php
run_suite "install into a Vtiger root (docs)" php -n -d extension=mysqlnd -d extension=mysqli tests/install/run.php
host_suite "docs: links, INI, commands, error codes" php -n tests/docs/check.php
host_suite "apt waits for another apt's lock" sh tests/deps/apt_lock.sh
host_suite "package.xml lists every file" php -n scripts/package-xml.php --check
run_suite "php_scripts run on PHP 7.4" php -n -d extension=tokenizer tests/package/php74.php
run_suite "versions, build files agree" php -n -d extension=simplexml tests/package/check.php
host_suite "PECL tarball builds and tests" sh tests/package/tarball.sh
host_suite "benchmarks run (tiny corpus, no timing)" sh tests/bench/smoke.sh
if [ "$GUEST" = 1 ]; then
    :
elif [ -n "${VTWS_EXTRA_PHP:-}" ]; then
    run_suite "other PHPs: $VTWS_EXTRA_PHP" sh tests/php_versions.sh
else
    echo "other PHP versions: not run (give installed PHPs in VTWS_EXTRA_PHP): 7.4, 8.0, 8.1, 8.3, 8.5"
fi
run_suite "Debian packages: build, lintian, apt" php -n -d extension=mysqlnd -d extension=mysqli tests/package/deb.php
host_suite "PIE: composer.json, pie install" sh tests/package/pie.sh
if [ "$GUEST" = 1 ]; then
    echo "run on the host only:${HOST_ONLY#,}"
elif [ "$BESIDE_DEBIAN13" = 1 ]; then
    run_cpu_suites &
    cpu_pid=$!
    run_suite "Debian 13 chroot (PHP 8.4)" sh tests/debian13/run.sh
    wait "$cpu_pid" || true
    for fn in $CPU_SUITES; do
        read -r rc secs <"$LOG/cpu-$fn.rc" || { rc=1 secs=0; }
        report "$(cat "$LOG/cpu-$fn.name") (beside it)" "$LOG/cpu-$fn.out" "$rc" "$secs"
    done
elif [ "${VTWS_DEBIAN13:-1}" != 0 ]; then
    run_suite "Debian 13 chroot (PHP 8.4)" sh tests/debian13/run.sh # says it needs root
else
    echo "Debian 13 chroot: not run (VTWS_DEBIAN13=0)"
fi

echo "whole run: $(($(date +%s) - T0)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

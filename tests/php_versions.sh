#!/bin/sh
# The extension on every PHP the test command is given, besides the system one:
#   VTWS_EXTRA_PHP="/opt/php/7.4 /opt/php/8.0-zts-debug ..."   (each an installed PHP with
#   bin/php and bin/php-config)
# For each: build the extension out of tree (phpize, configure, make; any compiler warning
# in vtws's own sources fails), run its .phpt (with -m, leak checks, on a debug build), and
# the reader differential with that PHP as the oracle. A ZTS PHP whose prefix also holds its
# Apache module as lib/apache2/libphp.so (built --with-apxs2) serves the soak under Apache's
# event MPM, 8 threads in one process (tests/soak/run.php --apache; Debian's apache2 is
# installed when missing). One result line per PHP. Without
# VTWS_EXTRA_PHP, one line says which PHP versions were not run.
cd "$(dirname "$0")/.."
top=$(pwd)
. scripts/apt-wait.sh
if [ -z "${VTWS_EXTRA_PHP:-}" ]; then
    echo "other PHP versions: none given (VTWS_EXTRA_PHP); not run here: 7.4, 8.0, 8.1 (NTS or ZTS, and ZTS under Apache), 8.3, 8.4"
    echo "0 passed, 0 failed"
    exit 0
fi
passed=0
failed=0
for prefix in $VTWS_EXTRA_PHP; do
    php_bin="$prefix/bin/php"
    config="$prefix/bin/php-config"
    if [ ! -x "$php_bin" ] || [ ! -x "$config" ]; then
        echo "FAIL $prefix: no bin/php or bin/php-config there"
        failed=$((failed + 1))
        continue
    fi
    version=$("$php_bin" -n -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : " NTS", PHP_DEBUG ? " debug" : "";')
    work=$(mktemp -d)
    # the extension's sources as the PECL package ships them
    (git ls-files -z 2>/dev/null || find . -type f -print0) | tar --null -T - -cf - | tar -xf - -C "$work"
    log="$work/build.log"
    p=0
    f=0
    if (cd "$work" && "$prefix/bin/phpize" && ./configure --with-php-config="$config" --enable-vtws \
            && make -j2 CFLAGS="-O2 -g -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers") >"$log" 2>&1; then
        p=$((p + 1))
        warnings=$(grep -E '^(\./|/)?[^ ]*(ext|core)/[a-z_]+\.[ch]:[0-9]+:[0-9]+: warning' "$log" | grep -v "$prefix" | sort -u)
        if [ -n "$warnings" ]; then
            echo "FAIL $version: compiler warnings in vtws's sources:"
            echo "$warnings" | head -20 | sed 's/^/    /'
            f=$((f + 1))
        else
            p=$((p + 1))
        fi
        mem=""
        "$php_bin" -n -r 'exit(PHP_DEBUG ? 0 : 1);' && mem="-m"
        out=$(cd "$work" && TEST_PHP_EXECUTABLE="$php_bin" NO_INTERACTION=1 "$php_bin" -n run-tests.php -q $mem \
            -d extension="$work/modules/vtws.so" tests/phpt 2>&1)
        tp=$(echo "$out" | sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p')
        tf=$(echo "$out" | sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p')
        tl=$(echo "$out" | sed -n 's/^Tests leaked *: *\([0-9]*\).*/\1/p')
        p=$((p + ${tp:-0}))
        f=$((f + ${tf:-0} + ${tl:-0}))
        [ -z "$tp" ] && { f=$((f + 1)); echo "$out" | tail -20; }
        echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -a -E '^TEST [0-9]+/[0-9]+ \[[^]]*\](FAIL|LEAK)' \
            | sed -e 's/^TEST [0-9/]* \[[^]]*\]//' -e "s/^/    $version: /"
        out=$("$php_bin" -n -d extension="$work/modules/vtws.so" tests/diff/run.php tests/diff/fixtures examples/vtiger/languages tests/fuzz/regressions 2>&1)
        dp=$(echo "$out" | sed -n 's/^diff: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        df=$(echo "$out" | sed -n 's/^diff: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        p=$((p + ${dp:-0}))
        f=$((f + ${df:-1}))
        echo "$out" | grep -a '^FAIL' | head -5 | sed "s/^/    $version differential: /"
        apache_module="$prefix/lib/apache2/libphp.so"
        if "$php_bin" -n -r 'exit(PHP_ZTS ? 0 : 1);' && [ -f "$apache_module" ]; then
            # threads for real: this PHP's mod_php under Apache's event MPM, the soak's checks
            command -v apache2 >/dev/null || dpkg-query -W -f='${Status}' apache2 2>/dev/null | grep -q "ok installed" \
                || DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends apache2 >/dev/null 2>&1
            out=$(php -n tests/soak/run.php --apache="$apache_module" --extension="$work/modules/vtws.so" \
                "${VTWS_SOAK_SECONDS:-15}" 2>&1)
            sp=$(echo "$out" | sed -n 's/^soak: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
            sf=$(echo "$out" | sed -n 's/^soak: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
            p=$((p + ${sp:-0}))
            f=$((f + ${sf:-1}))
            echo "$out" | grep -a -E '^ *(FAIL|[0-9]+ requests)' | head -8 | sed "s/^ */    $version Apache event MPM: /"
        fi
    else
        echo "FAIL $version: the build failed:"
        tail -20 "$log" | sed 's/^/    /'
        f=$((f + 1))
    fi
    echo "PHP $version: passed $p, failed $f" # (not the summary line's form: counted once, below)
    passed=$((passed + p))
    failed=$((failed + f))
    rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

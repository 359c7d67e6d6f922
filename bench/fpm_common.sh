# Sourced by the php-fpm benchmarks, from the repository root: installs what they need
# (php-fpm for the PHP that `php` runs: 8.2 on Debian 12, 8.4 on 13; cgi-fcgi) when missing,
# builds vtws and the corpus, and sets
#   BENCH, ROOT  the generated corpus's Vtiger root
#   WORK         a temporary directory, removed on exit together with the php-fpm whose pid
#                is in $WORK/fpm.pid
#   SITE         a real Vtiger root whose own Vtiger_Language_Handler the benchmarks run:
#                VTWS_VTIGER_SITE, else /srv/vtiger83/root when it is one; empty without
#                one or with VTWS_VTIGER_SITE set empty (the benchmarks then run
#                tests/translate/vtiger_language_handler.php, a test double of that class)
#   VTWS_SO      vtws.so's path
#   OPCACHE      opcache on, as production runs it: the -d options of fpm_start
# and writes the bootstrap of Vtiger's translation code (bench/vtiger_boot.php) with
# vtiger_boot.
BENCH=_build/bench
[ "${VTWS_BENCH_SMALL:-}" = 1 ] && BENCH=_build/bench-small # the tiny corpus (gen_corpus.php)
scripts/install-deps.sh
. scripts/apt-wait.sh
PHPV=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
for p in "php$PHPV-fpm" libfcgi-bin; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        DEBIAN_FRONTEND=noninteractive apt_get install -y -qq "$p" >/dev/null
done
scripts/build.sh
ROOT=$(pwd)/$BENCH/vtiger
[ -d "$ROOT/languages" ] || php -n bench/gen_corpus.php "$ROOT/languages"
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK/fpm.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
VTWS_SO=$(pwd)/modules/vtws.so
# opcache as Debian ships it (validate_timestamps and revalidate_freq at their defaults), but
# caching files changed in the last 2 seconds too: the copied and generated trees are fresh
OPCACHE="-d zend_extension=opcache -d opcache.enable=1 -d opcache.file_update_protection=0"

SITE=${VTWS_VTIGER_SITE:-} # set and empty: none
if [ -z "${VTWS_VTIGER_SITE+set}" ] && [ -f /srv/vtiger83/root/includes/runtime/LanguageHandler.php ]; then
    SITE=/srv/vtiger83/root
fi
if [ -n "$SITE" ] && [ ! -f "$SITE/includes/runtime/LanguageHandler.php" ]; then
    echo "VTWS_VTIGER_SITE=$SITE is not a Vtiger root (no includes/runtime/LanguageHandler.php)" >&2
    exit 1
fi

# vtiger_boot SITE|- FILE: FILE loads Vtiger's Vtiger_Language_Handler from SITE, or the test
# double with -; prints which
vtiger_boot() {
    php -n -d extension=tokenizer bench/vtiger_boot.php "$1" "$2"
    if [ "$1" = - ]; then
        echo "Vtiger's code: the test double tests/translate/vtiger_language_handler.php ($(if [ -n "$SITE" ]; then
            echo "the tree is not a Vtiger site"; else echo "no Vtiger site: set VTWS_VTIGER_SITE"; fi))"
    else
        echo "Vtiger's code: the real Vtiger_Language_Handler of $1 (includes/runtime/LanguageHandler.php)"
    fi
}

# fpm_start CHILDREN POOL_SETTINGS [-d NAME=VALUE ...]: php-fpm in the background, listening
# on $WORK/fpm.sock; pm = static with CHILDREN workers, plus POOL_SETTINGS (lines) in its
# pool; errors are logged, not shown (as in production: some of Vtiger's language files
# warn when required outside config.inc.php's globals). No extension is loaded but those named by the -d options (vtws: -d extension=$VTWS_SO).
fpm_start() {
    children=$1
    settings=$2
    shift 2
    cat >"$WORK/fpm.conf" <<CONF
[global]
pid = $WORK/fpm.pid
error_log = $WORK/fpm.log
daemonize = yes
[bench]
user = root
listen = $WORK/fpm.sock
pm = static
pm.max_children = $children
php_admin_value[error_log] = $WORK/php.log
php_admin_flag[display_errors] = off
$settings
CONF
    rm -f "$WORK/fpm.sock"
    "php-fpm$PHPV" -R -n -y "$WORK/fpm.conf" "$@"
    i=0
    while [ ! -S "$WORK/fpm.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.5 # the workers forked
}

# fpm_stop: stops the php-fpm of fpm_start and waits for it to be gone
fpm_stop() {
    pid=$(cat "$WORK/fpm.pid")
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$WORK/fpm.pid"
}

# fpm_request SCRIPT [NAME=VALUE ...]: the body of one GET of SCRIPT, the NAME=VALUE pairs as
# FastCGI parameters (getenv() in the script)
fpm_request() {
    script=$1
    shift
    env SCRIPT_FILENAME="$script" REQUEST_METHOD=GET "$@" cgi-fcgi -bind -connect "$WORK/fpm.sock" | sed '1,/^\r*$/d'
}

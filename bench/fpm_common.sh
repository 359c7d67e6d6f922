# Sourced by the php-fpm benchmarks, from the repository root: installs what they need
# (php-fpm for the PHP that `php` runs: 8.2 on Debian 12, 8.4 on 13; cgi-fcgi) when missing, builds vtws and the corpus, and sets BENCH, ROOT
# (the corpus's Vtiger root) and WORK (a temporary directory, removed on exit together
# with the php-fpm whose pid is in $WORK/fpm.pid).
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

# fpm_start CHILDREN POOL_SETTINGS [-d NAME=VALUE ...]: php-fpm with vtws (root: ROOT) in
# the background, listening on $WORK/fpm.sock; pm = static with CHILDREN workers, plus
# POOL_SETTINGS (lines) in its pool.
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
$settings
CONF
    "php-fpm$PHPV" -R -n -y "$WORK/fpm.conf" -d extension="$(pwd)/modules/vtws.so" -d vtws.vtiger_root="$ROOT" "$@"
    sleep 1
}

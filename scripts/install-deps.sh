#!/bin/sh
# Install the Debian packages vtws needs to build and test, if any is missing.
# Idempotent; needs root (or sudo) only when something must be installed.
#   scripts/install-deps.sh             everything the test command uses
#   scripts/install-deps.sh --guest     what a Debian 13 chroot of the test command needs
#                                       (PHP side and packaging; no sanitizers, fuzzing,
#                                       valgrind or MariaDB server: the host has those)
#   scripts/install-deps.sh --php-version   print the PHP version used (Debian's default)
# The PHP is the release's own: 8.2 on Debian 12 (bookworm), 8.4 on Debian 13 (trixie);
# VTWS_PHP_VERSION overrides. apt-get waits while another apt or unattended-upgrades holds
# apt's lock, at most VTWS_APT_WAIT seconds (600; scripts/apt-wait.sh).
set -eu
. "$(dirname "$0")/apt-wait.sh"

debian_php() {
    [ -n "${VTWS_PHP_VERSION:-}" ] && { echo "$VTWS_PHP_VERSION"; return; }
    codename=$( . /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    case "$codename" in
    bookworm) echo 8.2 ;;
    trixie) echo 8.4 ;;
    *) # another release: whatever its php-defaults point at
        apt-cache depends php-cli 2>/dev/null | sed -n 's/^ *Depends: php\([0-9.]*\)-cli$/\1/p' | head -n 1 ;;
    esac
}

V=$(debian_php)
[ -n "$V" ] || { echo "install-deps: cannot tell this Debian's PHP version (set VTWS_PHP_VERSION)" >&2; exit 1; }
[ "${1:-}" = "--php-version" ] && { echo "$V"; exit 0; }

GUEST="build-essential openssl curl php$V-xml php$V-cli php$V-dev php$V-mysql php$V-fpm php-parser pkg-config make gcc
 libjansson-dev libcurl4-openssl-dev libssl-dev check nginx-light dpkg-dev debhelper dh-php php-all-dev
 xml2 help2man lintian man-db git libfcgi-bin ca-certificates zip php$V-zip"
HOST="php-pear clang libclang-rt-dev valgrind mariadb-server galera-4 rsync socat debootstrap composer unzip"
case "${1:-}" in
--guest) PKGS=$GUEST ;;
"") PKGS="$GUEST $HOST" ;;
*) echo "usage: $0 [--guest|--php-version]" >&2; exit 2 ;;
esac

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
# shellcheck disable=SC2086
apt_get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# Install the Debian packages vtws needs to build and test, if any is missing.
# Idempotent; needs root (or sudo) only when something must be installed.
set -eu
PKGS="openssl curl php-pear php8.2-xml php8.2-cli php8.2-dev php8.2-mysql php-parser pkg-config make gcc clang libclang-rt-dev libjansson-dev libcurl4-openssl-dev libssl-dev check valgrind mariadb-server php8.2-fpm nginx-light dpkg-dev debhelper dh-php php-all-dev xml2 help2man lintian man-db git libfcgi-bin"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# A private MariaDB server for the tests: data directory under _build/, a unix
# socket only (no TCP), started and stopped by the test command.
#   tests/db/mariadb.sh start|stop|socket
set -eu
cd "$(dirname "$0")/../.."
DIR=$(pwd)/_build/mariadb
SOCK=$DIR/mysqld.sock
case "${1:-}" in
socket)
    echo "$SOCK"
    ;;
start)
    mkdir -p "$DIR"
    if [ ! -d "$DIR/data/mysql" ]; then
        mariadb-install-db --no-defaults --datadir="$DIR/data" --user="$(id -un)" \
            --auth-root-authentication-method=socket >"$DIR/install.log" 2>&1 ||
            { cat "$DIR/install.log" >&2; exit 1; }
    fi
    if [ -S "$SOCK" ] && mariadb --no-defaults --socket="$SOCK" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
        exit 0
    fi
    mariadbd --no-defaults --datadir="$DIR/data" --socket="$SOCK" --skip-networking \
        --pid-file="$DIR/mysqld.pid" --log-error="$DIR/error.log" --user="$(id -un)" \
        --innodb-buffer-pool-size=32M --innodb-log-file-size=16M >/dev/null 2>&1 &
    i=0
    until mariadb --no-defaults --socket="$SOCK" -uroot -e 'SELECT 1' >/dev/null 2>&1; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            echo "mariadb did not start; its log:" >&2
            tail -n 20 "$DIR/error.log" >&2
            exit 1
        fi
        sleep 0.2
    done
    ;;
stop)
    if [ -f "$DIR/mysqld.pid" ]; then
        kill "$(cat "$DIR/mysqld.pid")" 2>/dev/null || true
        i=0
        while [ -f "$DIR/mysqld.pid" ] && [ $i -lt 100 ]; do
            sleep 0.2
            i=$((i + 1))
        done
    fi
    ;;
*)
    echo "usage: $0 start|stop|socket" >&2
    exit 2
    ;;
esac

#!/bin/sh
# A 3-node MariaDB Galera cluster on loopback for the tests and the benchmark, from Debian's
# packages (mariadb-server, galera-4, rsync for SST). Everything lives under $VTWS_GALERA_DIR
# (default /var/tmp/vtws-galera): node N has its datadir, socket, logs and pid there, SQL port
# 331N, group port 457N, IST 458N, SST 459N, all on 127.0.0.1 (see
# ../shared/docs/galera-on-loopback.md for why each of these must differ).
#   tests/galera/cluster.sh start             3 nodes, Synced (about 10 s); a cluster already up is reused
#   tests/galera/cluster.sh stop              SIGTERM to the nodes this script started, then rm -rf the folder
#   tests/galera/cluster.sh kill N            SIGKILL node N (as a crash would)
#   tests/galera/cluster.sh restart N         start node N again: it rejoins (SST/IST) and is Synced
#   tests/galera/cluster.sh wait N            until node N is Synced in a cluster of 3
#   tests/galera/cluster.sh socket N | pid N | sql N 'STATEMENTS' | status
# Only processes this script started are signalled: their pids are kept in nN/started.pid and
# checked against /proc/PID/cmdline before any kill.
set -eu
BASE=${VTWS_GALERA_DIR:-/var/tmp/vtws-galera}
if [ "$(id -u)" = 0 ]; then RUNAS=mysql; else RUNAS=$(id -un); fi # root: rsync SST needs a real user

cnf() { # cnf N: node N's settings
    n=$1
    cat <<CNF
[mysqld]
user=$RUNAS
datadir=$BASE/n$n/data
socket=$BASE/n$n/mysqld.sock
pid-file=$BASE/n$n/mysqld.pid
log-error=$BASE/n$n/error.log
tmpdir=$BASE/n$n/tmp
port=331$n
bind-address=127.0.0.1
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
innodb_log_buffer_size=2M
innodb_flush_log_at_trx_commit=2
key_buffer_size=1M
aria_pagecache_buffer_size=1M
max_connections=80
performance_schema=OFF
skip-name-resolve
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=vtws-test
wsrep_cluster_address=gcomm://127.0.0.1:4571,127.0.0.1:4572,127.0.0.1:4573
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:457$n
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:459$n
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:457$n; ist.recv_addr=127.0.0.1:458$n; gcache.size=32M; evs.keepalive_period=PT0.3S; evs.inactive_check_period=PT0.3S; evs.suspect_timeout=PT1.5S; evs.inactive_timeout=PT3S; evs.join_retrans_period=PT0.3S; evs.install_timeout=PT3S"
CNF
}

sock() { echo "$BASE/n$1/mysqld.sock"; }

q() { # q N SQL: one value, or nothing when the node does not answer
    mariadb --no-defaults -uroot -S "$(sock "$1")" -N -B -e "$2" 2>/dev/null || true
}

ours() { # ours N: the pid of node N when it is the mariadbd this script started, else nothing
    [ -f "$BASE/n$1/started.pid" ] || return 0
    p=$(cat "$BASE/n$1/started.pid")
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "mariadbd --defaults-file=$BASE/n$1/my.cnf"; then echo "$p"; fi
}

synced() { # synced N: node N answers, Synced, in a cluster of 3
    [ "$(q "$1" "SELECT CONCAT(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_local_state_comment'")" = Synced ] &&
        [ "$(q "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_cluster_size'")" = 3 ]
}

wait_node() { # wait_node N [SIZE]: Synced (and the cluster that big), or fail after 90 s
    want=${2:-3}
    i=0
    while :; do
        state=$(q "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_local_state_comment'")
        size=$(q "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_cluster_size'")
        [ "$state" = Synced ] && [ "$size" -ge "$want" ] 2>/dev/null && return 0
        if [ -z "$(ours "$1")" ] && [ $i -gt 5 ]; then
            echo "galera: node $1 died; its log:" >&2
            tail -n 15 "$BASE/n$1/error.log" >&2
            return 1
        fi
        i=$((i + 1))
        if [ $i -gt 450 ]; then
            echo "galera: node $1 not Synced after 90 s (state '$state', size '$size'); its log:" >&2
            tail -n 15 "$BASE/n$1/error.log" >&2
            return 1
        fi
        sleep 0.2
    done
}

launch() { # launch N [--wsrep-new-cluster]
    n=$1
    shift
    mkdir -p "$BASE/n$n/data" "$BASE/n$n/tmp"
    chown -R "$RUNAS" "$BASE/n$n" 2>/dev/null || true
    # no inherited descriptors: a caller reading this script's output must not wait for the server
    mariadbd --defaults-file="$BASE/n$n/my.cnf" "$@" </dev/null >/dev/null 2>&1 &
    echo $! >"$BASE/n$n/started.pid"
}

case "${1:-}" in
start)
    if synced 1 && synced 2 && synced 3; then exit 0; fi
    for n in 1 2 3; do
        [ -z "$(ours $n)" ] || { echo "galera: a half-started cluster is running under $BASE: $0 stop first" >&2; exit 1; }
    done
    rm -rf "$BASE"
    mkdir -p "$BASE"
    chmod 755 "$BASE"
    for n in 1 2 3; do
        mkdir -p "$BASE/n$n/tmp"
        cnf $n >"$BASE/n$n/my.cnf"
    done
    chown -R "$RUNAS" "$BASE"
    mariadb-install-db --defaults-file="$BASE/n1/my.cnf" --skip-test-db >"$BASE/install.log" 2>&1 ||
        { cat "$BASE/install.log" >&2; exit 1; }
    launch 1 --wsrep-new-cluster
    wait_node 1 1
    for n in 2 3; do # one joiner at a time: the donor serves one SST at a time
        launch $n
        wait_node $n $n
    done
    ;;
stop)
    pids=""
    for n in 3 2 1; do
        p=$(ours $n)
        [ -n "$p" ] && kill "$p" 2>/dev/null && pids="$pids $p"
    done
    for p in $pids; do
        i=0
        while kill -0 "$p" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$p" 2>/dev/null || true
    done
    rm -rf "$BASE"
    ;;
kill)
    p=$(ours "$2")
    [ -n "$p" ] || { echo "galera: node $2 is not running" >&2; exit 1; }
    kill -9 "$p"
    while kill -0 "$p" 2>/dev/null; do sleep 0.02; done
    ;;
restart)
    [ -z "$(ours "$2")" ] || { echo "galera: node $2 is running" >&2; exit 1; }
    launch "$2"
    wait_node "$2"
    ;;
wait) wait_node "$2" ;;
socket) sock "$2" ;;
pid) ours "$2" ;;
sql) mariadb --no-defaults -uroot -S "$(sock "$2")" -N -B -e "$3" ;;
status)
    for n in 1 2 3; do
        echo "node$n pid=$(ours $n) $(q $n "SELECT GROUP_CONCAT(VARIABLE_NAME, '=', VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_local_state_comment','wsrep_cluster_size','wsrep_ready')")"
    done
    ;;
*)
    echo "usage: $0 start|stop|kill N|restart N|wait N|socket N|pid N|sql N SQL|status" >&2
    exit 2
    ;;
esac

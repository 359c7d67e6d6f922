#!/bin/sh
# Memory of php-fpm workers serving gettranslation over the whole benchmark corpus
# (20 languages x 46 files), with vtws.preload off and on: after every worker has
# answered requests touching every language, the private (unshared) memory of each
# worker, from /proc/PID/smaps_rollup. With preload, the tables built before the
# fork stay shared: workers only read them (immutable arrays, interned strings).
# Usage: bench/fpm_memory.sh   (needs php-fpm (the running PHP's) and libfcgi-bin; installs them)
set -eu
cd "$(dirname "$0")/.."
. bench/fpm_common.sh
cat >"$WORK/app.php" <<'PHP'
<?php
$langs = array_values(array_filter(scandir(ini_get('vtws.vtiger_root') . '/languages'), fn ($l) => $l[0] !== '.'));
$n = 0;
foreach ($langs as $l) {
    foreach (['Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Invoice', 'Settings:Users'] as $m) { /* (absent ones: common strings) */
        $n += count(vtws_gettranslation(['LBL_SAVE', 'LBL_X', 'Contacts'], $l, $m));
    }
}
echo json_encode(['labels' => $n, 'pid' => getmypid()]);
PHP
WORKERS=4
measure() { # $1: preload 0|1
    fpm_start $WORKERS "" -d vtws.preload="$1" -d vtws.revalidate_freq=60
    i=0
    while [ $i -lt 200 ]; do # enough requests for every worker to have served some
        SCRIPT_FILENAME="$WORK/app.php" REQUEST_METHOD=GET cgi-fcgi -bind -connect "$WORK/fpm.sock" >/dev/null
        i=$((i + 1))
    done
    total=0
    for pid in $(pgrep -P "$(cat "$WORK/fpm.pid")"); do
        priv=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup")
        total=$((total + priv))
    done
    kill "$(cat "$WORK/fpm.pid")"
    sleep 1
    echo $((total / WORKERS))
}
off=$(measure 0)
on=$(measure 1)
echo "php-fpm, $WORKERS workers, every language served: private memory per worker"
echo "  vtws.preload=0: $off KiB"
echo "  vtws.preload=1: $on KiB  ($(awk -v a="$off" -v b="$on" 'BEGIN { printf "%.1f", a / b }')x less)"

<?php
/*
 * Benchmark (not a test): N concurrent `vtws-register sync` spread over the 3 nodes of a
 * MariaDB Galera cluster (tests/galera/cluster.sh), from three web roots, against the same on one
 * plain MariaDB (tests/db/mariadb.sh), in the same run, from Vtiger 8.3's stock tables each time.
 * Per N: time until every command has succeeded and the rows are converged, and retries per sync:
 * on Galera the transactions the cluster refused and vtws-register retried ("retry" lines); on
 * the plain server, the commands its lock refused (exit 3), run again 50 ms later, as an
 * administrator's script would. Prints a table and the Galera/plain ratios.
 *   php -n -d extension=modules/vtws.so -d extension=mysqlnd -d extension=mysqli bench/galera.php [N...]
 * (default N: 3 12 48; VTWS_BENCH_SMALL=1: 3 only). Starts what is not running and stops what it started.
 */
require dirname(__DIR__) . '/tests/register/vtiger_root.php';

$top = dirname(__DIR__);
$sizes = array_map('intval', array_slice($argv, 1)) ?: (getenv('VTWS_BENCH_SMALL') === '1' ? [3] : [3, 12, 48]);
$G = escapeshellarg("$top/tests/galera/cluster.sh");
$M = escapeshellarg("$top/tests/db/mariadb.sh");
$work = sys_get_temp_dir() . '/vtws-bench-galera-' . getmypid();
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);

$plainUp = @file_exists(trim(shell_exec("$M socket"))) && @(new mysqli('localhost', 'root', '', '', 0, trim(shell_exec("$M socket")))) !== null;
$clusterUp = trim((string)shell_exec("$G pid 1")) !== '';
exec("$M start 2>&1", $o, $rc1);
exec("$G start 2>&1", $o, $rc2);
if ($rc1 !== 0 || $rc2 !== 0) {
    fwrite(STDERR, "cannot start the servers:\n" . implode("\n", $o) . "\n");
    exit(1);
}
register_shutdown_function(function () use ($G, $M, $work, $plainUp, $clusterUp) {
    exec('rm -rf ' . escapeshellarg($work));
    if (!$clusterUp) {
        exec("$G stop");
    }
    if (!$plainUp) {
        exec("$M stop");
    }
});

$targets = [
    'galera' => [1 => trim(shell_exec("$G socket 1")), 2 => trim(shell_exec("$G socket 2")), 3 => trim(shell_exec("$G socket 3"))],
];
$plain = trim(shell_exec("$M socket"));
$targets['plain'] = [1 => $plain, 2 => $plain, 3 => $plain];

/* One run: N syncs at once over the three roots; [seconds, retries, reruns, converged]. */
function run_syncs(array $sockets, int $n, string $dir): array
{
    $admin = new mysqli('localhost', 'root', '', '', 0, $sockets[1]);
    vtiger_fresh_db($admin, 'vt_bench', 'stock');
    $roots = [];
    foreach ([1, 2, 3] as $k) {
        $roots[$k] = "$dir/web$k";
        exec('rm -rf ' . escapeshellarg($roots[$k]));
        make_vtiger_root($roots[$k], $sockets[$k], 'vt_bench', 'vtws', 'secret');
        unlink("{$roots[$k]}/include/Webservices/GetTranslation.php");
    }
    $retries = $reruns = 0;
    $t = microtime(true);
    $running = [];
    for ($i = 0; $i < $n; $i++) {
        $running[$i] = register($roots[1 + $i % 3], ['sync'], [], true);
    }
    while ($running) {
        foreach ($running as $i => [$p, $pipes]) {
            $st = proc_get_status($p);
            if ($st['running']) {
                continue;
            }
            $out = stream_get_contents($pipes[1]);
            $err = stream_get_contents($pipes[2]);
            proc_close($p);
            $rc = $st['exitcode']; /* proc_close() after proc_get_status() no longer knows it */
            unset($running[$i]);
            $retries += preg_match_all('/^retry \d+/m', $out);
            if ($rc === 3 && strpos($err, 'another vtws-register is changing this database now') !== false) {
                $reruns++;
                usleep(50000);
                $running[$i] = register($roots[1 + $i % 3], ['sync'], [], true);
            } elseif ($rc !== 0) {
                fwrite(STDERR, "a sync failed (exit $rc): $out$err");
                exit(1);
            }
        }
        usleep(5000);
    }
    $seconds = microtime(true) - $t;
    $admin->query('SET SESSION wsrep_sync_wait=1');
    $dups = $admin->query('SELECT COUNT(*) FROM vt_bench.vtiger_ws_operation GROUP BY LOWER(name) HAVING COUNT(*) > 1')->num_rows;
    $count = (int)$admin->query('SELECT COUNT(*) FROM vt_bench.vtiger_ws_operation')->fetch_row()[0];
    $admin->query('DROP DATABASE vt_bench');
    return [$seconds, $retries, $reruns, $dups === 0 && $count === 41];
}

@mkdir($work, 0777, true);
$res = [];
foreach ($sizes as $n) {
    foreach (['galera', 'plain'] as $target) {
        $res[$n][$target] = run_syncs($targets[$target], $n, "$work/$target");
    }
}
printf("%-6s %-8s %10s %16s %14s %10s\n", 'N', 'server', 'seconds', 'retries/sync', 'reruns/sync', 'converged');
foreach ($res as $n => $byTarget) {
    foreach ($byTarget as $target => [$s, $retries, $reruns, $ok]) {
        printf("%-6d %-8s %10.2f %16.2f %14.2f %10s\n", $n, $target, $s, $retries / $n, $reruns / $n, $ok ? 'yes' : 'NO');
    }
}
foreach ($res as $n => $r) {
    printf("ratio N=%d: Galera takes %.2fx the plain server's time to convergence\n", $n, $r['galera'][0] / max($r['plain'][0], 1e-6));
}
foreach ($res as $byTarget) {
    foreach ($byTarget as $r) {
        if (!$r[3]) {
            exit(1);
        }
    }
}

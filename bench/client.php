<?php
/*
 * `vtws query --all` of 10,000 rows from the local test server (tests/client/server.php
 * behind nginx + php-fpm), against `curl` run once per page in a shell loop, the way
 * the tutorial pages — in the same run. Prints rows/s and TCP connections opened.
 * Usage: php bench/client.php [ROWS]
 */
require __DIR__ . '/../tests/lib/webserver.php';
$rows = (int)($argv[1] ?? 10000);
$top = dirname(__DIR__);
$work = sys_get_temp_dir() . '/vtws-bench-client-' . getmypid();
@mkdir("$work/state", 0777, true);
$key = 'BENCHKEY0123456789';
file_put_contents("$work/state/control.json", json_encode(['contacts' => $rows, 'access_key' => $key]));
file_put_contents("$work/key", $key);
chmod("$work/key", 0600); /* vtws refuses a key file others can read */
chmod("$work/key", 0600);
$s = ws_start($work, "$top/tests/client/server.php", ['workers' => 4, 'env' => ['VTWS_TEST_STATE' => "$work/state"]]);
$url = "http://127.0.0.1:{$s['http']}/webservice.php";
$env = "VTIGER_URL=$url VTIGER_USER=admin XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config HOME=$work";
shell_exec("env $env $top/_build/cli/vtws login --access-key-file $work/key 2>/dev/null");
$session = json_decode(file_get_contents(glob("$work/cache/vtws/session-*.json")[0]), true)['session'];

function conns(string $work, int $from): array
{
    $lines = array_slice(file("$work/state/requests.log", FILE_IGNORE_NEW_LINES), $from);
    return [count($lines), count(array_unique(array_column(array_map(fn ($l) => json_decode($l, true), $lines), 'conn')))];
}

$before = count(file("$work/state/requests.log"));
$t = microtime(true);
$out = shell_exec("env $env $top/_build/cli/vtws query --all --format ndjson 'SELECT id, lastname FROM Contacts;'");
$vt = microtime(true) - $t;
$got = substr_count((string)$out, "\n");
[$vreq, $vconn] = conns($work, $before);

$before = count(file("$work/state/requests.log"));
$script = "for off in \$(seq 0 100 " . ($rows - 1) . "); do curl -s -G '$url' --data-urlencode operation=query"
    . " --data-urlencode sessionName=$session --data-urlencode \"query=SELECT id, lastname FROM Contacts ORDER BY id LIMIT \$off, 100;\"; echo; done";
$t = microtime(true);
$curlOut = shell_exec($script);
$ct = microtime(true) - $t;
$curlRows = 0;
foreach (explode("\n", trim((string)$curlOut)) as $line) {
    $curlRows += count(json_decode($line, true)['result'] ?? []);
}
[$creq, $cconn] = conns($work, $before);
ws_stop($work);
exec('rm -rf ' . escapeshellarg($work));

printf("%-36s %8s %10s %9s %12s\n", '', 'rows', 'rows/s', 'requests', 'connections');
printf("%-36s %8d %10.0f %9d %12d\n", 'vtws query --all', $got, $got / $vt, $vreq, $vconn);
printf("%-36s %8d %10.0f %9d %12d\n", 'curl once per page, in a shell loop', $curlRows, $curlRows / $ct, $creq, $cconn);
printf("ratio: vtws is %.1fx the curl loop\n", ($got / $vt) / ($curlRows / $ct));

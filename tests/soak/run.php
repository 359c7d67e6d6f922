<?php
/*
 * A real server under load: Debian's php-fpm (8 workers, the extension loaded)
 * behind nginx on loopback, serving gettranslation through front.php; or, with
 * --apache, Apache 2.4's event MPM running a thread-safe PHP's mod_php (one
 * process, 8 threads, each with its own caches). For each
 * of vtws.preload 0/1 x vtws.revalidate_freq 0/2: 8 clients (client.php) check
 * every answer while a writer (writer.php) replaces language files, sometimes
 * with broken versions, and deletes and re-adds an overlay. Then the hostile
 * inputs (hostile.php) through the same path.
 *
 *   php tests/soak/run.php [SECONDS_PER_CONFIGURATION]   (default 15, env VTWS_SOAK_SECONDS)
 *   php tests/soak/run.php --apache=LIBPHP_SO --extension=VTWS_SO [SECONDS]
 *       (the extension built for that PHP; Debian's apache2 package must be installed)
 *
 * Pass: no 5xx, no malformed JSON, no answer that matches no version of a file,
 * every worker alive at the end, each worker's RSS growth under 1 MB. Prints the
 * figures and "soak: N passed, N failed".
 */
require __DIR__ . '/tree.php';
require dirname(__DIR__) . '/lib/webserver.php';

$opt = getopt('', ['apache:', 'extension:'], $rest);
$seconds = (float)($argv[$rest] ?? getenv('VTWS_SOAK_SECONDS') ?: 15);
$top = dirname(__DIR__, 2);
$apache = $opt['apache'] ?? null;
$extension = $opt['extension'] ?? "$top/modules/vtws.so";
if ($apache !== null && (!is_file($apache) || !is_file($extension))) {
    fwrite(STDERR, "soak: --apache needs a libphp.so and --extension the vtws.so built for it\n");
    exit(2);
}
$work = sys_get_temp_dir() . '/vtws-soak-' . getmypid();
$root = "$work/vtiger";
$workers = 8;
require dirname(__DIR__) . '/lib/check.php';
check_verbose(); /* each configuration's checks, with its figures */

/* A worker's own memory: RssAnon (the shared store's pages a worker maps are shared memory,
 * RssShmem, the same pages for every worker: not growth of the worker's) */
function rss_kb(int $pid): int
{
    return preg_match('/^RssAnon:\s+(\d+)/m', (string)@file_get_contents("/proc/$pid/status"), $m) ? (int)$m[1] : -1;
}

/* Start processes, wait for all, return their outputs. */
function run_all(array $commands): array
{
    $procs = [];
    foreach ($commands as $cmd) {
        $procs[] = [$p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes), $pipes];
    }
    $out = [];
    foreach ($procs as [$p, $pipes]) {
        $out[] = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($p);
    }
    return $out;
}

$php = [PHP_BINARY, '-n'];
echo 'soak: ' . ($apache ? "Apache event MPM + mod_php ZTS ($workers threads, one process)" : "php-fpm ($workers workers) + nginx")
    . " on 127.0.0.1, " . count(SOAK_LANGS) * count(SOAK_FILES)
    . " language files + an overlay, {$seconds}s per configuration\n";
/*
 * One round: a fresh tree, the server started with $ini, every worker warmed, then the
 * writer and 8 clients for $seconds. Returns the clients' sums, their examples, the
 * writer's report, the worker PIDs before and after, and the largest RSS growth (KB).
 */
function soak_round(array $ctx, array $ini): array
{
    ['root' => $root, 'work' => $work, 'workers' => $workers, 'seconds' => $seconds, 'apache' => $apache, 'php' => $php] = $ctx;
    ws_sh('rm -rf ' . escapeshellarg($root));
    soak_tree($root);
    @unlink("$work/php-errors.log");
    $port = ws_start($work, __DIR__ . '/front.php', ['workers' => $workers, 'env' => ['VTWS_SOAK_ROOT' => $root],
        'ini' => $ini, 'apache' => $apache])['http'];
    run_all(array_fill(0, $workers, array_merge($php, [__DIR__ . '/client.php', (string)$port, '2']))); /* warm every worker */
    $pids = ws_workers($work);
    $rssBefore = array_map('rss_kb', $pids);
    $outs = run_all(array_merge([array_merge($php, [__DIR__ . '/writer.php', $root, (string)$seconds])],
        array_fill(0, 8, array_merge($php, [__DIR__ . '/client.php', (string)$port, (string)$seconds]))));
    $writer = json_decode(array_shift($outs), true);
    $sum = ['requests' => 0, 'labels' => 0, 'http_5xx' => 0, 'http_other' => 0, 'bad_json' => 0, 'errors' => 0, 'wrong' => 0];
    $examples = [];
    foreach ($outs as $o) {
        $s = json_decode(trim($o), true);
        if (!is_array($s)) {
            $sum['bad_json']++;
            $examples[] = 'a client failed: ' . substr($o, 0, 200);
            continue;
        }
        foreach ($sum as $k => $_) {
            $sum[$k] += $s[$k];
        }
        $examples = array_merge($examples, $s['examples']);
    }
    $after = ws_workers($work);
    $rssAfter = array_map('rss_kb', $after);
    $growth = $after === $pids ? max(array_map(fn ($a, $b) => $a - $b, $rssAfter, $rssBefore)) : null; /* null: other workers */
    printf("  %d requests (%.0f/s), %d labels checked, %d file writes; worker RSS %d..%d KB, growth at most %d KB\n",
        $sum['requests'], $sum['requests'] / $seconds, $sum['labels'], $writer['writes'] ?? 0, min($rssAfter), max($rssAfter), $growth);
    return [$port, $sum, $examples, $writer, $pids, $after, $growth];
}

/* A worker may grow by 1 MB; under Apache, by 1 MB more than the same load makes Apache and
 * a ZTS PHP grow without vtws (about 40 KB/s here: per-thread allocators and heaps). */
$ctx = compact('root', 'work', 'workers', 'seconds', 'apache', 'php');
$allowance = 1024;
if ($apache) {
    echo "baseline: the same load without vtws (answers not checked)\n";
    $allowance += max(0, (int)soak_round($ctx, [])[6]);
    ws_stop($work);
}
foreach ([[0, 0], [0, 2], [1, 0], [1, 2]] as [$preload, $freq]) {
    echo "vtws.preload=$preload vtws.revalidate_freq=$freq\n";
    [$port, $sum, $examples, $writer, $pids, $after, $growth] = soak_round($ctx, ['extension' => $extension,
        'vtws.vtiger_root' => $root, 'vtws.preload' => $preload, 'vtws.revalidate_freq' => $freq]);
    check($sum['requests'] > 0 && $sum['http_5xx'] === 0 && $sum['http_other'] === 0, 'no 5xx (nor other non-200)', json_encode($sum));
    check($sum['bad_json'] === 0 && $sum['errors'] === 0, 'every answer a JSON success envelope', json_encode($sum));
    check($sum['wrong'] === 0, 'every translation matches a version of a file in its chain', implode('; ', $examples));
    if ($apache) { /* one child process: its threads are the workers */
        $threads = preg_match('/^Threads:\s+(\d+)/m', (string)@file_get_contents("/proc/{$after[0]}/status"), $m) ? (int)$m[1] : 0;
        check($after === $pids && count($after) === 1 && $threads > $workers,
            "the Apache child alive at the end (same PID), serving from $workers threads", json_encode([$pids, $after, $threads]));
    } else {
        check($after === $pids && count($after) === $workers, 'every worker alive at the end (same PIDs)',
            json_encode([$pids, $after]));
    }
    check($growth !== null && $growth < $allowance, $allowance === 1024 ? 'worker RSS growth under 1 MB'
        : "worker RSS growth under 1 MB more than without vtws ($allowance KB)", "$growth KB");
    $log = (string)@file_get_contents("$work/php-errors.log");
    check(!preg_match('/PHP (Warning|Notice|Deprecated|Fatal)/', $log), 'no PHP warning, notice or error in the log',
        substr($log, 0, 300));
    check((bool)preg_match('/\] vtws: \S+\.php:\d+:\d+: Unsupported operand types/', $log) || $writer['writes'] < 10,
        "the writer's broken files were logged (the rest of each file still served)");
    if ($preload === 1 && $freq === 2) {
        echo "hostile inputs through ", $apache ? 'Apache' : 'php-fpm', "\n";
        $o = run_all([array_merge($php, [__DIR__ . '/hostile.php', (string)$port])])[0];
        preg_match('/hostile: (\d+) passed, (\d+) failed/', $o, $m);
        /* its counts join this run's: not printed as a summary line of their own */
        echo preg_replace(['/^/m', '/hostile: (\d+) passed, (\d+) failed/'], ['  ', 'hostile inputs: $1 ok, $2 not ok'], rtrim($o)), "\n";
        $passed += (int)($m[1] ?? 0);
        $failed += isset($m[2]) ? (int)$m[2] : 1;
        $log = (string)@file_get_contents("$work/php-errors.log");
        /* besides PHP refusing the 10 MB body, only vtws's own reports of the writer's broken files */
        $ours = array_filter(explode("\n", $log), fn ($l) => $l !== '' && strpos($l, 'POST Content-Length') === false
            && !preg_match('/\] vtws: \S+\.php:\d+:\d+: .* \(the rest of the file is still served\)$/', $l));
        check(!$ours, 'no PHP warning or error in the log for any hostile input (besides PHP refusing the 10 MB body)',
            substr(implode("\n", $ours), 0, 400));
    }
    ws_stop($work);
}
ws_sh('rm -rf ' . escapeshellarg($work));
check_done('soak');

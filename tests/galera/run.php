<?php
/*
 * vtws-register on a real 3-node MariaDB Galera cluster (tests/galera/cluster.sh, started and
 * stopped here), with Vtiger 8.3's registration tables (tests/register/fixtures) and three web
 * roots, each pointing at its own node:
 *  - doctor names the cluster, its size and the node's state;
 *  - sync, remove, doctor --fix and --undo racing from the three roots converge: every node's
 *    tables identical (CHECKSUM TABLE), each operation once, its parameters 1..n in order, the
 *    sequence at the highest id, Vtiger's own rows as they were;
 *  - a node killed (SIGKILL) while a sync is in its transaction there: that command says so in
 *    one line and exits 5, nothing of it is kept, the same command against another node
 *    succeeds, and the node rejoins with the same tables;
 *  - rows are shared, files are per node: doctor on a root that lacks (or has another copy of)
 *    vtws's handler file names it and the command that fixes it; sync there changes no row.
 * VTWS_GALERA_KEEP=1 leaves the cluster running. Prints "galera: N passed, N failed".
 */
require dirname(__DIR__) . '/register/vtiger_root.php';
require dirname(__DIR__) . '/lib/check.php';
if (getenv('VTWS_VERBOSE')) {
    check_verbose();
}

$top = dirname(__DIR__, 2);
$G = escapeshellarg("$top/tests/galera/cluster.sh");
$work = sys_get_temp_dir() . '/vtws-galera-test-' . getmypid();
$t0 = microtime(true);
exec("$G start 2>&1", $o, $rc);
if ($rc !== 0) {
    check(false, 'the cluster starts', implode("\n", $o));
    check_done('galera');
}
echo 'note: cluster up in ' . round(microtime(true) - $t0, 1) . " s\n";
register_shutdown_function(function () use ($G, $work) {
    exec('rm -rf ' . escapeshellarg($work));
    if (!getenv('VTWS_GALERA_KEEP')) {
        exec("$G stop");
    }
});

mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$sock = $admin = [];
foreach ([1, 2, 3] as $n) {
    $sock[$n] = trim(shell_exec("$G socket $n"));
}

function admin(int $n): mysqli
{
    global $sock;
    $db = new mysqli('localhost', 'root', '', '', 0, $sock[$n]);
    $db->query('SET SESSION wsrep_sync_wait=15');
    return $db;
}

foreach ([1, 2, 3] as $n) {
    $admin[$n] = admin($n);
}
const DB = 'vt_galera';

/* Commands run at the same time: [[root, args, env], ...] → [[out, err, rc], ...] */
function race(array $jobs): array
{
    $running = [];
    foreach ($jobs as $i => $j) {
        $running[$i] = register($j[0], $j[1], $j[2] ?? [], true);
    }
    $res = [];
    foreach ($running as $i => [$p, $pipes]) {
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $res[$i] = [$out, $err, proc_close($p)];
    }
    return $res;
}

function all_ok(array $res): bool
{
    foreach ($res as [$out, $err, $rc]) {
        if ($rc !== 0 || $err !== '') {
            return false;
        }
    }
    return true;
}

function shown_results(array $res): string
{
    return implode("\n", array_map(fn ($r) => "rc={$r[2]}\n{$r[0]}{$r[1]}", $res));
}

/*
 * The converged state on the nodes $nodes: identical tables and checksums; each name once
 * (ignoring case); vtws's operations registered with their parameters 1..n in order (when
 * $vtws); the sequence at the highest id; the stock rows (ids 1..38) as $stock.
 */
function converged(string $what, array $nodes, ?string $stock, bool $vtws = true): void
{
    global $admin;
    $tables = $sums = [];
    foreach ($nodes as $n) {
        $tables[$n] = vtiger_ws_tables($admin[$n], DB);
        $sums[$n] = json_encode($admin[$n]->query('CHECKSUM TABLE vtiger_ws_operation, vtiger_ws_operation_parameters, vtiger_ws_operation_seq')->fetch_all());
    }
    check(count(array_unique($tables)) === 1 && count(array_unique($sums)) === 1, "$what: nodes " . implode(', ', $nodes) . ' hold the same rows (CHECKSUM TABLE)',
        implode("\n", $sums));
    $db = $admin[$nodes[0]];
    $db->select_db(DB);
    $dups = $db->query('SELECT LOWER(name), COUNT(*) FROM vtiger_ws_operation GROUP BY LOWER(name) HAVING COUNT(*) > 1')->fetch_all();
    check($dups === [], "$what: every operation registered once", json_encode($dups));
    $seq = (int)$db->query('SELECT id FROM vtiger_ws_operation_seq')->fetch_row()[0];
    $max = (int)$db->query('SELECT MAX(operationid) FROM vtiger_ws_operation')->fetch_row()[0];
    $rows = (int)$db->query('SELECT COUNT(*) FROM vtiger_ws_operation_seq')->fetch_row()[0];
    check($rows === 1 && $seq >= $max, "$what: one sequence row, at or past the highest id ($seq >= $max)");
    $orphans = $db->query('SELECT COUNT(*) FROM vtiger_ws_operation_parameters p LEFT JOIN vtiger_ws_operation o USING (operationid) WHERE o.operationid IS NULL')->fetch_row()[0];
    check((int)$orphans === 0, "$what: no parameter row without its operation");
    if ($vtws) {
        $got = [];
        foreach ($db->query("SELECT o.name, GROUP_CONCAT(p.name, '@', p.sequence ORDER BY p.sequence) FROM vtiger_ws_operation o"
            . " LEFT JOIN vtiger_ws_operation_parameters p USING (operationid) WHERE o.operationid > 38 GROUP BY o.operationid")->fetch_all() as [$name, $params]) {
            $got[$name] = (string)$params;
        }
        ksort($got);
        check($got === ['exporttranslation' => 'language@1,module@2,type@3,version@4', 'gettranslation' => 'totranslate@1,language@2,module@3',
            'listlanguages' => ''], "$what: vtws's operations, each with its parameters in order", json_encode($got));
    }
    if ($stock !== null) {
        check(stock_rows($db) === $stock, "$what: Vtiger's own rows untouched");
    }
}

function stock_rows(mysqli $db): string
{
    $db->select_db(DB);
    return json_encode([$db->query('SELECT * FROM vtiger_ws_operation WHERE operationid <= 38 ORDER BY operationid')->fetch_all(),
        $db->query('SELECT * FROM vtiger_ws_operation_parameters WHERE operationid <= 38 ORDER BY operationid, name')->fetch_all()]);
}

function fresh(): array
{
    global $admin, $sock, $work;
    vtiger_fresh_db($admin[1], DB, 'stock');
    $roots = [];
    foreach ([1, 2, 3] as $n) {
        $roots[$n] = "$work/web$n";
        exec('rm -rf ' . escapeshellarg($roots[$n]));
        make_vtiger_root($roots[$n], $sock[$n], DB, 'vtws', 'secret');
        unlink("$roots[$n]/include/Webservices/GetTranslation.php");
    }
    return $roots;
}

/* ---- doctor knows the cluster ------------------------------------------------------------------ */
$roots = fresh();
$stock = stock_rows($admin[2]);
[$out, $err, $rc] = register($roots[2], ['doctor']);
check(preg_match('/^MariaDB Galera cluster vtws-test: 3 nodes; this node \(node2\) is Synced\. /m', $out) === 1,
    "doctor names the cluster, its size and this node's state", $out . $err);

/* ---- syncs racing from the three roots ------------------------------------------------------------- */
$res = race([[$roots[1], ['sync']], [$roots[2], ['sync']], [$roots[3], ['sync']],
             [$roots[1], ['sync']], [$roots[2], ['sync']], [$roots[3], ['sync']]]);
check(all_ok($res), 'six syncs at once over three nodes all succeed', shown_results($res));
converged('six syncs', [1, 2, 3], $stock);
$ids = $admin[3]->query('SELECT operationid FROM ' . DB . '.vtiger_ws_operation WHERE operationid > 38 ORDER BY 1')->fetch_all();
check(json_encode($ids) === '[["39"],["40"],["41"]]' && $admin[3]->query('SELECT id FROM ' . DB . '.vtiger_ws_operation_seq')->fetch_row()[0] === '41',
    'ids 39, 40, 41 from the sequence, none burnt', json_encode($ids));
$retries = preg_match_all('/^retry \d+\/\d+: the cluster refused the transaction \(1213 certification conflict/m', shown_results($res));
echo "note: six racing syncs needed $retries retries\n";
foreach ([1, 2, 3] as $n) {
    [$out, $err, $rc] = register($roots[$n], ['sync']);
    check($rc === 0 && $out === "no changes\n", "then sync on root $n: no changes", $out . $err);
}

/* ---- remove and sync racing, several rounds ---------------------------------------------------------- */
$ok = true;
$all = [];
for ($round = 0; $round < 3; $round++) {
    $res = race([[$roots[1 + $round % 3], ['remove', 'gettranslation', 'listlanguages']], [$roots[1 + ($round + 1) % 3], ['sync']],
                 [$roots[1 + ($round + 2) % 3], ['remove', 'exporttranslation']], [$roots[1 + ($round + 1) % 3], ['sync']]]);
    $ok = $ok && all_ok($res);
    $all = array_merge($all, $res);
}
check($ok, 'remove and sync racing from three roots (3 rounds): every command succeeds', shown_results($all));
converged('remove/sync races', [1, 2, 3], $stock, false);
$res = race([[$roots[1], ['sync']], [$roots[2], ['sync']], [$roots[3], ['sync']]]);
check(all_ok($res), 'then syncs everywhere', shown_results($res));
converged('remove/sync races, then sync', [1, 2, 3], $stock);

/* ---- doctor --fix and --undo racing ------------------------------------------------------------------ */
$res = race([[$roots[1], ['doctor', '--fix']], [$roots[2], ['doctor', '--fix']], [$roots[3], ['doctor', '--fix']], [$roots[3], ['sync']]]);
check(all_ok($res), 'doctor --fix from three roots at once (and a sync) succeed', shown_results($res));
converged('--fix races', [1, 2, 3], null);
$wired = $admin[1]->query('SELECT name, handler_path FROM ' . DB . ".vtiger_ws_operation WHERE handler_path LIKE 'include/Webservices/vtws-fix/%' ORDER BY name")->fetch_all();
check(array_column($wired, 0) === ['convertlead', 'files_retrieve', 'logout', 'retrieve_inventory', 'wsapp_register'],
    'the five operations that fail only by name point at their wrappers, once', json_encode($wired));
$missing = [];
foreach ([1, 2, 3] as $n) {
    foreach ($wired as [$name, $path]) {
        if (!is_file("$roots[$n]/$path")) {
            $missing[$n][] = $path;
        }
    }
}
if ($missing) {
    $n = array_key_first($missing);
    [$out] = register($roots[$n], ['doctor']);
    check(strpos($out, "handler file {$missing[$n][0]} does not exist in this web node's root: doctor --fix wrote it on another web node; copy include/Webservices/vtws-fix/") !== false,
        'a root without a wrapper that rows name: doctor says where it comes from', $out);
}
$res = race([[$roots[1], ['doctor', '--undo']], [$roots[2], ['doctor', '--undo']], [$roots[3], ['doctor', '--undo']]]);
check(all_ok($res), 'doctor --undo from three roots at once', shown_results($res));
converged('--undo races', [1, 2, 3], $stock);

/* ---- a node killed while a sync is in its transaction there ------------------------------------------------ */
$roots = fresh();
$resume = "$work/resume";
[$p3, $pipes3] = register($roots[3], ['sync'], ['VTWS_REGISTER_TEST_PAUSE_AFTER' => '2', 'VTWS_REGISTER_TEST_RESUME_FILE' => $resume], true);
$paused = fgets($pipes3[2]);
$others = [];
foreach ([1, 2, 1, 2] as $n) {
    $others[] = register($roots[$n], ['sync'], [], true);
}
exec("$G kill 3", $o, $krc);
touch($resume);
$out3 = stream_get_contents($pipes3[1]);
$err3 = stream_get_contents($pipes3[2]);
$rc3 = proc_close($p3);
check(strpos($paused, 'paused') !== false && $krc === 0, 'node 3 killed (SIGKILL) while a sync there is mid-transaction', $paused);
check($rc3 === 6 && substr_count($err3, "\n") === 1
    && preg_match('/^vtws-register: lost the database node (mid-run|at COMMIT)/', $err3) === 1,
    'the sync talking to it: exit 6, one line', "rc=$rc3\n$out3$err3");
$res = [];
foreach ($others as [$p, $pipes]) {
    $res[] = [stream_get_contents($pipes[1]), stream_get_contents($pipes[2]), proc_close($p)];
}
check(all_ok($res), 'the syncs on nodes 1 and 2 succeed meanwhile', shown_results($res));
converged('node 3 down', [1, 2], $stock);
[$out, $err, $rc] = register($roots[3], ['sync', '--db-socket', $sock[1]]);
check($rc === 0 && strpos($out, 'register') === false && is_file("$roots[3]/include/Webservices/GetTranslation.php"),
    'the same command against node 1 succeeds (the rows are there already; the file is in this root)', $out . $err);
$t = microtime(true);
exec("$G restart 3 2>&1", $o, $rrc);
check($rrc === 0, 'node 3 restarts and rejoins', implode("\n", $o));
echo 'note: node 3 Synced again ' . round(microtime(true) - $t, 1) . " s after its restart\n";
$admin[3] = admin(3);
converged('after node 3 rejoined', [1, 2, 3], $stock);

/* ---- sync, remove and doctor --fix racing from the three roots, node 2 killed among them ------------------- */
$jobs = [];
foreach ([1, 2, 3] as $n) {
    array_push($jobs, [$roots[$n], ['sync']], [$roots[$n], ['remove', 'gettranslation']], [$roots[$n], ['doctor', '--fix']], [$roots[$n], ['sync']]);
}
$running = [];
foreach ($jobs as $i => $j) {
    $running[$i] = register($j[0], $j[1], [], true);
}
usleep(700000);
exec("$G kill 2");
$bad = [];
$lost = 0;
foreach ($running as $i => [$p, $pipes]) {
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $rc = proc_close($p);
    $onTwo = $jobs[$i][0] === $roots[2];
    if ($onTwo && $rc === 6 && preg_match('/^vtws-register: lost the database node [^\n]*\(exit 6\)\n$/D', $err)) {
        $lost++;
    } elseif ($rc !== 0 || $err !== '') {
        $bad[] = "{$jobs[$i][0]} " . implode(' ', $jobs[$i][1]) . ": rc=$rc\n$out$err";
    }
}
echo "note: $lost of the commands on node 2 were cut off by its kill\n";
check(!$bad, 'sync, remove, doctor --fix racing, node 2 killed: no error but exit 6 (one line) on node 2', implode("\n", $bad));
exec("$G restart 2 2>&1", $o, $rrc);
check($rrc === 0, 'node 2 rejoins', implode("\n", $o));
$admin[2] = admin(2);
converged('races with node 2 killed and back', [1, 2, 3], null, false);
$res = race([[$roots[1], ['doctor', '--undo']], [$roots[2], ['doctor', '--undo']], [$roots[3], ['doctor', '--undo']],
             [$roots[1], ['sync']], [$roots[2], ['sync']], [$roots[3], ['sync']]]);
check(all_ok($res), 'then --undo and sync everywhere', shown_results($res));
converged('then --undo and sync everywhere', [1, 2, 3], $stock);

/* ---- rows are shared, files are per node ------------------------------------------------------------------- */
unlink("$roots[2]/include/Webservices/GetTranslation.php");
[$out, $err, $rc] = register($roots[2], ['doctor']);
check($rc === 1 && strpos($out, "handler file include/Webservices/GetTranslation.php does not exist in this web node's root"
    . " (the rows are shared by every web node, the files are not): run `php vtws-register.php sync` on this node") !== false,
    "a root that lacks vtws's handler file: doctor names it, as this node's problem, and the command", $out . $err);
$before = vtiger_ws_tables($admin[2], DB);
[$out, $err, $rc] = register($roots[2], ['sync']);
check($rc === 0 && $out === "install include/Webservices/GetTranslation.php\n" && vtiger_ws_tables($admin[2], DB) === $before,
    'sync there installs the file and changes no row', $out . $err);
file_put_contents("$roots[1]/include/Webservices/GetTranslation.php", "\n/* an older copy */\n", FILE_APPEND);
[$out, $err, $rc] = register($roots[1], ['doctor']);
check($rc === 1 && strpos($out, "this web node's include/Webservices/GetTranslation.php is not the one this vtws-register ships (an older copy?): run `php vtws-register.php sync` on this node") !== false,
    'a root with another copy of the handler file: doctor says so', $out . $err);
[$out, $err, $rc] = register($roots[1], ['sync']);
check($rc === 0 && $out === "update include/Webservices/GetTranslation.php\n" && vtiger_ws_tables($admin[1], DB) === $before,
    'sync there updates the file and changes no row', $out . $err);

$admin[1]->query('DROP DATABASE ' . DB);
check_done('galera');

<?php
/*
 * doctor on Vtiger roots built like the real ones (vtiger_root.php, from the handlers.json of
 * real 8.3.0, 7.5.0 and 7.4.0 installs), after sync, against the private MariaDB.
 * The expected verdicts are what those real installs did over HTTP (shared fixtures and the
 * issue's table), not doctor's own output:
 *   8.3.0, PHP 8: 8 fail — changePassword, deleteUser (no file), logout, convertlead,
 *     files_retrieve, sync (names), wsapp_register (case), retrieve_inventory (no $user);
 *   7.5.0, PHP 8: those 8, query ($q) and the 11 mobile.* (their file cannot load on PHP 8);
 *   7.4.0, judged for PHP 7.4 (--as-php): changePassword, convertlead, deleteUser, sync.
 * Then --fix (every name-only failure, sync left alone with its reason; a repaired operation
 * answers a named call as the original answered PHP 7's positional one) and --undo (tables
 * and files byte-identical); a handler that calls exit; a root whose bootstrap is broken
 * (unchecked, unless the source shows a failure); a sync that converges when another
 * writer registered a wanted name meanwhile (Galera).
 * Prints "doctor: N passed, N failed".
 */
require __DIR__ . '/vtiger_root.php';
require dirname(__DIR__) . '/lib/check.php';
if (getenv("VTWS_VERBOSE")) { check_verbose(); }

$top = dirname(__DIR__, 2);
[$admin, $socket] = test_mariadb();
$work = sys_get_temp_dir() . '/vtws-doctor-' . getmypid();

/* A root like a real install of $version with its stock registrations, synced. */
function real_like_root(string $version, string $dispatcher): string
{
    global $admin, $socket, $work;
    $db = 'doc_' . str_replace('.', '', $version);
    $root = "$work/$db";
    vtiger_fresh_db($admin, $db, 'stock', $version);
    make_vtiger_root($root, $socket, $db, 'vtws', 'secret', $dispatcher, $version);
    unlink("$root/include/Webservices/GetTranslation.php");
    [$out, $err, $rc] = register($root, ['sync']);
    check($rc === 0 && strpos($out, 'register listlanguages') !== false, "$version: sync", $out . $err);
    return $root;
}

/* doctor --json: [verdict by operation, exit code, text] */
function doctor(string $root, array $extra = []): array
{
    [$out, $err, $rc] = register($root, array_merge(['doctor', '--json'], $extra));
    $by = array_column((array)json_decode($out, true), null, 'operation');
    return [$by, $rc, $out . $err];
}

function verdicts_are(string $what, array $by, array $fails, array $unchecked = []): void
{
    $got = ['FAILS' => [], 'unchecked' => [], 'ok' => []];
    foreach ($by as $name => $v) {
        $got[$v['verdict']][] = $name;
    }
    $want = array_keys($fails);
    sort($want);
    sort($got['FAILS']);
    sort($unchecked);
    sort($got['unchecked']);
    check($got['FAILS'] === $want, "$what: FAILS exactly " . implode(', ', $want), 'FAILS: ' . implode(', ', $got['FAILS']));
    check($got['unchecked'] === $unchecked, "$what: unchecked " . ($unchecked ? implode(', ', $unchecked) : 'nothing'),
        'unchecked: ' . implode(', ', $got['unchecked']));
    check(count($got['ok']) === count($by) - count($want) - count($unchecked) && count($by) > 30, "$what: every other operation ok");
    foreach ($fails as $name => $why) {
        $problems = implode("\n", $by[$name]['problems'] ?? []);
        check(strpos($problems, $why) !== false, "$what: $name fails because $why", $problems);
    }
}

/* An operation's handler called as the dispatcher calls it after Vtiger's bootstrap. */
function dispatched(string $root, array $row, string $mode): string
{
    global $top;
    $code = 'chdir($argv[1]); require_once "config.php"; include_once "includes/main/WebUI.php";'
        . ' require_once "include/Webservices/Utils.php"; require ' . var_export("$top/examples/vtiger_dispatch.php", true) . ';'
        . ' $row = json_decode($argv[2], true); require_once $row["handler_path"];'
        . ' $params = []; foreach ($row["parameters"] as $i => $p) { $params[$p] = "v$i"; }'
        . ' echo json_encode(vtiger_call_handler($row["handler_method"], $params, "U", $argv[3]));';
    return (string)shell_exec(escapeshellarg(PHP_BINARY) . ' -n -r ' . escapeshellarg($code) . ' ' . escapeshellarg($root)
        . ' ' . escapeshellarg(json_encode($row)) . ' ' . $mode . ' 2>&1');
}

$names = ['logout' => 'unknown named parameter $sessionName', 'convertlead' => 'unknown named parameter $element',
          'files_retrieve' => 'unknown named parameter $id', 'sync' => 'unknown named parameter $modifiedTime',
          'wsapp_register' => 'unknown named parameter $synctype: the handler spells it $syncType',
          'retrieve_inventory' => 'the handler has no $user parameter'];
$missing = ['changePassword' => 'include/Webservices/ChangePassword.php does not exist',
            'deleteUser' => 'include/Webservices/DeleteUser.php does not exist'];
$mobile = [];
foreach (vtiger_handlers('7.5.0') as $op) {
    if (strncmp($op['operation'], 'mobile.', 7) === 0) {
        $mobile[$op['operation']] = "loading modules/Mobile/api/wsapi.php after Vtiger's bootstrap fails: Error: Non-static method HTTP_Session::_init() cannot be called statically";
    }
}
check(count($mobile) === 11, '7.5.0 has 11 mobile.* operations');

$cases = [
    ['8.3.0', 'named', null, $names + $missing, ['changePassword', 'deleteUser', 'sync']],
    ['7.5.0', 'named', null, $names + $missing + ['query' => 'unknown named parameter $query'] + $mobile,
     array_merge(['changePassword', 'deleteUser', 'sync'], array_keys($mobile))],
    ['7.4.0', 'positional', '7.4', $missing + ['sync' => 'positional call: the handler requires 4 arguments, the dispatcher passes 3',
     'convertlead' => 'positional call: user is passed at position 6, but the handler takes $user at position 2'], null],
];
foreach ($cases as [$version, $dispatcher, $asPhp, $fails, $afterFix]) {
    $root = real_like_root($version, $dispatcher);
    [$by, $rc, $text] = doctor($root, $asPhp ? ['--as-php', $asPhp] : []);
    verdicts_are("$version" . ($asPhp ? " as PHP $asPhp" : ''), $by, $fails);
    check($rc === 1, "$version: doctor exits 1", $text);
    [$out] = register($root, array_merge(['doctor'], $asPhp ? ['--as-php', $asPhp] : []));
    $n = count($by);
    check(preg_match('/^' . $n . ' operations: ' . ($n - count($fails)) . ' ok, ' . count($fails) . ' will fail, 0 unchecked$/m', $out) === 1,
        "$version: the table's last line counts each verdict", $out);
    if ($afterFix === null) {
        continue;
    }
    /* --fix: every failure that names alone cause, and only those */
    $tablesBefore = vtiger_ws_tables($admin, 'doc_' . str_replace('.', '', $version));
    $treeBefore = tree_state($root);
    [$out, $err, $rc] = register($root, ['doctor', '--fix']);
    $fixed = preg_match_all('/^fix (\S+):/m', $out, $m) ? $m[1] : [];
    sort($fixed);
    $wantFixed = array_values(array_diff(array_keys($fails), $afterFix));
    sort($wantFixed);
    check($rc === 0 && $fixed === $wantFixed, "$version --fix: wraps " . implode(', ', $wantFixed), $out . $err);
    check(strpos($out, 'left alone sync: a positional call (as PHP 7 made) fails too: the handler requires 4 arguments, the dispatcher passes 3') !== false,
        "$version --fix: sync left alone, with the reason", $out);
    [$byAfter] = doctor($root);
    verdicts_are("$version after --fix", $byAfter, array_intersect_key($fails, array_flip($afterFix)));
    foreach ($wantFixed as $name) {
        $stored = $admin->query("SELECT handler_path, handler_method FROM doc_" . str_replace('.', '', $version) . ".vtiger_ws_operation WHERE name='$name'")->fetch_assoc();
        $params = array_column($admin->query("SELECT p.name FROM doc_" . str_replace('.', '', $version) . ".vtiger_ws_operation_parameters p JOIN doc_"
            . str_replace('.', '', $version) . ".vtiger_ws_operation o USING (operationid) WHERE o.name='$name' ORDER BY p.sequence")->fetch_all(), 0);
        $original = array_values(array_filter(vtiger_handlers($version), fn ($o) => $o['operation'] === $name))[0];
        $named = dispatched($root, ['handler_path' => $stored['handler_path'], 'handler_method' => $stored['handler_method'], 'parameters' => $params], 'named');
        $php7 = dispatched($root, ['handler_path' => $original['handler_path'], 'handler_method' => $original['handler_method'], 'parameters' => $params], 'positional');
        check($named === $php7 && strpos($named, '"handler":"') !== false,
            "$version --fix: $name answers the named call as it answered PHP 7's positional one", "$named\n$php7");
    }
    [$out, $err, $rc] = register($root, ['doctor', '--undo']);
    check($rc === 0 && vtiger_ws_tables($admin, 'doc_' . str_replace('.', '', $version)) === $tablesBefore && tree_state($root) === $treeBefore,
        "$version --undo: the tables and the files as they were", $out . $err);
}

/* --as-php 8.4 (Debian 13's PHP, what a new server gets): PHP 8's named dispatch, so the same
 * failures as 8.3.0's own; the summary line names the PHP judged for and the one running */
$root = "$work/doc_830";
[$by, $rc] = doctor($root, ['--as-php', '8.4']);
verdicts_are('8.3.0 as PHP 8.4', $by, $names + $missing);
[$out] = register($root, ['doctor', '--as-php', '8.4']);
check(strpos($out, 'Vtiger 8.3.0, PHP 8.4 (as --as-php says; doctor runs on ' . PHP_VERSION . '): its dispatcher passes arguments by name') !== false,
    'doctor --as-php 8.4: judged for PHP 8.4\'s named dispatch', $out);

/* a handler whose top level calls exit: the dispatcher would stop there */
file_put_contents("$root/include/Webservices/Exiting.php", "<?php\nexit('bye');\nfunction vtws_exiting(\$user) { return 1; }\n");
file_put_contents("$work/manifest.json", json_encode([['name' => 'exiting', 'handler_path' => 'include/Webservices/Exiting.php',
    'handler_method' => 'vtws_exiting', 'type' => 'GET', 'parameters' => []]]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', "$work/manifest.json"]);
[$by] = doctor($root);
check(($by['exiting']['verdict'] ?? '') === 'FAILS'
    && strpos(implode("\n", $by['exiting']['problems']), "loading include/Webservices/Exiting.php after Vtiger's bootstrap exits") !== false,
    'a handler file that calls exit FAILS, saying so', json_encode($by['exiting'] ?? null));
check(($by['login']['verdict'] ?? '') === 'ok' && ($by['logout']['verdict'] ?? '') === 'FAILS', 'the other operations are judged as before');

/* a root whose own bootstrap is broken: doctor cannot load handlers, and says why; the source still shows some failures */
file_put_contents("$root/include/Webservices/Utils.php", "<?php\nthrow new RuntimeException('the database is gone');\n");
[$by, $rc] = doctor($root);
$unchecked = array_keys(array_filter($by, fn ($v) => $v['verdict'] === 'unchecked'));
check(in_array('login', $unchecked, true) && in_array('query', $unchecked, true)
    && strpos($by['login']['problems'][0], "Vtiger's bootstrap fails before the handler is loaded (include/Webservices/Utils.php: RuntimeException: the database is gone)") === 0,
    'a broken bootstrap: the handlers are unchecked, with the reason', json_encode($by['login'] ?? null));
check(($by['logout']['verdict'] ?? '') === 'FAILS'
    && strpos(implode("\n", $by['logout']['problems']), 'named call: read from its source: unknown named parameter $sessionName') !== false
    && ($by['wsapp_register']['verdict'] ?? '') === 'FAILS' && ($by['changePassword']['verdict'] ?? '') === 'FAILS',
    'a broken bootstrap: failures the source shows (signatures, missing files) are still FAILS', json_encode($by['logout'] ?? null));
check(($by['gettranslation']['verdict'] ?? '') === 'ok' && $rc === 1, "vtws's operations are still judged; exit 1 for the failures");

/* Galera: another node registers a wanted name while this sync holds its (node-local) lock */
$db = 'doc_galera';
vtiger_fresh_db($admin, $db, 'stock');
$root = "$work/galera";
make_vtiger_root($root, $socket, $db, 'vtws', 'secret');
unlink("$root/include/Webservices/GetTranslation.php");
[$p, $pipes] = register($root, ['sync'], ['VTWS_REGISTER_TEST_PAUSE_AFTER' => '2', 'VTWS_REGISTER_TEST_RESUME_FILE' => "$work/resume"], true);
$line = fgets($pipes[2]);
$admin->query("INSERT INTO $db.vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin)"
    . " VALUES (90, 'LISTLANGUAGES', 'include/Webservices/GetTranslation.php', 'vtws_listlanguages', 'GET', 0)");
touch("$work/resume");
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($p);
$rows = $admin->query("SELECT operationid FROM $db.vtiger_ws_operation WHERE name='listlanguages'")->fetch_all();
check(strpos($line, 'paused') !== false && $rc === 0 && strpos($out, 'converge: remove LISTLANGUAGES (operationid 90)') !== false
    && $rows === [['41']], 'a sync that finds a duplicate after its commit converges: the lowest id kept', $line . $out . $err . json_encode($rows));
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && trim($out) === 'no changes', 'and is then in sync', $out . $err);

foreach (['doc_830', 'doc_750', 'doc_740', 'doc_galera'] as $db) {
    $admin->query("DROP DATABASE IF EXISTS $db");
}
exec('rm -rf ' . escapeshellarg($work));
check_done('doctor');

<?php
/*
 * Tests of php_scripts/vtws-register.php against a real MariaDB server (started
 * by tests/db/mariadb.sh), with Vtiger 8.3's real registration tables
 * (fixtures/ws_tables.sql) and a Vtiger-shaped root (vtiger_root.php).
 * Run with the extension and mysqli loaded; prints "register: N passed, N failed".
 */
require __DIR__ . '/vtiger_root.php';

$top = dirname(__DIR__, 2);
$socket = trim(shell_exec(escapeshellarg("$top/tests/db/mariadb.sh") . ' socket'));
$work = sys_get_temp_dir() . '/vtws-register-' . getmypid();
@mkdir($work, 0777, true);
require dirname(__DIR__) . '/lib/check.php';

mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$admin = new mysqli('localhost', 'root', '', '', 0, $socket);

function rows(string $name, string $sql): array
{
    global $admin;
    $admin->select_db($name);
    return $admin->query($sql)->fetch_all(MYSQLI_ASSOC);
}

function make_root(string $dir, string $db, array $opts = []): string
{
    global $socket;
    exec('rm -rf ' . escapeshellarg($dir));
    make_vtiger_root($dir, $opts['socket'] ?? $socket, $db, 'vtws', $opts['password'] ?? 'secret',
        $opts['dispatcher'] ?? 'named', $opts['version'] ?? '8.3.0');
    if (!empty($opts['no_tutorial'])) {
        unlink("$dir/include/Webservices/GetTranslation.php");
    }
    return $dir;
}

/* Start a sync that stops mid-transaction; returns when it is paused. */
function paused_sync(string $root)
{
    [$p, $pipes] = register($root, ['sync'], ['VTWS_REGISTER_TEST_PAUSE_AFTER' => '2'], true);
    $line = fgets($pipes[2]);
    return [$p, $pipes, $line];
}

function kill_hard($p): void
{
    $pid = proc_get_status($p)['pid'];
    posix_kill_or_shell($pid);
    proc_close($p);
}

function posix_kill_or_shell(int $pid): void
{
    if (function_exists('posix_kill')) {
        posix_kill($pid, 9);
    } else {
        exec("kill -9 $pid");
    }
}

$dump = file_get_contents(__DIR__ . '/fixtures/ws_tables.sql');

/* ---- a fresh install: sync, rerun, dry run ---------------------------------------------------- */
vtiger_fresh_db($admin, 'vt_fresh');
$root = make_root("$work/fresh", 'vt_fresh', ['no_tutorial' => true]);
$before = vtiger_ws_tables($admin, 'vt_fresh');
[$out, $err, $rc] = register($root, ['sync', '--dry-run']);
check($rc === 0 && strpos($out, 'would register gettranslation (totranslate, language, module)') !== false
    && strpos($out, "INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES (0, 'language', 'string', 2);") !== false
    && strpos($out, 'UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1);') !== false,
    'sync --dry-run prints the changes and the SQL', $out . $err);
check(vtiger_ws_tables($admin, 'vt_fresh') === $before && !file_exists("$root/include/Webservices/GetTranslation.php"),
    'sync --dry-run changes nothing');
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && $out === "install include/Webservices/GetTranslation.php\nregister gettranslation (totranslate, language, module)\n"
    . "register exporttranslation (language, module, type, version)\nregister listlanguages ()\n",
    'fresh sync prints what it changed', $out . $err);
$op = rows('vt_fresh', "SELECT * FROM vtiger_ws_operation WHERE name='gettranslation'");
check(count($op) === 1 && $op[0]['operationid'] === '39' && $op[0]['handler_method'] === 'vtws_gettranslation'
    && $op[0]['type'] === 'POST' && $op[0]['prelogin'] === '0', 'the operation row, its id from the sequence table', json_encode($op));
check(rows('vt_fresh', 'SELECT id FROM vtiger_ws_operation_seq')[0]['id'] === '41', "the sequence advanced as getUniqueID() does (three ids)");
$ops = rows('vt_fresh', "SELECT o.name, o.handler_path, o.handler_method, o.type, GROUP_CONCAT(p.name ORDER BY p.sequence) params"
    . " FROM vtiger_ws_operation o LEFT JOIN vtiger_ws_operation_parameters p USING (operationid)"
    . " WHERE o.operationid > 39 GROUP BY o.operationid ORDER BY o.operationid");
check($ops === [
        ['name' => 'exporttranslation', 'handler_path' => 'include/Webservices/GetTranslation.php',
         'handler_method' => 'vtws_exporttranslation', 'type' => 'GET', 'params' => 'language,module,type,version'],
        ['name' => 'listlanguages', 'handler_path' => 'include/Webservices/GetTranslation.php',
         'handler_method' => 'vtws_listlanguages', 'type' => 'GET', 'params' => null]],
    'exporttranslation and listlanguages: GET, served by the same handler file', json_encode($ops));
check(json_encode(rows('vt_fresh', 'SELECT name, type, sequence FROM vtiger_ws_operation_parameters WHERE operationid=39 ORDER BY sequence'))
    === '[{"name":"totranslate","type":"encoded","sequence":"1"},{"name":"language","type":"string","sequence":"2"},{"name":"module","type":"string","sequence":"3"}]',
    'the parameters, in the order of the native signature');
check(strpos((string)file_get_contents("$root/include/Webservices/GetTranslation.php"), '@vtws-handler') !== false,
    'the handler file is installed');
$synced = vtiger_ws_tables($admin, 'vt_fresh');
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && $out === "no changes\n" && vtiger_ws_tables($admin, 'vt_fresh') === $synced, 'a second sync: "no changes"', $out . $err);
[$out, $err, $rc] = register($root, ['doctor']);
foreach (['gettranslation', 'exporttranslation', 'listlanguages'] as $name) {
    check($rc === 1 && preg_match("/^$name +ok +\\((served natively by the vtws extension|served by the handler file \\(PHP\\))/m", $out),
        "doctor: $name ok after sync, and what serves it", $out);
}

/* after a PHP upgrade that left the extension behind: doctor and list still run and say so */
[$out, $err, $rc] = register($root, ['doctor'], [], false, false);
check($rc === 0 && preg_match("/^gettranslation +ok +\\(served by the handler file's fallback through Vtiger_Language_Handler \\(slower\\): the vtws extension is not loaded in this PHP\\)$/m", $out)
    && preg_match('/^exporttranslation +ok +\\(served by the handler file\'s fallback/m', $out)
    && preg_match('/^login +unchecked +unchecked: doctor judges handlers with the vtws extension, which is not loaded in this PHP$/m', $out)
    && preg_match('/^41 operations: 3 ok, 0 will fail, 38 unchecked$/m', $out),
    'doctor without the extension: vtws\'s operations served by the fallback, the others unchecked', $out . $err);
[$out, $err, $rc] = register($root, ['list'], [], false, false);
check($rc === 0 && preg_match("/ 39 gettranslation .* ok, served by the handler file's fallback/", $out), 'list without the extension says the same', $out . $err);
[$out, $err, $rc] = register($root, ['sync'], [], false, false);
check($rc === 3 && trim($err) === 'vtws-register: the vtws extension is not loaded in this PHP (php --ri vtws)', 'sync without the extension: exit 3', $err);

/* ---- the tutorial's registration ----------------------------------------------------------------- */
vtiger_fresh_db($admin, 'vt_tut', 'tutorial');
$root = make_root("$work/tutorial", 'vt_tut');
$tutorialFile = file_get_contents("$root/include/Webservices/GetTranslation.php");
[$out, $err, $rc] = register($root, ['doctor']);
$lines = explode("\n", $out);
check(strpos($lines[0], 'Vtiger 8.3.0, PHP ' . PHP_VERSION . ': its dispatcher passes arguments by name (Vtiger >= 7.5)') === 0,
    "doctor's first line: Vtiger's version, the dispatch, PHP's version", $lines[0]);
check($rc === 1, 'doctor exits 1 when an operation will fail');
check((bool)preg_match('/^ +named call: unknown named parameter \$language: the handler has no parameter of that name$/m', $out)
    && (bool)preg_match('/^gettranslation +FAILS +include\/Webservices\/GetTranslation.php declares vtws_gettranslation\(\), which the vtws extension already provides/m', $out)
    && (bool)preg_match('/required parameter \$portal_language is never passed/', $out),
    "doctor explains why the tutorial's gettranslation fails", $out);
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$verdicts = json_decode($out, true);
$by = [];
foreach ((array)$verdicts as $v) {
    $by[$v['operation']] = $v;
}
check(is_array($verdicts) && count($verdicts) === 39 && array_keys($verdicts[0]) === ['operation', 'operationid', 'verdict', 'ok', 'unchecked', 'problems', 'served'],
    'doctor --json: one {operation, operationid, verdict, ok, unchecked, problems, served} per registered operation', substr($out, 0, 300));
$expectFail = ['logout' => 'unknown named parameter $sessionName', 'sync' => 'unknown named parameter $modifiedTime',
               'convertlead' => 'unknown named parameter $element', 'files_retrieve' => 'unknown named parameter $id',
               'changePassword' => 'does not exist', 'deleteUser' => 'does not exist',
               'wsapp_register' => 'the handler spells it $syncType', 'retrieve_inventory' => 'the handler has no $user parameter',
               'gettranslation' => 'unknown named parameter $language'];
foreach ($expectFail as $name => $why) {
    check(isset($by[$name]) && !$by[$name]['ok'] && strpos(implode("\n", $by[$name]['problems']), $why) !== false,
        "doctor reports stock operation $name ($why)", json_encode($by[$name] ?? null));
}
$ok = array_keys(array_filter($by, fn ($v) => $v['ok']));
check(count($ok) === 30 && in_array('login', $ok, true) && in_array('retrieve', $ok, true) && in_array('mobile.query', $ok, true),
    "doctor: the other 30 operations are ok (login's accessKey reaches \$pwd)", implode(',', $ok));

[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && $out === "install include/Webservices/GetTranslation.php (the file there is kept as GetTranslation.php.vtws-backup)\n"
    . "set the parameters of gettranslation to totranslate, language, module (sequence 1..3)\n"
    . "register exporttranslation (language, module, type, version)\nregister listlanguages ()\n",
    "sync over the tutorial's rows: parameters fixed, its file kept as a backup", $out . $err);
check(file_get_contents("$root/include/Webservices/GetTranslation.php.vtws-backup") === $tutorialFile, "the tutorial's file is kept intact");
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$by = array_column(json_decode($out, true), null, 'operation');
check($by['gettranslation']['ok'] === true, 'doctor: gettranslation ok after sync', json_encode($by['gettranslation']));
check(rows('vt_tut', "SELECT count(*) c FROM vtiger_ws_operation WHERE name='gettranslation'")[0]['c'] === '1', 'the row was updated, not duplicated');

/* ---- doctor --fix and --undo ------------------------------------------------------------------------------ */
$beforeFix = vtiger_ws_tables($admin, 'vt_tut');
[$out, $err, $rc] = register($root, ['doctor', '--fix']);
check($rc === 0 && preg_match_all('/^fix /m', $out) === 5
    && preg_match('~^fix logout: include/Webservices/vtws-fix/vtws_fix_\d+_logout\.php calls vtws_logout\(\) as PHP 7 did$~m', $out) === 1,
    'doctor --fix wraps the operations that fail only by name (logout, convertlead, wsapp_register, retrieve_inventory, files_retrieve)', $out . $err);
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$by = array_column(json_decode($out, true), null, 'operation');
$still = array_keys(array_filter($by, fn ($v) => !$v['ok']));
sort($still);
check($still === ['changePassword', 'deleteUser', 'sync'], 'after --fix only what no wrapper can fix fails (missing files; sync lacks an argument even positionally)', implode(',', $still));
$logout = rows('vt_tut', "SELECT handler_path, handler_method FROM vtiger_ws_operation WHERE name='logout'")[0];
$same = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -r ' . escapeshellarg(
    'chdir($argv[1]); require $argv[2]; require_once "include/Webservices/Logout.php";'
    . '$named = call_user_func_array($argv[3], ["sessionName" => "S1", "user" => "U"]);'
    . '$php7 = call_user_func_array("vtws_logout", ["S1", "U"]);'
    . 'echo json_encode($named) === json_encode($php7) ? "same" : json_encode([$named, $php7]);') . ' ' . escapeshellarg($root)
    . ' ' . escapeshellarg($logout['handler_path']) . ' ' . escapeshellarg($logout['handler_method']));
check($same === 'same', 'a wrapper called with named arguments answers as the original did on PHP 7', (string)$same);
[$out, $err, $rc] = register($root, ['doctor', '--undo']);
check($rc === 0 && vtiger_ws_tables($admin, 'vt_tut') === $beforeFix && !is_dir("$root/include/Webservices/vtws-fix"),
    'doctor --undo restores the rows and deletes the wrappers', $out . $err);

/* ---- a manifest: insert, change the parameter list, no changes ---------------------------------------------------- */
$manifest = "$work/manifest.json";
$def = ['name' => 'myop', 'handler_path' => 'include/Webservices/Query.php', 'handler_method' => 'vtws_query',
        'type' => 'GET', 'parameters' => [['name' => 'query', 'type' => 'string'], ['name' => 'extra', 'type' => 'encoded']]];
file_put_contents($manifest, json_encode([$def]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 0 && $out === "register myop (query, extra)\n", 'sync --manifest registers the admin\'s operation', $out . $err);
$def['parameters'] = array_reverse($def['parameters']);
file_put_contents($manifest, json_encode([$def]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 0 && $out === "set the parameters of myop to extra, query (sequence 1..2)\n", 'a changed parameter list is replaced', $out . $err);
check(json_encode(rows('vt_tut', "SELECT p.name, p.sequence FROM vtiger_ws_operation_parameters p JOIN vtiger_ws_operation o USING (operationid) WHERE o.name='myop' ORDER BY sequence"))
    === '[{"name":"extra","sequence":"1"},{"name":"query","sequence":"2"}]', 'the new parameter order is stored');
$def['handler_method'] = 'vtws_describe';
file_put_contents($manifest, json_encode([$def]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 0 && $out === "update myop: handler_method\n", 'a changed field is updated in place', $out . $err);
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 0 && $out === "no changes\n", 'and then: no changes', $out . $err);

/* ---- invalid manifests change nothing ------------------------------------------------------------------------------ */
$s = vtiger_ws_tables($admin, 'vt_tut');
file_put_contents($manifest, '[{"name": "x",]');
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 4 && strpos($err, 'is not valid JSON: Syntax error') !== false, 'a manifest that is not JSON: exit 4, a clear line', $err);
file_put_contents($manifest, json_encode([$def, ['name' => 'bad name', 'handler_path' => '../x.php', 'handler_method' => 'f',
    'type' => 'PUT', 'parameters' => [['name' => 'user', 'type' => 'string']]]]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 4 && strpos($err, "manifest.json: entry 2 (bad name): name may only have letters, digits and _: bad name") !== false
    && strpos($err, 'entry 2 (bad name): handler_path must stay inside the Vtiger root') !== false
    && strpos($err, 'entry 2 (bad name): parameter 1: "user" is passed by Vtiger itself') !== false,
    'an invalid entry: exit 4, every problem pointing at the entry', $err);
file_put_contents($manifest, json_encode([$def, array_merge($def, ['name' => 'MYOP'])]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 4 && strpos($err, 'entry 2 (MYOP): name MYOP is also the name of operation 4') !== false, 'names unique ignoring case', $err);
file_put_contents($manifest, json_encode(['myop' => $def]));
[$out, $err, $rc] = register($root, ['sync', '--manifest', $manifest]);
check($rc === 4 && strpos($err, 'must hold a JSON list of operation definitions') !== false, 'a manifest that is a JSON object, not a list', $err);
check(vtiger_ws_tables($admin, 'vt_tut') === $s, 'invalid manifests changed nothing');

/* ---- remove -------------------------------------------------------------------------------------------------------- */
[$out, $err, $rc] = register($root, ['remove', 'MyOp', 'nosuchop']);
check($rc === 0 && strpos($out, 'remove myop (operationid 42)') !== false && strpos($out, 'not registered: nosuchop') !== false
    && rows('vt_tut', "SELECT count(*) c FROM vtiger_ws_operation_parameters WHERE operationid=42")[0]['c'] === '0',
    'remove deletes the operation and its parameters (names ignoring case)', $out . $err);
[$out, $err, $rc] = register($root, ['remove', 'gettranslation']);
check($rc === 0 && strpos($out, 'keep include/Webservices/GetTranslation.php (exporttranslation, listlanguages still use it)') !== false
    && strpos((string)file_get_contents("$root/include/Webservices/GetTranslation.php"), '@vtws-handler') !== false,
    'removing gettranslation alone keeps the handler file the other two operations use', $out . $err);
[$out, $err, $rc] = register($root, ['remove', 'exporttranslation', 'listlanguages']);
check($rc === 0 && file_get_contents("$root/include/Webservices/GetTranslation.php") === $tutorialFile
    && !file_exists("$root/include/Webservices/GetTranslation.php.vtws-backup"),
    "removing the last of them puts the tutorial's file back", $out . $err);

/* ---- killed mid-way, and two at once ---------------------------------------------------------------------------------- */
vtiger_fresh_db($admin, 'vt_kill');
$root = make_root("$work/kill", 'vt_kill', ['no_tutorial' => true]);
$before = vtiger_ws_tables($admin, 'vt_kill');
[$p, $pipes, $line] = paused_sync($root);
check(strpos((string)$line, 'paused after 2 statements') !== false, 'a sync paused inside its transaction', (string)$line);
[$out2, $err2, $rc2] = register($root, ['sync']);
check($rc2 === 3 && strpos($err2, 'another vtws-register is changing this database now') !== false,
    'a second sync at the same time is refused (named lock)', $out2 . $err2);
kill_hard($p);
usleep(300000);
check(vtiger_ws_tables($admin, 'vt_kill') === $before, 'a sync killed mid-way leaves the database unchanged');
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && strpos($out, 'register gettranslation') !== false && vtiger_ws_tables($admin, 'vt_kill') !== $before, 'the next sync completes', $out . $err);

/* ---- credentials and the environment ----------------------------------------------------------------------------------- */
$bad = make_root("$work/badpass", 'vt_kill', ['password' => 'wrong']);
[$out, $err, $rc] = register($bad, ['list']);
check($rc === 3 && strpos($err, "the database refused user 'vtws'") !== false && substr_count(trim($err), "\n") === 0,
    'wrong credentials (from config.inc.php): exit 3, one line', $err);
file_put_contents("$work/pw", "secret\n");
[$out, $err, $rc] = register($bad, ['list', '--db-password-file', "$work/pw"]);
check($rc === 0 && strpos($out, 'gettranslation') !== false, '--db-password-file overrides config.inc.php', $err);
$gone = make_root("$work/gone", 'vt_kill', ['socket' => "$work/no.sock"]);
[$out, $err, $rc] = register($gone, ['doctor']);
check($rc === 3 && strpos($err, 'cannot reach the database') !== false, 'an unreachable database: exit 3', $err);
$admin->query('DROP DATABASE IF EXISTS vt_empty');
$admin->query('CREATE DATABASE vt_empty');
$admin->query("GRANT ALL ON vt_empty.* TO 'vtws'@'localhost' IDENTIFIED BY 'secret'");
$empty = make_root("$work/empty", 'vt_empty');
[$out, $err, $rc] = register($empty, ['sync']);
check($rc === 3 && strpos($err, "has no vtiger_ws_operation, vtiger_ws_operation_parameters, vtiger_ws_operation_seq") !== false,
    'missing tables: exit 3', $err);
[$out, $err, $rc] = register("$work/nowhere", ['list']);
check($rc === 3 && strpos($err, 'is not a directory') !== false, 'a root that does not exist: exit 3', $err);
foreach ([[], ['frobnicate'], ['sync', '--db-password', 'x'], ['remove'], ['list', '--fix'], ['sync', '--bogus']] as $args) {
    [$out, $err, $rc] = register($root, $args);
    check($rc === 2 && substr_count(trim($err), "\n") === 0 && strncmp($err, 'vtws-register: ', 15) === 0,
        'usage error for ' . json_encode($args) . ': exit 2, one line', $err);
}
[$out, $err, $rc] = register($root, ['list']);
check($rc === 0 && preg_match('/^ +39 gettranslation +POST .*include\/Webservices\/GetTranslation.php::vtws_gettranslation\(totranslate:encoded@1, language:string@2, module:string@3\) +ok, served natively by the vtws extension \d+\.\d+\.\d+$/m', $out),
    'list shows each operation with its parameters, a verdict and what serves it', $out);

/* ---- Vtiger <= 7.4 on PHP 8 ----------------------------------------------------------------------------------------------- */
$old = make_root("$work/old", 'vt_kill', ['dispatcher' => 'positional', 'version' => '7.4.0']);
[$out, $err, $rc] = register($old, ['doctor', '--json']);
$by = array_column((array)json_decode($out, true), null, 'operation');
[$text] = register($old, ['doctor']);
check(strpos($text, 'Vtiger 7.4.0') === 0 && strpos($text, 'fails for every operation with parameters') !== false,
    "doctor on Vtiger 7.4 with PHP 8: the dispatcher itself cannot work", strtok($text, "\n"));
check(isset($by['retrieve']) && !$by['retrieve']['ok'] && $by['getchallenge']['ok'] && $by['extendsession']['ok'],
    'operations with parameters fail there; prelogin ones are called by name and work', json_encode([$by['retrieve'] ?? null, $by['getchallenge'] ?? null]));

/* ---- a name that collides ignoring case --------------------------------------------------------------------------------------- */
$admin->select_db('vt_kill');
$admin->query("INSERT INTO vtiger_ws_operation VALUES (90, 'GetTranslation', 'include/Webservices/GetTranslation.php', 'vtws_gettranslation', 'POST', 0)");
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$problems = implode("\n", array_merge(...array_column(json_decode($out, true), 'problems')));
check(strpos($problems, 'its name collides with operation 90 (GetTranslation)') !== false, 'doctor reports names that collide ignoring case', $problems);
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && strpos($out, 'remove GetTranslation (operationid 90)') !== false
    && rows('vt_kill', "SELECT count(*) c FROM vtiger_ws_operation WHERE name='gettranslation'")[0]['c'] === '1',
    'sync removes the duplicate, keeping the lowest id', $out . $err);

exec('rm -rf ' . escapeshellarg($work));
foreach (['vt_fresh', 'vt_tut', 'vt_kill', 'vt_empty'] as $d) {
    $admin->query("DROP DATABASE IF EXISTS $d");
}
check_done('register');

<?php
/*
 * Registration rows are input (issue 20). On a root like a real Vtiger 8.3.0 with its stock
 * rows, rows are added as an attacker with write access to the tables, or a careless
 * installer, leaves them: hostile bytes (comment terminators, PHP tags, quotes, backslashes,
 * newlines, NUL, escape sequences, non-ASCII, 128-byte names) in each field of a row that
 * otherwise fails only by its names — exactly what doctor --fix would wrap without its rules —
 * plus names PHP reserves, names that differ only in case and paths Vtiger refuses. Then, as
 * a user would see it:
 *   - doctor: each hostile row FAILS with its rule as the reason; every line printed is
 *     printable ASCII; --json parses and names every row by operationid;
 *   - doctor --fix: none of them is pointed at a wrapper or gets a file, the stock name-only
 *     failures are still repaired, every file written lints and prints nothing when included
 *     after Vtiger's bootstrap, and no hostile text ("PWNED") appears in any of them;
 *   - --undo: the tables and the files byte for byte as before;
 *   - sync and list run beside those rows and leave them alone; remove prints names escaped;
 *   - a fix folder that is a symlink, a tampered manifest and a wrapper that fails its proof
 *     are refused, and nothing is changed for them.
 * Prints "hostile: N passed, N failed".
 */
require __DIR__ . '/vtiger_root.php';
require dirname(__DIR__) . '/lib/check.php';
if (getenv("VTWS_VERBOSE")) { check_verbose(); }

$top = dirname(__DIR__, 2);
[$admin, $socket] = test_mariadb();
$work = sys_get_temp_dir() . '/vtws-hostile-' . getmypid();
$db = 'hostile_830';
$root = "$work/root";
vtiger_fresh_db($admin, $db, 'stock', '8.3.0');
make_vtiger_root($root, $socket, $db, 'vtws', 'secret', 'named', '8.3.0');
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0, 'sync on the fresh root', $out . $err);

/* ---- the hostile rows ------------------------------------------------------------------------- */
$fragments = [
    'comment end' => 'x*/ echo "PWNED"; /*', 'php close' => 'a?>PWNED<?php', 'php open' => '<?php echo "PWNED";',
    'single quote' => "it's'.PWNED.'", 'double quote' => 'say "PWNED"', 'backslash' => 'a\\b\\',
    'newline' => "two\nlines", 'carriage return' => "over\rwrite", 'nul' => "nul\0byte", 'escape' => "\e[31mred\e[0m",
    'tab' => "a\tb", 'non-ascii' => 'Контакт', 'bidi' => "abc\u{202E}cba", 'overlong' => str_repeat('L', 120) . '*/PWNED',
    'space' => 'two words', 'dollar' => '$PWNED', 'semicolon' => 'a;b', 'parenthesis' => 'f()', 'percent' => '%s%n',
];
$hostile = []; /* operationid => [field, fragment name, the reason a user must see] */
$insertOp = $admin->prepare("INSERT INTO $db.vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin) VALUES (?, ?, ?, ?, 'POST', 0)");
$insertParam = $admin->prepare("INSERT INTO $db.vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES (?, ?, 'String', ?)");
function add_row(int $id, string $name, string $path, string $method, array $params): void
{
    global $insertOp, $insertParam;
    $insertOp->bind_param('isss', $id, $name, $path, $method);
    $insertOp->execute();
    foreach ($params as $k => $p) {
        $seq = $k + 1;
        $insertParam->bind_param('isi', $id, $p, $seq);
        $insertParam->execute();
    }
}
$id = 100;
foreach ($fragments as $what => $f) {
    /* each like stock logout (fails by its parameter's name alone), one field hostile */
    add_row(++$id, $f, 'include/Webservices/Logout.php', 'vtws_logout', ['sessionName']);
    $hostile[$id] = ['name', $what, 'row refused: name may only have letters, digits, _ and .'];
    add_row(++$id, "param_$id", 'include/Webservices/Logout.php', 'vtws_logout', [$f]);
    $hostile[$id] = ['parameter', $what, 'row refused: parameter 1: the name is not a PHP variable name'];
    if ($what !== 'overlong') { /* handler_method is varchar(64): such a value cannot be stored */
        add_row(++$id, "method_$id", 'include/Webservices/Logout.php', "vtws_logout$f", ['sessionName']);
        $hostile[$id] = ['method', $what, 'row refused: handler_method is not a PHP function name'];
    }
    add_row(++$id, "path_$id", "include/Webservices/Logout$f.php", 'vtws_logout', ['sessionName']);
    $hostile[$id] = ['path', $what, 'row refused: handler_path '];
}
/* the issue's two rows, word for word */
add_row(++$id, 'x*/ echo "PWNED"; /* issue', 'include/Webservices/Logout.php', 'vtws_logout', ['sessionName']);
$hostile[$id] = ['name', "the issue's comment terminator", 'row refused: name may only have letters, digits, _ and .'];
add_row(++$id, 'p2_issue', 'include/Webservices/Logout.php', 'vtws_logout', ['a = null){} echo "P2"; function zz($b']);
$hostile[$id] = ['parameter', "the issue's signature splice", 'row refused: parameter 1: the name is not a PHP variable name'];
/* names PHP reserves, paths Vtiger refuses, names that differ only in case */
foreach (['this', '_GET', 'GLOBALS', '_SERVER'] as $p) {
    add_row(++$id, "reserved_param_$id", 'include/Webservices/Logout.php', 'vtws_logout', [$p]);
    $hostile[$id] = ['parameter', "\$$p", "row refused: parameter 1: PHP refuses \$$p as a parameter name"];
}
foreach (['include', 'eval', 'exit', 'isset', 'list', 'print', 'Ns\\require_once'] as $m) {
    add_row(++$id, "reserved_method_$id", 'include/Webservices/Logout.php', $m, ['sessionName']);
    $hostile[$id] = ['method', $m, 'row refused: handler_method is not a PHP function name'];
}
foreach (['../../../etc/x.php' => 'must stay inside the Vtiger root', '/etc/x.php' => 'must be relative',
          'storage/2026/up.php' => 'is under storage/', 'cache/x.php' => 'is under cache/', 'test/x.php' => 'is under test/',
          'include/Webservices/Logout.php.txt' => 'must end in .php'] as $p => $why) {
    add_row(++$id, "bad_path_$id", $p, 'vtws_logout', ['sessionName']);
    $hostile[$id] = ['path', $p, "row refused: handler_path $why"];
}
/* a path that passes every rule but is a link out of the root: refused, and never loaded */
file_put_contents("$work/outside.php", "<?php\nfile_put_contents(__DIR__ . '/escaped', 'loaded');\nfunction vtws_escape(\$sessionId, \$user) { return 1; }\n");
symlink("$work/outside.php", "$root/include/Webservices/Escape.php");
add_row(++$id, 'escape', 'include/Webservices/Escape.php', 'vtws_escape', ['sessionName']);
$hostile[$id] = ['path', 'a link out of the root', 'handler file include/Webservices/Escape.php is outside the Vtiger root'];
add_row(++$id, 'QUERY', 'include/Webservices/Query.php', 'vtws_query', ['query']);
$hostile[$id] = ['name', 'case-only twin of query', 'its name collides with operation'];
$twin = $id;
check(count($hostile) > 90, count($hostile) . ' hostile rows added beside the 38 stock ones');

$hostileIds = array_keys($hostile);
function hostile_rows(): string
{
    global $admin, $db, $hostileIds;
    $in = implode(',', $hostileIds);
    return json_encode([$admin->query("SELECT * FROM $db.vtiger_ws_operation WHERE operationid IN ($in) ORDER BY operationid")->fetch_all(),
        $admin->query("SELECT * FROM $db.vtiger_ws_operation_parameters WHERE operationid IN ($in) ORDER BY operationid, sequence")->fetch_all()]);
}
function printable(string $text): bool
{
    return preg_match('/[^\x20-\x7e\n]/', $text) === 0;
}
$hostileBefore = hostile_rows();

/* ---- doctor ------------------------------------------------------------------------------------ */
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$verdicts = json_decode($out, true);
check(is_array($verdicts) && count($verdicts) === 38 + 3 + count($hostile) && printable($out),
    'doctor --json parses, is ASCII, and has every row', substr($out, 0, 400) . $err);
$byId = array_column((array)$verdicts, null, 'operationid');
$wrong = [];
foreach ($hostile as $oid => [$field, $what, $reason]) {
    if ($what === 'nul') { /* a NUL byte cannot even be read as a C string: refused before any rule */
        $reason = "contains a NUL byte";
    }
    $v = $byId[$oid] ?? null;
    if (!$v || $v['verdict'] !== 'FAILS' || strpos(implode("\n", $v['problems']), $reason) === false) {
        $wrong[] = "$oid ($field $what): " . json_encode($v);
    }
}
check(!$wrong, 'doctor: every hostile row FAILS, its rule given as the reason', implode("\n", array_slice($wrong, 0, 5)));
$query = array_values(array_filter($verdicts, fn ($v) => $v['operation'] === 'query'))[0] ?? null;
check(strpos($byId[$twin]['problems'][0] ?? '', 'its name collides with operation') === 0 && ($query['verdict'] ?? '') === 'FAILS'
    && strpos($query['problems'][0] ?? '', "its name collides with operation $twin (QUERY)") === 0,
    'doctor: a case-only twin and the stock row it shadows both FAIL, each naming the other', json_encode([$byId[$twin] ?? null, $query]));
$nulRow = array_keys(array_filter($hostile, fn ($h) => $h[0] === 'name' && $h[1] === 'nul'))[0];
check(($byId[$nulRow]['operation'] ?? '') === "nul\0byte" && strpos($out, 'nul\\u0000byte') !== false,
    'doctor --json: a NUL byte comes out escaped as \\u0000', json_encode($byId[$nulRow] ?? null));
check(($byId[1]['verdict'] ?? '') === 'ok' && ($byId[8]['operation'] ?? '') === 'logout', 'stock rows are judged as before');
check(!file_exists("$work/escaped"), 'a handler file linked from outside the root is never loaded', (string)@file_get_contents("$work/escaped"));
[$out, $err, $rc] = register($root, ['doctor']);
check($rc === 1 && printable($out . $err) && strpos($out, 'x*/ echo "PWNED"; /*') !== false
    && strpos($out, 'two\x0Alines') !== false && strpos($out, 'nul\x00byte') !== false && strpos($out, '\x1B[31mred') !== false
    && strpos($out, '\xD0\x9A\xD0\xBE') !== false,
    'doctor (table): every line printable ASCII, hostile bytes as \xNN', substr($out, 0, 600) . $err);
$rows = count($verdicts);
check(preg_match('/^' . $rows . ' operations: \d+ ok, \d+ will fail, 0 unchecked$/m', $out) === 1,
    "doctor (table): the count line is intact ($rows operations)", substr($out, -300));

/* without the extension doctor judges only vtws's own rows; it still must not trip on the others */
[$out, $err, $rc] = register($root, ['doctor'], [], false, false);
check($rc === 0 && $err === '' && printable($out) && preg_match('/^' . $rows . ' operations: 3 ok, 0 will fail, ' . ($rows - 3) . ' unchecked$/m', $out) === 1,
    'doctor without the extension: every row listed, printable, no PHP error', substr($out, -300) . $err);

/* ---- list, sync and remove beside them --------------------------------------------------------- */
[$out, $err, $rc] = register($root, ['list']);
check($rc === 0 && printable($out . $err) && substr_count($out, "\n") === $rows + 1, 'list: one printable line per row', substr($out, 0, 400) . $err);
[$out, $err, $rc] = register($root, ['sync']);
check($rc === 0 && trim($out) === 'no changes' && hostile_rows() === $hostileBefore, 'sync runs beside them and leaves them alone', $out . $err);
[$out, $err, $rc] = register($root, ['remove', "no\e[2Jsuch"]);
check($rc === 0 && trim($out) === 'not registered: no\x1B[2Jsuch', 'remove: a name from the command line is printed escaped', $out . $err);

/* ---- doctor --fix ---------------------------------------------------------------------------- */
$tablesBefore = vtiger_ws_tables($admin, $db);
$treeBefore = tree_state($root);
[$out, $err, $rc] = register($root, ['doctor', '--fix']);
preg_match_all('/^fix (\S+):/m', $out, $m);
$fixed = $m[1];
sort($fixed);
check($rc === 0 && $fixed === ['convertlead', 'files_retrieve', 'logout', 'retrieve_inventory', 'wsapp_register'],
    '--fix: the stock name-only failures are still repaired, and nothing else', $out . $err);
check(printable($out . $err) && substr_count($out, 'left alone ') >= count($hostile), '--fix: says why it leaves each hostile row alone', substr($out, 0, 800));
check(hostile_rows() === $hostileBefore, '--fix: no hostile row is pointed at a wrapper');
check(!file_exists("$work/escaped"), '--fix did not load the linked file either');
$files = array_values(array_filter(explode("\n", trim((string)shell_exec('cd ' . escapeshellarg($root) . ' && find include/Webservices/vtws-fix -type f | sort')))));
$wrappers = preg_grep('/\.php$/', $files);
check(count($wrappers) === 5 && in_array('include/Webservices/vtws-fix/manifest.json', $files, true) && count($files) === 6,
    '--fix: one wrapper for each repaired operation, and its manifest; no other file', implode("\n", $files));
$bad = [];
foreach ($wrappers as $w) {
    $src = file_get_contents("$root/$w");
    exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg("$root/$w") . ' 2>&1', $lint, $lintRc);
    $code = 'chdir($argv[1]); error_reporting(E_ALL); ini_set("display_errors", "1"); require_once "config.php";'
        . ' include_once "includes/main/WebUI.php"; require_once "include/Webservices/Utils.php"; ob_start(); require $argv[2];'
        . ' echo json_encode(ob_get_clean());';
    $printed = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -r ' . escapeshellarg($code) . ' ' . escapeshellarg($root) . ' ' . escapeshellarg($w) . ' 2>&1');
    if ($lintRc !== 0 || $printed !== '""' || preg_match('/PWNED|P2|\?>/', $src)) {
        $bad[] = "$w: lint $lintRc, printed " . var_export($printed, true);
    }
}
check(!$bad && $wrappers, 'every file --fix wrote lints, prints nothing when included after the bootstrap, and carries no hostile text', implode("\n", $bad));
$st = stat("$root/include/Webservices/Logout.php");
$ws = stat("$root/include/Webservices/vtws-fix/" . basename(array_values(preg_grep('/_logout\.php$/', $wrappers))[0]));
check(($st['mode'] & 0777) === ($ws['mode'] & 0777) && $st['uid'] === $ws['uid'] && $st['gid'] === $ws['gid'],
    'a wrapper has the owner, group and mode of the handler it wraps', sprintf('%o %o', $st['mode'], $ws['mode']));

[$out, $err, $rc] = register($root, ['doctor', '--undo']);
check($rc === 0 && vtiger_ws_tables($admin, $db) === $tablesBefore && tree_state($root) === $treeBefore,
    '--undo: the tables and the files byte for byte as before', $out . $err);

/* ---- refused: a fix folder that is a symlink, a tampered manifest, a wrapper that fails its proof - */
$elsewhere = "$work/elsewhere";
mkdir($elsewhere);
symlink($elsewhere, "$root/include/Webservices/vtws-fix");
[$out, $err, $rc] = register($root, ['doctor', '--fix']);
check($rc === 3 && strpos($err, 'is not a real folder') !== false && glob("$elsewhere/*") === [] && vtiger_ws_tables($admin, $db) === $tablesBefore,
    '--fix refuses a fix folder that is a symbolic link, and changes nothing', $out . $err);
unlink("$root/include/Webservices/vtws-fix");

mkdir("$root/include/Webservices/vtws-fix");
file_put_contents("$work/victim.php", "<?php\n");
file_put_contents("$root/include/Webservices/vtws-fix/manifest.json", json_encode(['8' => ['operation' => 'logout',
    'handler_path' => 'include/Webservices/Logout.php', 'handler_method' => 'vtws_logout', 'wrapper' => "../../../../../../../../$work/victim.php"]]));
[$out, $err, $rc] = register($root, ['doctor', '--undo']);
check($rc === 3 && is_file("$work/victim.php") && strpos($err, 'entry 8 is not one vtws writes') !== false && vtiger_ws_tables($admin, $db) === $tablesBefore,
    '--undo refuses a manifest entry vtws did not write: no file deleted, no row changed', $out . $err);
file_put_contents("$root/include/Webservices/vtws-fix/manifest.json", json_encode(['8' => ['operation' => 'logout',
    'handler_path' => "include/Webservices/Logout.php\0", 'handler_method' => 'vtws_logout', 'wrapper' => 'include/Webservices/vtws-fix/vtws_fix_8_logout.php']]));
[$out, $err, $rc] = register($root, ['doctor', '--fix']);
check($rc === 3 && strpos($err, 'entry 8 is not one vtws writes') !== false && vtiger_ws_tables($admin, $db) === $tablesBefore,
    '--fix refuses to add to a tampered manifest', $out . $err);
exec('rm -rf ' . escapeshellarg("$root/include/Webservices/vtws-fix"));

/* a handler file that prints when loaded: its wrapper would print before every answer; one
 * that warns fails its proof too; one that only raises deprecations passes it (production PHP
 * neither shows nor reports them, and PHP 8.4 deprecates what older handlers declare: an
 * implicitly nullable parameter) */
file_put_contents("$root/include/Webservices/Noisy.php", "hello\n<?php\nfunction vtws_noisy(\$sessionId, \$user) { return 1; }\n");
add_row(++$id, 'noisy', 'include/Webservices/Noisy.php', 'vtws_noisy', ['sessionName']);
$noisyBefore = json_encode($admin->query("SELECT * FROM $db.vtiger_ws_operation WHERE operationid=$id")->fetch_all());
file_put_contents("$root/include/Webservices/Loud.php", "<?php\ntrigger_error('loud', E_USER_WARNING);\nfunction vtws_loud(\$sessionId, \$user) { return 1; }\n");
add_row(++$id, 'loud', 'include/Webservices/Loud.php', 'vtws_loud', ['sessionName']);
file_put_contents("$root/include/Webservices/Dated.php", "<?php\ntrigger_error('old', E_USER_DEPRECATED);\n"
    . "function vtws_dated(\$sessionId, \$user, array \$options = null) { return 1; }\n");
add_row(++$id, 'dated', 'include/Webservices/Dated.php', 'vtws_dated', ['sessionName']);
[$out, $err, $rc] = register($root, ['doctor', '--fix']);
check($rc === 1 && strpos($out, 'not fixed noisy: its wrapper failed its proof, so the row is left as it was: loading it prints 6 bytes') !== false
    && json_encode($admin->query("SELECT * FROM $db.vtiger_ws_operation WHERE operationid=" . ($id - 2))->fetch_all()) === $noisyBefore
    && preg_match_all('/^fix /m', $out) === 6 && !glob("$root/include/Webservices/vtws-fix/*noisy*") && !glob("$root/include/Webservices/vtws-fix/.*vtws-*"),
    'a wrapper that fails its proof is not used, leaves no file, and the other fixes go ahead (exit 1)', $out . $err);
check(strpos($out, 'not fixed loud: its wrapper failed its proof, so the row is left as it was: loading it raises: loud') !== false
    && !glob("$root/include/Webservices/vtws-fix/*loud*"), 'a handler that warns when loaded: its wrapper is refused', $out . $err);
check(preg_match('/^fix dated:/m', $out) === 1 && glob("$root/include/Webservices/vtws-fix/*dated*"),
    'a handler that only raises deprecations when loaded (PHP ' . PHP_VERSION . '): its wrapper is used', $out . $err);
[$out, $err, $rc] = register($root, ['doctor', '--undo']);
check($rc === 0 && strpos($out, 'undo logout') !== false, '--undo after it', $out . $err);

$admin->query("DROP DATABASE IF EXISTS $db");
exec('rm -rf ' . escapeshellarg($work));
check_done('hostile');

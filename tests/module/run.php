<?php
/*
 * The Vtiger module (Vtws), without a Vtiger site: the zip scripts/vtiger-module.sh builds
 * (its layout and manifest against what Vtiger's importer reads, the library inside it equal to
 * php_scripts'), and the module's life (install, update, disable, enable, uninstall) through its
 * vtlib_handler() against the test command's MariaDB with Vtiger 8.3's real registration and
 * Settings menu tables, on a Vtiger-shaped root. Run with the extension and mysqli loaded
 * (the "without the extension" step runs a child without it). Prints "module: N passed, N failed".
 */
require dirname(__DIR__) . '/register/vtiger_root.php';
require dirname(__DIR__) . '/lib/check.php';

$top = dirname(__DIR__, 2);
[$admin, $socket] = test_mariadb();
$work = sys_get_temp_dir() . '/vtws-module-' . getmypid();
@mkdir($work, 0777, true);

function sh(array $cmd, array $env = []): array
{
    $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [$out, $err, proc_close($p)];
}

/* ---- the zip ------------------------------------------------------------------------------------ */
[$out, $err, $rc] = sh(['sh', "$top/scripts/vtiger-module.sh", '--out', "$work/zip"]);
$lines = explode("\n", rtrim($out));
$zipPath = end($lines);
preg_match('/#define VTWS_VERSION "([^"]+)"/', file_get_contents("$top/core/version.h"), $m);
$version = $m[1];
check($rc === 0 && $zipPath === "$work/zip/Vtws-$version.zip" && is_file($zipPath),
    "vtiger-module.sh builds the zip and prints its absolute path last", $out . $err);
[$out2] = sh(['sh', "$top/scripts/vtiger-module.sh", '--out', "$work/zip2"]);
check(is_file("$work/zip2/Vtws-$version.zip") && md5_file("$work/zip2/Vtws-$version.zip") === md5_file($zipPath),
    'the same tree gives the same zip, byte for byte');

$zip = new ZipArchive();
$zip->open($zipPath);
$names = [];
for ($i = 0; $i < $zip->numFiles; $i++) {
    $names[] = $zip->getNameIndex($i);
}
check($names[0] === 'manifest.xml', 'manifest.xml is the first entry, at the root (no wrapping folder)', implode("\n", $names));
/* Vtiger_Unzip::unzipAllEx extracts only these; anything else would be silently dropped */
$dropped = array_filter($names, fn ($n) => $n !== 'manifest.xml'
    && !preg_match('~^(modules/Vtws/|settings/(actions|views|models|connectors|libraries|handlers)/|layouts/v7/modules/Settings/Vtws/|languages/[a-z]{2}_[a-z]{2}/(Settings/)?Vtws\.php$)~', $n));
check(!$dropped, 'every entry is one Vtiger extracts, where the module needs it', implode("\n", $dropped));
check(!array_filter($names, fn ($n) => substr($n, -1) === '/'), 'no folder entries');
foreach (['modules/Vtws/Vtws.php', 'modules/Vtws/Library.php', 'languages/en_us/Vtws.php'] as $need) {
    check(in_array($need, $names, true), "the zip holds $need");
}
/* one library: the zip's copy is php_scripts' files, byte for byte */
$library = ['vtws-register.php', 'include/Webservices/GetTranslation.php'];
foreach (glob("$top/php_scripts/register/*.php") as $f) {
    $library[] = 'register/' . basename($f);
}
$differ = [];
foreach ($library as $f) {
    if ($zip->getFromName("modules/Vtws/$f") !== file_get_contents("$top/php_scripts/$f")) {
        $differ[] = $f;
    }
}
check(!$differ, 'modules/Vtws/ carries php_scripts\' registration library and handler file unchanged (' . count($library) . ' files)', implode(', ', $differ));
$unlisted = array_filter($names, fn ($n) => preg_match('~^modules/Vtws/register/~', $n) && !in_array(substr($n, 13), $library, true));
check(!$unlisted, 'and nothing else in register/', implode(', ', $unlisted));

$x = simplexml_load_string($zip->getFromName('manifest.xml'));
check($x !== false && (string)$x->name === 'Vtws' && preg_match('/^[A-Za-z0-9]+$/', (string)$x->name) === 1,
    'manifest: name Vtws (letters and digits only, as Vtiger requires)');
check((string)$x->type === 'extension', 'manifest: type extension (isentitytype=0: no records, fields or webservice entity)');
check((string)$x->version === $version, "manifest: version $version, the tree's", (string)$x->version);
check((string)$x->parent === '', 'manifest: no parent (no menu entry; 7.4/7.5 fail on an unknown parent label)');
check((string)$x->dependencies->vtiger_version === '7.4.0' && (string)$x->dependencies->vtiger_max_version === '8.3.*',
    'manifest: declares Vtiger 7.4.0 to 8.3.*');
check(strlen(trim((string)$x->license->inline)) > 100 && strpos((string)$x->license->inline, 'MIT License') !== false,
    'manifest: the license inline (accepted at import)');
check(!isset($x->tables) && !isset($x->events) && !isset($x->crons) && !isset($x->customlinks),
    'manifest: no tables, events, crons or links (SQL there reruns on every update; links are deleted on update)');
check($zip->getFromName('modules/Vtws/manifest.xml') === $zip->getFromName('manifest.xml'), 'modules/Vtws/manifest.xml is the same manifest');
[$out, $err, $rc] = sh(['sh', "$top/scripts/vtiger-module.sh", '--out', "$work/zip3", '--version', '0.1.0.1']);
$z3 = new ZipArchive();
check($rc === 0 && $z3->open("$work/zip3/Vtws-0.1.0.1.zip") === true
    && (string)simplexml_load_string($z3->getFromName('manifest.xml'))->version === '0.1.0.1', '--version makes a newer zip (for updates)', $out . $err);

/* the module's copy of vtws-register.php's prologue: the same parts, classes and constants */
$main = file_get_contents("$top/php_scripts/vtws-register.php");
preg_match("/foreach \\(\\[([^\\]]*)\\] as \\\$part\\)/", $main, $pm);
$parts = array_map(fn ($s) => trim($s, " '"), explode(',', $pm[1] ?? ''));
require_once "$top/php_scripts/modules/Vtws/Library.php";
check($parts === Vtws_Library::PARTS, 'the bridge loads the parts vtws-register.php loads', implode(',', $parts));
preg_match_all('/^const (\w+) = (.*);$/m', $main, $cm, PREG_SET_ORDER);
preg_match_all('/^final class (\w+) extends Exception/m', $main, $xm);
$bridge = file_get_contents("$top/php_scripts/modules/Vtws/Library.php");
$missing = [];
foreach ($cm as [, $name, $value]) {
    if (strpos($bridge, "define('$name', $value);") === false) {
        $missing[] = "const $name";
    }
}
foreach ($xm[1] as $class) {
    if (strpos($bridge, "final class $class extends Exception {}") === false) {
        $missing[] = "class $class";
    }
}
check($cm && $xm[1] && !$missing, 'and declares the same constants and exceptions', implode(', ', $missing));

/* ---- the module's life on a Vtiger-shaped root, against MariaDB ---------------------------------------------- */

/* A root and its database as a Vtiger with the tutorial's gettranslation: rows and file. */
function site(string $dir, string $db): string
{
    global $admin, $socket;
    exec('rm -rf ' . escapeshellarg($dir));
    vtiger_fresh_db($admin, $db, 'tutorial');
    $admin->multi_query(file_get_contents(__DIR__ . '/fixtures/settings_tables.sql'));
    while ($admin->more_results()) {
        $admin->next_result();
    }
    make_vtiger_root($dir, $socket, $db, 'vtws', 'secret');
    return $dir;
}

/* What Vtiger's importer does with the zip's files: settings/ → modules/Settings/Vtws/, the rest in place. */
function extract_module(string $zipPath, string $root): void
{
    $z = new ZipArchive();
    $z->open($zipPath);
    for ($i = 0; $i < $z->numFiles; $i++) {
        $n = $z->getNameIndex($i);
        if ($n === 'manifest.xml') {
            continue;
        }
        $to = preg_replace('~^settings/~', 'modules/Settings/Vtws/', $n);
        @mkdir(dirname("$root/$to"), 0777, true);
        file_put_contents("$root/$to", $z->getFromName($n));
    }
}

function event(string $root, string $db, string $event, bool $withVtws = true): array
{
    global $top, $socket;
    return sh(array_merge([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli'],
        $withVtws ? ['-d', "extension=$top/modules/vtws.so"] : [],
        [__DIR__ . '/lifecycle_child.php', $root, $socket, $db, $event]));
}

/* Every file under $root with its content's hash. */
function tree(string $root): array
{
    $out = [];
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS));
    foreach ($it as $f) {
        $out[substr($f->getPathname(), strlen($root) + 1)] = md5_file($f->getPathname());
    }
    ksort($out);
    return $out;
}

function settings_row(string $db): ?array
{
    global $admin;
    $admin->select_db($db);
    $r = $admin->query("SELECT name, linkto, active, b.label FROM vtiger_settings_field f JOIN vtiger_settings_blocks b USING (blockid)")->fetch_all(MYSQLI_ASSOC);
    return $r[0] ?? null;
}

/* Operations as names, handlers and parameters, without ids (enable takes new ones: ids are never reused). */
function ops_without_ids(string $db): string
{
    global $admin;
    $admin->select_db($db);
    return json_encode($admin->query("SELECT o.name, o.handler_path, o.handler_method, o.type, o.prelogin,"
        . " GROUP_CONCAT(CONCAT(p.name, ':', p.type, '@', p.sequence) ORDER BY p.sequence, p.name) params"
        . " FROM vtiger_ws_operation o LEFT JOIN vtiger_ws_operation_parameters p USING (operationid)"
        . " GROUP BY o.operationid ORDER BY o.name")->fetch_all(MYSQLI_ASSOC));
}

/* the reference: the command's sync on a twin site */
$twin = site("$work/twin", 'vt_mod_twin');
[$out, $err, $rc] = register($twin, ['sync']);
check($rc === 0, 'vtws-register sync on the twin site', $out . $err);
$synced = vtiger_ws_tables($admin, 'vt_mod_twin');

$root = site("$work/site", 'vt_mod');
$tutorial = file_get_contents("$root/include/Webservices/GetTranslation.php");
$treeBefore = tree($root);
$tablesBefore = vtiger_ws_tables($admin, 'vt_mod');
$seqBefore = $admin->query('SELECT id FROM vt_mod.vtiger_ws_operation_seq')->fetch_row()[0];
extract_module($zipPath, $root);

[$out, $err, $rc] = event($root, 'vt_mod', 'module.postinstall');
check($rc === 0 && $err === '', 'install: vtlib_handler(module.postinstall) runs without an error', $out . $err);
check(vtiger_ws_tables($admin, 'vt_mod') === $synced, 'install: the registration tables are exactly what vtws-register sync makes of them',
    vtiger_ws_tables($admin, 'vt_mod') . "\n--- sync:\n" . $synced);
check(strpos((string)@file_get_contents("$root/include/Webservices/GetTranslation.php"), '@vtws-handler') !== false
    && @file_get_contents("$root/include/Webservices/GetTranslation.php.vtws-backup") === $tutorial,
    "install: vtws's handler file in place, the tutorial's kept as GetTranslation.php.vtws-backup");
$saved = json_decode((string)@file_get_contents("$root/modules/Vtws/saved-rows.json"), true);
check(is_array($saved) && count($saved['rows']) === 1 && $saved['rows'][0]['operationid'] === 39 && $saved['rows'][0]['name'] === 'gettranslation',
    "install: the tutorial's gettranslation row (39) kept to be put back", json_encode($saved));
$row = settings_row('vt_mod');
check($row === ['name' => 'Webservices (vtws)', 'linkto' => 'index.php?module=Vtws&parent=Settings&view=Index', 'active' => '0', 'label' => 'LBL_INTEGRATION'],
    'install: a Settings menu entry (Integration block), shown', json_encode($row));
$last = json_decode((string)@file_get_contents("$root/modules/Vtws/last-step.json"), true);
check(($last['step'] ?? '') === 'install' && ($last['ok'] ?? false) === true, 'install: its outcome kept for the Settings page', json_encode($last));
[$out, $err, $rc] = register($root, ['doctor', '--json']);
$by = array_column((array)json_decode($out, true), null, 'operation');
check(($by['gettranslation']['ok'] ?? false) === true && ($by['listlanguages']['ok'] ?? false) === true, 'install: doctor judges vtws\'s operations ok', $out . $err);

/* the Settings page's view, built in the CLI: the shared store's rows (off in the CLI: its status line) */
function settings_page(string $root, array $ini, string $label = '', array $env = []): array
{
    global $top, $socket;
    $d = [];
    foreach ($ini as $k => $v) {
        array_push($d, '-d', "$k=$v");
    }
    [$out, $err, $rc] = sh(array_merge([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli', '-d', "extension=$top/modules/vtws.so"],
        $d, [__DIR__ . '/settings_child.php', $root, $label]), $env);
    $vars = json_decode($out, true);
    return [is_array($vars) ? $vars : [], $out . $err];
}
$rows = fn (array $vars) => array_column($vars['SHARED'] ?? [], 'value', 'key');
$shm = "$work/shm";
@mkdir($shm, 0700);
$en = [];
include "$top/php_scripts/languages/en_us/Settings/Vtws.php";
$en = $languageStrings;
[$vars, $log] = settings_page($root, ['vtws.shm_dir' => $shm]);
check(($vars['FATAL'] ?? null) === '' && $rows($vars) === ['status' => 'off in the CLI (vtws.shm_cli = 0)', 'process_fallbacks' => '0'],
    'Settings page, CLI: the shared store\'s rows are its status line (off in the CLI) and this process\'s fallbacks', $log);
check(array_column($vars['SHARED'] ?? [], 'label') === [$en['LBL_SHARED_STATUS'], $en['LBL_SHARED_PROCESS_FALLBACKS']]
    && !in_array('shared', array_column($vars['CACHE'] ?? [], 'name'), true),
    'Settings page: each row with its en_us label; "shared" not in the cache table', $log);
[$vars, $log] = settings_page($root, ['vtws.shm_dir' => $shm, 'vtws.shm_cli' => '1', 'vtws.vtiger_root' => "$top/examples/vtiger"], 'SINGLE_Contacts');
$r = $rows($vars);
check(array_keys($r) === ['status', 'size', 'used', 'entries', 'hits', 'misses', 'fallbacks', 'process_fallbacks']
    && $r['status'] === 'on' && $r['size'] === '67108864 bytes (64.0 MB)' && preg_match('/^[1-9]\d* bytes \(\d+\.\d MB\), \d+\.\d%$/', $r['used'])
    && (int)$r['entries'] > 0 && (int)$r['misses'] > 0 && $r['fallbacks'] === '0' && $r['process_fallbacks'] === '0',
    'Settings page, vtws.shm_cli=1 after a translation: status on, size, used, entries, hits, misses, fallbacks', $log);
[$vars, $log] = settings_page($root, ['vtws.shm_dir' => $shm], '', ['VTWS_HOSTILE_LABEL' => '<b id="x">&\'']);
check(($vars['SHARED'][0]['label'] ?? '') === '&lt;b id=&quot;x&quot;&gt;&amp;&#039;' && (int)$rows($vars)['entries'] > 0
    && $rows($vars)['status'] === 'off in the CLI (vtws.shm_cli = 0)',
    'Settings page, CLI: the numbers of this user\'s store when it exists, labels escaped for HTML', $log);
$ctl = array_values(array_filter(glob("$shm/vtws.*"), fn ($f) => !preg_match('/\.\d+$/', $f)))[0] ?? ''; /* the control file */
chmod($ctl, 0644);
[$vars, $log] = settings_page($root, ['vtws.shm_dir' => $shm, 'vtws.shm_cli' => '1', 'vtws.vtiger_root' => "$top/examples/vtiger"], 'SINGLE_Contacts');
check($ctl !== '' && preg_match('~^…/' . preg_quote(basename($ctl), '~') . ' is not a file of uid \d+ with mode 0600: the shared store is off \(remove the file\)$~u', $rows($vars)['status'] ?? '') === 1
    && strpos(json_encode($vars['SHARED'] ?? [], JSON_UNESCAPED_SLASHES), $shm) === false,
    'Settings page: a store file with the wrong mode: the reason, without the path outside the root', $log);

$installed = vtiger_ws_tables($admin, 'vt_mod');
[$out, $err, $rc] = event($root, 'vt_mod', 'module.postupdate');
check($rc === 0 && $err === '' && vtiger_ws_tables($admin, 'vt_mod') === $installed && settings_row('vt_mod')['active'] === '0',
    'update: sync again, nothing to change', $out . $err);

[$out, $err, $rc] = event($root, 'vt_mod', 'module.disabled');
check($rc === 0 && $err === '', 'disable runs without an error', $out . $err);
$tablesBeforeNoSeq = implode("\n", array_slice(explode("\n", $tablesBefore), 0, 2)) . "\n";
check(vtiger_ws_tables($admin, 'vt_mod', false) === $tablesBeforeNoSeq,
    'disable: the registration tables as before install (the tutorial\'s row 39 back, vtws\'s gone)', vtiger_ws_tables($admin, 'vt_mod'));
check(file_get_contents("$root/include/Webservices/GetTranslation.php") === $tutorial && !file_exists("$root/include/Webservices/GetTranslation.php.vtws-backup"),
    "disable: the tutorial's handler file back");
check(settings_row('vt_mod')['active'] === '1', 'disable: the Settings menu entry hidden');

[$out, $err, $rc] = event($root, 'vt_mod', 'module.enabled');
check($rc === 0 && $err === '' && ops_without_ids('vt_mod') === ops_without_ids('vt_mod_twin') && settings_row('vt_mod')['active'] === '0',
    'enable: registered again as sync does (new ids: ids are never reused), the menu entry shown', $out . $err . ops_without_ids('vt_mod'));

/* a repair by the command (doctor --fix, from the module's own copy) is undone at uninstall too */
[$out, $err, $rc] = sh([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli', '-d', "extension=$top/modules/vtws.so",
    "$root/modules/Vtws/vtws-register.php", '--vtiger-root', $root, 'doctor', '--fix', '--allow-root']); /* the test's root is root's */
check($rc === 0 && preg_match_all('/^fix /m', $out) === 5, "the module's copy of vtws-register repairs (doctor --fix)", $out . $err);

[$out, $err, $rc] = event($root, 'vt_mod', 'module.preuninstall');
check($rc === 0 && $err === '', 'uninstall runs without an error', $out . $err);
check(vtiger_ws_tables($admin, 'vt_mod', false) === $tablesBeforeNoSeq,
    'uninstall: the registration tables as before install, repairs undone', vtiger_ws_tables($admin, 'vt_mod'));
check((int)$admin->query('SELECT id FROM vt_mod.vtiger_ws_operation_seq')->fetch_row()[0] > (int)$seqBefore,
    'uninstall: the id sequence stays moved on (ids are never reused)');
check(settings_row('vt_mod') === null, 'uninstall: the Settings menu entry deleted');
$treeAfter = tree($root);
check($treeAfter === $treeBefore, 'uninstall: the root as before install (module files gone, the tutorial\'s file back)',
    json_encode(array_diff_assoc($treeAfter, $treeBefore) + array_diff_assoc($treeBefore, $treeAfter), JSON_UNESCAPED_SLASHES));

/* ---- without the extension: the module installs, registers nothing, and says why -------------------------- */
$root = site("$work/plain", 'vt_mod_plain');
$before = vtiger_ws_tables($admin, 'vt_mod_plain');
extract_module($zipPath, $root);
[$out, $err, $rc] = event($root, 'vt_mod_plain', 'module.postinstall', false);
$last = json_decode((string)@file_get_contents("$root/modules/Vtws/last-step.json"), true);
check($rc === 0 && $out === '' && $err === '' && vtiger_ws_tables($admin, 'vt_mod_plain') === $before
    && ($last['ok'] ?? true) === false && strpos($last['message'] ?? '', 'the vtws extension is not loaded') === 0
    && settings_row('vt_mod_plain') !== null,
    'without the extension: nothing registered, the Settings page added, the reason kept', $out . $err . json_encode($last));

exec('rm -rf ' . escapeshellarg($work));
check_done('module');

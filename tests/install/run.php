<?php
/*
 * docs/vtiger.md's "Installing into Vtiger", run for real: install the built module
 * into PHP's extension_dir, enable it the Debian way (mods-available/vtws.ini,
 * phpenmod), copy php_scripts into a Vtiger-shaped root whose database has
 * Vtiger 8.3's real registration tables, sync, doctor, serve the root with
 * Debian's php-fpm (its own php.ini and conf.d) behind nginx, call
 * gettranslation with curl and with `vtws call`, then uninstall and check
 * that the root, the database and PHP are as they were.
 *
 * Changes the system PHP while it runs (puts back what was there); the
 * commands and their output are written to _build/install-transcript.txt,
 * which docs/vtiger.md quotes. Prints "install: N passed, N failed".
 */
require dirname(__DIR__) . '/register/vtiger_root.php';
require dirname(__DIR__) . '/lib/webserver.php';

$top = dirname(__DIR__, 2);
$socket = trim(shell_exec(escapeshellarg("$top/tests/db/mariadb.sh") . ' socket'));
$work = sys_get_temp_dir() . '/vtws-install-' . getmypid();
$root = "$work/vtiger";
$transcript = "$top/_build/install-transcript.txt";
@mkdir("$work/state", 0777, true);
@mkdir("$work/home", 0777, true);
@mkdir(dirname($transcript), 0777, true);
file_put_contents($transcript, '');
require dirname(__DIR__) . '/lib/check.php';

/* Run a command in $dir as an administrator would, record it; returns [output, exit code]. */
function run(string $cmd, string $dir, array $env = []): array
{
    global $transcript, $work;
    $env += ['PATH' => getenv('PATH'), 'HOME' => "$work/home", 'LANG' => 'C.UTF-8'];
    $p = proc_open(['sh', '-c', "$cmd 2>&1"], [1 => ['pipe', 'w']], $pipes, $dir, $env);
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    $rc = proc_close($p);
    file_put_contents($transcript, "$ $cmd\n$out" . ($rc ? "[exit $rc]\n" : ''), FILE_APPEND);
    return [$out, $rc];
}

/* Every file of a tree with its checksum. */

/* ---- what a Vtiger 8.3 site looks like before vtws ---------------------------- */
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$admin = new mysqli('localhost', 'root', '', '', 0, $socket);
vtiger_fresh_db($admin, 'vtws_install', 'stock'); /* a stock install: no gettranslation */
make_vtiger_root($root, $socket, 'vtws_install', 'vtws', 'secret');
unlink("$root/include/Webservices/GetTranslation.php");
exec('cp -r ' . escapeshellarg("$top/examples/vtiger/languages") . ' ' . escapeshellarg($root));
copy(__DIR__ . '/webservice.php', "$root/webservice.php");
copy("$top/examples/vtiger_dispatch.php", "$root/vtiger_dispatch.php");
/* a site as Debian's web server keeps it: every file the web user's (www-data), which the
 * README's commands run as; vtws-register as root would become it (tests/register/privileges.php) */
exec('chown -R www-data:www-data ' . escapeshellarg($root));
$rootBefore = tree_state($root);
$dbBefore = vtiger_ws_tables($admin, 'vtws_install', false);

/* what the system PHP had before, put back at the end */
$extDir = trim(shell_exec('php -r ' . escapeshellarg('echo ini_get("extension_dir");')));
$phpVersion = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION; /* Debian's: 8.2 on 12, 8.4 on 13 */
$modsIni = "/etc/php/$phpVersion/mods-available/vtws.ini";
$saved = [];
foreach (["$extDir/vtws.so", $modsIni] as $f) {
    $saved[$f] = is_file($f) ? file_get_contents($f) : null;
}
$enabledBefore = (string)shell_exec("ls /etc/php/$phpVersion/*/conf.d/ 2>/dev/null | grep -c vtws");
/* phpenmod/phpdismod remember an administrator's choice per SAPI; forget ours at the end,
 * or a later install of the Debian package would keep the module disabled */
$modStateBefore = glob('/var/lib/php/modules/*/*/*/vtws');
function put_back(): void
{
    global $saved, $modStateBefore;
    shell_exec('phpdismod vtws 2>/dev/null');
    foreach ($saved as $f => $content) {
        $content === null ? @unlink($f) : file_put_contents($f, $content);
    }
    foreach (array_diff(glob('/var/lib/php/modules/*/*/*/vtws'), $modStateBefore) as $state) {
        unlink($state);
    }
}
register_shutdown_function('put_back');

/* ---- 1. install and enable the extension --------------------------------------- */
[$out, $rc] = run('make install', $top);
check($rc === 0 && is_file("$extDir/vtws.so"), 'make install puts vtws.so into extension_dir', $out);
[$out, $rc] = run("cp vtws.ini /etc/php/$phpVersion/mods-available/ && phpenmod vtws", $top);
check($rc === 0, 'phpenmod vtws', $out);
[$out, $rc] = run('php --ri vtws | head -5', $top);
check(strpos($out, 'vtws support => enabled') !== false, 'php --ri vtws: the CLI loads it from conf.d', $out);
[$out] = run("ls /etc/php/$phpVersion/*/conf.d/ | grep vtws", $top);
check(substr_count($out, '20-vtws.ini') === 2, 'enabled for cli and fpm at priority 20', $out);

/* ---- 2. register the operation ------------------------------------------------- */
[$out, $rc] = run("cp -r $top/php_scripts vtws-scripts && chown -R www-data: vtws-scripts", $root);
[$out, $rc] = run('runuser -u www-data -- php vtws-scripts/vtws-register.php sync', $root);
check($rc === 0 && strpos($out, 'gettranslation') !== false, 'sync registers gettranslation', $out);
$ops = $admin->query("SELECT * FROM vtiger_ws_operation WHERE name='gettranslation'")->fetch_all(MYSQLI_ASSOC);
check(count($ops) === 1 && $ops[0]['handler_path'] === 'include/Webservices/GetTranslation.php'
    && $ops[0]['handler_method'] === 'vtws_gettranslation' && $ops[0]['type'] === 'POST',
    'one gettranslation row, handled by vtws_gettranslation', json_encode($ops));
[$out, $rc] = run('runuser -u www-data -- php vtws-scripts/vtws-register.php sync', $root);
check($rc === 0 && trim($out) === 'no changes', 'a second sync: no changes', $out);
/* doctor judges every registered operation; on this root some stock ones fail on
 * PHP 8 (their handlers' parameter names differ, as in Vtiger 8.3): not ours */
[$out, $rc] = run('runuser -u www-data -- php vtws-scripts/vtws-register.php doctor', $root);
check(preg_match('/^gettranslation +ok +\(served natively by the vtws extension \d/m', $out) === 1, 'doctor: gettranslation ok', $out);
$rooted = trim((string)shell_exec('find ' . escapeshellarg($root) . ' -user root'));
check($rooted === '', 'nothing in the root belongs to root', $rooted);

/* ---- 3. serve it and call it --------------------------------------------------- */
$key = 'k3yFromMyPreferences';
$server = ws_start("$work/www", "$root/webservice.php", ['workers' => 2, 'system_ini' => true,
    'env' => ['VTWS_INSTALL_STATE' => "$work/state", 'VTWS_INSTALL_KEY' => $key]]);
$url = "http://127.0.0.1:{$server['http']}/webservice.php";
[$out] = run("curl -s '$url?operation=getchallenge&username=admin'", $root);
$challenge = json_decode($out, true);
check(($challenge['success'] ?? false) === true, 'curl: getchallenge answers a token', $out);
file_put_contents("$work/key", $key);
chmod("$work/key", 0600); /* vtws refuses a key file others can read */
$env = ['VTIGER_URL' => $url, 'VTIGER_USER' => 'admin'];
$vtws = "$top/_build/cli/vtws";
is_file($vtws) || shell_exec("make -s -C $top/cli 2>&1");
[$out, $rc] = run("vtws call gettranslation --post 'totranslate:=[\"SINGLE_Contacts\",\"Contacts\"]' language=ru_ru module=Contacts"
    . " --access-key-file $work/key", $root, $env + ['PATH' => dirname($vtws) . ':' . getenv('PATH')]);
check($rc === 0 && json_decode($out, true) === ['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты'],
    'vtws call gettranslation: translated labels through php-fpm', $out);
[$out, $rc] = run('vtws export --language ru_ru --module Contacts --access-key-file ' . "$work/key", $root,
    $env + ['PATH' => dirname($vtws) . ':' . getenv('PATH')]);
$export = json_decode($out, true);
check($rc === 0 && ($export['strings']['SINGLE_Contacts'] ?? null) === 'Контакт' && ($export['strings']['Mobile Phone'] ?? null) === 'Сотовый'
    && preg_match('/^[0-9a-f]{16}$/', $export['version'] ?? '') === 1, 'vtws export: the module\'s strings and their version through php-fpm', $out);
[$out, $rc] = run('vtws export --language ru_ru --module Contacts --access-key-file ' . "$work/key", $root,
    $env + ['PATH' => dirname($vtws) . ':' . getenv('PATH')]);
check($rc === 0 && json_decode(substr($out, strpos($out, '{')), true) === $export && strpos($out, 'unchanged since version') !== false,
    'vtws export again: unchanged, from the cache', $out);
[$out, $rc] = run('vtws languages --access-key-file ' . "$work/key", $root, $env + ['PATH' => dirname($vtws) . ':' . getenv('PATH')]);
check($rc === 0 && array_column((array)json_decode($out, true), 'prefix') === ['en_us', 'ru_ru'], 'vtws languages', $out);
$session = trim((string)@file_get_contents("$work/state/session"));
[$out] = run("curl -s $url -d operation=gettranslation -d sessionName=$session"
    . " --data-urlencode 'totranslate=[\"SINGLE_Contacts\",\"Contacts\"]' -d language=ru_ru -d module=Contacts", $root);
check(json_decode($out, true) === ['success' => true, 'result' => ['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты']],
    'curl: the same answer in Vtiger\'s envelope', $out);
[$out] = run("curl -s $url -d operation=gettranslation -d sessionName=$session -d 'totranslate=[\"x\"]' -d language=../../etc", $root);
$e = json_decode($out, true);
check(($e['success'] ?? null) === false && ($e['error']['code'] ?? '') === 'INVALID_LANGUAGE',
    'curl: bad input gets an error envelope', $out);
/* exporttranslation is a GET operation: Vtiger reads its parameters from $_GET only */
[$out] = run("curl -s $url -d operation=exporttranslation -d sessionName=$session -d language=ru_ru -d module=Contacts", $root);
$e = json_decode($out, true);
check(($e['success'] ?? null) === false && ($e['error']['code'] ?? '') === 'INVALID_REQUEST_METHOD'
    && strpos($e['error']['message'] ?? '', 'exporttranslation is a GET operation: Vtiger reads its parameters (language, module, type, version) from the query string only, and this request sent language, module in the request body') === 0,
    'curl: exporttranslation POSTed (parameters in the body) answers an error that says where to send them', $out);
[$out] = run("curl -s '$url?operation=exporttranslation&sessionName=$session&language=ru_ru&module=Contacts'", $root);
$e = json_decode($out, true);
check(($e['success'] ?? null) === true && ($e['result']['language'] ?? '') === 'ru_ru' && ($e['result']['strings']['SINGLE_Contacts'] ?? '') === 'Контакт',
    'curl: the same request as GET answers the module\'s strings', substr($out, 0, 300));
[$out] = run("curl -s '$url?operation=gettranslation&sessionName=$session&module=Contacts' --data-urlencode 'totranslate=[\"Contacts\"]' -G", $root);
$e = json_decode($out, true);
check(($e['success'] ?? null) === false && ($e['error']['code'] ?? '') === 'INVALID_REQUEST_METHOD'
    && strpos($e['error']['message'] ?? '', 'gettranslation is a POST operation') === 0,
    'curl: gettranslation with its parameters in the query string answers the same kind of error', $out);
check(trim((string)@file_get_contents("$work/www/php-errors.log")) === '', 'php-fpm logged no PHP error', (string)@file_get_contents("$work/www/php-errors.log"));

/* ---- 4. uninstall --------------------------------------------------------------- */
[$out, $rc] = run('runuser -u www-data -- php vtws-scripts/vtws-register.php remove gettranslation exporttranslation listlanguages', $root);
check($rc === 0, 'remove the three operations', $out);
[$out, $rc] = run('rm -r vtws-scripts', $root);
[$out, $rc] = run("phpdismod vtws && rm /etc/php/$phpVersion/mods-available/vtws.ini $extDir/vtws.so", $root);
check($rc === 0, 'phpdismod, remove the ini snippet and the module', $out);
ws_stop($server['work']);
$server = ws_start("$work/www2", "$root/webservice.php", ['workers' => 1, 'system_ini' => true,
    'env' => ['VTWS_INSTALL_STATE' => "$work/state", 'VTWS_INSTALL_KEY' => $key]]);
$code = trim((string)shell_exec("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:{$server['http']}/webservice.php"
    . " -d operation=gettranslation -d sessionName=$session -d 'totranslate=[\"Contacts\"]'"));
check($code === '500', 'after uninstall gettranslation is unknown to Vtiger again (HTTP 500)', $code);
ws_stop($server['work']);
$rootAfter = tree_state($root);
check($rootAfter === $rootBefore, 'the Vtiger root is as it was',
    implode("\n", array_diff(explode("\n", $rootAfter), explode("\n", $rootBefore))));
check(vtiger_ws_tables($admin, 'vtws_install', false) === $dbBefore, 'the registration tables are as they were');
check(strpos((string)shell_exec('php -m'), 'vtws') === false, 'php no longer loads vtws');

$admin->query('DROP DATABASE vtws_install');
exec('rm -rf ' . escapeshellarg($work));
check_done('install');

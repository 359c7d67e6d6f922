<?php
/*
 * Packaging consistency: one version (core/version.h) in package.xml, composer.json,
 * CHANGELOG.md and debian/changelog; the same configure options in config.m4, config.w32,
 * package.xml and composer.json; config.w32 compiling exactly config.m4's
 * sources, which are every .c of ext/ and of core/ but the API client.
 * Prints "package: N passed, N failed".
 */
$top = dirname(__DIR__, 2);
chdir($top);
require dirname(__DIR__) . '/lib/check.php';

preg_match('/#define VTWS_VERSION "(\d+\.\d+\.\d+)"/', file_get_contents('core/version.h'), $m);
$version = $m[1] ?? null;
check($version !== null, 'core/version.h defines VTWS_VERSION');
$xml = simplexml_load_file('package.xml');
check((string)$xml->version->release === $version && (string)$xml->version->api === $version, 'package.xml has the version',
    (string)$xml->version->release);
$composer = json_decode(file_get_contents('composer.json'), true);
check(($composer['version'] ?? null) === $version, 'composer.json has the version', (string)($composer['version'] ?? ''));
/* no upper bound on PHP: dh-php builds only for the PHPs package.xml admits (a <max> of 8.4.99
 * left Debian 13's dh-php with no version at all) and PIE refuses a PHP composer.json excludes;
 * like PECL's own extensions, compatibility is stated per release instead */
check((string)$xml->dependencies->required->php->min === '7.4.0' && !isset($xml->dependencies->required->php->max),
    "package.xml requires PHP >= 7.4.0 and sets no upper bound", $xml->dependencies->required->php->asXML());
check(($composer['require']['php'] ?? '') === '>=7.4.0', "composer.json requires PHP >=7.4.0, no upper bound",
    (string)($composer['require']['php'] ?? ''));
preg_match('/^## (\d+\.\d+\.\d+)/m', file_get_contents('CHANGELOG.md'), $m);
check(($m[1] ?? null) === $version, 'CHANGELOG.md starts with the version', (string)($m[1] ?? ''));
preg_match('/^php-vtws \((\d+\.\d+\.\d+)-\d+\)/', file_get_contents('debian/changelog'), $m);
check(($m[1] ?? null) === $version, "debian/changelog's newest entry packages the version", (string)($m[1] ?? ''));
check(strpos(file_get_contents('ext/php_vtws.h'), '#define PHP_VTWS_VERSION VTWS_VERSION') !== false
    && strpos(file_get_contents('cli/main.c'), 'VTWS_VERSION') !== false, 'the extension and the command take it from there');

preg_match_all('/PHP_ARG_ENABLE\(\[(\w+)\]/', file_get_contents('config.m4'), $m4);
preg_match_all('/ARG_ENABLE\("(\w+)"/', file_get_contents('config.w32'), $w32);
$opts = array_map(fn ($n) => "enable-$n", $m4[1]);
$pecl = array_map('strval', iterator_to_array($xml->extsrcrelease->configureoption ?? [], false));
$peclNames = [];
foreach ($xml->extsrcrelease->configureoption as $o) {
    $peclNames[] = (string)$o['name'];
}
$pie = array_column($composer['php-ext']['configure-options'] ?? [], 'name');
check($opts === ['enable-vtws'] && array_map(fn ($n) => "enable-$n", $w32[1]) === $opts, 'config.m4 and config.w32 have the same options',
    json_encode([$m4[1], $w32[1]]));
check($peclNames === $opts, "package.xml's configure options are config.m4's", json_encode($peclNames));
/* PIE passes ./configure only what its user names: a bare ./configure must build the module */
check(preg_match('/PHP_ARG_ENABLE\(\[vtws\],(?:[^()]|\((?:[^()]|\([^()]*\))*\))*,\s*\[yes\]\)/', file_get_contents('config.m4')) === 1
    && preg_match('/ARG_ENABLE\("vtws", "[^"]*", "yes"\)/', file_get_contents('config.w32')) === 1,
    'vtws is enabled by default (config.m4, config.w32): PIE and a bare ./configure build it');
check($pie === $opts, "composer.json's configure-options are config.m4's", json_encode($pie));
check(($composer['type'] ?? '') === 'php-ext' && ($composer['php-ext']['extension-name'] ?? '') === 'vtws'
    && (string)$xml->providesextension === 'vtws', 'both packages provide the extension vtws');

preg_match('/VTWS_CORE_SOURCES="([^"]+)"/', file_get_contents('config.m4'), $core);
preg_match('/VTWS_EXT_SOURCES="([^"]+)"/', file_get_contents('config.m4'), $ext);
$m4src = array_merge(explode(' ', $ext[1]), explode(' ', $core[1]));
preg_match_all('~ADD_SOURCES\(configure_module_dirname \+ "/(\w+)", "([^"]+)"~', file_get_contents('config.w32'), $add, PREG_SET_ORDER);
$w32src = [];
foreach ($add as [$_, $dir, $files]) {
    foreach (explode(' ', $files) as $f) {
        $w32src[] = "$dir/$f";
    }
}
sort($m4src);
sort($w32src);
check($m4src === $w32src, 'config.w32 compiles exactly the sources of config.m4', json_encode(array_diff($m4src, $w32src) + array_diff($w32src, $m4src)));
$wanted = array_merge(glob('ext/*.c'), array_diff(glob('core/*.c'), ['core/client.c']));
sort($wanted);
check($m4src === $wanted, "config.m4 compiles every .c of ext/ and core/ (but the client)", json_encode(array_values(array_diff($wanted, $m4src))));
/* Every INI entry the built extension registers, with its default, in vtws.ini
 * (commented) and in docs/configuration.md's table. */
$so = 'modules/vtws.so';
$entries = is_file($so) ? json_decode((string)shell_exec(PHP_BINARY . ' -n -d extension=' . escapeshellarg("$top/$so")
    . ' -r ' . escapeshellarg('echo json_encode(ini_get_all("vtws"));')), true) : null;
check(is_array($entries) && count($entries) > 0, 'the built extension lists its INI entries', $so);
$ini = file_get_contents('vtws.ini');
$configuration = file_get_contents('docs/configuration.md');
check(preg_match('/^; priority=\d+$/m', $ini) && preg_match('/^extension=vtws$/m', $ini), 'vtws.ini loads the extension, with a priority');
foreach ($entries ?? [] as $name => $e) {
    $default = (string)$e['global_value'];
    check(preg_match('/^;' . preg_quote($name, '/') . ' =' . ($default === '' ? '$' : ' ' . preg_quote($default, '/') . '$') . '/m', $ini) === 1,
        "vtws.ini documents $name with its default", $default);
    check(strpos($configuration, "| `$name` |") !== false, "docs/configuration.md's table has $name");
}
check_done('package');

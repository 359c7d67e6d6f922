<?php
/*
 * The Debian packages, as an admin gets them: build them from the tracked files
 * with dpkg-buildpackage (in a copy, as from a clean clone), lintian them,
 * install them with `apt-get install ./*.deb` into this machine's PHP, then use
 * what got installed: `php --ri vtws`, the demo's request against the installed
 * module, the installed vtws-register on a Vtiger-shaped root with Vtiger 8.3's
 * tables, a php-fpm started before and after the install (the module appears
 * there, enabled by the package), the installed `vtws` command through it; then
 * purge, and check that nothing of the packages is left.
 *
 * Changes the system (apt); refuses to run where php*-vtws is already
 * installed, and puts back a vtws.so or vtws.ini that was there unpackaged.
 * Prints "deb: N passed, N failed".
 */
require dirname(__DIR__) . '/register/vtiger_root.php';
require dirname(__DIR__) . '/lib/webserver.php';
require dirname(__DIR__) . '/lib/check.php';

$top = dirname(__DIR__, 2);
$work = sys_get_temp_dir() . '/vtws-deb-' . getmypid();
preg_match('/#define VTWS_VERSION "([^"]+)"/', file_get_contents("$top/core/version.h"), $m);
$version = $m[1];
$phpVersion = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$modulePackage = "php$phpVersion-vtws";
$packages = ['php-vtws', $modulePackage, 'php-vtws-all-dev', 'php-vtws-scripts', 'vtws'];
$debugPackages = ["$modulePackage-dbgsym", 'vtws-dbgsym'];

/* Run a shell command; returns [output (stdout+stderr), exit code]. */
function sh(string $cmd, ?string $dir = null, array $env = []): array
{
    $env += ['PATH' => getenv('PATH') ?: '/usr/sbin:/usr/bin:/sbin:/bin', 'HOME' => getenv('HOME') ?: '/root',
             'LANG' => 'C.UTF-8', 'DEBIAN_FRONTEND' => 'noninteractive']
        + (getenv('VTWS_APT_WAIT') !== false ? ['VTWS_APT_WAIT' => getenv('VTWS_APT_WAIT')] : []);
    $p = proc_open(['sh', '-c', "$cmd 2>&1"], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w']], $pipes, $dir, $env);
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    return [$out, proc_close($p)];
}

/* apt-get, once no other apt, dpkg or unattended-upgrades holds apt's lock (scripts/apt-wait.sh) */
function apt_get(string $args): string
{
    return '. ' . escapeshellarg(dirname(__DIR__, 2) . '/scripts/apt-wait.sh') . " && apt_get $args";
}

function installed(string $package): bool
{
    [$out] = sh('dpkg-query -W -f=\'${Status}\' ' . escapeshellarg($package));
    return strpos($out, 'install ok installed') !== false;
}

foreach ($packages as $p) {
    if (installed($p)) {
        check(false, "$p is installed on this machine: this test would purge it; remove it first");
        check_done('deb');
    }
}

$adminState = glob('/var/lib/php/modules/*/*/*_by_admin/vtws');
if ($adminState) {
    /* Debian keeps an administrator's phpenmod/phpdismod choice over a package's: the module would not be enabled */
    check(false, 'phpenmod/phpdismod state for vtws is recorded (' . implode(', ', $adminState) . '): the package would keep it; remove it first');
    check_done('deb');
}

/* ---- build ------------------------------------------------------------------------------------ */
$src = "$work/php-vtws-$version";
@mkdir($src, 0777, true);
/* a checkout's tracked files; a tree that is not one (the Debian 13 guest's copy) holds only those */
$list = is_dir("$top/.git") ? 'git ls-files -co --exclude-standard -z' : 'find . -path ./_build -prune -o -type f -print0';
[$out, $rc] = sh("$list | tar --null -T - -cf - | tar -xf - -C " . escapeshellarg($src), $top);
check($rc === 0 && is_file("$src/debian/rules"), 'the tracked tree copied for the build', $out);
[$log, $rc] = sh('dpkg-buildpackage -us -uc -b', $src);
file_put_contents("$top/_build/deb-build.log", $log);
check($rc === 0, 'dpkg-buildpackage -us -uc -b builds (log: _build/deb-build.log)', implode("\n", array_slice(explode("\n", $log), -40)));
/* Debian's flags (dpkg-buildflags: -Wall, -Wformat, -Werror=format-security, ...) and the release's gcc */
preg_match_all('~^[^ ]*\b(?:core|ext|cli)/[a-z_]+\.[ch]:\d+:\d+: warning: .*$~m', $log, $warnings);
check(preg_match('/ -Wall /', $log) === 1 && !$warnings[0], 'no compiler warning in vtws\'s sources at Debian\'s build flags',
    implode("\n", array_slice(array_unique($warnings[0]), 0, 10)));
$arch = trim(sh('dpkg --print-architecture')[0]);
/* each package's architecture as the build's debian/control has it: gen-control makes the
 * php-vtws dependency package "any" on Debian 12 (dh-php 5.2) and "all" on 13 (5.10) */
$archOf = [];
foreach (preg_split('/\n\s*\n/', (string)@file_get_contents("$src/debian/control")) as $stanza) {
    if (preg_match('/^Package: (\S+)$/m', $stanza, $pm) && preg_match('/^Architecture: (\S+)$/m', $stanza, $am)) {
        $archOf[$pm[1]] = $am[1] === 'all' ? 'all' : $arch;
    }
}
check(($archOf['php-vtws-scripts'] ?? '') === 'all' && ($archOf['php-vtws-all-dev'] ?? '') === 'all'
    && ($archOf[$modulePackage] ?? '') === $arch && ($archOf['vtws'] ?? '') === $arch,
    "the scripts and dev packages are arch all, $modulePackage and vtws $arch", json_encode($archOf));
$debs = [];
foreach ($packages as $p) {
    $debs[$p] = "$work/{$p}_$version-1_" . ($archOf[$p] ?? $arch) . '.deb';
    check(is_file($debs[$p]), "package $p built", (string)shell_exec("ls $work"));
}
/* the maintainer scripts (dh-php's phpenmod/phpdismod) never run a site's code: no vtws-register, no php, no site path */
foreach ($debs as $p => $deb) {
    [$scripts] = sh('d=$(mktemp -d) && dpkg-deb -e ' . escapeshellarg($deb) . ' "$d" && cat "$d"/preinst "$d"/postinst "$d"/prerm "$d"/postrm 2>/dev/null; rm -rf "$d"');
    check(preg_match('~vtws-register|/var/www|\bphp\s+-|\bphp\s+/|runuser|sudo~', $scripts) === 0,
        "$p: its maintainer scripts run no site code", $scripts);
}
check(preg_match('/^Tests passed\s*:\s*[1-9]/m', $log) === 1 && preg_match('/^Tests failed\s*:\s*0 /m', $log) === 1,
    'the build ran the module\'s .phpt suite and it passed');
/* The committed debian/control is gen-control's output on Debian 12 (PHP 8.2, dh-php 5.2).
 * Elsewhere two lines are the release's own: the module package's name and php-vtws's
 * architecture; the rest must be the same. */
$generated = (string)file_get_contents("$src/debian/control");
$committed = (string)file_get_contents("$top/debian/control");
if ($phpVersion !== '8.2') {
    $committed = str_replace('php8.2-vtws', $modulePackage, $committed);
    $release = function (string $control): string {
        return preg_replace('/^(Package: php-vtws\nArchitecture:) \S+$/m', '$1 (of the release)', $control);
    };
    [$generated, $committed] = [$release($generated), $release($committed)];
}
check($generated === $committed, 'the committed debian/control is what gen-control and debian/control.extra write'
    . ($phpVersion === '8.2' ? '' : " (but for $modulePackage's name and php-vtws's architecture)"),
    implode("\n", array_slice(explode("\n", (string)shell_exec('diff ' . escapeshellarg("$top/debian/control") . ' '
        . escapeshellarg("$src/debian/control"))), 0, 20)));

/* the module links nothing but libc; the command links libcurl, OpenSSL and jansson */
[$modDeps] = sh('dpkg-deb -f ' . escapeshellarg($debs[$modulePackage]) . ' Depends');
check(strpos($modDeps, "phpapi-") !== false && !preg_match('/curl|ssl|jansson/', $modDeps),
    "$modulePackage depends on its PHP API and no library", $modDeps);
[$cliDeps] = sh('dpkg-deb -f ' . escapeshellarg($debs['vtws']) . ' Depends');
check(preg_match('/libcurl/', $cliDeps) && preg_match('/libssl/', $cliDeps) && preg_match('/libjansson/', $cliDeps),
    'vtws depends on libcurl, OpenSSL and jansson', $cliDeps);

/* lintian: no error, and no warning but the one docs/install.md "Install on Debian/Ubuntu" documents */
[$lint, $rc] = sh('lintian --pedantic ' . escapeshellarg("$work/php-vtws_{$version}-1_$arch.changes"));
$unexplained = array_filter(explode("\n", $lint), function ($l) {
    return preg_match('/^[EW]: /', $l) && strpos($l, 'initial-upload-closes-no-bugs') === false;
});
check(!$unexplained && strpos($lint, 'E: ') === false, 'lintian: no errors, no undocumented warnings', $lint);

/* ---- before: a php-fpm without the module; what the machine has unpackaged -------------------- */
$extDir = trim(sh("php -n -r 'echo ini_get(\"extension_dir\");'")[0]);
$saved = [];
foreach (["$extDir/vtws.so", "/etc/php/$phpVersion/mods-available/vtws.ini"] as $f) {
    $saved[$f] = is_file($f) ? file_get_contents($f) : null;
}
function put_back(): void
{
    global $saved, $packages, $debugPackages, $work;
    $left = array_values(array_filter(array_merge($packages, $debugPackages), 'installed'));
    if ($left) {
        sh(apt_get('purge -y -q ' . implode(' ', $left)));
    }
    foreach ($saved as $f => $content) {
        if ($content !== null && !is_file($f)) {
            file_put_contents($f, $content);
        }
    }
    sh('rm -rf ' . escapeshellarg($work));
}
register_shutdown_function('put_back');

$socket = trim(shell_exec(escapeshellarg("$top/tests/db/mariadb.sh") . ' socket'));
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$admin = new mysqli('localhost', 'root', '', '', 0, $socket);
$root = "$work/vtiger";
$db = 'vtws_deb_' . PHP_MAJOR_VERSION . PHP_MINOR_VERSION; /* the Debian 13 guest shares the server */
vtiger_fresh_db($admin, $db, 'stock');
make_vtiger_root($root, $socket, $db, 'vtws', 'secret');
unlink("$root/include/Webservices/GetTranslation.php");
sh('cp -r ' . escapeshellarg("$top/examples/vtiger/languages") . ' ' . escapeshellarg($root));
copy("$top/tests/install/webservice.php", "$root/webservice.php");
copy("$top/examples/vtiger_dispatch.php", "$root/vtiger_dispatch.php");
file_put_contents("$root/loaded.php", "<?php echo json_encode(['vtws' => phpversion('vtws')]);\n");
/* the site is the web user's, as Debian's web server keeps it; vtws-register runs as that user */
chmod($work, 0755);
sh('chown -R www-data:www-data ' . escapeshellarg($root));
$key = 'k3yFromMyPreferences';
@mkdir("$work/state");
$fpmOptions = ['workers' => 1, 'system_ini' => true, 'env' => ['VTWS_INSTALL_STATE' => "$work/state", 'VTWS_INSTALL_KEY' => $key]];
$server = ws_start("$work/fpm-before", "$root/loaded.php", $fpmOptions);
$before = json_decode((string)@file_get_contents("http://127.0.0.1:{$server['http']}/"), true);
ws_stop($server['work']);
check(($before['vtws'] ?? null) === false, 'before: php-fpm (Debian\'s php.ini and conf.d) has no vtws', json_encode($before));

/* ---- install ------------------------------------------------------------------------------------ */
/* Minimal images (Docker's debian, debootstrap --variant=minbase setups) often tell dpkg to drop
 * man pages and docs (/etc/dpkg/dpkg.cfg.d/excludes: path-exclude=/usr/share/man/*); for the
 * test's install, an include read after them keeps the packages' own, removed again at the end */
$dpkgInclude = '/etc/dpkg/dpkg.cfg.d/zz-vtws-test-docs';
$excludes = (string)shell_exec('cat /etc/dpkg/dpkg.cfg.d/* 2>/dev/null');
if (preg_match('~^\s*path-exclude\s*=?\s*/usr/share/(man|doc)~m', $excludes)) {
    file_put_contents($dpkgInclude, "# tests/package/deb.php, while it runs: the vtws packages' man pages and docs\n"
        . "path-include=/usr/share/man/man1/vtws*\npath-include=/usr/share/doc/vtws/*\npath-include=/usr/share/doc/php-vtws-scripts/*\n");
    register_shutdown_function(function () use ($dpkgInclude) { @unlink($dpkgInclude); });
    echo "note: dpkg excludes man pages or docs here (/etc/dpkg/dpkg.cfg.d); the test includes the packages' own while it runs\n";
}
check(trim(sh('command -v man')[0]) !== '', 'man (man-db) is installed, to read the man pages (scripts/install-deps.sh installs it)');
[$out, $rc] = sh(apt_get('install -y -q ./*.deb'), $work);
check($rc === 0 && installed($modulePackage) && installed('php-vtws-scripts') && installed('vtws'),
    'apt-get install ./*.deb', $out);
[$out] = sh('php --ri vtws');
check(strpos($out, 'vtws support => enabled') !== false && strpos($out, "Version => $version") !== false,
    'php --ri vtws: enabled for the CLI by the package', $out);
$enabled = glob("/etc/php/$phpVersion/*/conf.d/20-vtws.ini");
$sapis = array_map(function ($f) { return basename(dirname($f, 2)); }, $enabled);
sort($sapis);
$expected = array_values(array_intersect(['apache2', 'cgi', 'cli', 'fpm', 'phpdbg'],
    array_map('basename', glob("/etc/php/$phpVersion/*", GLOB_ONLYDIR))));
check($sapis === $expected && in_array('fpm', $sapis, true),
    'enabled at priority 20 for every SAPI installed (' . implode(', ', $expected) . ')', implode(', ', $sapis));
check(is_file("$extDir/vtws.so") && strpos(sh("dpkg -S $extDir/vtws.so")[0], $modulePackage) === 0,
    "vtws.so in extension_dir belongs to $modulePackage");

/* the demo's request against the installed module (the system's php, its own conf.d) */
foreach (['named', 'positional'] as $mode) {
    [$out, $rc] = sh("php examples/dispatch.php examples/vtiger $mode 'totranslate=[\"SINGLE_Contacts\",\"Contacts\"]' language=ru_ru module=Contacts", $top);
    check($rc === 0 && trim($out) === '{"success":true,"result":{"SINGLE_Contacts":"Контакт","Contacts":"Контакты"}}',
        "demo, $mode dispatch, with the installed module", $out);
}

/* the installed commands and their man pages */
[$out, $rc] = sh('vtws --version');
check($rc === 0 && trim($out) === "vtws $version" && trim(sh('command -v vtws')[0]) === '/usr/bin/vtws', '/usr/bin/vtws --version', $out);
[$out, $rc] = sh('vtws lang check examples/vtiger/languages', $top);
check($rc === 1 && preg_match('~^examples/vtiger/languages/\S+\.php:\d+:\d+: error: ~m', $out) === 1,
    'vtws lang check finds the sample\'s broken file (path:line:col, exit 1)', $out);
/* man and man-db as a user has them (install-deps installs man-db): each page renders, its NAME
 * is the package's description, and the documentation it points at is installed */
$names = ['vtws' => 'command-line client for the Vtiger CRM webservice API',
          'vtws-register' => 'register Vtiger CRM webservice operations safely'];
foreach ($names as $page => $description) {
    [$out, $rc] = sh("man -w $page");
    check($rc === 0 && strpos($out, "/usr/share/man/man1/$page.1.gz") !== false, "man page $page(1) installed", $out);
    [$out, $rc] = sh("man -P cat $page", null, ['MANWIDTH' => '100']);
    check($rc === 0 && preg_match('/^NAME\n\s+' . preg_quote($page, '/') . ' \S+ ' . preg_quote($description, '/') . '$/m', $out) === 1
        && preg_match('/^DESCRIPTION|^SYNOPSIS/m', $out) === 1 && strpos($out, '???') === false,
        "man $page prints its NAME section ($page - $description) and the --help text", $out);
    preg_match_all('~/usr/share/doc/\S+?\.md~', $out, $docs);
    check(count($docs[0]) > 0 && !array_filter($docs[0], function ($f) { return !is_file($f); }),
        "the documentation man $page points at is installed (" . implode(', ', $docs[0]) . ')', $out);
}
check(is_file('/usr/share/doc/vtws/README.md') && count(glob('/usr/share/doc/vtws/docs/*.md')) === count(glob("$top/docs/*.md")),
    'the vtws package holds README.md and docs/ under /usr/share/doc/vtws', implode("\n", glob('/usr/share/doc/vtws/*')));

[$out] = sh('zcat /usr/share/man/man1/vtws-register.1.gz');
$plain = str_replace('\\-', '-', preg_replace('/\\\\f[BRIP]/', '', $out)); /* roff's fonts and hyphens off */
check(strpos($plain, 'runuser -u www-data -- vtws-register sync') !== false,
    'the man page of vtws-register shows it run as the site\'s user', substr($out, 0, 3000));

/* the installed vtws-register, run in the Vtiger root as the site's user (www-data) */
[$out, $rc] = sh('vtws-register doctor --no-switch', $root);
check($rc === 5 && trim($out) === "vtws-register: refusing to run as root (--no-switch): Vtiger's code would run as root; run instead: runuser -u www-data -- vtws-register doctor",
    'as root with --no-switch it refuses and prints the command to run', $out);
[$out, $rc] = sh('runuser -u www-data -- vtws-register sync', $root);
check($rc === 0 && strpos($out, 'install include/Webservices/GetTranslation.php') !== false
    && strpos($out, 'register gettranslation') !== false, 'vtws-register sync (from PATH) installs and registers', $out);
check(@file_get_contents("$root/include/Webservices/GetTranslation.php") === file_get_contents("/usr/share/php-vtws/include/Webservices/GetTranslation.php"),
    'the handler file comes from /usr/share/php-vtws');
[$out, $rc] = sh('runuser -u www-data -- vtws-register sync', $root);
check($rc === 0 && trim($out) === 'no changes', 'a second sync: no changes', $out);
[$out] = sh('vtws-register doctor', $root);
check(preg_match('/^gettranslation +ok +\(served natively by the vtws extension \d/m', $out) === 1, 'vtws-register doctor as root (it becomes www-data): gettranslation ok', $out);
$rooted = trim(sh('find ' . escapeshellarg($root) . ' -user root')[0]);
check($rooted === '', 'nothing in the root belongs to root', $rooted);
[$out, $rc] = sh('vtws-register frobnicate', $root);
check($rc === 2 && trim($out) === 'vtws-register: unknown command frobnicate (vtws-register --help)',
    'a usage error names the command as installed', $out);

/* a php-fpm started now has the module and serves gettranslation through the root */
$server = ws_start("$work/fpm-after", "$root/webservice.php", $fpmOptions);
$url = "http://127.0.0.1:{$server['http']}/webservice.php";
file_put_contents("$work/key", $key);
chmod("$work/key", 0600); /* vtws refuses a key file others can read */
[$out, $rc] = sh("vtws call gettranslation --post 'totranslate:=[\"SINGLE_Contacts\",\"Contacts\"]' language=ru_ru module=Contacts"
    . " --access-key-file $work/key", $root, ['VTIGER_URL' => $url, 'VTIGER_USER' => 'admin', 'HOME' => $work]);
check($rc === 0 && json_decode($out, true) === ['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты'],
    'php-fpm restarted: the installed vtws calls gettranslation, served by the installed module', $out);
check(trim((string)@file_get_contents("$work/fpm-after/php-errors.log")) === '', 'php-fpm logged no PHP error',
    (string)@file_get_contents("$work/fpm-after/php-errors.log"));
ws_stop($server['work']);
[$out, $rc] = sh('runuser -u www-data -- vtws-register remove gettranslation exporttranslation listlanguages', $root);
check($rc === 0 && !is_file("$root/include/Webservices/GetTranslation.php"), 'vtws-register remove removes the three operations and the handler file', $out);

/* ---- purge: nothing of the packages is left ----------------------------------------------------- */
$files = [];
foreach (array_merge($packages, $debugPackages) as $p) {
    $files = array_merge($files, array_filter(explode("\n", sh("dpkg -L $p")[0]), 'is_file'));
}
[$out, $rc] = sh(apt_get('purge -y -q ' . implode(' ', array_merge($packages, $debugPackages))));
check($rc === 0 && !array_filter(array_merge($packages, $debugPackages), 'installed'), 'apt-get purge', $out);
$left = array_values(array_filter($files, 'file_exists'));
check(count($files) > 10 && !$left, 'purge removed every file the packages installed (' . count($files) . ')', implode("\n", $left));
$leftovers = array_merge(glob("/etc/php/*/*/conf.d/*vtws*"), glob("/etc/php/*/mods-available/vtws.ini"),
    glob('/var/lib/php/modules/*/*/enabled_by_*/vtws'), glob('/usr/share/php-vtws'), glob('/usr/share/doc/*vtws*'));
check(!$leftovers, 'no enabled ini link, ini snippet, module state or folder is left', implode("\n", $leftovers));
check(strpos(sh('php -m')[0], 'vtws') === false, 'php no longer loads vtws');
$server = ws_start("$work/fpm-purged", "$root/loaded.php", $fpmOptions);
$after = json_decode((string)@file_get_contents("http://127.0.0.1:{$server['http']}/"), true);
ws_stop($server['work']);
check(($after['vtws'] ?? null) === false, 'php-fpm started after the purge has no vtws', json_encode($after));

$admin->query("DROP DATABASE $db");
check_done('deb');

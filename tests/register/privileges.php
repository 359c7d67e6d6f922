<?php
/*
 * Who vtws-register runs Vtiger's code as (the site's owner decides), as an administrator
 * would see it. A root like a real 8.3 is given to a site user made for the test (useradd),
 * who plants a line in include/Webservices/Logout.php (a handler doctor loads) and in
 * config.php (Vtiger's bootstrap) that appends the effective uid of whoever loads them to
 * a record file. Then every command is run as root, as the site user, and as a third user,
 * and the record, the exit code, stderr, the tree and the tables are compared.
 * Needs root (it makes users and runs commands as them); run with the extension, mysqli.
 * Prints "privileges: N passed, N failed".
 */
require __DIR__ . '/vtiger_root.php';
require dirname(__DIR__) . '/lib/check.php';

$top = dirname(__DIR__, 2);
if (trim((string)shell_exec('id -u')) !== '0') {
    echo "note: the privilege tests need root (they make users and run commands as them): not run\n";
    check_done('privileges');
}
[$admin, $socket] = test_mariadb();
$work = sys_get_temp_dir() . '/vtws-privileges-' . getmypid();
exec('rm -rf ' . escapeshellarg($work));
mkdir($work, 0755, true);
chmod($work, 0755);

/* ---- two users made for the test: the site's and a third one; removed at the end ------------ */
$site = 'vtwss' . getmypid();
$other = 'vtwso' . getmypid();
$made = [];
foreach ([$site, $other] as $u) {
    exec('useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ' . escapeshellarg($u) . ' 2>&1', $o, $rc);
    if ($rc === 0) {
        $made[] = $u;
    }
}
register_shutdown_function(function () use (&$made, $work) {
    foreach ($made as $u) {
        exec('userdel ' . escapeshellarg($u) . ' 2>/dev/null');
    }
    exec('rm -rf ' . escapeshellarg($work));
});
if (count($made) !== 2) {
    check(false, 'useradd makes the two test users');
    check_done('privileges');
}
$siteUid = (int)trim((string)shell_exec("id -u $site"));
$siteGid = (int)trim((string)shell_exec("id -g $site"));
$otherUid = (int)trim((string)shell_exec("id -u $other"));

/* ---- the site: a root like 8.3's with the tutorial's gettranslation, all the site user's ----- */
$record = "$work/who";
$root = "$work/vtiger";
vtiger_fresh_db($admin, 'vt_priv', 'tutorial');
make_vtiger_root($root, $socket, 'vt_priv', 'vtws', 'secret');
$plant = "<?php file_put_contents('$record', (function_exists('posix_geteuid') ? posix_geteuid() : fstat(tmpfile())['uid']) . \"\\n\", FILE_APPEND); ?>";
foreach (['include/Webservices/Logout.php', 'config.php'] as $f) {
    file_put_contents("$root/$f", $plant . file_get_contents("$root/$f"));
}
exec('chown -R ' . escapeshellarg("$site:$site") . ' ' . escapeshellarg($root));
exec('chmod -R u=rwX,g=rX,o= ' . escapeshellarg($root)); /* 0640 files, 0750 folders: as many sites keep them */
exec('chmod 0755 ' . escapeshellarg($root)); /* and the third user must reach config.inc.php's owner */
file_put_contents($record, '');
chmod($record, 0666);

/* Run vtws-register (from this tree: root-owned, as Debian's /usr/share/php-vtws) as $user
 * (null: root), with posix unless told otherwise: [stdout, stderr, exit code]. */
function as_user(?string $user, array $args, bool $posix = true): array
{
    global $top, $root;
    $cmd = array_merge($user === null ? [] : ['runuser', '-u', $user, '--'],
        [PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli', '-d', "extension=$top/modules/vtws.so"],
        $posix ? ['-d', 'extension=posix'] : [], ["$top/php_scripts/vtws-register.php", '--vtiger-root', $root], $args);
    $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, '/');
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [$out, $err, proc_close($p)];
}

/* The uids that loaded the planted lines since the last call (and the record emptied). */
function loaded_by(): array
{
    global $record;
    $uids = array_values(array_unique(array_map('intval', file($record, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES))));
    file_put_contents($record, '');
    return $uids;
}

/* What of the root belongs to root (find -user root). */
function rooted(): string
{
    global $root;
    return trim((string)shell_exec('find ' . escapeshellarg($root) . ' -user root'));
}

$state = fn () => tree_state($root) . vtiger_ws_tables($admin, 'vt_priv');

/* ---- refused: a third user; root with --no-switch; root without posix ------------------------ */
$before = $state();
foreach ([['sync'], ['doctor'], ['doctor', '--fix'], ['remove', 'gettranslation']] as $args) {
    [$out, $err, $rc] = as_user($other, $args);
    $cmd = implode(' ', $args);
    check($rc === 5 && $out === '' && substr_count($err, "\n") === 1
        && strpos($err, "vtws-register: this Vtiger site belongs to $site (owner of config.inc.php and of the root), and you are $other: run it as $site: sudo -u $site -- ") === 0,
        "a third user running $cmd is refused: one line, exit 5", $out . $err);
    check(loaded_by() === [] && $state() === $before, "… and nothing of the site was loaded or changed ($cmd)");
}
[$out, $err, $rc] = as_user(null, ['doctor', '--no-switch']);
check($rc === 5 && substr_count($err, "\n") === 1 && strpos($err, "vtws-register: refusing to run as root (--no-switch): Vtiger's code would run as root; run instead: runuser -u $site -- ") === 0
    && strpos($err, 'vtws-register.php --vtiger-root ') !== false && strpos($err, ' doctor') !== false && substr_count($err, '--no-switch') === 1,
    'root with --no-switch: refused with the command to run instead (without --no-switch)', $err);
check(loaded_by() === [] && $state() === $before, '… nothing loaded or changed');
[$out, $err, $rc] = as_user(null, ['sync'], false);
check($rc === 5 && substr_count($err, "\n") === 1 && strpos($err, "the posix extension is not loaded, so vtws-register cannot become $site itself; run instead: runuser -u $site -- ") !== false,
    'root without the posix extension: refused with the command to run instead', $err);
check(loaded_by() === [] && $state() === $before, '… nothing loaded or changed');

/* ---- run as root: every command becomes the site's user first ------------------------------- */
$expect = [
    'sync' => [0, "install include/Webservices/GetTranslation.php (the file there is kept as GetTranslation.php.vtws-backup)\n"],
    'list' => [0, null], 'doctor' => [1, null], 'doctor --json' => [1, null], 'doctor --fix' => [0, null],
    'doctor --undo' => [0, null], 'remove gettranslation exporttranslation listlanguages' => [0, null],
];
foreach ($expect as $cmd => [$wantRc, $wantStart]) {
    [$out, $err, $rc] = as_user(null, explode(' ', $cmd));
    $uids = loaded_by();
    check($rc === $wantRc && $err === '' && ($wantStart === null || strpos($out, $wantStart) === 0),
        "root runs $cmd: exit $wantRc, nothing on stderr", "exit $rc\n$out$err");
    /* sync, --undo and remove load no handler: nothing recorded is right for them */
    check(!in_array(0, $uids, true) && ($uids === [$siteUid] || in_array($cmd, ['sync', 'doctor --undo'], true) || strpos($cmd, 'remove') === 0) && count($uids) <= 1,
        "root runs $cmd: Vtiger's code is loaded as $site only (uids " . json_encode($uids) . ')', json_encode($uids));
    check(rooted() === '', "root runs $cmd: nothing in the root belongs to root afterwards", rooted());
    if ($cmd === 'sync') {
        $h = "$root/include/Webservices/GetTranslation.php";
        $st = stat($h);
        $bk = stat("$h.vtws-backup");
        check($st['uid'] === $siteUid && $st['gid'] === $siteGid && ($st['mode'] & 0777) === 0640
            && $bk['uid'] === $siteUid && ($bk['mode'] & 0777) === 0640,
            'the handler file sync installs, and the backup, are the site user\'s, mode 0640 as the files beside them',
            sprintf('%d:%d %o; backup %d %o', $st['uid'], $st['gid'], $st['mode'], $bk['uid'], $bk['mode']));
    }
    if ($cmd === 'doctor --fix') {
        $wrappers = glob("$root/include/Webservices/vtws-fix/*");
        $bad = array_filter($wrappers, fn ($f) => fileowner($f) !== $siteUid || (fileperms($f) & 0777) !== 0640);
        check(count($wrappers) >= 2 && !$bad && fileowner("$root/include/Webservices/vtws-fix") === $siteUid,
            'doctor --fix: its folder, wrappers and manifest are the site user\'s, mode 0640', implode("\n", $wrappers) . "\n" . implode("\n", $bad));
    }
}

/* ---- the site's user itself; --allow-root ------------------------------------------------------ */
[$out, $err, $rc] = as_user($site, ['doctor']);
check($rc === 1 && $err === '' && loaded_by() === [$siteUid], 'the site\'s user runs doctor itself: loaded as it', $err);
[$out, $err, $rc] = as_user(null, ['doctor', '--allow-root']);
check($rc === 1 && $err === "vtws-register: warning: running as root (--allow-root): Vtiger's bootstrap and the site's handler files are loaded, and files written, with root's privileges; whoever can write the site's files can take over this machine\n",
    'root with --allow-root: one warning on stderr', $err);
check(in_array(0, loaded_by(), true), '… and root loads Vtiger\'s code (what --allow-root means)');
[$out, $err, $rc] = as_user($site, ['doctor', '--allow-root']);
check($rc === 2 && strpos($err, '--allow-root is for root only') !== false, '--allow-root as another user: a usage error', $err);

/* ---- who owns the site: config.inc.php and the root folder must agree, and not be root -------- */
$before = $state();
chown("$root/config.inc.php", 0);
[$out, $err, $rc] = as_user(null, ['doctor']);
check($rc === 5 && substr_count($err, "\n") === 1 && strpos($err, "vtws-register: $root/config.inc.php belongs to root, so this site has no owner to run as: give it to the site's user") === 0
    && strpos($err, '--user=NAME') !== false, 'a root-owned config.inc.php: refused, saying what to fix', $err);
check(loaded_by() === [] && $state() === $before, '… nothing loaded or changed');
[$out, $err, $rc] = as_user(null, ['doctor', "--user=$site"]);
check($rc === 1 && $err === '' && loaded_by() === [$siteUid], "… --user=$site names the site's user: doctor runs as it", $err);
[$out, $err, $rc] = as_user(null, ['doctor', '--user=root']);
check($rc === 2 && strpos($err, 'never root') !== false && loaded_by() === [], '--user=root: a usage error', $err);
chown("$root/config.inc.php", $siteUid);
foreach ([[0, 'root', "belongs to root but its config.inc.php to $site"], [$otherUid, $other, "config.inc.php belongs to $site but the Vtiger root $root to $other"]] as [$uid, $name, $says]) {
    chown($root, $uid);
    [$out, $err, $rc] = as_user(null, ['sync']);
    check($rc === 5 && substr_count($err, "\n") === 1 && strpos($err, $says) !== false && loaded_by() === [] && $state() === $before,
        "a root folder owned by $name while config.inc.php is $site's: refused, nothing changed", $err);
}
chown($root, $siteUid);

/* ---- a symbolic link to the root is judged by its target -------------------------------------- */
symlink($root, "$work/link"); /* the link itself is root's */
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli', '-d', "extension=$top/modules/vtws.so",
    '-d', 'extension=posix', "$top/php_scripts/vtws-register.php", '--vtiger-root', "$work/link", 'doctor'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes, '/');
$err = stream_get_contents($pipes[2]);
fclose($pipes[2]);
$rc = proc_close($p);
check($rc === 1 && $err === '' && loaded_by() === [$siteUid], 'a root-owned link to the site\'s root: judged by its target, run as the site\'s user', $err);
mkdir("$work/rooted");
copy("$root/config.inc.php", "$work/rooted/config.inc.php"); /* root's, as is the folder */
symlink("$work/rooted", "$work/link2");
exec('chown -h ' . escapeshellarg($site) . ' ' . escapeshellarg("$work/link2")); /* a link the site's user made */
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli', '-d', "extension=$top/modules/vtws.so",
    '-d', 'extension=posix', "$top/php_scripts/vtws-register.php", '--vtiger-root', "$work/link2", 'doctor'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes, '/');
$err = stream_get_contents($pipes[2]);
fclose($pipes[2]);
$rc = proc_close($p);
check($rc === 5 && strpos($err, 'config.inc.php belongs to root') !== false, 'the site user\'s link to a root-owned folder: judged by its target, refused', $err);

$admin->query('DROP DATABASE vt_priv');
check_done('privileges');

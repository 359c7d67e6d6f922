<?php
/*
 * vtws-register: whose privileges it runs with. The site's owner decides.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 *
 * Every command loads or writes the site's files: doctor's child loads Vtiger's bootstrap and
 * every handler file, sync and --fix write files into the root. Anyone who can write those
 * files (the site's user: the web server's user) would run code with the privileges of
 * whoever runs vtws-register. So, before any file of the site is opened (other than to read
 * the owner and mode of config.inc.php and of the root folder):
 *
 *  - the site's owner is the owner of config.inc.php, which must also own the root folder
 *    (a symbolic link to the root is judged by its target); if they disagree, or either is
 *    root, it refuses, unless the user is named with --user=NAME;
 *  - run by that owner, it goes on;
 *  - run by root, it switches to the owner for good (setgid, initgroups, setuid, then
 *    checks that there is no way back) and goes on; with --no-switch (or without the posix
 *    extension) it refuses and prints the command to run instead (runuser -u OWNER -- …);
 *    --allow-root keeps root and warns;
 *  - run by anyone else, it refuses.
 * A refusal is one line on stderr and exit code 5.
 */

/* The command was refused for the user running it: exit code 5. */
final class UserError extends Exception {}

/* A user account: ['name', 'uid', 'gid', 'dir'], or null. posix when loaded, else /etc/passwd. */
function account(?string $name, ?int $uid): ?array
{
    if (function_exists('posix_getpwnam')) {
        $pw = $name !== null ? posix_getpwnam($name) : posix_getpwuid($uid);
        return $pw ? ['name' => $pw['name'], 'uid' => (int)$pw['uid'], 'gid' => (int)$pw['gid'], 'dir' => $pw['dir']] : null;
    }
    foreach (@file('/etc/passwd', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
        $f = explode(':', $line);
        if (count($f) >= 7 && ($name !== null ? $f[0] === $name : preg_match('/^[0-9]+$/D', $f[2]) && (int)$f[2] === $uid)) {
            return ['name' => $f[0], 'uid' => (int)$f[2], 'gid' => (int)$f[3], 'dir' => $f[5]];
        }
    }
    return null;
}

/* A user's name for a message: the name, else "uid N". */
function user_name(int $uid): string
{
    $a = account(null, $uid);
    return $a ? $a['name'] : "uid $uid";
}

/* This command line as it was typed, shell-quoted where needed: PHP's own options included
 * (from /proc/self/cmdline), or the installed command's name when it was run from PATH. */
function command_line(): string
{
    $argv = $GLOBALS['argv'];
    $words = null;
    $raw = @file_get_contents('/proc/self/cmdline');
    if (substr(basename($argv[0]), -4) !== '.php') {
        $words = $argv; /* vtws-register on PATH: its shebang's php is not for the user to type */
        if (in_array(dirname($argv[0]), explode(':', (string)getenv('PATH')), true)) {
            $words[0] = basename($argv[0]);
        }
    } elseif (is_string($raw) && $raw !== '') {
        $all = explode("\0", rtrim($raw, "\0"));
        $tail = array_slice($all, -count($argv));
        $words = $tail === $argv ? $all : null;
    }
    $words = array_values(array_filter($words ?? array_merge(['php'], $argv), function ($w) {
        return $w !== '--no-switch';
    }));
    return implode(' ', array_map(function ($w) {
        return preg_match('~^[A-Za-z0-9_./:=@%+,-]+$~D', $w) ? $w : escapeshellarg($w);
    }, $words));
}

/*
 * The site's owner: the account that owns ROOT/config.inc.php and ROOT (judged by its
 * target), or the one named by --user. Reads only owners and modes. Throws UserError,
 * EnvError.
 */
function site_owner(array $o): array
{
    $root = $o['root'];
    if (!is_dir($root)) {
        throw new EnvError("$root is not a directory");
    }
    $config = "$root/config.inc.php";
    $cs = @stat($config);
    if ($cs === false) {
        throw new EnvError("$config not found: run in a Vtiger root or give --vtiger-root");
    }
    if ($o['user'] !== null) {
        $a = account($o['user'], null);
        if ($a === null) {
            throw new UsageError("--user: no user named {$o['user']} on this system");
        }
        if ($a['uid'] === 0) {
            throw new UsageError('--user names the site\'s user, never root (to keep root: --allow-root)');
        }
        return $a;
    }
    $rs = stat($root);
    $real = realpath($root);
    $fix = "or name the site's user with --user=NAME";
    if ($cs['uid'] === 0) {
        throw new UserError("$config belongs to root, so this site has no owner to run as: give it to the site's user"
            . " (chown USER $config, USER being the one the web server runs Vtiger as), $fix");
    }
    if ($rs['uid'] === 0) {
        throw new UserError("the Vtiger root $real belongs to root but its config.inc.php to " . user_name($cs['uid'])
            . ": give the root folder to the site's user (chown " . user_name($cs['uid']) . " $real), $fix");
    }
    if ($cs['uid'] !== $rs['uid']) {
        throw new UserError("$config belongs to " . user_name($cs['uid']) . " but the Vtiger root $real to "
            . user_name($rs['uid']) . ": give both to the site's user, $fix");
    }
    $a = account(null, $cs['uid']);
    return $a ?? ['name' => (string)$cs['uid'], 'uid' => $cs['uid'], 'gid' => $cs['gid'], 'dir' => '/'];
}

/*
 * Run with the site's owner's privileges, or refuse (see the top of this file). Called
 * before anything of the site is opened.
 */
function become_site_owner(array $o): void
{
    $me = effective_uid();
    if ($me === 0 && $o['allow-root']) {
        say_error('warning: running as root (--allow-root): Vtiger\'s bootstrap and the site\'s handler files are loaded,'
            . ' and files written, with root\'s privileges; whoever can write the site\'s files can take over this machine');
        return;
    }
    if ($o['allow-root']) {
        throw new UsageError('--allow-root is for root only');
    }
    $owner = site_owner($o);
    if ($me === $owner['uid']) {
        return;
    }
    $instead = 'runuser -u ' . $owner['name'] . ' -- ' . command_line();
    if ($me !== 0) {
        throw new UserError("this Vtiger site belongs to {$owner['name']} (owner of config.inc.php and of the root), and you are "
            . user_name($me) . ": run it as {$owner['name']}: sudo -u {$owner['name']} -- " . command_line());
    }
    if ($o['no-switch']) {
        throw new UserError("refusing to run as root (--no-switch): Vtiger's code would run as root; run instead: $instead");
    }
    if (!function_exists('posix_setuid') || !function_exists('posix_initgroups')) {
        throw new UserError("refusing to run as root: the posix extension is not loaded, so vtws-register cannot become "
            . "{$owner['name']} itself; run instead: $instead");
    }
    if (!posix_setgid($owner['gid']) || !posix_initgroups($owner['name'], $owner['gid']) || !posix_setuid($owner['uid'])) {
        throw new UserError("cannot become {$owner['name']}: " . posix_strerror(posix_get_last_error()) . "; run instead: $instead");
    }
    /* for good: no way back to root */
    if (posix_getuid() !== $owner['uid'] || posix_geteuid() !== $owner['uid'] || posix_getgid() !== $owner['gid']
        || posix_getegid() !== $owner['gid'] || @posix_setuid(0) || @posix_seteuid(0) || $owner['gid'] !== 0 && (@posix_setgid(0) || @posix_setegid(0))
        || in_array(0, (array)posix_getgroups(), true) && $owner['gid'] !== 0) {
        fwrite(STDERR, "vtws-register: switching to {$owner['name']} did not drop root for good; stopping\n");
        exit(5);
    }
    foreach (['HOME' => $owner['dir'], 'USER' => $owner['name'], 'LOGNAME' => $owner['name']] as $k => $v) {
        putenv("$k=$v");
        $_SERVER[$k] = $_ENV[$k] = $v;
    }
}

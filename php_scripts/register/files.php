<?php
/*
 * vtws-register: vtws's handler files installed into the root, and writing files there.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

/* ---- handler files vtws installs into the root -------------------------------------------------------- */

function shim_source(array $op): string
{
    return dirname(VTWS_REGISTER_MAIN) . '/' . $op['handler_path'];
}

/* What installing vtws's handler files would do: [[path, action, backup?], ...]. */
function plan_files(string $root, array $own): array
{
    $plan = [];
    $seen = [];
    foreach ($own as $op) {
        $src = shim_source($op);
        $dst = "$root/{$op['handler_path']}";
        if (isset($seen[$dst])) {
            continue; /* one handler file serves several operations */
        }
        $seen[$dst] = true;
        if (realpath($src) !== false && realpath($src) === realpath($dst)) {
            throw new EnvError("vtws-register.php runs from inside the Vtiger root's own folders: copy php_scripts into a folder of its own (cp -r php_scripts ROOT/vtws-scripts)");
        }
        $want = @file_get_contents($src);
        if ($want === false) {
            throw new EnvError("vtws's handler file $src is missing next to vtws-register.php");
        }
        $have = file_exists($dst) ? (string)@file_get_contents($dst) : null;
        if ($have === null) {
            $plan[] = ['path' => $dst, 'action' => 'create', 'content' => $want];
        } elseif ($have === $want) {
            continue;
        } elseif (strpos($have, SHIM_MARK) !== false) {
            $plan[] = ['path' => $dst, 'action' => 'update', 'content' => $want];
        } else {
            $plan[] = ['path' => $dst, 'action' => 'replace', 'content' => $want, 'backup' => "$dst.vtws-backup"];
        }
    }
    return $plan;
}

/* A proof of a temporary file failed: nothing was renamed into place. */
final class ProofError extends Exception {}

/* This process's effective user: posix_geteuid(), or the owner of a file it creates. */
function effective_uid(): int
{
    if (function_exists('posix_geteuid')) {
        return posix_geteuid();
    }
    $f = tmpfile();
    $uid = (int)fstat($f)['uid'];
    fclose($f);
    return $uid;
}

/*
 * $dir as a folder vtws may write into: a real folder (never a symbolic link), owned by this
 * user or by the owner of the folder it lives in. A missing $dir is made with its parent's
 * owner and group, and its mode without write for others. Throws EnvError.
 */
function safe_folder(string $dir): void
{
    $parent = dirname($dir);
    if (!is_link($dir) && !file_exists($dir)) {
        if (!is_dir($parent) || is_link($parent)) {
            throw new EnvError("$parent is not a folder of the Vtiger root");
        }
        if (!@mkdir($dir, 0755)) {
            throw new EnvError("cannot make the folder $dir");
        }
        take_ownership_of($dir, $parent, 0775);
    }
    if (is_link($dir) || !is_dir($dir)) {
        throw new EnvError("$dir is not a real folder (a symbolic link, or a file): vtws writes only into real folders");
    }
    $st = stat($dir);
    $owner = (int)@fileowner($parent);
    if ($st['uid'] !== effective_uid() && $st['uid'] !== $owner) {
        throw new EnvError("$dir belongs to user {$st['uid']}, neither this user nor the owner of $parent: vtws does not write there");
    }
}

/* Give $path the owner and group of $like (root may; another user gives only a group it is in) and its mode, less $mask. */
function take_ownership_of(string $path, string $like, int $mask = 0666): void
{
    $st = @stat($like);
    if ($st === false) {
        return;
    }
    if (effective_uid() === 0 && (!@chown($path, $st['uid']) || !@chgrp($path, $st['gid']))) {
        throw new EnvError("cannot give $path the owner of $like");
    }
    if (effective_uid() !== 0 && @filegroup($path) !== $st['gid']) {
        @chgrp($path, $st['gid']); /* the site's user may give its files a group it belongs to */
    }
    if (!@chmod($path, $st['mode'] & $mask & 0777)) {
        throw new EnvError("cannot set the mode of $path");
    }
}

/* A regular file beside $path to copy owner, group and mode from: $path itself, else a .php file in its folder. */
function neighbour_of(string $path): ?string
{
    if (is_file($path) && !is_link($path)) {
        return $path;
    }
    foreach ((array)glob(dirname($path) . '/*.php') as $f) {
        if (is_file($f) && !is_link($f)) {
            return $f;
        }
    }
    return null;
}

/*
 * Write $content to $path, all or nothing: into a new temporary file beside it, created
 * exclusively under a random name (so never through a symbolic link or into a file someone
 * prepared), with the owner, group and mode of $like (else of $path's neighbour); then
 * $prove(temporary path) may refuse it with a reason (ProofError, nothing renamed); then it
 * is renamed over $path. The folder must pass safe_folder().
 */
function write_file(string $path, string $content, ?string $like = null, ?callable $prove = null): void
{
    safe_folder(dirname($path));
    $like = $like ?? neighbour_of($path);
    $tmp = dirname($path) . '/.' . basename($path) . '.vtws-' . bin2hex(random_bytes(6));
    $f = @fopen($tmp, 'x');
    if ($f === false) {
        throw new EnvError("cannot write $path");
    }
    try {
        if (fwrite($f, $content) !== strlen($content) || !fflush($f)) {
            throw new EnvError("cannot write $path");
        }
        fclose($f);
        $f = null;
        if ($like !== null) {
            take_ownership_of($tmp, $like);
        }
        if ($prove !== null) {
            $why = $prove($tmp);
            if ($why !== null) {
                throw new ProofError($why);
            }
        }
        if (!@rename($tmp, $path)) {
            throw new EnvError("cannot write $path");
        }
        $tmp = null;
    } finally {
        if ($f) {
            fclose($f);
        }
        if ($tmp !== null) {
            @unlink($tmp);
        }
    }
}

function apply_files(array $plan): void
{
    foreach ($plan as $f) {
        if (isset($f['backup']) && !file_exists($f['backup'])) {
            if (!@rename($f['path'], $f['backup'])) { /* never overwrite what is not ours */
                throw new EnvError("cannot keep {$f['path']} as {$f['backup']}");
            }
        }
        write_file($f['path'], $f['content']);
    }
}

function describe_file(array $f, string $root): string
{
    $rel = substr($f['path'], strlen($root) + 1);
    switch ($f['action']) {
        case 'create': return "install $rel";
        case 'update': return "update $rel";
        default: return "install $rel (the file there is kept as " . basename($f['backup']) . ')';
    }
}


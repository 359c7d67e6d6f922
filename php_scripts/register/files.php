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
        if (!file_exists($dst)) {
            $plan[] = ['path' => $dst, 'action' => 'create', 'content' => $want];
        } elseif (file_get_contents($dst) === $want) {
            continue;
        } elseif (strpos((string)file_get_contents($dst), SHIM_MARK) !== false) {
            $plan[] = ['path' => $dst, 'action' => 'update', 'content' => $want];
        } else {
            $plan[] = ['path' => $dst, 'action' => 'replace', 'content' => $want, 'backup' => "$dst.vtws-backup"];
        }
    }
    return $plan;
}

function write_atomically(string $path, string $content): void
{
    @mkdir(dirname($path), 0755, true);
    $tmp = "$path.vtws-tmp-" . getmypid();
    if (@file_put_contents($tmp, $content) === false || !@rename($tmp, $path)) {
        @unlink($tmp);
        throw new EnvError("cannot write $path");
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
        write_atomically($f['path'], $f['content']);
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


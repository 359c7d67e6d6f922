<?php
/*
 * vtws-register: doctor --fix and --undo: wrappers written, proven and pointed at, and taken back.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 *
 * --fix, for each operation that fails only because of named arguments: the wrapper is
 * written to a temporary file beside its final place (write_file()), proven there
 * (wrapper_proof(): php -l, then loaded after Vtiger's bootstrap in a child, where it must
 * print nothing, raise nothing and define its function with exactly the registered names),
 * renamed into place, and only then are the rows pointed at it, in one transaction. If that
 * transaction or anything after the first rename fails, every file is put back as it was.
 * manifest.json remembers each row's original handler, for --undo.
 */

function fix_manifest_path(string $root): string
{
    return "$root/" . FIX_DIR . '/manifest.json';
}

/*
 * The entries of manifest.json ([operationid => [operation, handler_path, handler_method,
 * wrapper]]) and the problems of any entry vtws would not have written: --undo puts these
 * strings back into rows and deletes the wrapper named, so they are input like any row.
 */
function read_fix_manifest(string $root): array
{
    $file = fix_manifest_path($root);
    if (!file_exists($file) && !is_link($file)) {
        return [[], []];
    }
    $m = is_link($file) ? null : json_decode((string)@file_get_contents($file), true);
    if (!is_array($m)) {
        return [[], ["$file is not the manifest vtws writes (a JSON object)"]];
    }
    $problems = [];
    $wrapper = '~^' . preg_quote(FIX_DIR, '~') . '/vtws_fix_[A-Za-z0-9_]{1,55}\.php$~D';
    foreach ($m as $id => $e) {
        $fields = is_array($e) ? array_intersect_key($e, array_flip(['operation', 'handler_path', 'handler_method', 'wrapper'])) : [];
        $ok = preg_match('/^[0-9]+$/D', (string)$id) === 1 && count($fields) === 4 && count(array_filter($fields, 'is_string')) === 4
            && preg_match($wrapper, $e['wrapper']) === 1
            && !Vtws\validate_operations([['name' => $e['operation'], 'handler_path' => $e['handler_path'],
                'handler_method' => $e['handler_method'], 'type' => 'POST', 'parameters' => []]], true);
        if (!$ok) {
            $problems[] = "$file: entry $id is not one vtws writes (changed by hand?): " . json_encode($e, JSON_UNESCAPED_SLASHES);
        }
    }
    return [$m, $problems];
}

/* Why the wrapper in $tmp must not be used for $op, or null: the proof of write_file(). */
function wrapper_proof(string $root, string $tmp, array $op, array $boot): ?string
{
    [$out, $err, $rc] = run_php(['-l', $tmp], $root, ['-n']);
    if ($rc !== 0) {
        return 'php -l refuses it: ' . trim(preg_replace('/\s+/', ' ', $err . $out));
    }
    $fn = wrapper_name($op);
    $r = inspect_file($root, substr($tmp, strlen($root) + 1), [$fn], $boot);
    if ($r['stage'] !== 'done') {
        return "loading it after Vtiger's bootstrap fails: " . substr((string)($r['error'] ?? ''), 0, 300);
    }
    if (($r['printed_bytes'] ?? 0) !== 0) {
        return "loading it prints {$r['printed_bytes']} bytes, which would precede every answer: " . var_export($r['printed'], true);
    }
    if (!empty($r['notices'])) {
        return 'loading it raises: ' . $r['notices'][0];
    }
    $f = $r['functions'][$fn] ?? ['defined' => false];
    $got = $f['defined'] ? array_column($f['parameters'], 'name') : null;
    if ($got !== wrapper_parameters($op)) {
        return $got === null ? "it does not define $fn()" : "$fn() takes (" . implode(', ', $got) . ') instead of the registered names';
    }
    return null;
}

/* The row of $op once it points at its wrapper. */
function rewired(array $op): array
{
    return ['handler_path' => FIX_DIR . '/' . wrapper_name($op) . '.php', 'handler_method' => wrapper_name($op)] + $op;
}

function doctor_fix(array $o, mysqli $db, array $verdicts, array $mode): int
{
    lock($db);
    $root = $o['root'];
    [$manifest, $bad] = read_fix_manifest($root);
    if ($bad) {
        throw new EnvError(implode("\n", $bad) . "\nnothing was changed: restore that entry, or remove it by hand");
    }
    foreach ($verdicts as $v) {
        if (!$v['ok'] && !$v['fixable'] && !$v['unchecked'] && $v['served'] === null) {
            $why = $v['positional'] ? 'a positional call (as PHP 7 made) fails too: ' . $v['positional'][0] : $v['problems'][0];
            out("left alone {$v['operation']}: $why");
        }
    }
    $todo = array_values(array_filter($verdicts, fn ($v) => $v['fixable']));
    if (!$todo) {
        out('nothing to fix: no operation fails only because of named arguments');
        return 0;
    }
    [$boot] = bootstrap_of($root);
    $manifestFile = fix_manifest_path($root);
    $journal = []; /* path => its content before (null: it did not exist) */
    $fixed = [];
    try {
        foreach ($todo as $v) {
            $op = $v['row'];
            $path = "$root/" . rewired($op)['handler_path'];
            $before = is_file($path) ? file_get_contents($path) : null;
            try {
                write_file($path, wrapper_source($op), "$root/{$op['handler_path']}",
                    fn (string $tmp) => wrapper_proof($root, $tmp, $op, $boot));
            } catch (ProofError $e) {
                out("not fixed {$op['name']}: its wrapper failed its proof, so the row is left as it was: {$e->getMessage()}");
                continue;
            }
            $journal[$path] = $before;
            $fixed[] = $op;
            $manifest[(string)$op['operationid']] = ['operation' => $op['name'], 'handler_path' => $op['handler_path'],
                                                     'handler_method' => $op['handler_method'], 'wrapper' => rewired($op)['handler_path']];
            out("fix {$op['name']}: " . rewired($op)['handler_path'] . " calls {$op['handler_method']}() as PHP 7 did");
        }
        if (!$fixed) {
            return 1;
        }
        $journal[$manifestFile] = is_file($manifestFile) ? file_get_contents($manifestFile) : null;
        write_file($manifestFile, json_encode($manifest, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n",
            neighbour_of("$root/" . FIX_DIR . '/' . wrapper_name($fixed[0]) . '.php'));
        (new Writer($db, false))->transaction(function (Writer $w) use ($fixed, $db) {
            foreach (galera($db) ? still_as_diagnosed($db, $fixed) : $fixed as $op) {
                $to = rewired($op);
                $w->run('UPDATE vtiger_ws_operation SET handler_path=?, handler_method=? WHERE operationid=?',
                    [$to['handler_path'], $to['handler_method'], $op['operationid']]);
            }
        });
    } catch (Throwable $e) {
        if ($e instanceof NodeLost && $e->atCommit) {
            throw $e; /* Galera: the rows may point at the wrappers now; they and manifest.json stay */
        }
        put_back($journal);
        @rmdir("$root/" . FIX_DIR); /* only if it is empty again */
        throw $e;
    }
    return count($fixed) === count($todo) ? 0 : 1;
}

/* Files as they were before: rewritten, or removed when they did not exist. */
function put_back(array $journal): void
{
    foreach (array_reverse($journal, true) as $path => $before) {
        $before === null ? @unlink($path) : @file_put_contents($path, $before);
    }
}

function doctor_undo(array $o, mysqli $db): int
{
    lock($db);
    $root = $o['root'];
    [$manifest, $bad] = read_fix_manifest($root);
    if ($bad) {
        throw new EnvError(implode("\n", $bad) . "\nnothing was changed: --undo puts back only what vtws wrote");
    }
    if (!$manifest && !file_exists(fix_manifest_path($root))) {
        out('nothing to undo');
        return 0;
    }
    (new Writer($db, false))->transaction(function (Writer $w) use ($manifest) {
        foreach ($manifest as $id => $m) { /* only rows still pointing at the wrapper */
            $w->run('UPDATE vtiger_ws_operation SET handler_path=?, handler_method=? WHERE operationid=? AND handler_path=?',
                [$m['handler_path'], $m['handler_method'], (int)$id, $m['wrapper']]);
        }
    });
    foreach ($manifest as $m) {
        @unlink("$root/{$m['wrapper']}");
        out("undo {$m['operation']}: back to {$m['handler_path']} {$m['handler_method']}()");
    }
    unlink(fix_manifest_path($root));
    @rmdir("$root/" . FIX_DIR);
    return 0;
}

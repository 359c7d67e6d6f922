<?php
/*
 * vtws-register: doctor --fix and --undo: wrappers written, proven and pointed at, and taken back.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

function doctor_fix(array $o, mysqli $db, array $verdicts, array $mode): int
{
    lock($db);
    $manifestFile = "{$o['root']}/" . FIX_DIR . '/manifest.json';
    $manifest = is_file($manifestFile) ? json_decode((string)file_get_contents($manifestFile), true) : [];
    $todo = array_values(array_filter($verdicts, fn ($v) => $v['fixable']));
    foreach ($verdicts as $v) {
        if (!$v['ok'] && !$v['fixable'] && !$v['unchecked'] && $v['served'] === null) {
            $why = $v['positional'] ? 'a positional call (as PHP 7 made) fails too: ' . $v['positional'][0] : $v['problems'][0];
            out("left alone {$v['operation']}: $why");
        }
    }
    if (!$todo) {
        out('nothing to fix: no operation fails only because of named arguments');
        return 0;
    }
    $w = new Writer($db, false);
    foreach ($todo as $v) {
        $op = $v['row'];
        $rel = FIX_DIR . '/' . wrapper_name($op['name']) . '.php';
        write_atomically("{$o['root']}/$rel", wrapper_source($op));
        $manifest[(string)$op['operationid']] = ['operation' => $op['name'], 'handler_path' => $op['handler_path'],
                                                 'handler_method' => $op['handler_method'], 'wrapper' => $rel];
        out("fix {$op['name']}: $rel calls {$op['handler_method']}() as PHP 7 did");
    }
    write_atomically($manifestFile, json_encode($manifest, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    $w->transaction(function (Writer $w) use ($todo) {
        foreach ($todo as $v) {
            $op = $v['row'];
            $w->run('UPDATE vtiger_ws_operation SET handler_path=?, handler_method=? WHERE operationid=?',
                [FIX_DIR . '/' . wrapper_name($op['name']) . '.php', wrapper_name($op['name']), $op['operationid']]);
        }
    });
    return 0;
}

function doctor_undo(array $o, mysqli $db): int
{
    lock($db);
    $manifestFile = "{$o['root']}/" . FIX_DIR . '/manifest.json';
    if (!is_file($manifestFile)) {
        out('nothing to undo');
        return 0;
    }
    $manifest = json_decode((string)file_get_contents($manifestFile), true) ?: [];
    $w = new Writer($db, false);
    $w->transaction(function (Writer $w) use ($manifest) {
        foreach ($manifest as $id => $m) { /* only rows still pointing at the wrapper */
            $w->run('UPDATE vtiger_ws_operation SET handler_path=?, handler_method=? WHERE operationid=? AND handler_path=?',
                [$m['handler_path'], $m['handler_method'], (int)$id, $m['wrapper']]);
        }
    });
    foreach ($manifest as $m) {
        @unlink("{$o['root']}/{$m['wrapper']}");
        out("undo {$m['operation']}: back to {$m['handler_path']} {$m['handler_method']}()");
    }
    unlink($manifestFile);
    @rmdir("{$o['root']}/" . FIX_DIR);
    return 0;
}


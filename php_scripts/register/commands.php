<?php
/*
 * vtws-register: the commands sync, remove, list and doctor.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

/* ---- sync and remove --------------------------------------------------------------------------------------------- */

function describe_change(array $c, array $wanted): string
{
    switch ($c['action']) {
        case 'insert':
            $p = array_map(fn ($p) => $p['name'], $wanted[$c['wanted']]['parameters']);
            return "register {$c['operation']} (" . implode(', ', $p) . ')';
        case 'update':
            return "update {$c['operation']}: " . implode(', ', $c['fields']);
        case 'replace_parameters':
            $p = array_map(fn ($p) => $p['name'], $wanted[$c['wanted']]['parameters']);
            return "set the parameters of {$c['operation']} to " . implode(', ', $p) . ' (sequence 1..' . count($p) . ')';
        default:
            return "remove {$c['operation']} (operationid {$c['operationid']})";
    }
}

function apply_changes(Writer $w, array $changes, array $wanted): void
{
    foreach ($changes as $c) {
        $op = $c['wanted'] !== null && isset($wanted[$c['wanted']]) ? $wanted[$c['wanted']] : null;
        switch ($c['action']) {
            case 'insert':
                $id = $w->next_id();
                $w->run('INSERT INTO vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin) VALUES (?, ?, ?, ?, ?, ?)',
                    [$id, $op['name'], $op['handler_path'], $op['handler_method'], strtoupper($op['type']),
                     $op['prelogin'] ? 1 : 0]);
                $w->insert_parameters($id, $op);
                break;
            case 'update':
                $w->run('UPDATE vtiger_ws_operation SET name=?, handler_path=?, handler_method=?, type=?, prelogin=? WHERE operationid=?',
                    [$op['name'], $op['handler_path'], $op['handler_method'], strtoupper($op['type']),
                     $op['prelogin'] ? 1 : 0, $c['operationid']]);
                break;
            case 'replace_parameters':
                $w->run('DELETE FROM vtiger_ws_operation_parameters WHERE operationid=?', [$c['operationid']]);
                $w->insert_parameters($c['operationid'], $op);
                break;
            case 'delete':
                $w->run('DELETE FROM vtiger_ws_operation_parameters WHERE operationid=?', [$c['operationid']]);
                $w->run('DELETE FROM vtiger_ws_operation WHERE operationid=?', [$c['operationid']]);
                break;
        }
    }
}

function cmd_sync(array $o): int
{
    $own = array_map(fn ($op) => $op + ['vtws' => true], Vtws\operations());
    $manifest = load_manifest($o['manifest']);
    check_definitions(Vtws\operations(), $manifest, $o['manifest']);
    $wanted = array_merge(Vtws\operations(), $manifest);
    $db = connect($o);
    lock($db);
    $changes = Vtws\plan_operations($wanted, plannable(stored_operations($db)));
    $files = plan_files($o['root'], $own);
    if (!$changes && !$files) {
        out('no changes');
        return 0;
    }
    foreach ($files as $f) {
        out(($o['dry-run'] ? 'would ' : '') . describe_file($f, $o['root']));
    }
    foreach ($changes as $c) {
        out(($o['dry-run'] ? 'would ' : '') . describe_change($c, $wanted));
    }
    $w = new Writer($db, $o['dry-run']);
    if (!$o['dry-run']) {
        apply_files($files); /* harmless before the rows: they only check that the extension is loaded */
    }
    $w->transaction(function (Writer $w) use (&$changes, $wanted, $db) {
        galera_replan($w, $db, $changes, $wanted, fn () => Vtws\plan_operations($wanted, plannable(stored_operations($db))));
        apply_changes($w, $changes, $wanted);
    });
    if (print_dry_run_sql($w)) {
        return 0;
    }
    /* MariaDB Galera: GET_LOCK holds on one node only, so another node may have registered a
     * wanted name meanwhile. Read again and converge: the lowest id is kept, as in any plan. */
    $again = Vtws\plan_operations($wanted, plannable(stored_operations($db)));
    if ($again) {
        foreach ($again as $c) {
            out('converge: ' . describe_change($c, $wanted) . ' (another writer changed these rows meanwhile)');
        }
        $w->transaction(function (Writer $w) use (&$again, $wanted, $db) {
            galera_replan($w, $db, $again, $wanted, fn () => Vtws\plan_operations($wanted, plannable(stored_operations($db))));
            apply_changes($w, $again, $wanted);
        });
    }
    return 0;
}

/* With --dry-run, the SQL the Writer would have run; returns whether it was a dry run. */
function print_dry_run_sql(Writer $w): bool
{
    if (!$w->isDryRun()) {
        return false;
    }
    out('-- SQL (one transaction):');
    foreach ($w->printed as $sql) {
        out($sql);
    }
    return true;
}

/*
 * MariaDB Galera: inside the transaction (after its write to the sequence row, cluster.php),
 * $changes planned again from the rows as they are now; says so when another web node made
 * them differ. A plain server keeps the plan made under its lock.
 */
function galera_replan(Writer $w, mysqli $db, array &$changes, array $wanted, callable $plan): void
{
    if ($w->isDryRun() || !galera($db)) {
        return;
    }
    $now = $plan();
    if ($now != $changes) {
        $said = array_map(fn ($c) => describe_change($c, $wanted), $now);
        out('another web node changed these rows meanwhile; done instead: ' . ($said ? implode('; ', $said) : 'nothing'));
    }
    $changes = $now;
}

/* The deletions that remove $names from $stored (names match ignoring case, as Vtiger's). */
function removal_changes(array $stored, array $names): array
{
    $changes = [];
    foreach ($names as $name) {
        foreach ($stored as $s) {
            if (strcasecmp($s['name'], $name) === 0) {
                $changes[] = ['action' => 'delete', 'operation' => $s['name'], 'operationid' => $s['operationid'],
                              'wanted' => null, 'fields' => []];
            }
        }
    }
    return $changes;
}

function cmd_remove(array $o): int
{
    $db = connect($o);
    lock($db);
    $stored = stored_operations($db);
    $changes = [];
    $own = [];
    foreach ($o['names'] as $name) {
        $found = false;
        foreach ($stored as $s) {
            if (strcasecmp($s['name'], $name) === 0) {
                $changes[] = ['action' => 'delete', 'operation' => $s['name'], 'operationid' => $s['operationid'],
                              'wanted' => null, 'fields' => []];
                $found = true;
            }
        }
        foreach (Vtws\operations() as $op) {
            if (strcasecmp($op['name'], $name) === 0) {
                $own[] = $op;
            }
        }
        if (!$found) {
            out("not registered: $name");
        }
    }
    /* vtws's handler files: removed, and what they replaced put back — unless an
     * operation that stays registered still uses the file */
    $removed = array_column($changes, 'operationid');
    $files = [];
    foreach ($own as $op) {
        $dst = "{$o['root']}/{$op['handler_path']}";
        $users = [];
        foreach ($stored as $s) {
            if (!in_array($s['operationid'], $removed, true) && $s['handler_path'] === $op['handler_path']) {
                $users[] = $s['name'];
            }
        }
        if ($users || isset($files[$dst])) {
            if ($users && !isset($files[$dst])) {
                out("keep {$op['handler_path']} (" . implode(', ', $users) . ' still use it)');
                $files[$dst] = null;
            }
            continue;
        }
        if (in_vtws_file($o['root'], $op)) {
            $files[$dst] = ['path' => $dst, 'backup' => file_exists("$dst.vtws-backup") ? "$dst.vtws-backup" : null];
        }
    }
    $files = array_filter($files);
    foreach ($changes as $c) {
        out(($o['dry-run'] ? 'would ' : '') . describe_change($c, []));
    }
    foreach ($files as $f) {
        $rel = substr($f['path'], strlen($o['root']) + 1);
        out(($o['dry-run'] ? 'would ' : '') . ($f['backup'] ? "restore $rel from " . basename($f['backup']) : "delete $rel"));
    }
    $w = new Writer($db, $o['dry-run']);
    $w->transaction(function (Writer $w) use (&$changes, $db, $o) {
        galera_replan($w, $db, $changes, [], fn () => removal_changes(stored_operations($db), $o['names']));
        apply_changes($w, $changes, []);
    });
    if (print_dry_run_sql($w)) {
        return 0;
    }
    foreach ($files as $f) {
        if ($f['backup']) {
            rename($f['backup'], $f['path']);
        } else {
            unlink($f['path']);
        }
    }
    return 0;
}

function cmd_doctor(array $o): int
{
    $db = connect($o);
    $mode = dispatch_mode($o['root'], $o['as-php']);
    if ($o['undo']) {
        return doctor_undo($o, $db);
    }
    $verdicts = diagnose($o['root'], stored_operations($db), $mode['mode']);
    if ($o['fix']) {
        return doctor_fix($o, $db, $verdicts, $mode);
    }
    if ($o['json']) {
        fwrite(STDOUT, json_encode(array_map(fn ($v) => ['operation' => json_text($v['operation']),
            'operationid' => $v['operationid'], 'verdict' => verdict_word($v), 'ok' => $v['ok'], 'unchecked' => $v['unchecked'],
            'problems' => array_map('json_text', $v['problems']), 'served' => $v['served']],
            $verdicts), JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT) . "\n");
    } else {
        out($mode['line']);
        $g = galera($db);
        if ($g !== null) {
            out(galera_line($g));
        }
        print_table($verdicts);
    }
    return array_filter($verdicts, fn ($v) => !$v['ok'] && !$v['unchecked']) ? 1 : 0;
}

function cmd_list(array $o): int
{
    $db = connect($o);
    $stored = stored_operations($db);
    $mode = dispatch_mode($o['root'], $o['as-php']);
    $verdicts = diagnose($o['root'], $stored, $mode['mode']);
    out($mode['line']);
    foreach ($verdicts as $v) {
        $op = $v['row'];
        $params = implode(', ', array_map(fn ($p) => shown($p['name']) . ':' . shown(strtolower($p['type'])) . "@{$p['sequence']}",
            $op['parameters']));
        out(sprintf('%4d %-32s %-4s %s %s::%s(%s)  %s', $op['operationid'], shown($op['name']), shown($op['type']),
            $op['prelogin'] ? 'prelogin' : '        ', shown($op['handler_path']), shown($op['handler_method']), $params,
            $v['ok'] ? 'ok' . ($v['served'] ? ', ' . served_note($v) : '') : verdict_word($v) . ': ' . implode('; ', $v['problems'])));
    }
    return 0;
}


<?php
/*
 * The Vtws module's bridge to vtws's registration library (php_scripts/register/, the code
 * behind vtws-register): the module's lifecycle registers, unregisters and puts back through
 * the library's own functions, in this PHP, and the Settings page runs the command itself
 * (vtws-register.php doctor --json, --fix, --undo) in a CLI PHP, so command and page give the
 * same verdicts. Keeps to PHP 7.4, for Vtiger 7 sites; needs no Vtiger class.
 *
 * In the module zip the library sits beside this file (modules/Vtws/vtws-register.php,
 * register/, include/Webservices/GetTranslation.php); in vtws's tree it is php_scripts/.
 */

/* The exceptions vtws-register.php declares, for the library's functions. */
if (!class_exists('UsageError', false)) {
    final class UsageError extends Exception {}
}
if (!class_exists('EnvError', false)) {
    final class EnvError extends Exception {}
}
if (!class_exists('DefinitionError', false)) {
    final class DefinitionError extends Exception {}
}

final class Vtws_Library
{
    /* What vtws-register.php declares before it loads its parts (kept equal to it: tests/module/run.php compares them). */
    const PARTS = ['text', 'options', 'privileges', 'database', 'definitions', 'files', 'diagnosis', 'codegen', 'fix', 'cluster', 'commands'];

    /* The folder holding vtws-register.php, register/ and include/. */
    public static function dir(): string
    {
        return is_file(__DIR__ . '/vtws-register.php') ? __DIR__ : dirname(__DIR__, 2);
    }

    /* The Vtiger root this module is installed in (modules/Vtws/ is two levels below it). */
    public static function root(): string
    {
        return dirname(__DIR__, 2);
    }

    /* The library's functions, loaded once into this PHP as vtws-register.php loads them. */
    public static function load(): void
    {
        if (defined('VTWS_REGISTER_MAIN')) {
            return;
        }
        define('TABLES', ['vtiger_ws_operation', 'vtiger_ws_operation_parameters', 'vtiger_ws_operation_seq']);
        define('FIX_DIR', 'include/Webservices/vtws-fix');
        define('SHIM_MARK', '@vtws-handler');
        define('VTWS_REGISTER_MAIN', self::dir() . '/vtws-register.php');
        /* the library prints through STDOUT/STDERR, which only the CLI defines: elsewhere (php-fpm,
         * a Module Manager import) its lines are kept, never sent before Vtiger's JSON answer */
        if (!defined('STDOUT')) {
            define('STDOUT', fopen('php://memory', 'w+'));
        }
        if (!defined('STDERR')) {
            define('STDERR', fopen('php://memory', 'w+'));
        }
        foreach (self::PARTS as $part) {
            require_once self::dir() . "/register/$part.php";
        }
    }

    /* Options as the command would have parsed them: vtws-register ARGS --vtiger-root ROOT. */
    public static function options(string $root, array $args): array
    {
        self::load();
        return parse_args(array_merge(['vtws-register'], $args, ['--vtiger-root', $root]));
    }

    /* The names of vtws's own operations. */
    public static function names(): array
    {
        return array_map(function ($op) {
            return $op['name'];
        }, Vtws\operations());
    }

    /* Where the module keeps what it found before its first registration (put back at uninstall). */
    public static function saved_file(string $root): string
    {
        return "$root/modules/Vtws/saved-rows.json";
    }

    /*
     * Before vtws first registers: the rows of vtws's operation names as they are (the
     * tutorial's gettranslation, say), kept to be put back. Never overwritten once kept.
     */
    public static function save_before(string $root): void
    {
        $file = self::saved_file($root);
        if (file_exists($file)) {
            return;
        }
        $db = connect(self::options($root, ['list']));
        $names = array_map('strtolower', self::names());
        $rows = array_values(array_filter(stored_operations($db), function ($op) use ($names) {
            return in_array(strtolower($op['name']), $names, true);
        }));
        write_file($file, json_encode(['rows' => $rows], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    }

    /* vtws-register sync, in this PHP. */
    public static function sync(string $root): void
    {
        self::save_before($root);
        cmd_sync(self::options($root, ['sync']));
    }

    /*
     * Everything vtws registered put back as it was before: doctor --fix's wrappers undone, vtws's
     * rows deleted and the kept rows inserted again with their own ids (one transaction, the
     * lock; ids vtws took are never reused: the sequence stays where it is), and vtws's handler
     * file replaced by the file it had replaced (GetTranslation.php.vtws-backup), or deleted.
     */
    public static function put_back(string $root): void
    {
        $o = self::options($root, ['doctor']);
        $db = connect($o);
        lock($db);
        if (file_exists(fix_manifest_path($root))) {
            doctor_undo($o, $db);
        }
        $saved = json_decode((string)@file_get_contents(self::saved_file($root)), true);
        $saved = is_array($saved) && isset($saved['rows']) && is_array($saved['rows']) ? $saved['rows'] : [];
        $names = array_map('strtolower', self::names());
        $changes = [];
        foreach (stored_operations($db) as $s) {
            if (in_array(strtolower($s['name']), $names, true)) {
                $changes[] = ['action' => 'delete', 'operation' => $s['name'], 'operationid' => $s['operationid'],
                              'wanted' => null, 'fields' => []];
            }
        }
        (new Writer($db, false))->transaction(function (Writer $w) use ($changes, $saved) {
            apply_changes($w, $changes, []);
            foreach ($saved as $row) {
                $w->run('INSERT INTO vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin) VALUES (?, ?, ?, ?, ?, ?)',
                    [(int)$row['operationid'], (string)$row['name'], (string)$row['handler_path'], (string)$row['handler_method'],
                     (string)$row['type'], (int)$row['prelogin']]);
                foreach ((array)$row['parameters'] as $p) {
                    $w->run('INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES (?, ?, ?, ?)',
                        [(int)$row['operationid'], (string)$p['name'], (string)$p['type'], (int)$p['sequence']]);
                }
            }
        });
        foreach (Vtws\operations() as $op) {
            $dst = "$root/{$op['handler_path']}";
            if (is_file("$dst.vtws-backup")) {
                rename("$dst.vtws-backup", $dst);
            } elseif (in_vtws_file($root, $op)) {
                unlink($dst);
            }
        }
    }

    /*
     * Run $body (a lifecycle step) and say how it went, as one line for people; never throws,
     * never prints (Module Manager's answer is JSON). Without the vtws extension the library
     * cannot judge definitions, so nothing is registered and the line says what to do.
     */
    public static function attempt(string $what, callable $body): array
    {
        if (!extension_loaded('vtws')) {
            return ['ok' => false, 'step' => $what, 'message' => 'the vtws extension is not loaded in this PHP: '
                . 'nothing was registered; install it (see the Vtws Settings page), then run vtws-register sync'];
        }
        if (!extension_loaded('mysqli')) {
            return ['ok' => false, 'step' => $what, 'message' => 'the mysqli extension is not loaded in this PHP'];
        }
        self::load();
        $before = ftell(STDOUT);
        try {
            $body();
            $r = ['ok' => true, 'step' => $what, 'message' => 'done'];
        } catch (Throwable $e) {
            $r = ['ok' => false, 'step' => $what, 'message' => self::clean_message($e)];
        }
        $r['lines'] = self::captured($before);
        return $r;
    }

    /* What the library printed since $at, when it printed into memory (not a terminal). */
    private static function captured($at): array
    {
        $meta = stream_get_meta_data(STDOUT);
        if ($at === false || ($meta['wrapper_type'] ?? '') !== 'PHP' || ($meta['stream_type'] ?? '') !== 'MEMORY') {
            return [];
        }
        fseek(STDOUT, $at);
        $text = (string)stream_get_contents(STDOUT);
        fseek(STDOUT, 0, SEEK_END);
        return array_values(array_filter(explode("\n", $text), 'strlen'));
    }

    /* An exception as one line: its message (the library's are made for people), shown() safe. */
    public static function clean_message(Throwable $e): string
    {
        $m = $e instanceof mysqli_sql_exception ? 'database error: ' . $e->getMessage() . ' (nothing was changed)' : $e->getMessage();
        if (!($e instanceof EnvError || $e instanceof DefinitionError || $e instanceof mysqli_sql_exception || $e instanceof Vtws\Exception)) {
            $m = get_class($e) . ': ' . $m;
        }
        return function_exists('shown') ? shown($m) : preg_replace('/[^\x20-\x7e]/', '?', $m);
    }

    /* The last lifecycle step's outcome, kept for the Settings page. */
    public static function remember(string $root, array $r): void
    {
        $r['at'] = gmdate('Y-m-d H:i:s') . ' UTC';
        @file_put_contents("$root/modules/Vtws/last-step.json", json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR) . "\n");
    }
}

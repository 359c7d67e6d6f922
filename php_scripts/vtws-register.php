#!/usr/bin/env php
<?php
/*
 * vtws-register — register Vtiger webservice operations safely, any number of times.
 *
 *   php vtws-register.php sync    [--manifest FILE] [--dry-run]   register vtws's operations (and yours)
 *   php vtws-register.php list                                     every registered operation, with a verdict
 *   php vtws-register.php remove  NAME... [--dry-run]              unregister operations
 *   php vtws-register.php doctor  [--json] [--fix | --undo]        check every registered operation
 *
 * Options: --vtiger-root DIR (default: the current directory); --as-php 7.4 judges for the
 * PHP that serves Vtiger when it is not the one running this; database settings
 * from DIR/config.inc.php ($dbconfig), overridden by --db-host, --db-port,
 * --db-socket, --db-user, --db-name, --db-password-file FILE (the password is
 * never taken on the command line; env VTWS_DB_PASSWORD also works).
 *
 * Exit codes: 0 done (doctor: every operation will work), 1 doctor found an
 * operation that will fail, 2 usage, 3 environment (database, lock, files),
 * 4 invalid definitions (manifest).
 *
 * Needs the vtws extension (its rules: validation, plan, signature check) and mysqli.
 */

final class UsageError extends Exception {}
final class EnvError extends Exception {}
final class DefinitionError extends Exception {}

const TABLES = ['vtiger_ws_operation', 'vtiger_ws_operation_parameters', 'vtiger_ws_operation_seq'];
const FIX_DIR = 'include/Webservices/vtws-fix';
const SHIM_MARK = '@vtws-handler';

function out(string $line = ''): void
{
    fwrite(STDOUT, $line . "\n");
}

/* ---- options ------------------------------------------------------------------------------ */

function parse_args(array $argv): array
{
    $o = ['command' => null, 'names' => [], 'root' => getcwd(), 'manifest' => null, 'as-php' => null, 'dry-run' => false,
          'json' => false, 'fix' => false, 'undo' => false, 'db' => []];
    $valued = ['--vtiger-root' => 'root', '--manifest' => 'manifest', '--as-php' => 'as-php', '--db-host' => 'db.host', '--db-port' => 'db.port',
               '--db-socket' => 'db.socket', '--db-user' => 'db.user', '--db-name' => 'db.name',
               '--db-password-file' => 'db.password_file'];
    for ($i = 1; $i < count($argv); $i++) {
        $a = $argv[$i];
        $value = null;
        if (strncmp($a, '--', 2) === 0 && strpos($a, '=') !== false) {
            [$a, $value] = explode('=', $a, 2);
        }
        if (isset($valued[$a])) {
            if ($value === null) {
                if (!isset($argv[$i + 1])) {
                    throw new UsageError("$a needs a value");
                }
                $value = $argv[++$i];
            }
            $key = $valued[$a];
            if (strncmp($key, 'db.', 3) === 0) {
                $o['db'][substr($key, 3)] = $value;
            } else {
                $o[$key] = $value;
            }
        } elseif (in_array($a, ['--dry-run', '--json', '--fix', '--undo'], true)) {
            $o[substr($a, 2)] = true;
        } elseif ($a === '--db-password') {
            throw new UsageError('--db-password would show in the process list: use --db-password-file or VTWS_DB_PASSWORD');
        } elseif ($a === '--help' || $a === '-h') {
            $o['command'] = 'help';
        } elseif ($a !== '' && $a[0] === '-') {
            throw new UsageError("unknown option $a");
        } elseif ($o['command'] === null) {
            $o['command'] = $a;
        } else {
            $o['names'][] = $a;
        }
    }
    if (!in_array($o['command'], ['sync', 'list', 'remove', 'doctor', 'help'], true)) {
        throw new UsageError($o['command'] === null ? 'missing command' : "unknown command {$o['command']}");
    }
    if ($o['as-php'] !== null && !preg_match('/^[78]\.\d+$/', $o['as-php'])) {
        throw new UsageError('--as-php takes a PHP version such as 7.4 or 8.2');
    }
    if ($o['command'] === 'remove' && !$o['names']) {
        throw new UsageError('remove needs the names of the operations to remove');
    }
    if ($o['command'] !== 'remove' && $o['names']) {
        throw new UsageError("unexpected argument {$o['names'][0]}");
    }
    if ($o['fix'] && $o['undo']) {
        throw new UsageError('--fix and --undo do not go together');
    }
    if (($o['fix'] || $o['undo'] || $o['json']) && $o['command'] !== 'doctor') {
        throw new UsageError('--json, --fix and --undo are options of doctor');
    }
    if ($o['manifest'] !== null && $o['command'] !== 'sync') {
        throw new UsageError('--manifest is an option of sync');
    }
    $o['root'] = rtrim($o['root'], '/');
    return $o;
}

/* ---- the Vtiger root and its database ------------------------------------------------------------------ */

/*
 * The variables a Vtiger PHP file assigns, never executing it: vtws's reader when the
 * extension is loaded; without it (doctor and list still run, to say so), only the plain
 * `$name = 'literal';` and `$name['key'] = 'literal';` lines config.inc.php and
 * vtigerversion.php are made of.
 */
function read_php_vars(string $file): array
{
    if (function_exists('Vtws\\parse_language_file')) {
        try {
            return Vtws\parse_language_file($file)['vars'];
        } catch (Vtws\Exception $e) {
            throw new EnvError($e->getMessage());
        }
    }
    $text = @file_get_contents($file);
    if ($text === false) {
        throw new EnvError("cannot read $file");
    }
    $q = '(?:\'((?:[^\'\\\\]|\\\\.)*)\'|"((?:[^"\\\\$]|\\\\.)*)")';
    preg_match_all('/^\s*\$(\w+)\s*(?:\[\s*' . $q . '\s*\])?\s*=\s*' . $q . '\s*;/m', $text, $m, PREG_SET_ORDER);
    $vars = [];
    foreach ($m as $a) {
        $value = stripslashes(($a[4] ?? '') . ($a[5] ?? ''));
        if (($a[2] ?? '') !== '' || ($a[3] ?? '') !== '') {
            $vars[$a[1]][stripslashes($a[2] . $a[3])] = $value;
        } else {
            $vars[$a[1]] = $value;
        }
    }
    return $vars;
}

/* config.inc.php's database settings, read without executing it. */
function read_dbconfig(string $root): array
{
    $file = "$root/config.inc.php";
    if (!is_file($file)) {
        throw new EnvError("$file not found: run in a Vtiger root or give --vtiger-root");
    }
    $c = read_php_vars($file)['dbconfig'] ?? null;
    if (!is_array($c)) {
        throw new EnvError("$file does not set \$dbconfig");
    }
    return $c;
}

function connect(array $o): mysqli
{
    $c = read_dbconfig($o['root']);
    $host = (string)($c['db_server'] ?? 'localhost');
    $port = ltrim((string)($c['db_port'] ?? ''), ':');
    if (strpos($host, ':') !== false) { /* "localhost:3306" or "localhost:/path/mysqld.sock" */
        [$host, $rest] = explode(':', $host, 2);
        if ($rest !== '' && $rest[0] === '/') {
            $o['db']['socket'] = $o['db']['socket'] ?? $rest;
        } else {
            $port = $rest;
        }
    }
    $host = $o['db']['host'] ?? $host;
    $port = (int)($o['db']['port'] ?? ($port === '' ? 3306 : $port));
    $user = $o['db']['user'] ?? (string)($c['db_username'] ?? '');
    $name = $o['db']['name'] ?? (string)($c['db_name'] ?? '');
    $socket = $o['db']['socket'] ?? null;
    $password = (string)($c['db_password'] ?? '');
    if (isset($o['db']['password_file'])) {
        $p = @file_get_contents($o['db']['password_file']);
        if ($p === false) {
            throw new EnvError("cannot read the password file {$o['db']['password_file']}");
        }
        $password = rtrim($p, "\r\n");
    } elseif (getenv('VTWS_DB_PASSWORD') !== false) {
        $password = getenv('VTWS_DB_PASSWORD');
    }
    if (!extension_loaded('mysqli')) {
        throw new EnvError('the mysqli extension is not loaded');
    }
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
    $where = $socket ? "socket $socket" : "$host:$port";
    try {
        $db = new mysqli($host, $user, $password, $name, $port, $socket);
        $db->set_charset('utf8mb4');
    } catch (mysqli_sql_exception $e) {
        $code = $e->getCode();
        if ($code === 1045 || $code === 1698) {
            throw new EnvError("the database refused user '$user' ($where): wrong credentials? ({$e->getMessage()})");
        }
        if ($code === 1049) {
            throw new EnvError("database '$name' does not exist ($where)");
        }
        throw new EnvError("cannot reach the database at $where: {$e->getMessage()}");
    }
    $missing = [];
    foreach (TABLES as $t) {
        if (!$db->query("SHOW TABLES LIKE '" . $db->real_escape_string($t) . "'")->num_rows) {
            $missing[] = $t;
        }
    }
    if ($missing) {
        throw new EnvError("database '$name' has no " . implode(', ', $missing) . ': is this a Vtiger database?');
    }
    return $db;
}

/* The rows as Vtiger's dispatcher reads them: parameters of each operation ORDER BY sequence. */
function stored_operations(mysqli $db): array
{
    $ops = [];
    $res = $db->query('SELECT * FROM vtiger_ws_operation ORDER BY operationid');
    $params = $db->prepare('SELECT * FROM vtiger_ws_operation_parameters WHERE operationid=? ORDER BY sequence');
    while ($row = $res->fetch_assoc()) {
        $id = (int)$row['operationid'];
        $params->bind_param('i', $id);
        $params->execute();
        $p = [];
        foreach ($params->get_result()->fetch_all(MYSQLI_ASSOC) as $pr) {
            $p[] = ['name' => $pr['name'], 'type' => $pr['type'], 'sequence' => (int)$pr['sequence']];
        }
        $ops[] = ['operationid' => $id, 'name' => $row['name'], 'handler_path' => $row['handler_path'],
                  'handler_method' => $row['handler_method'], 'type' => $row['type'],
                  'prelogin' => (int)$row['prelogin'], 'parameters' => $p];
    }
    return $ops;
}

function lock(mysqli $db): void
{
    $name = 'vtws-register:' . $db->query('SELECT DATABASE()')->fetch_row()[0];
    $got = $db->query("SELECT GET_LOCK('" . $db->real_escape_string($name) . "', 0)")->fetch_row()[0];
    if ((int)$got !== 1) {
        throw new EnvError('another vtws-register is changing this database now: try again when it is done');
    }
}

/* array_is_list(), which PHP 7.4 (Vtiger 7) does not have. */
function is_list(array $a): bool
{
    return $a === [] || array_keys($a) === range(0, count($a) - 1);
}

/* Statements of a change set, run in one transaction (or printed with --dry-run). */
final class Writer
{
    public array $printed = [];
    private int $statements = 0;
    private mysqli $db;
    private bool $dry;

    public function __construct(mysqli $db, bool $dry)
    {
        $this->db = $db;
        $this->dry = $dry;
    }

    public function isDryRun(): bool
    {
        return $this->dry;
    }

    public function run(string $sql, array $args = []): ?int
    {
        if ($this->dry) {
            $this->printed[] = preg_replace_callback('/\?/', function () use (&$args) {
                $v = array_shift($args);
                return is_int($v) ? (string)$v : "'" . $this->db->real_escape_string((string)$v) . "'";
            }, $sql) . ';';
            return null;
        }
        $st = $this->db->prepare($sql);
        if ($args) {
            $st->bind_param(implode('', array_map(fn ($a) => is_int($a) ? 'i' : 's', $args)), ...$args);
        }
        $st->execute();
        $this->statements++;
        /* for the tests: stop here mid-transaction, to be killed, or until a file appears */
        $pause = getenv('VTWS_REGISTER_TEST_PAUSE_AFTER');
        if ($pause !== false && $this->statements === (int)$pause) {
            fwrite(STDERR, "vtws-register: paused after $pause statements\n");
            $resume = getenv('VTWS_REGISTER_TEST_RESUME_FILE');
            for ($i = 0; $i < 600 && !($resume && file_exists($resume)); $i++) {
                usleep(100000);
            }
        }
        return $st->insert_id ?: null;
    }

    /* Vtiger's getUniqueID("vtiger_ws_operation"). */
    public function next_id(): int
    {
        if ($this->dry) {
            $this->printed[] = 'UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1);';
            return 0;
        }
        $this->db->query('UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1)');
        $this->statements++;
        return (int)$this->db->query('SELECT LAST_INSERT_ID()')->fetch_row()[0];
    }

    public function insert_parameters(int $id, array $op): void
    {
        foreach (array_values($op['parameters']) as $k => $p) {
            $this->run('INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES (?, ?, ?, ?)',
                [$id, $p['name'], $p['type'], $k + 1]);
        }
    }

    public function transaction(callable $body): void
    {
        if ($this->dry) {
            $body($this);
            return;
        }
        $this->db->begin_transaction();
        try {
            $body($this);
            $this->db->commit();
        } catch (Throwable $e) {
            $this->db->rollback();
            throw $e;
        }
    }
}

/* ---- definitions: vtws's own and a manifest --------------------------------------------------------------- */

function load_manifest(?string $file): array
{
    if ($file === null) {
        return [];
    }
    $text = @file_get_contents($file);
    if ($text === false) {
        throw new DefinitionError("cannot read the manifest $file");
    }
    $list = json_decode($text, true);
    if (json_last_error() !== JSON_ERROR_NONE) {
        throw new DefinitionError("$file is not valid JSON: " . json_last_error_msg());
    }
    if (!is_array($list) || !is_list($list)) {
        throw new DefinitionError("$file must hold a JSON list of operation definitions");
    }
    foreach ($list as $i => &$op) {
        if (is_array($op)) {
            $op += ['prelogin' => 0, 'parameters' => []];
        }
    }
    return $list;
}

function check_definitions(array $own, array $manifest, ?string $file): void
{
    $all = array_merge($own, $manifest);
    $problems = Vtws\validate_operations($all);
    if (!$problems) {
        return;
    }
    $lines = [];
    foreach ($problems as $p) {
        $i = $p['operation'];
        $name = is_array($all[$i] ?? null) && is_string($all[$i]['name'] ?? null) ? " ({$all[$i]['name']})" : '';
        $where = $i < count($own) ? "vtws's own operation $i$name" : "$file: entry " . ($i - count($own) + 1) . $name;
        $lines[] = "$where: {$p['message']}";
    }
    throw new DefinitionError(implode("\n", $lines));
}

/* ---- handler files vtws installs into the root -------------------------------------------------------- */

function shim_source(array $op): string
{
    return __DIR__ . '/' . $op['handler_path'];
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
    $changes = Vtws\plan_operations($wanted, stored_operations($db));
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
    $w->transaction(fn (Writer $w) => apply_changes($w, $changes, $wanted));
    if (print_dry_run_sql($w)) {
        return 0;
    }
    /* MariaDB Galera: GET_LOCK holds on one node only, so another node may have registered a
     * wanted name meanwhile. Read again and converge: the lowest id is kept, as in any plan. */
    $again = Vtws\plan_operations($wanted, stored_operations($db));
    if ($again) {
        foreach ($again as $c) {
            out('converge: ' . describe_change($c, $wanted) . ' (another writer changed these rows meanwhile)');
        }
        $w->transaction(fn (Writer $w) => apply_changes($w, $again, $wanted));
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
        if (is_file($dst) && strpos((string)file_get_contents($dst), SHIM_MARK) !== false) {
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
    $w->transaction(fn (Writer $w) => apply_changes($w, $changes, []));
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

/* ---- doctor ------------------------------------------------------------------------------------------------------------ */

/* Which call Vtiger's dispatcher makes, read from its source, and on which PHP. */
function dispatch_mode(string $root, ?string $asPhp = null): array
{
    $om = @file_get_contents("$root/include/Webservices/OperationManager.php");
    $version = '?';
    if (is_file("$root/vtigerversion.php")) {
        $v = read_php_vars("$root/vtigerversion.php")['vtiger_current_version'] ?? null;
        $version = is_string($v) ? $v : '?';
    }
    $php = $asPhp === null ? PHP_VERSION : "$asPhp (as --as-php says; doctor runs on " . PHP_VERSION . ')';
    $major = $asPhp === null ? PHP_MAJOR_VERSION : (int)$asPhp;
    if ($om === false) {
        $style = 'unknown';
        $how = 'include/Webservices/OperationManager.php not found';
    } elseif (preg_match('/\$params\s*\[\s*[\'"]user[\'"]\s*\]\s*=\s*\$user/', $om)) {
        $style = 'named';
        $how = 'its dispatcher passes arguments by name (Vtiger >= 7.5)';
    } elseif (preg_match('/\$params\s*\[\s*\]\s*=\s*\$user/', $om)) {
        $style = 'positional';
        $how = 'its dispatcher appends $user to the arguments (Vtiger <= 7.4)';
    } else {
        $style = 'unknown';
        $how = 'its dispatcher is not one vtws knows';
    }
    if ($major < 8) {
        $mode = 'positional';
        $effect = 'PHP 7 ignores the names: every operation is called positionally, in sequence order';
    } elseif ($style === 'positional') {
        $mode = 'broken';
        $effect = 'on PHP 8 that call fails for every operation with parameters ("Cannot use positional argument after named argument"): patch OperationManager.php or upgrade Vtiger';
    } else {
        $mode = 'named';
        $effect = 'on PHP 8 operations are called with named arguments: parameter names must match the handlers';
    }
    return ['mode' => $mode, 'line' => "Vtiger $version, PHP $php: $how; $effect."];
}

/* ---- Vtiger's bootstrap, and handler files loaded after it ------------------------------------------------ */

/*
 * What webservice.php loads before it dispatches, as [[require|include, path], ...]: its leading
 * require/include lines with constant paths (never the rest of the file, which serves a
 * request), so 7.x and 8.x roots get their own; without webservice.php, config.inc.php,
 * vendor/autoload.php when present and include/Webservices/Utils.php. Returns [list, source].
 */
function bootstrap_of(string $root): array
{
    $ws = @file_get_contents("$root/webservice.php");
    if ($ws !== false) {
        $files = [];
        foreach (preg_split('/\R/', $ws) as $line) {
            if (preg_match('/^\s*(\$operation\s*=|function\s|class\s)/i', $line)) {
                break;
            }
            if (preg_match('/^\s*(require|include)(?:_once)?\s*\(?\s*([\'"])([^\'"$]+)\2\s*\)?\s*;/i', $line, $m)) {
                $files[] = [strtolower($m[1]), $m[3]];
            }
        }
        if ($files) {
            return [$files, 'webservice.php'];
        }
    }
    $files = [['require', 'config.inc.php']];
    if (is_file("$root/vendor/autoload.php")) {
        $files[] = ['require', 'vendor/autoload.php'];
    }
    $files[] = ['require', 'include/Webservices/Utils.php'];
    return [$files, 'the default bootstrap'];
}

/*
 * Load each handler file in a child PHP run from the root, after Vtiger's bootstrap, as the
 * dispatcher does (a file that throws, dies or exits takes only its child down), and describe
 * the functions it defines. Per file: ['stage' => done|bootstrap|handler|died, 'at', 'error',
 * 'functions' => [method => [defined, internal, file, parameters]]].
 */
function inspect_handlers(string $root, array $byFile): array
{
    $child = <<<'PHP'
        $root = $argv[1]; $file = $argv[2]; $boot = json_decode($argv[3], true); $methods = array_slice($argv, 4);
        chdir($root);
        set_include_path($root . PATH_SEPARATOR . get_include_path());
        ini_set('display_errors', 'stderr');
        $GLOBALS['__vtws_doctor_stage'] = ['bootstrap', null];
        function __vtws_doctor_describe(array $methods) {
            $out = [];
            foreach ($methods as $m) {
                if (!function_exists($m)) { $out[$m] = ['defined' => false]; continue; }
                $f = new ReflectionFunction($m);
                $out[$m] = ['defined' => true, 'internal' => $f->isInternal(), 'file' => $f->getFileName(),
                    'parameters' => array_map(function ($p) { return ['name' => $p->getName(), 'optional' => $p->isOptional(),
                        'variadic' => $p->isVariadic()]; }, $f->getParameters())];
            }
            return $out;
        }
        function __vtws_doctor_report(array $r) {
            while (ob_get_level()) { ob_end_clean(); }
            $GLOBALS['__vtws_doctor_stage'][0] = 'reported';
            echo "\n@@vtws@@", json_encode($r, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
        }
        register_shutdown_function(function () use ($methods) {
            [$stage, $at] = $GLOBALS['__vtws_doctor_stage'];
            if ($stage === 'reported') { return; }
            $e = error_get_last();
            __vtws_doctor_report(['stage' => $stage, 'at' => $at, 'error' => $e ? $e['message'] : 'it calls exit',
                'functions' => __vtws_doctor_describe($methods)]);
        });
        ob_start();
        foreach ($boot as [$kind, $b]) {
            $GLOBALS['__vtws_doctor_stage'] = ['bootstrap', $b];
            if ($kind === 'include' && stream_resolve_include_path($b) === false) { continue; }
            try { if ($kind === 'include') { include_once $b; } else { require_once $b; } }
            catch (Throwable $e) { __vtws_doctor_report(['stage' => 'bootstrap', 'at' => $b, 'error' => get_class($e) . ': ' . $e->getMessage()]); exit; }
        }
        $GLOBALS['__vtws_doctor_stage'] = ['handler', $file];
        try { require_once $file; }
        catch (Throwable $e) {
            __vtws_doctor_report(['stage' => 'handler', 'at' => $file, 'error' => get_class($e) . ': ' . $e->getMessage(), 'functions' => __vtws_doctor_describe($methods)]);
            exit;
        }
        __vtws_doctor_report(['stage' => 'done', 'functions' => __vtws_doctor_describe($methods)]);
        PHP;
    [$boot] = bootstrap_of($root);
    $result = [];
    foreach ($byFile as $file => $methods) {
        $cmd = array_merge([PHP_BINARY, '-r', $child, $root, $file, json_encode($boot)], array_values(array_unique($methods)));
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $root);
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($p);
        $at = strrpos($stdout, '@@vtws@@');
        $r = $at === false ? null : json_decode(substr($stdout, $at + 8), true);
        if (!is_array($r)) {
            $why = trim(preg_replace('/\s+/', ' ', $stderr));
            $r = ['stage' => 'died', 'at' => $file, 'error' => $why === '' ? 'the PHP process died' : $why];
        }
        $result[$file] = $r + ['functions' => []];
    }
    return $result;
}

/* ---- a handler's signature read from its source, without running it ---------------------------------- */

/* The parameter list between the parentheses that open at $i, split at its own commas. */
function split_parameters(string $src, int $i): array
{
    $params = [];
    $cur = '';
    $depth = 1;
    $quote = null;
    for ($n = strlen($src); $i < $n; $i++) {
        $c = $src[$i];
        if ($quote !== null) {
            if ($c === '\\') {
                $cur .= $c . ($src[++$i] ?? '');
                continue;
            }
            if ($c === $quote) {
                $quote = null;
            }
        } elseif ($c === '"' || $c === "'") {
            $quote = $c;
        } elseif ($c === '(' || $c === '[') {
            $depth++;
        } elseif ($c === ')' || $c === ']') {
            if (--$depth === 0) {
                break;
            }
        } elseif ($c === ',' && $depth === 1) {
            $params[] = $cur;
            $cur = '';
            continue;
        }
        $cur .= $c;
    }
    $params[] = $cur;
    return array_values(array_filter(array_map('trim', $params), fn ($p) => $p !== ''));
}

/*
 * $method's parameters as its declaration reads — [['name', 'optional', 'variadic'], ...] —
 * in $file or in the files it requires by constant path (from the root, or beside the file);
 * null when no declaration is found. Nothing is executed.
 */
function static_signature(string $root, string $file, string $method, int $depth = 0, array &$seen = []): ?array
{
    $path = realpath($file !== '' && $file[0] === '/' ? $file : "$root/$file");
    if ($path === false || isset($seen[$path]) || $depth > 6 || !is_file($path)) {
        return null;
    }
    $seen[$path] = true;
    $src = (string)@file_get_contents($path);
    if (preg_match('/\bfunction\s+&?\s*' . preg_quote($method, '/') . '\s*\(/i', $src, $m, PREG_OFFSET_CAPTURE)) {
        $out = [];
        foreach (split_parameters($src, $m[0][1] + strlen($m[0][0])) as $p) {
            if (preg_match('/\$(\w+)/', $p, $name)) {
                $variadic = strpos($p, '...') !== false;
                $out[] = ['name' => $name[1], 'optional' => $variadic || strpos($p, '=') !== false, 'variadic' => $variadic];
            }
        }
        return $out;
    }
    preg_match_all('/\b(?:require|include)(?:_once)?\s*\(?\s*([\'"])([^\'"$]+)\1/i', $src, $includes);
    foreach ($includes[2] as $inc) {
        foreach (["$root/$inc", dirname($path) . "/$inc"] as $candidate) {
            $found = static_signature($root, $candidate, $method, $depth + 1, $seen);
            if ($found !== null) {
                return $found;
            }
        }
    }
    return null;
}

/* vtws's own handler file, whose function this PHP provides natively: it is
 * not included in a child PHP that may lack the extension. */
function is_vtws_handler(string $root, array $op): bool
{
    $m = $op['handler_method'];
    return function_exists($m) && (new ReflectionFunction($m))->isInternal() && is_file("$root/{$op['handler_path']}") &&
        strpos((string)file_get_contents("$root/{$op['handler_path']}"), SHIM_MARK) !== false;
}

function inside_root(string $root, string $path): bool
{
    $real = realpath("$root/$path");
    $rootReal = realpath($root);
    return $real !== false && $rootReal !== false && strncmp($real, $rootReal . '/', strlen($rootReal) + 1) === 0;
}

/* What breaks the call that will happen ($mode) for $sig; $check receives check_signature()'s answer. */
function signature_problems(array $op, $sig, string $mode, ?array &$check, string $how = ''): array
{
    $check = Vtws\check_signature($op, $sig);
    if ($mode === 'broken') {
        return $op['parameters'] && !$op['prelogin']
            ? ["Vtiger <= 7.4's dispatcher cannot call an operation with parameters on PHP 8"] : [];
    }
    $prefix = ($mode === 'positional' ? 'positional call: ' : 'named call: ') . $how;
    return array_map(fn ($m) => $prefix . $m, $mode === 'positional' ? $check['positional'] : $check['named']);
}

/* vtws's handler file (its mark) holds the handler of $op. */
function in_vtws_file(string $root, array $op): bool
{
    $path = "$root/{$op['handler_path']}";
    return is_file($path) && strpos((string)file_get_contents($path), SHIM_MARK) !== false;
}

/* Every stored operation's verdict under the dispatch that will really happen; 'served' says
 * who answers vtws's operations in this PHP: 'native' (the extension) or 'fallback' (the
 * handler file through Vtiger_Language_Handler). Without the extension only vtws's own
 * operations are judged; the rest are 'unchecked'. */
function diagnose(string $root, array $stored, string $mode): array
{
    if (!extension_loaded('vtws')) {
        return array_map(function ($op) use ($root) {
            $ours = in_vtws_file($root, $op);
            $v = ['operation' => $op['name'], 'operationid' => $op['operationid'], 'ok' => $ours, 'unchecked' => !$ours,
                  'problems' => [], 'fixable' => false, 'row' => $op, 'served' => $ours ? 'fallback' : null];
            if (!$ours) {
                $v['problems'][] = 'unchecked: doctor judges handlers with the vtws extension, which is not loaded in this PHP';
            }
            return $v;
        }, $stored);
    }
    $byFile = [];
    foreach ($stored as $op) {
        if (strpos($op['handler_path'], '..') === false && inside_root($root, $op['handler_path']) &&
            !is_vtws_handler($root, $op)) {
            $byFile[$op['handler_path']][] = $op['handler_method'];
        }
    }
    $inspected = inspect_handlers($root, $byFile);
    $verdicts = [];
    foreach ($stored as $op) {
        $problems = [];
        $unchecked = null;
        $fixable = false;
        $positional = [];
        foreach ($stored as $other) {
            if ($other['operationid'] !== $op['operationid'] && strcasecmp($other['name'], $op['name']) === 0) {
                $problems[] = "its name collides with operation {$other['operationid']} ({$other['name']}): Vtiger matches names ignoring case";
            }
        }
        $path = $op['handler_path'];
        $method = $op['handler_method'];
        $file = $inspected[$path] ?? null;
        $native = function_exists($method) && (new ReflectionFunction($method))->isInternal();
        if (strpos($path, '..') !== false || ($path !== '' && $path[0] === '/') ||
            (file_exists("$root/$path") && !inside_root($root, $path))) {
            $problems[] = "handler file $path is outside the Vtiger root: Vtiger refuses to include it";
        } elseif (!is_file("$root/$path")) {
            $problems[] = "handler file $path does not exist";
        } elseif (is_vtws_handler($root, $op)) {
            $problems = array_merge($problems, signature_problems($op, $method, $mode, $check));
        } elseif ($file['stage'] === 'bootstrap') {
            /* Vtiger's own bootstrap fails before the handler: only the source can tell */
            $static = static_signature($root, $path, $method);
            $found = $static === null ? [] : signature_problems($op, $static, $mode, $check, 'read from its source: ');
            $problems = array_merge($problems, $found);
            if (!$problems) {
                $unchecked = "Vtiger's bootstrap fails before the handler is loaded ({$file['at']}: "
                    . substr((string)$file['error'], 0, 240) . '): doctor cannot load the handler to judge it';
            }
        } elseif ($file['stage'] !== 'done') {
            /* what the dispatcher's require_once of the handler file will hit */
            $what = $file['stage'] === 'died' ? 'kills the PHP process' : ($file['error'] === 'it calls exit' ? 'exits' : 'fails');
            $problems[] = "loading $path after Vtiger's bootstrap $what: " . substr((string)$file['error'], 0, 300);
            $static = static_signature($root, $path, $method);
            if ($static !== null) {
                $problems = array_merge($problems, signature_problems($op, $static, $mode, $check, 'read from its source: '));
            }
        } else {
            $fn = $file['functions'][$method] ?? ['defined' => false];
            if ($fn['defined'] && !$fn['internal'] && $native) {
                $problems[] = "$path declares $method(), which the vtws extension already provides: including it is a fatal error (run sync to install vtws's handler file)";
                $sig = $fn['parameters']; /* and, without the extension, would its own function fit? */
            } elseif ($fn['defined'] && !$fn['internal']) {
                $sig = $fn['parameters'];
            } elseif ($native || ($fn['defined'] && $fn['internal'])) {
                $sig = $method; /* a native handler: its own argument info */
            } else {
                $problems[] = "$path does not define $method()";
                $sig = null;
            }
            if ($sig !== null) {
                $found = signature_problems($op, $sig, $mode, $check);
                $problems = array_merge($problems, $found);
                $positional = $check['positional'] ?? [];
                /* fails only because of the names, and would work as PHP 7 called it */
                $fixable = $mode === 'named' && $check && $check['named'] && !$check['positional']
                    && count($problems) === count($found) && !$native;
            }
        }
        $verdicts[] = ['operation' => $op['name'], 'operationid' => $op['operationid'],
                       'ok' => !$problems && $unchecked === null, 'unchecked' => $unchecked !== null,
                       'problems' => $unchecked !== null ? [$unchecked] : $problems, 'fixable' => $fixable,
                       'positional' => $positional, 'row' => $op,
                       'served' => in_vtws_file($root, $op) ? ($native ? 'native' : 'php') : null];
    }
    return $verdicts;
}

/* What serves one of vtws's operations, for people. */
function served_note(array $v): string
{
    switch ($v['served']) {
        case 'native': return 'served natively by the vtws extension ' . phpversion('vtws');
        case 'fallback': return "served by the handler file's fallback through Vtiger_Language_Handler (slower): the vtws extension is not loaded in this PHP";
        case 'php': return 'served by the handler file (PHP)';
        default: return '';
    }
}

function verdict_word(array $v): string
{
    return $v['unchecked'] ? 'unchecked' : ($v['ok'] ? 'ok' : 'FAILS');
}

function print_table(array $verdicts): void
{
    $w = max(9, ...array_map(fn ($v) => strlen($v['operation']), $verdicts));
    out(sprintf("%-{$w}s  %-9s  %s", 'operation', 'verdict', 'problems'));
    foreach ($verdicts as $v) {
        $first = true;
        $lines = $v['problems'] ?: [$v['served'] ? '(' . served_note($v) . ')' : ''];
        foreach ($lines as $p) {
            out(rtrim(sprintf("%-{$w}s  %-9s  %s", $first ? $v['operation'] : '', $first ? verdict_word($v) : '', $p)));
            $first = false;
        }
    }
    $count = array_count_values(array_map('verdict_word', $verdicts)) + ['ok' => 0, 'FAILS' => 0, 'unchecked' => 0];
    out(sprintf('%d operations: %d ok, %d will fail, %d unchecked', count($verdicts), $count['ok'], $count['FAILS'], $count['unchecked']));
}

function wrapper_name(string $op): string
{
    return substr('vtws_fix_' . preg_replace('/[^A-Za-z0-9_]/', '_', $op), 0, 64);
}

/* A handler named as registered ($user last) that calls the original positionally, as PHP 7 did. */
function wrapper_source(array $op): string
{
    $fn = wrapper_name($op['name']);
    $names = array_map(fn ($p) => $p['name'], $op['parameters']);
    if (!$op['prelogin']) {
        $names[] = 'user';
    }
    $params = implode(', ', array_map(fn ($n) => '$' . $n . ' = null', $names));
    $args = implode(', ', array_map(fn ($n) => '$' . $n, $names));
    $orig = var_export($op['handler_path'], true);
    return "<?php\n"
        . "/* Generated by vtws-register doctor --fix for the operation '{$op['name']}' (operationid {$op['operationid']}).\n"
        . " * Vtiger >= 7.5 on PHP 8 calls handlers with named arguments; {$op['handler_method']}() does not take\n"
        . " * the registered names, so this wrapper takes them and calls it positionally, as PHP 7 did.\n"
        . ' * Undo: ' . self_command() . " doctor --undo */\n"
        . "require_once $orig;\n\n"
        . "function $fn($params)\n{\n    return {$op['handler_method']}($args);\n}\n";
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
        out(json_encode(array_map(fn ($v) => ['operation' => $v['operation'], 'verdict' => verdict_word($v), 'ok' => $v['ok'],
            'unchecked' => $v['unchecked'], 'problems' => $v['problems'], 'served' => $v['served']],
            $verdicts), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT));
    } else {
        out($mode['line']);
        print_table($verdicts);
    }
    return array_filter($verdicts, fn ($v) => !$v['ok'] && !$v['unchecked']) ? 1 : 0;
}

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

function cmd_list(array $o): int
{
    $db = connect($o);
    $stored = stored_operations($db);
    $mode = dispatch_mode($o['root'], $o['as-php']);
    $verdicts = diagnose($o['root'], $stored, $mode['mode']);
    out($mode['line']);
    foreach ($verdicts as $v) {
        $op = $v['row'];
        $params = implode(', ', array_map(fn ($p) => "{$p['name']}:" . strtolower($p['type']) . "@{$p['sequence']}",
            $op['parameters']));
        out(sprintf('%4d %-32s %-4s %s %s::%s(%s)  %s', $op['operationid'], $op['name'], $op['type'],
            $op['prelogin'] ? 'prelogin' : '        ', $op['handler_path'], $op['handler_method'], $params,
            $v['ok'] ? 'ok' . ($v['served'] ? ', ' . served_note($v) : '') : verdict_word($v) . ': ' . implode('; ', $v['problems'])));
    }
    return 0;
}

/* ---- main --------------------------------------------------------------------------------------------------------------- */

/* How the user ran this command: `php vtws-register.php` from a copy of php_scripts, or
 * `vtws-register` where a package put it on PATH (a link to this file). */
function self_command(): string
{
    $name = basename($GLOBALS['argv'][0] ?? 'vtws-register.php');
    return substr($name, -4) === '.php' ? "php $name" : $name;
}

function usage(): string
{
    $doc = file_get_contents(__FILE__);
    preg_match('~/\*\n(.*?)\*/~s', $doc, $m);
    return str_replace('php vtws-register.php', self_command(), preg_replace('/^ \* ?/m', '', $m[1]));
}

function main(array $argv): int
{
    try {
        $o = parse_args($argv);
        if ($o['command'] === 'help') {
            fwrite(STDOUT, usage());
            return 0;
        }
        if (!extension_loaded('vtws') && !in_array($o['command'], ['list', 'doctor'], true) || ($o['fix'] || $o['undo']) && !extension_loaded('vtws')) {
            throw new EnvError('the vtws extension is not loaded in this PHP (php --ri vtws)');
        }
        if (!is_dir($o['root'])) {
            throw new EnvError("{$o['root']} is not a directory");
        }
        switch ($o['command']) {
            case 'sync': return cmd_sync($o);
            case 'remove': return cmd_remove($o);
            case 'list': return cmd_list($o);
            default: return cmd_doctor($o);
        }
    } catch (UsageError $e) {
        fwrite(STDERR, "vtws-register: {$e->getMessage()} (" . self_command() . " --help)\n");
        return 2;
    } catch (DefinitionError $e) {
        fwrite(STDERR, 'vtws-register: ' . str_replace("\n", "\nvtws-register: ", $e->getMessage()) . "\n");
        return 4;
    } catch (EnvError $e) {
        fwrite(STDERR, "vtws-register: {$e->getMessage()}\n");
        return 3;
    } catch (mysqli_sql_exception $e) {
        fwrite(STDERR, "vtws-register: database error: {$e->getMessage()} (nothing was changed)\n");
        return 3;
    }
}

exit(main($argv));

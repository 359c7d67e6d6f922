<?php
/*
 * vtws-register: the Vtiger root's settings and its database: connection, the stored rows, the lock, the writer of one transaction.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

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
    galera($db); /* MariaDB Galera: causal reads from here on */
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
                  'prelogin' => (int)$row['prelogin'] === 1 ? 1 : 0, 'parameters' => $p]; /* Vtiger: prelogin == 1 */
    }
    return $ops;
}

function lock(mysqli $db): void
{
    $name = 'vtws-register:' . $db->query('SELECT DATABASE()')->fetch_row()[0];
    /* Galera: the lock is this node's only, a queue for the commands here (cluster.php) */
    $wait = galera($db) ? 60 : 0;
    $got = $db->query("SELECT GET_LOCK('" . $db->real_escape_string($name) . "', $wait)")->fetch_row()[0];
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
        if (galera($this->db)) {
            cluster_transaction($this->db, fn () => $body($this));
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


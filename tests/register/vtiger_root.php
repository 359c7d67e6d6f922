<?php
/*
 * Builds Vtiger-shaped roots for the registration, install and package tests, from what
 * real Vtiger installs are (fixtures/vtiger-{8.3,7.5,7.4}-handlers.json, copied from
 * shared/fixtures): every stock operation's handler file at its real path with its real
 * function signatures, and files that behave like the real ones when loaded —
 *   - most need Vtiger's bootstrap: 8.x handlers make a Monolog\Logger, a class only the
 *     root's vendor/autoload.php provides; ConvertLead.php calls checkFileAccessForInclusion(),
 *     which only include/Webservices/Utils.php's chain (include/utils/utils.php) defines;
 *   - 7.5's modules/Mobile/api/wsapi.php fails even after it, as on PHP 8 (its include chain
 *     calls the non-static HTTP_Session::_init() statically);
 *   - 7.x roots have no vendor/;
 *   - changePassword and deleteUser point at files that do not exist.
 * The bootstrap is the one webservice.php runs (config.php → config.inc.php,
 * includes/main/WebUI.php → vendor/autoload.php on 8.x, include/Webservices/Utils.php), and
 * OperationManager.php carries the dispatcher's line (named on >= 7.5, positional on 7.4).
 * Each handler returns its name and arguments, so calls can be compared. Plus the database
 * side: vtiger_fresh_db() and vtiger_ws_tables(); and register(), which runs the command.
 */

/* The fixture of a Vtiger version: its operations as handlers.json lists them. */
function vtiger_handlers(string $version): array
{
    $v = substr($version, 0, 3);
    $file = __DIR__ . '/fixtures/vtiger-' . (in_array($v, ['7.4', '7.5', '8.3'], true) ? $v : '8.3') . '-handlers.json';
    return json_decode(file_get_contents($file), true);
}

/* "function name($a, $b = null)" from handlers.json's signature (["$a", "$b = ..."]). */
function vtiger_function_source(string $fn, array $signature): string
{
    $params = implode(', ', array_map(fn ($p) => str_replace(' = ...', ' = null', $p), $signature));
    return "function $fn($params) { return ['handler' => __FUNCTION__, 'args' => func_get_args()]; }\n";
}

function vtiger_write(string $root, string $rel, string $code): void
{
    @mkdir(dirname("$root/$rel"), 0777, true);
    file_put_contents("$root/$rel", $code);
}

function make_vtiger_root(string $root, string $socket, string $dbName, string $dbUser, string $dbPassword,
                          string $dispatcher = 'named', string $version = '8.3.0'): void
{
    $eight = (int)$version >= 8;
    vtiger_write($root, 'config.inc.php', "<?php\n"
        . "/* Vtiger config (sample) */\n"
        . "include('vtigerversion.php');\n"
        . "ini_set('memory_limit','512M');\n"
        . "\$dbconfig['db_server'] = 'localhost:$socket';\n"
        . "\$dbconfig['db_port'] = ':3306';\n"
        . "\$dbconfig['db_username'] = '$dbUser';\n"
        . "\$dbconfig['db_password'] = '$dbPassword';\n"
        . "\$dbconfig['db_name'] = '$dbName';\n"
        . "\$dbconfig['db_type'] = 'mysqli';\n"
        . "\$dbconfig['db_hostname'] = \$dbconfig['db_server'].\$dbconfig['db_port'];\n"
        . "\$root_directory = '$root/';\n"
        . "\$default_language = 'en_us';\n");
    vtiger_write($root, 'vtigerversion.php', "<?php\n\$patch_version = '';\n\$vtiger_current_version = '$version';\n");
    vtiger_write($root, 'config.php', "<?php\ninclude_once 'config.inc.php';\n");
    /* webservice.php's bootstrap, then (not run by doctor) the request */
    vtiger_write($root, 'webservice.php', "<?php\n"
        . "require_once(\"config.php\");\n"
        . "if (file_exists('config_override.php')) {\n    include_once 'config_override.php';\n}\n"
        . "include_once 'includes/main/WebUI.php';\n"
        . "require_once 'include/Webservices/Utils.php';\n"
        . "require_once(\"include/Webservices/OperationManager.php\");\n\n"
        . "\$operation = vtws_getParameter(\$_REQUEST, 'operation');\n"
        . "exit('this test root serves no request');\n");
    vtiger_write($root, 'includes/main/WebUI.php', "<?php\n" . ($eight ? "require_once 'vendor/autoload.php';\n" : ''));
    if ($eight) {
        vtiger_write($root, 'vendor/autoload.php', "<?php\nspl_autoload_register(function (\$class) {\n"
            . "    if (\$class === 'Monolog\\\\Logger') {\n        require __DIR__ . '/monolog/Logger.php';\n    }\n});\n");
        vtiger_write($root, 'vendor/monolog/Logger.php', "<?php\nnamespace Monolog;\n\nclass Logger\n{\n"
            . "    public function __construct(\$name) {}\n}\n");
    }
    vtiger_write($root, 'include/Webservices/Utils.php', "<?php\nrequire_once 'include/utils/utils.php';\n\n"
        . "function vtws_getParameter(\$parameterArray, \$paramName, \$default = null)\n{\n"
        . "    return isset(\$parameterArray[\$paramName]) ? stripslashes(addslashes(\$parameterArray[\$paramName])) : \$default;\n}\n");
    vtiger_write($root, 'include/utils/utils.php', "<?php\nfunction checkFileAccessForInclusion(\$filepath)\n{\n"
        . "    if (!is_file(\$filepath)) {\n        die('Sorry! Attempt to access restricted file.');\n    }\n}\n");
    $call = $dispatcher === 'named'
        ? "\$params['user'] = \$user;\n            return call_user_func_array(\$this->handlerMethod, \$params);"
        : "\$params[] = \$user;\n            return call_user_func_array(\$this->handlerMethod, \$params);";
    vtiger_write($root, 'include/Webservices/OperationManager.php',
        "<?php\nclass OperationManager {\n    function runOperation(\$params, \$user) {\n        if (!\$this->preLogin) {\n            $call\n        }\n    }\n}\n");
    vtiger_write($root, 'libraries/HTTP_Session/Session.php', "<?php\nclass HTTP_Session\n{\n    public function _init() {}\n}\n"
        . "HTTP_Session::_init(); /* PHP 8: Error, non-static method called statically */\n");
    vtiger_write($root, 'modules/Mobile/api/Session.php', "<?php\nrequire_once 'libraries/HTTP_Session/Session.php';\n");

    /* the handler files: their top-level needs, then their functions */
    $eightThree = array_column(vtiger_handlers('8.3.0'), 'signature', 'operation');
    $files = [];
    foreach (vtiger_handlers($version) as $op) {
        if ($op['handler_file'] !== 'present') {
            continue;
        }
        $path = $op['handler_path'];
        $files[$path] = $files[$path] ?? ['prelude' => '', 'functions' => ''];
        $loading = ($op['included_alone'] ?? '') . ' ' . ($op['after_bootstrap'] ?? '');
        $prelude = '';
        if (strpos($loading, 'Monolog') !== false) {
            $prelude = "\$vtws_test_log = new Monolog\\Logger('webservice');\n";
        } elseif (strpos($loading, 'checkFileAccessForInclusion') !== false) {
            $prelude = "checkFileAccessForInclusion('$path');\n";
        }
        if (strpos((string)($op['after_bootstrap'] ?? ''), 'HTTP_Session') !== false) {
            $prelude = "require_once 'modules/Mobile/api/Session.php';\n";
        }
        if ($prelude !== '' && strpos($files[$path]['prelude'], $prelude) === false) {
            $files[$path]['prelude'] .= $prelude;
        }
        $signature = $op['signature'] ?? $eightThree[$op['operation']] ?? null; /* 7.5's Mobile: 8.3's */
        if (strpos($files[$path]['functions'], "function {$op['handler_method']}(") === false) {
            $files[$path]['functions'] .= vtiger_function_source($op['handler_method'], (array)$signature);
        }
    }
    foreach ($files as $path => $f) {
        vtiger_write($root, $path, "<?php\n" . $f['prelude'] . $f['functions']);
    }
    /* the tutorial's handler, registered as gettranslation (id 39) in the dumped tables */
    vtiger_write($root, 'include/Webservices/GetTranslation.php',
        "<?php\n" . vtiger_function_source('vtws_gettranslation', ['$portal_language', '$module', '$totranslate', '$user']));
}

/*
 * A database $name with Vtiger 8.3's registration tables (fixtures/ws_tables.sql),
 * open to vtws/secret: 'tutorial' as dumped (gettranslation id 39, all
 * sequences 1); 'stock' without it (a fresh install: 38 rows, seq 38).
 */
function vtiger_fresh_db(mysqli $admin, string $name, string $variant = 'stock', string $version = '8.3.0'): void
{
    $admin->query("DROP DATABASE IF EXISTS `$name`");
    $admin->query("CREATE DATABASE `$name` CHARACTER SET utf8mb3");
    $admin->query("GRANT ALL ON `$name`.* TO 'vtws'@'localhost' IDENTIFIED BY 'secret'");
    $admin->select_db($name);
    $admin->multi_query(file_get_contents(__DIR__ . '/fixtures/ws_tables.sql'));
    while ($admin->more_results()) {
        $admin->next_result();
    }
    if ($variant === 'stock') {
        $admin->query('DELETE FROM vtiger_ws_operation_parameters WHERE operationid=39');
        $admin->query('DELETE FROM vtiger_ws_operation WHERE operationid=39');
        $admin->query('UPDATE vtiger_ws_operation_seq SET id=38');
    }
    /* another version's registrations (7.4.0: convertlead's parameters, no files_retrieve) */
    $ops = array_column(vtiger_handlers($version), null, 'operation');
    foreach ($admin->query('SELECT operationid, name FROM vtiger_ws_operation')->fetch_all(MYSQLI_ASSOC) as $row) {
        if ($row['name'] === 'gettranslation') {
            continue;
        }
        $id = (int)$row['operationid'];
        if (!isset($ops[$row['name']])) {
            $admin->query("DELETE FROM vtiger_ws_operation_parameters WHERE operationid=$id");
            $admin->query("DELETE FROM vtiger_ws_operation WHERE operationid=$id");
            continue;
        }
        $admin->query("DELETE FROM vtiger_ws_operation_parameters WHERE operationid=$id");
        foreach ($ops[$row['name']]['parameters'] as $p) {
            [$pname, $rest] = explode(':', $p, 2);
            [$ptype, $seq] = explode('@', $rest);
            $st = $admin->prepare('INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES (?, ?, ?, ?)');
            $st->bind_param('issi', $id, $pname, $ptype, $seq);
            $st->execute();
        }
    }
}

/*
 * Everything in the registration tables of $name, as text (for "unchanged"
 * checks). Without $with_sequence the id sequence is left out: ids are never
 * handed back, so it stays moved on after an operation is removed.
 */
function vtiger_ws_tables(mysqli $admin, string $name, bool $with_sequence = true): string
{
    $admin->select_db($name);
    $queries = ['SELECT * FROM vtiger_ws_operation ORDER BY operationid',
                'SELECT * FROM vtiger_ws_operation_parameters ORDER BY operationid, sequence, name'];
    if ($with_sequence) {
        $queries[] = 'SELECT * FROM vtiger_ws_operation_seq';
    }
    $s = '';
    foreach ($queries as $q) {
        $s .= json_encode($admin->query($q)->fetch_all()) . "\n";
    }
    return $s;
}

/* Run php_scripts/vtws-register.php on $root (with the built extension unless $withVtws is
 * false); returns [stdout, stderr, exit code], or [process, pipes] in the background.
 * These suites build their roots as root, so run as root they pass --allow-root (its
 * warning, the first line on stderr, is taken off): what vtws-register does as the site's
 * user or as root otherwise is tests/register/privileges.php's. */
function register(string $root, array $args, array $env = [], bool $background = false, bool $withVtws = true)
{
    $top = dirname(__DIR__, 2);
    $asRoot = trim((string)shell_exec('id -u')) === '0';
    $cmd = array_merge([PHP_BINARY, '-n', '-d', 'extension=mysqlnd', '-d', 'extension=mysqli'],
        $withVtws ? ['-d', "extension=$top/modules/vtws.so"] : [],
        ["$top/php_scripts/vtws-register.php", '--vtiger-root', $root], $asRoot ? ['--allow-root'] : [], $args);
    $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
    $first = '';
    if ($asRoot) { /* a usage error comes before it */
        $first = (string)fgets($pipes[2]);
        if (strpos($first, 'vtws-register: warning: running as root (--allow-root)') === 0) {
            $first = '';
        }
    }
    if ($background) {
        return [$p, $pipes];
    }
    $out = stream_get_contents($pipes[1]);
    $err = $first . stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [$out, $err, proc_close($p)];
}

/* The test command's private MariaDB (tests/db/mariadb.sh): [root's connection, its socket]. */
function test_mariadb(): array
{
    $socket = trim((string)shell_exec(escapeshellarg(dirname(__DIR__, 2) . '/tests/db/mariadb.sh') . ' socket'));
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
    $admin = new mysqli('localhost', 'root', '', '', 0, $socket);
    $admin->set_charset('utf8mb4');
    return [$admin, $socket];
}

/* Every file (and link) below $dir with its checksum: equal strings, equal trees. */
function tree_state(string $dir): string
{
    return (string)shell_exec('cd ' . escapeshellarg($dir) . ' && find . -type f -o -type l | LC_ALL=C sort | xargs md5sum');
}

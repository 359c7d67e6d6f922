<?php
/*
 * vtws-register: the command line: options, usage, how the user ran the command.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

/* ---- options ------------------------------------------------------------------------------ */

function parse_args(array $argv): array
{
    $o = ['command' => null, 'names' => [], 'root' => getcwd(), 'manifest' => null, 'as-php' => null, 'dry-run' => false,
          'json' => false, 'fix' => false, 'undo' => false, 'db' => [], 'user' => null, 'allow-root' => false, 'no-switch' => false];
    $valued = ['--vtiger-root' => 'root', '--user' => 'user', '--manifest' => 'manifest', '--as-php' => 'as-php', '--db-host' => 'db.host', '--db-port' => 'db.port',
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
        } elseif (in_array($a, ['--dry-run', '--json', '--fix', '--undo', '--allow-root', '--no-switch'], true)) {
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
    if ($o['allow-root'] && ($o['no-switch'] || $o['user'] !== null)) {
        throw new UsageError('--allow-root keeps root: it goes with neither --no-switch nor --user');
    }
    $o['root'] = rtrim($o['root'], '/');
    return $o;
}

/* How the user ran this command: `php vtws-register.php` from a copy of php_scripts, or
 * `vtws-register` where a package put it on PATH (a link to this file). */
function self_command(): string
{
    $name = basename($GLOBALS['argv'][0] ?? 'vtws-register.php');
    return substr($name, -4) === '.php' ? "php $name" : $name;
}

function usage(): string
{
    $doc = file_get_contents(VTWS_REGISTER_MAIN);
    preg_match('~/\*\n(.*?)\*/~s', $doc, $m);
    return str_replace('php vtws-register.php', self_command(), preg_replace('/^ \* ?/m', '', $m[1]));
}


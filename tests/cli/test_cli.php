<?php
/*
 * Tests of the `vtws` command (run with the extension loaded):
 * - `lang dump` prints what Vtws\parse_language_file() returns, as PHP's
 *   json_encode would (compared after decoding), for every fixture and a
 *   generated corpus;
 * - `lang check` output format, exit codes and summary; usage errors.
 * Prints one line per failure and "cli: N passed, N failed".
 */
$top = dirname(__DIR__, 2);
$vtws = "$top/_build/cli/vtws";
require dirname(__DIR__) . '/lib/check.php';

function run(string $cmd, ?string &$stderr = null): array
{
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    $stderr = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [$out, proc_close($p)];
}

/* Non-finite floats have no JSON form: the tool prints null. */
function finite(array $a): array
{
    array_walk_recursive($a, function (&$v) {
        if (is_float($v) && !is_finite($v)) {
            $v = null;
        }
    });
    return $a;
}

$files = glob("$top/tests/diff/fixtures/{,errors/}*.php", GLOB_BRACE);
$gen = sys_get_temp_dir() . '/vtws-cli-' . getmypid();
exec(sprintf('%s -n %s %s 300 %d', escapeshellarg(PHP_BINARY), escapeshellarg("$top/tests/diff/gen.php"), escapeshellarg($gen), 4242));
$files = array_merge($files, glob("$gen/*.php"));

/* as the PHP running this test reads them (the command's default is the newest PHP it knows) */
$hostPhp = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
foreach ($files as $f) {
    [$out, $rc] = run(escapeshellarg($vtws) . " lang dump --php $hostPhp " . escapeshellarg($f));
    $expected = json_decode(json_encode(finite(Vtws\parse_language_file($f)),
        JSON_INVALID_UTF8_SUBSTITUTE | JSON_PRESERVE_ZERO_FRACTION), true);
    check($rc === 0 && json_decode($out, true) === $expected, "lang dump $f");
}
exec('rm -rf ' . escapeshellarg($gen));

[$out, $rc] = run(escapeshellarg($vtws) . ' lang check ' . escapeshellarg("$top/tests/diff/fixtures/errors"), $err);
check($rc === 1, 'lang check exits 1 when a file has an error');
$lines = array_filter(explode("\n", $out));
check(count($lines) >= 20 && count(preg_grep('~^/\S+\.php:\d+:\d+: (error|warning): .+$~', $lines)) === count($lines),
    'lang check prints path:line:col: severity: message');
check(in_array("$top/tests/diff/fixtures/errors/missing-comma.php:4:2: error: syntax error, unexpected string", $lines, true),
    'lang check names the line and column of a missing comma');
check((bool)preg_match('/^vtws: \d+ files checked: \d+ errors in \d+ files, \d+ warnings?$/', trim($err)),
    'lang check summary on stderr');

$clean = sys_get_temp_dir() . '/vtws-clean-' . getmypid();
mkdir("$clean/en_us/Settings", 0777, true);
file_put_contents("$clean/en_us/Vtiger.php", "<?php\n\$languageStrings = array('LBL_SAVE' => 'Save');\n");
file_put_contents("$clean/en_us/Settings/Vtiger.php", "<?php\n\$languageStrings = ['LBL_SETTINGS' => 'Settings'];\n");
file_put_contents("$clean/en_us/notes.txt", "not php");
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check ' . escapeshellarg($clean), $err);
check($rc === 0 && $out === '' && trim($err) === 'vtws: 2 files checked: 0 errors in 0 files, 0 warnings',
    'lang check on a clean tree: exit 0, nothing on stdout, .php files only, subfolders included');
exec('rm -rf ' . escapeshellarg($clean));

[$out, $rc] = run(escapeshellarg($vtws) . ' lang dump /nonexistent/Contacts.php', $err);
check($rc === 1 && $out === '' && trim($err) === 'vtws: cannot read /nonexistent/Contacts.php: No such file or directory',
    'lang dump of a missing file: exit 1, one clear line');
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check /nonexistent', $err);
check($rc === 1 && count(explode("\n", trim($err))) === 1, 'lang check of a missing directory: exit 1, one line');
foreach (['', 'lang', 'lang dump', 'frobnicate', 'lang dump a b'] as $args) {
    [$out, $rc] = run(escapeshellarg($vtws) . ' ' . $args, $err);
    check($rc === 2 && count(explode("\n", trim($err))) === 1 && strncmp($err, 'vtws: ', 6) === 0,
        "usage error for '$args': exit 2, one line");
}
/* --php: read as that PHP does (0o octal literals exist from 8.1; PHP 8.0 stops at them) */
$octal = sys_get_temp_dir() . '/vtws-cli-octal-' . getmypid() . '.php';
file_put_contents($octal, "<?php\n\$languageStrings = array('LBL_N' => 0o17);\n");
[$out, $rc] = run(escapeshellarg($vtws) . ' lang dump ' . escapeshellarg($octal), $err);
check($rc === 0 && json_decode($out, true)['vars'] === ['languageStrings' => ['LBL_N' => 15]], 'lang dump: 0o17 is 15 (PHP 8.1+)', $out . $err);
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check --php 8.0 ' . escapeshellarg($octal), $err);
check($rc === 1 && preg_match('/^' . preg_quote($octal, '/') . ':2:\d+: error: syntax error, unexpected identifier "o17"$/m', $out) === 1,
    'lang check --php 8.0: the syntax error PHP 8.0 gives, on its line', $out . $err);
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check --php=8.1 ' . escapeshellarg($octal), $err);
check($rc === 0, 'lang check --php=8.1: no error', $out . $err);
/* the newest by default: PHP 8.5 deprecates a null offset (read off Debian's 8.5.7), 8.4 does not */
$nullKey = sys_get_temp_dir() . '/vtws-cli-null-key-' . getmypid() . '.php';
file_put_contents($nullKey, "<?php\n\$languageStrings = array(\n    null => 'empty key',\n);\n");
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check ' . escapeshellarg($nullKey), $err);
check($rc === 0 && strpos($out, "$nullKey:3:5: warning: Using null as an array offset is deprecated, use an empty string instead") !== false,
    'lang check (the newest PHP, 8.5): the null-offset deprecation, at the key', $out . $err);
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check --php 8.4 ' . escapeshellarg($nullKey), $err);
check($rc === 0 && strpos($out, 'Using null') === false, 'lang check --php 8.4: no deprecation for a null offset', $out . $err);
[$out, $rc] = run(escapeshellarg($vtws) . ' lang check --php 9.9 ' . escapeshellarg($octal), $err);
check($rc === 2 && trim($err) === 'vtws: --php takes 7.4, 8.0, 8.1, 8.2, 8.3, 8.4 or 8.5', '--php with an unknown version: exit 2, one line', $err);
unlink($octal);
unlink($nullKey);

[$out, $rc] = run(escapeshellarg($vtws) . ' --help');
check($rc === 0 && strpos($out, '  lang check DIR') !== false, '--help');

check_done('cli');

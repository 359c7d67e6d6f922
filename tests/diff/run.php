<?php
/*
 * Differential test of the language-file reader against PHP itself.
 *
 * Run with the extension loaded:
 *   php -n -d extension=modules/vtws.so tests/diff/run.php [--count N] [--seed S] [DIR...]
 * Files: every *.php below each DIR (hand-written fixtures), plus N generated
 * files (default 2000, env VTWS_DIFF_COUNT) from seed S (env VTWS_DIFF_SEED).
 *
 * For a file PHP accepts: the reader reports no error, its variables are
 * identical (===: keys, order, types, values), it warns on exactly the lines
 * where PHP warns, and it warns about text sent to the client exactly when
 * PHP sends some; if it names statements it does not evaluate (if/else,
 * foreach, ...), never a syntax error, and what it read agrees with PHP. For a
 * file PHP rejects: the reader reports an error on the line PHP names. Prints one line per failure and "diff: N passed, N failed".
 */
$opts = ['count' => getenv('VTWS_DIFF_COUNT') !== false ? (int)getenv('VTWS_DIFF_COUNT') : 2000,
         'seed' => getenv('VTWS_DIFF_SEED') !== false ? (int)getenv('VTWS_DIFF_SEED') : 20261127];
$dirs = [];
for ($i = 1; $i < $argc; $i++) {
    if ($argv[$i] === '--count' || $argv[$i] === '--seed') {
        $opts[substr($argv[$i], 2)] = (int)$argv[++$i];
    } else {
        $dirs[] = $argv[$i];
    }
}
if (!extension_loaded('vtws')) {
    fwrite(STDERR, "run.php: the vtws extension is not loaded\n");
    exit(2);
}

$work = sys_get_temp_dir() . '/vtws-diff-' . getmypid();
@mkdir($work, 0777, true);
$files = [];
foreach ($dirs as $dir) {
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
    $found = [];
    foreach ($it as $f) {
        if (substr($f->getFilename(), -4) === '.php') {
            $found[] = $f->getPathname();
        }
    }
    sort($found);
    array_push($files, ...$found);
}
if ($opts['count'] > 0) {
    $gendir = "$work/generated";
    passthru(sprintf('%s -n %s %s %d %d', escapeshellarg(PHP_BINARY), escapeshellarg(__DIR__ . '/gen.php'),
        escapeshellarg($gendir), $opts['count'], $opts['seed']), $rc);
    if ($rc !== 0) {
        fwrite(STDERR, "run.php: the generator failed\n");
        exit(2);
    }
    $gen = glob("$gendir/*.php");
    sort($gen);
    array_push($files, ...$gen);
}
file_put_contents("$work/list", implode("\n", $files) . "\n");

/* The oracle, restarted after any file that kills PHP (a fatal error). */
$oracleOut = "$work/oracle.out";
$results = [];
while (count($results) < count($files)) {
    $start = count($results);
    $cmd = sprintf('%s -n -d short_open_tag=0 -d error_reporting=-1 -d display_errors=stderr %s %s %s %d 2>&1',
        escapeshellarg(PHP_BINARY), escapeshellarg(__DIR__ . '/oracle.php'), escapeshellarg("$work/list"),
        escapeshellarg($oracleOut), $start);
    $said = (string)shell_exec($cmd);
    $lines = file($oracleOut, FILE_IGNORE_NEW_LINES) ?: [];
    $results = array_map(fn ($l) => unserialize(base64_decode($l)), $lines);
    if (count($results) === $start) { /* the file at $start killed PHP */
        /* the fatal error's line, not that of a compile-time warning printed before it */
        $line = preg_match('/(?:Fatal|Parse) error: .*? on line (\d+)/', $said, $m)
            || preg_match('/on line (\d+)/', $said, $m) ? (int)$m[1] : 0;
        $dead = ['file' => $files[$start], 'error' => ['line' => $line, 'message' => 'fatal: ' . trim($said)],
                 'warnings' => [], 'output' => ''];
        file_put_contents($oracleOut, base64_encode(serialize($dead)) . "\n", FILE_APPEND);
        $results[] = $dead;
    }
}

/* Warnings by kind, with the lines they are on. Compile-time notices (float
 * keys, ${var}) are compared by presence only: PHP attributes them to the line
 * its compiler happens to be on, which is not a property of the file. */
function warning_lines(array $warnings): array
{
    $kinds = [];
    foreach ($warnings as $w) {
        $kind = preg_replace('/[\s"$].*$/su', '', preg_replace('/^(Undefined \w+|Array to string|Trying to access|Attempt to read|Implicit conversion|Using \$\{var\})/', '$1', $w['message']));
        foreach (['Undefined variable', 'Undefined array key', 'Array to string', 'Trying to access', 'Attempt to read',
                  'Implicit conversion', 'Using ${var}', 'Uninitialized string offset', 'Automatic conversion',
                  'Using null as an array offset'] as $k) {
            if (strncmp($w['message'], $k, strlen($k)) === 0) {
                $kind = $k;
            }
        }
        /* deprecations PHP raises while it compiles or folds a literal: their line is its
         * compiler's (docs/limits.md); whether they are raised is compared */
        $presenceOnly = $kind === 'Implicit conversion' || $kind === 'Using ${var}' || $kind === 'Using null as an array offset';
        $kinds[$kind][] = $presenceOnly ? 0 : $w['line'];
    }
    foreach ($kinds as &$lines) {
        $lines = array_values(array_unique($lines));
        sort($lines);
    }
    ksort($kinds);
    return $kinds;
}

$passed = $failed = 0;
$byClass = [];
foreach ($results as $i => $php) {
    $file = $files[$i];
    $class = preg_match('/\d{5}-(\w+)\.php$/', $file, $m) ? $m[1] : 'fixture';
    $r = Vtws\parse_language_file($file);
    $errors = array_values(array_filter($r['diagnostics'], fn ($d) => $d['severity'] === 'error'));
    $warnings = array_values(array_filter($r['diagnostics'], fn ($d) => $d['severity'] === 'warning'));
    $problem = null;
    if (isset($php['error'])) {
        $lines = array_column($errors, 'line');
        if (!in_array($php['error']['line'], $lines, true)) {
            $problem = sprintf('PHP fails on line %d (%s); reader errors on lines [%s]', $php['error']['line'],
                $php['error']['message'], implode(',', $lines));
        }
    } elseif ($syntax = array_values(array_filter($errors, fn ($e) => strncmp($e['message'], 'syntax error', 12) === 0))) {
        $problem = sprintf('PHP accepts the file; reader reports a syntax error: %s', json_encode($syntax[0], JSON_UNESCAPED_UNICODE));
    } elseif ($errors && !array_filter($errors, fn ($e) => substr($e['message'], -32) !== '(the statement is not evaluated)')) {
        /* statements PHP runs and the reader names and skips (if/else, foreach, ...): what it did read is PHP's */
        foreach ($r['vars'] as $name => $value) {
            $theirs = $php['vars'][$name] ?? null;
            $agree = is_array($value) && is_array($theirs)
                ? !array_filter(array_keys($value), fn ($k) => !array_key_exists($k, $theirs) || $theirs[$k] !== $value[$k])
                : $theirs === $value;
            if (!$agree) {
                $problem = "\$$name differs from PHP's outside the statements not evaluated: reader "
                    . substr(var_export($value, true), 0, 300) . "\nphp " . substr(var_export($theirs, true), 0, 300);
                break;
            }
        }
    } elseif ($errors) {
        $problem = sprintf('PHP accepts the file; reader reports %s', json_encode($errors[0], JSON_UNESCAPED_UNICODE));
    } elseif ($r['vars'] !== $php['vars']) {
        $problem = 'values differ: php ' . substr(var_export($php['vars'], true), 0, 600) . "\nreader "
            . substr(var_export($r['vars'], true), 0, 600);
    } else {
        $isOutput = fn ($w) => strpos($w['message'], 'sent to the client') !== false;
        $php_w = warning_lines($php['warnings']);
        $reader_w = warning_lines(array_filter($warnings, fn ($w) => !$isOutput($w)));
        $readerOutput = (bool)array_filter($warnings, $isOutput);
        if ($php_w !== $reader_w) {
            $problem = 'warnings differ: php ' . json_encode($php_w) . '; reader ' . json_encode($reader_w);
        } elseif ($readerOutput !== ($php['output'] !== '')) {
            $problem = sprintf('output differs: php sends %d bytes; reader warns: %s', strlen($php['output']),
                $readerOutput ? 'yes' : 'no');
        }
    }
    $byClass[$class] = ($byClass[$class] ?? 0) + 1;
    if ($problem === null) {
        $passed++;
        continue;
    }
    $failed++;
    if ($failed <= 25) {
        echo "FAIL $file: $problem\n";
    }
}
ksort($byClass);
echo 'files by class: ', implode(', ', array_map(fn ($k, $v) => "$k $v", array_keys($byClass), $byClass)), "\n";
if ($failed === 0) {
    exec('rm -rf ' . escapeshellarg($work));
} else {
    echo "inputs kept in $work\n";
}
echo "diff: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);

<?php
/*
 * vtws-register: diagnosis: how Vtiger will call each stored operation, and what breaks that call.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

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
    [$boot] = bootstrap_of($root);
    $result = [];
    foreach ($byFile as $file => $methods) {
        $result[$file] = inspect_file($root, $file, array_values(array_unique($methods)), $boot);
    }
    return $result;
}

/* One file loaded in a doctor's child after the bootstrap $boot (bootstrap_of()). */
function inspect_file(string $root, string $file, array $methods, array $boot): array
{
    [$stdout, $stderr] = run_php(array_merge([__DIR__ . '/doctor_child.php', $root, $file, json_encode($boot)], $methods), $root);
    $at = strrpos($stdout, '@@vtws@@');
    $r = $at === false ? null : json_decode(substr($stdout, $at + 8), true);
    if (!is_array($r)) {
        $why = trim(preg_replace('/\s+/', ' ', $stderr));
        $r = ['stage' => 'died', 'at' => $file, 'error' => $why === '' ? 'the PHP process died' : $why];
    }
    return $r + ['functions' => []];
}

/*
 * This PHP (the one that serves Vtiger, or stands for it) run on $args from $cwd, with no
 * shell and no input: [stdout, stderr, exit code]. stderr goes to a file, so a child that
 * writes a lot there (a bootstrap's deprecations) cannot block on a full pipe.
 */
function run_php(array $args, string $cwd, array $phpOptions = []): array
{
    $err = tmpfile();
    $p = proc_open(array_merge([PHP_BINARY], $phpOptions, $args), [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => $err],
        $pipes, $cwd);
    if (!is_resource($p)) {
        throw new EnvError('cannot start ' . PHP_BINARY);
    }
    $stdout = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    $rc = proc_close($p);
    rewind($err);
    $stderr = (string)stream_get_contents($err);
    fclose($err);
    return [$stdout, $stderr, $rc];
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
    /* only files inside the root: a require path read from a source file is input too */
    $path = real_inside($root, $file !== '' && $file[0] === '/' ? $file : "$root/$file");
    if ($path === null || isset($seen[$path]) || $depth > 6 || !is_file($path)) {
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

/* Whether $method is a function this PHP provides natively (an extension's). */
function is_native(string $method): bool
{
    return function_exists($method) && (new ReflectionFunction($method))->isInternal();
}

/* $path (absolute, or relative to the current folder) resolved, when it is inside the root; else null. */
function real_inside(string $root, string $path): ?string
{
    if (strpos($path, "\0") !== false) {
        return null; /* realpath() throws on it */
    }
    $real = realpath($path);
    $rootReal = realpath($root);
    return $real !== false && $rootReal !== false && strncmp($real, $rootReal . '/', strlen($rootReal) + 1) === 0 ? $real : null;
}

function inside_root(string $root, string $path): bool
{
    return real_inside($root, "$root/$path") !== null;
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
    if (!inside_root($root, $op['handler_path'])) {
        return false; /* a row's path is input: nothing outside the root is read (nor a NUL byte's) */
    }
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
    $stored = array_values($stored);
    $refused = row_refusals($stored);
    /* per row, asked once: is its file vtws's handler file, is its method native (vtws's own
     * handler, then: never included in a child PHP that may lack the extension) */
    $ours = $native = $byFile = [];
    foreach ($stored as $i => $op) {
        $ours[$i] = !isset($refused[$i]) && in_vtws_file($root, $op);
        $native[$i] = !isset($refused[$i]) && is_native($op['handler_method']);
        if (!isset($refused[$i]) && inside_root($root, $op['handler_path']) && !($ours[$i] && $native[$i])) {
            $byFile[$op['handler_path']][] = $op['handler_method'];
        }
    }
    $inspected = inspect_handlers($root, $byFile);
    $verdicts = [];
    foreach ($stored as $i => $op) {
        $problems = [];
        $unchecked = null;
        $fixable = false;
        $positional = [];
        foreach ($stored as $other) {
            if ($other['operationid'] !== $op['operationid'] && strcasecmp($other['name'], $op['name']) === 0) {
                $problems[] = "its name collides with operation {$other['operationid']} ({$other['name']}): Vtiger matches names ignoring case";
            }
        }
        if (isset($refused[$i])) { /* its strings go no further: not loaded, not judged, not repaired */
            $verdicts[] = ['operation' => $op['name'], 'operationid' => $op['operationid'], 'ok' => false, 'unchecked' => false,
                           'problems' => array_merge($problems, $refused[$i]), 'fixable' => false, 'positional' => [],
                           'row' => $op, 'served' => null];
            continue;
        }
        $path = $op['handler_path'];
        $method = $op['handler_method'];
        $file = $inspected[$path] ?? null;
        if (file_exists("$root/$path") && !inside_root($root, $path)) { /* the rules refused ".." and "/": a link */
            $problems[] = "handler file $path is outside the Vtiger root: Vtiger refuses to include it";
        } elseif (!is_file("$root/$path")) {
            $problems[] = "handler file $path does not exist" . node_file_hint($root, $op, true);
        } elseif ($ours[$i] && $native[$i]) {
            $problems = array_merge($problems, signature_problems($op, $method, $mode, $check));
            $stale = stale_vtws_file($root, $op);
            if ($stale !== null) {
                $problems[] = $stale;
            }
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
            if ($fn['defined'] && !$fn['internal'] && $native[$i]) {
                $problems[] = "$path declares $method(), which the vtws extension already provides: including it is a fatal error (run sync to install vtws's handler file)";
                $sig = $fn['parameters']; /* and, without the extension, would its own function fit? */
            } elseif ($fn['defined'] && !$fn['internal']) {
                $sig = $fn['parameters'];
            } elseif ($native[$i] || ($fn['defined'] && $fn['internal'])) {
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
                    && count($problems) === count($found) && !$native[$i];
            }
        }
        $verdicts[] = ['operation' => $op['name'], 'operationid' => $op['operationid'],
                       'ok' => !$problems && $unchecked === null, 'unchecked' => $unchecked !== null,
                       'problems' => $unchecked !== null ? [$unchecked] : $problems, 'fixable' => $fixable,
                       'positional' => $positional, 'row' => $op,
                       'served' => $ours[$i] ? ($native[$i] ? 'native' : 'php') : null];
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
    /* a long hostile name overflows its own row only: the column is at most 40 wide */
    $w = min(40, max(9, ...array_map(fn ($v) => strlen(shown($v['operation'])), $verdicts)));
    out(sprintf("%-{$w}s  %-9s  %s", 'operation', 'verdict', 'problems'));
    foreach ($verdicts as $v) {
        $first = true;
        $lines = $v['problems'] ?: [$v['served'] ? '(' . served_note($v) . ')' : ''];
        foreach ($lines as $p) {
            out(rtrim(sprintf("%-{$w}s  %-9s  %s", $first ? shown($v['operation']) : '', $first ? verdict_word($v) : '', $p)));
            $first = false;
        }
    }
    $count = array_count_values(array_map('verdict_word', $verdicts)) + ['ok' => 0, 'FAILS' => 0, 'unchecked' => 0];
    out(sprintf('%d operations: %d ok, %d will fail, %d unchecked', count($verdicts), $count['ok'], $count['FAILS'], $count['unchecked']));
}


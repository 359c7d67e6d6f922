<?php
/*
 * README.md, docs/ and php_scripts/README.md against the tree: every relative link (and #anchor) points at
 * something; every INI entry, vtws command, vtws-register command and error code the
 * docs name exists, and every one that exists is documented. The lists of what exists
 * are read from the sources (ext/ INI registrations, cli/'s command table, vtws-register's
 * option parser, the codes ext/ and the handler file emit), never kept here.
 * Run: php -n tests/docs/check.php. Prints "docs: N passed, N failed".
 */
require dirname(__DIR__) . '/lib/check.php';

$top = dirname(__DIR__, 2);
chdir($top);
$pages = array_merge(['README.md', 'php_scripts/README.md'], glob('docs/*.md'));
sort($pages);
$text = [];
foreach ($pages as $p) {
    $text[$p] = (string)file_get_contents($p);
}

/* ---- the README: short, the two commands near the top ------------------------------------------ */
$readme = explode("\n", rtrim($text['README.md'], "\n"));
check(count($readme) <= 250, 'README.md has at most 250 lines (' . count($readme) . ')');
$head = implode("\n", array_slice($readme, 0, 60));
check(strpos($head, 'scripts/demo.sh') !== false && strpos($head, 'scripts/test-all.sh') !== false,
    'README.md shows the main job (scripts/demo.sh) and every test (scripts/test-all.sh) in its first 60 lines');
check(count(glob('docs/*.md')) >= 10, 'docs/ holds the pages (' . count(glob('docs/*.md')) . ')');

/* ---- markdown: prose without code, code blocks, inline code spans ------------------------------ */
/* Split a page into [prose lines (code spans blanked), code (fenced blocks' lines and spans),
 * the fenced blocks' lines alone]. */
function split_markdown(string $md): array
{
    $prose = [];
    $code = [];
    $blocks = [];
    $fence = null;
    foreach (explode("\n", $md) as $line) {
        if (preg_match('/^\s*(```|~~~)/', $line, $m)) {
            $fence = $fence === null ? $m[1] : ($m[1] === $fence ? null : $fence);
            $prose[] = '';
            continue;
        }
        if ($fence !== null) {
            $code[] = $line;
            $blocks[] = $line;
            $prose[] = '';
            continue;
        }
        preg_match_all('/(`+)(.+?)\1/', $line, $spans);
        foreach ($spans[2] as $s) {
            $code[] = trim($s);
        }
        $prose[] = preg_replace('/(`+)(.+?)\1/', ' ', $line);
    }
    return [$prose, $code, $blocks];
}

/* GitHub's anchor for each heading of a page (duplicates get -1, -2, ...). */
function anchors(string $md): array
{
    $seen = [];
    $out = [];
    [$prose] = split_markdown(preg_replace('/`([^`]*)`/', '$1', $md)); /* headings keep their code's text */
    foreach ($prose as $line) {
        if (!preg_match('/^#{1,6}\s+(.*?)\s*#*\s*$/', $line, $m)) {
            continue;
        }
        $t = preg_replace('/\[([^\]]*)\]\([^)]*\)/', '$1', $m[1]);
        $t = function_exists('mb_strtolower') ? mb_strtolower($t, 'UTF-8') : strtolower($t);
        $slug = str_replace(' ', '-', preg_replace('/[^\p{L}\p{N}_\- ]/u', '', $t));
        $n = $seen[$slug] ?? 0;
        $seen[$slug] = $n + 1;
        $out[] = $n ? "$slug-$n" : $slug;
    }
    return $out;
}

/* ---- links ------------------------------------------------------------------------------------- */
$links = 0;
foreach ($pages as $page) {
    [$prose] = split_markdown($text[$page]);
    foreach ($prose as $i => $line) {
        preg_match_all('/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/', $line, $m);
        foreach ($m[1] as $target) {
            if (preg_match('/^[a-z][a-z0-9+.-]*:/i', $target)) {
                continue; /* https:, mailto: */
            }
            $links++;
            $where = "$page:" . ($i + 1) . ": ($target)";
            [$path, $anchor] = array_pad(explode('#', $target, 2), 2, null);
            $file = $path === '' ? $page : (dirname($page) === '.' ? '' : dirname($page) . '/') . rawurldecode($path);
            if (!check(file_exists($file), "link $where points at an existing file")) {
                continue;
            }
            if ($anchor !== null && $anchor !== '') {
                $targets = is_file($file) && substr($file, -3) === '.md' ? anchors((string)file_get_contents($file)) : [];
                check(in_array($anchor, $targets, true), "link $where: #$anchor is a heading of $file",
                    'headings: ' . implode(', ', $targets));
            }
        }
    }
}
check($links >= 20, "README.md and docs/ link their pages ($links relative links)");
/* every page of docs/ is reachable from the README */
foreach (glob('docs/*.md') as $p) {
    check(strpos($text['README.md'], "($p)") !== false || strpos($text['README.md'], "($p#") !== false,
        "README.md links $p");
}

$allCode = [];
foreach ($pages as $p) {
    $allCode[$p] = split_markdown($text[$p])[1];
}

/* ---- INI entries ------------------------------------------------------------------------------- */
$ini = [];
foreach (glob('ext/*.c') as $f) {
    preg_match_all('/\b(?:STD_)?PHP_INI_(?:ENTRY\d?|BOOLEAN)(?:_EX)?\s*\(\s*"([^"]+)"/', (string)file_get_contents($f), $m);
    $ini = array_merge($ini, $m[1]);
}
$ini = array_unique($ini);
sort($ini);
check(count($ini) >= 5, 'INI entries read from ext/ (' . implode(', ', $ini) . ')');
preg_match_all('/^\|\s*`(vtws\.[a-z_]+)`\s*\|/m', $text['docs/configuration.md'] ?? '', $m);
$table = $m[1];
foreach ($ini as $name) {
    check(in_array($name, $table, true), "INI entry $name (ext/) is in docs/configuration.md's table");
}
foreach ($table as $name) {
    check(in_array($name, $ini, true), "docs/configuration.md's $name is an INI entry ext/ registers");
}
/* any INI entry named in code anywhere: `vtws.name` or `vtws.name=value` (vtws.ini, vtws.so are files) */
foreach ($allCode as $p => $code) {
    foreach ($code as $c) {
        preg_match_all('/(?<![\w\/.-])vtws\.([a-z_]+)(?![\w.\/])/', $c, $m);
        foreach ($m[1] as $n) {
            if (!in_array($n, ['ini', 'so', 'c', 'h'], true)) {
                check(in_array("vtws.$n", $ini, true), "$p names INI entry vtws.$n, which exists", $c);
            }
        }
    }
}

/* ---- the vtws command -------------------------------------------------------------------------- */
$api = (string)file_get_contents('cli/cmd_api.c');
preg_match('/cmds\[\]\s*=\s*\{(.*?)\};/s', $api, $block);
preg_match_all('/\{\s*"([a-z]+)"\s*,\s*-?\d+\s*\}/', $block[1] ?? '', $m);
$commands = $m[1];
preg_match_all('/strcmp\(argv\[0\], "([a-z]+)"\)/', (string)file_get_contents('cli/cmd_lang.c'), $m);
foreach ($m[1] as $sub) {
    $commands[] = "lang $sub";
}
check(count($commands) >= 10 && in_array('lang dump', $commands, true), 'vtws commands read from cli/ (' . implode(', ', $commands) . ')');
$usage = (string)file_get_contents('cli/main.c');
foreach ($commands as $c) {
    $word = preg_replace('/^lang /', '', $c);
    check(preg_match('/"  [^"\n]{0,30}\b' . preg_quote($word) . '\b/', $usage) === 1, "vtws --help (cli/main.c) lists $c");
}
/* documented: the synopsis block of docs/vtws-command.md */
$documented = [];
foreach (split_markdown($text['docs/vtws-command.md'] ?? '')[2] as $line) {
    if (!preg_match('/^vtws (.*)$/', $line, $m)) {
        continue;
    }
    foreach (preg_split('/\s+\|\s+/', $m[1]) as $part) {
        $w = preg_split('/\s+/', trim($part));
        $documented[] = $w[0] === 'lang' ? "lang {$w[1]}" : $w[0];
    }
}
foreach ($commands as $c) {
    check(in_array($c, $documented, true), "vtws $c is in docs/vtws-command.md's synopsis");
}
foreach ($documented as $c) {
    check(in_array($c, $commands, true), "docs/vtws-command.md's synopsis: vtws $c exists in cli/");
}
/* every `vtws WORD` the docs show as a command line (a code line or span that starts with it,
 * after a prompt, &&, ; or |) is a command (or --help, --version) */
foreach ($allCode as $p => $code) {
    foreach ($code as $c) {
        if (preg_match('/^\s*vtws [a-z]+ (?:\(|=>)/', $c)) {
            continue; /* output, not a command: "vtws reader (C, one core) ...", "vtws support => enabled" */
        }
        preg_match_all('/(?:^\s*|\$ |&& |; |\| )vtws ((?:--?)?[a-z-]+)(?: ([a-z]+))?/', $c, $m, PREG_SET_ORDER);
        foreach ($m as $x) {
            /* `vtws lang` alone (vtws lang --php ...) names the group */
            $cmd = $x[1] === 'lang' && isset($x[2]) && $x[2] !== '' ? "lang {$x[2]}" : $x[1];
            check(in_array($cmd, $commands, true) || in_array($cmd, ['lang', '--help', '--version', '-h'], true),
                "$p shows `vtws $cmd`, a command of cli/", $c);
        }
    }
}

/* ---- vtws-register ----------------------------------------------------------------------------- */
preg_match('/in_array\(\$o\[\'command\'\], \[([^\]]*)\]/', (string)file_get_contents('php_scripts/register/options.php'), $m);
preg_match_all("/'([a-z]+)'/", $m[1] ?? '', $m);
$register = array_values(array_diff($m[1], ['help']));
check(count($register) >= 4, 'vtws-register commands read from php_scripts/register/options.php (' . implode(', ', $register) . ')');
$synopsis = [];
foreach (split_markdown($text['docs/vtiger.md'] ?? '')[2] as $line) {
    if (preg_match('/^php vtws-register\.php ([a-z]+)\s/', $line, $m)) {
        $synopsis[] = $m[1];
    }
}
foreach ($register as $c) {
    check(in_array($c, $synopsis, true), "vtws-register $c is in docs/vtiger.md's synopsis");
}
foreach ($allCode as $p => $code) {
    foreach ($code as $c) {
        preg_match_all('/(?:^\s*|\$ |&& |; |\| )(?:php (?:\S*\/)?)?vtws-register(?:\.php)? ((?:--?)?[a-z-]+)/', $c, $m);
        foreach ($m[1] as $cmd) {
            check(in_array($cmd, $register, true) || in_array($cmd, ['--help', '-h'], true), "$p shows `vtws-register $cmd`, a command of php_scripts/", $c);
        }
    }
}

/* ---- error codes ------------------------------------------------------------------------------- */
preg_match_all('/#define VTWS_E_\w+ "([A-Z_]+)"/', (string)file_get_contents('ext/vtws_error.h'), $m);
$codes = $m[1];
foreach (array_merge(glob('php_scripts/include/Webservices/*.php'), glob('php_scripts/*.php')) as $f) {
    preg_match_all("/vtws_php_fail\('([A-Z_]+)'/", (string)file_get_contents($f), $m);
    $codes = array_merge($codes, $m[1]);
}
$codes = array_values(array_unique($codes));
sort($codes);
check(count($codes) >= 8, 'error codes read from ext/vtws_error.h and the handler file (' . implode(', ', $codes) . ')');
$ops = $text['docs/operations.md'] ?? '';
$rows = [];
if (preg_match('/^\| error code \| when \|\n\|[-|]+\|\n((?:\|.*\n)+)/m', $ops, $t)) {
    preg_match_all('/^\|\s*`([A-Z_]+)`\s*\|/m', $t[1], $m);
    $rows = $m[1];
}
foreach ($codes as $c) {
    check(in_array($c, $rows, true), "error code $c (emitted) is in docs/operations.md's table");
}
foreach ($rows as $c) {
    check(in_array($c, $codes, true), "docs/operations.md's error code $c is emitted by ext/ or the handler file");
}
/* every answer shown with an error code names one vtws emits or Vtiger's own */
foreach ($allCode as $p => $code) {
    foreach ($code as $c) {
        preg_match_all('/"code":"([A-Z_]+)"/', $c, $m);
        foreach ($m[1] as $x) {
            check(in_array($x, $codes, true), "$p shows error code $x, which vtws emits", $c);
        }
    }
}

check_done('docs');

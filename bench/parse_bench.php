<?php
/* Vtws\parse_language_file() against PHP's own require (inside a function, as Vtiger's
 * LanguageHandler does), in one process, rounds interleaved, best of ROUNDS each.
 * Opcache off: each require compiles the file, as a php-fpm worker's first request does.
 * Usage: php -n -d extension=vtws.so parse_bench.php LISTFILE ROUNDS
 * Prints "bytes entries vtws_seconds php_seconds". */
require __DIR__ . '/load_language_file.php';
$files = file($argv[1], FILE_IGNORE_NEW_LINES);
$rounds = (int)$argv[2];
$bytes = $entries = 0;
foreach ($files as $f) { /* same values, or the comparison means nothing */
    $bytes += filesize($f);
    [$ls, $js] = load_language_file($f);
    $vars = Vtws\parse_language_file($f)['vars'];
    if (($vars['languageStrings'] ?? []) !== $ls || ($vars['jsLanguageStrings'] ?? []) !== $js) {
        fwrite(STDERR, "parse_bench: values differ from PHP's for $f\n");
        exit(1);
    }
    $entries += count($ls) + count($js);
}
$best = ['vtws' => INF, 'php' => INF];
for ($r = 0; $r < $rounds; $r++) {
    $t = hrtime(true);
    foreach ($files as $f) {
        Vtws\parse_language_file($f);
    }
    $best['vtws'] = min($best['vtws'], (hrtime(true) - $t) / 1e9);
    $t = hrtime(true);
    foreach ($files as $f) {
        load_language_file($f);
    }
    $best['php'] = min($best['php'], (hrtime(true) - $t) / 1e9);
}
printf("%d %d %.9f %.9f\n", $bytes, $entries, $best['vtws'], $best['php']);

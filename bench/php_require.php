<?php
/* PHP's own rate for the corpus: require each file inside a function, as
 * Vtiger's LanguageHandler does. Usage: php php_require.php LISTFILE ROUNDS */
require __DIR__ . '/load_language_file.php';
$files = file($argv[1], FILE_IGNORE_NEW_LINES);
$rounds = (int)$argv[2];
$bytes = 0;
$entries = 0;
foreach ($files as $f) {
    $bytes += filesize($f);
    [$ls, $js] = load_language_file($f);
    $entries += count($ls) + count($js);
}
$best = INF;
for ($r = 0; $r < $rounds; $r++) {
    $t = hrtime(true);
    foreach ($files as $f) {
        load_language_file($f);
    }
    $best = min($best, (hrtime(true) - $t) / 1e9);
}
printf("%d %d %.9f\n", $bytes, $entries, $best);

<?php
/*
 * One measurement of gettranslation, printed as "ns_per_label labels ns", for
 * bench/translate.sh.
 *
 *   php translate_bench.php labels ROOT COUNT [module] > FILE
 *       the labels a client sends for Contacts, as JSON: most in the module or common
 *       file, 1 in 5 nowhere (the whole chain walked); "module": only labels of the
 *       module's own file (Vtiger reads no other file for them)
 *   php translate_bench.php warm ext|ref ROOT FILE ROUNDS
 *       best-of-ROUNDS time of one request translating the labels of FILE, the cache
 *       warm (ext: the extension's process cache; ref: Vtiger's algorithm in PHP,
 *       which reloads its files every request, from opcache when it is on)
 *   php translate_bench.php cold ext|ref ROOT FILE
 *       the first call of a fresh process: nothing cached, nothing read before
 *       (the labels are chosen in another process, so PHP's heap is not warmed by them)
 */
require __DIR__ . '/../tests/translate/reference.php';
[$_, $mode, $impl, $root] = $argv;

if ($mode === 'labels') {
    [$root, $count, $only] = [$argv[2], (int)$argv[3], ($argv[4] ?? '') === 'module'];
    mt_srand(7);
    $pool = [];
    foreach ($only ? ['Contacts'] : ['Contacts', 'Vtiger'] as $m) {
        $languageStrings = [];
        require "$root/languages/ru_ru/$m.php";
        $pool = array_merge($pool, array_keys(array_filter($languageStrings)));
    }
    $pool = array_values(array_unique(array_map('strval', $pool)));
    shuffle($pool);
    $labels = [];
    for ($i = 0; $i < $count; $i++) { /* distinct labels */
        $labels[] = ($only || $i % 5 !== 4) && $pool ? array_pop($pool) : "LBL_MISSING_$i";
    }
    echo json_encode($labels), "\n";
    exit(0);
}
$labels = json_decode((string)file_get_contents($argv[4]), true);
$rounds = (int)($argv[5] ?? 1);

function request(string $impl, string $root, array $labels): array
{
    if ($impl === 'ext') {
        return vtws_gettranslation($labels, 'ru_ru', 'Contacts', null);
    }
    $ref = new VtigerTranslationReference($root, 'en_us'); /* Vtiger's static container is per request */
    return $ref->gettranslation($labels, 'ru_ru', 'Contacts');
}

if ($mode === 'cold') {
    $t = hrtime(true);
    $r = request($impl, $root, $labels);
    $ns = hrtime(true) - $t;
} else {
    request($impl, $root, $labels); /* warm up: the cache, opcache; a chain is read as far */
    request($impl, $root, $labels); /* as needed first, then merged into one table */
    $ns = PHP_INT_MAX;
    for ($i = 0; $i < $rounds; $i++) {
        $t = hrtime(true);
        $r = request($impl, $root, $labels);
        $ns = min($ns, hrtime(true) - $t);
    }
}
if (count($r) !== count($labels)) {
    fwrite(STDERR, "wrong answer size\n");
    exit(1);
}
printf("%.1f %d %d\n", $ns / count($labels), count($labels), $ns);

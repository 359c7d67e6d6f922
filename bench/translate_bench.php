<?php
/*
 * One measurement of gettranslation, printed as "ns_per_label", for bench/translate.sh.
 *
 *   php translate_bench.php warm ext|ref ROOT LABELS ROUNDS
 *       best-of-ROUNDS time of one request translating LABELS labels, the cache
 *       warm (ext: the extension's process cache; ref: Vtiger's algorithm in PHP,
 *       which reloads its files every request, from opcache when it is on)
 *   php translate_bench.php cold ext|ref ROOT LABELS
 *       the first call of a fresh process: nothing cached
 */
require __DIR__ . '/../tests/translate/reference.php';
[$_, $mode, $impl, $root, $count] = $argv;
$rounds = (int)($argv[5] ?? 1);
$count = (int)$count;

/* labels a client sends for Contacts: most in the module or common file, some nowhere */
mt_srand(7);
$pool = [];
foreach (['Contacts', 'Vtiger'] as $m) {
    $languageStrings = [];
    require "$root/languages/ru_ru/$m.php";
    $pool = array_merge($pool, array_keys($languageStrings));
}
$pool = array_values(array_unique(array_map('strval', $pool)));
shuffle($pool);
$labels = [];
for ($i = 0; $i < $count; $i++) { /* distinct labels: 4 in 5 found, the rest nowhere (the whole chain walked) */
    $labels[] = ($i % 5 !== 4 && $pool) ? array_pop($pool) : "LBL_MISSING_$i";
}

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
    request($impl, $root, $labels); /* warm up: the cache, opcache */
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

<?php
/*
 * One measurement of gettranslation, printed as "ns_per_label labels ns", for
 * bench/translate.sh.
 *
 *   php translate_bench.php client-labels ROOT COUNT > FILE
 *       the labels a client page sends for Contacts on a real tree (repeats, some misses)
 *   php translate_bench.php labels ROOT COUNT [module] > FILE
 *       the labels a client sends for Contacts, as JSON: most in the module or common
 *       file, 1 in 5 nowhere (the whole chain walked); "module": only labels of the
 *       module's own file (Vtiger reads no other file for them)
 *   php translate_bench.php warm ext|ref ROOT FILE ROUNDS
 *       best-of-ROUNDS time of one request translating the labels of FILE, the cache
 *       warm (ext: the extension's process cache; ref: Vtiger's algorithm in PHP,
 *       which reloads its files every request, from opcache when it is on)
 *   php translate_bench.php interleaved - ROOT FILE ROUNDS
 *       vtws and Vtiger's algorithm alternating in one process (the extension and opcache
 *       both loaded), the answers compared: medians, ns per label of each
 *   php translate_bench.php cold ext|ref ROOT FILE
 *       the first call of a fresh process: nothing cached, nothing read before
 *       (the labels are chosen in another process, so PHP's heap is not warmed by them)
 */
require __DIR__ . '/../tests/translate/reference.php';
[$_, $mode, $impl, $root] = $argv;

if ($mode === 'client-labels') {
    /* COUNT labels as a client page asks for them on a real tree: drawn with repeats, a third
     * from the module's own file, the rest from the common strings (ru_ru's, and en_us's that
     * the Russian pack lacks: the UI still asks for them), 1 in 20 in no file at all */
    [$root, $count] = [$argv[2], (int)$argv[3]];
    mt_srand(11);
    $keys = function (string $file): array {
        $languageStrings = [];
        require $file;
        return array_values(array_map('strval', array_keys($languageStrings)));
    };
    $module = array_values(array_unique(array_merge($keys("$root/languages/ru_ru/Contacts.php"), $keys("$root/languages/en_us/Contacts.php"))));
    $common = array_values(array_unique(array_merge($keys("$root/languages/ru_ru/Vtiger.php"), $keys("$root/languages/en_us/Vtiger.php"))));
    $labels = [];
    for ($i = 0; $i < $count; $i++) {
        $r = mt_rand(0, 59);
        $labels[] = $r < 3 ? 'LBL_NOT_IN_ANY_FILE_' . mt_rand(0, 999) : ($r < 23 ? $module[mt_rand(0, count($module) - 1)] : $common[mt_rand(0, count($common) - 1)]);
    }
    echo json_encode($labels, JSON_UNESCAPED_UNICODE), "\n";
    exit(0);
}
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

if ($mode === 'interleaved') {
    /* as the held-out check measures: vtws and Vtiger's algorithm alternating in one process
     * (opcache on), so each call finds the caches as the other left them; medians of ROUNDS
     * pairs, printed as "vtws_ns_per_label php_ns_per_label labels" */
    $a = $b = [];
    request('ext', $root, $labels);
    request('ref', $root, $labels);
    request('ext', $root, $labels);
    for ($i = 0; $i < $rounds; $i++) {
        $t = hrtime(true);
        $r = request('ext', $root, $labels);
        $a[] = hrtime(true) - $t;
        $t = hrtime(true);
        $p = request('ref', $root, $labels);
        $b[] = hrtime(true) - $t;
        if ($r !== $p) {
            fwrite(STDERR, "the answers differ\n");
            exit(1);
        }
    }
    sort($a);
    sort($b);
    $n = count($labels);
    printf("%.1f %.1f %d\n", $a[intdiv($rounds, 2)] / $n, $b[intdiv($rounds, 2)] / $n, $n);
    exit(0);
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
if (count($r) !== count(array_unique($labels))) { /* the answer is keyed by label: repeats answer once */
    fwrite(STDERR, "wrong answer size\n");
    exit(1);
}
printf("%.1f %d %d\n", $ns / count($labels), count($labels), $ns);

<?php
/*
 * Differential test of the extension's translations against the reference
 * (reference.php), over generated Vtiger language trees and random lookups:
 * every label of every call through vtws_gettranslation() (lists and maps),
 * plus Vtws\translations() exports and vtws_exporttranslation() answers with
 * their content versions, in several configurations (default
 * language, vtws.fallback_languages). Run with the extension loaded:
 *   php -n -d extension=modules/vtws.so tests/translate/diff.php [LOOKUPS] [SEED]
 * Prints one line per mismatch (first 20) and "translate-diff: N passed, N failed".
 */
require __DIR__ . '/reference.php';

$lookups = (int)($argv[1] ?? getenv('VTWS_TRANSLATE_LOOKUPS') ?: 100000);
$seed = (int)($argv[2] ?? getenv('VTWS_DIFF_SEED') ?: 20261127);
mt_srand($seed);

require __DIR__ . '/tree.php';

$passed = $failed = 0;
function compare($got, $want, string $what): void
{
    global $passed, $failed;
    if ($got === $want) {
        $passed++;
        return;
    }
    $failed++;
    if ($failed <= 20) {
        echo "FAIL $what\n  got  ", json_encode($got, JSON_UNESCAPED_UNICODE), "\n  want ", json_encode($want, JSON_UNESCAPED_UNICODE), "\n";
    }
}

$configs = [['en_us', ''], ['ru_ru', ''], ['en_us', 'de_de, pt_br']];
$perConfig = intdiv($lookups, count($configs));
foreach ($configs as $ci => [$default, $fallbacks]) {
    $root = sys_get_temp_dir() . "/vtws-translate-$seed-$ci-" . getmypid();
    make_tree($root);
    ini_set('vtws.vtiger_root', $root);
    ini_set('vtws.default_language', $default);
    ini_set('vtws.fallback_languages', $fallbacks);
    $ref = new VtigerTranslationReference($root, $default,
        $fallbacks === '' ? [] : array_map('trim', explode(',', $fallbacks)));
    $done = 0;
    while ($done < $perConfig) {
        $lang = pick($languages);
        $module = pick(['Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Users', 'Home', 'Vtiger', 'Settings:Users',
                        'Settings:Picklist', 'Settings:Unknown', 'Contacts:Sub', 'Unknown', '', 'Leads:Sub']);
        $n = mt_rand(1, 60);
        $list = [];
        for ($i = 0; $i < $n; $i++) {
            $list[] = label();
        }
        if (mt_rand(0, 3) === 0) { /* a map {resultKey: label} */
            $map = [];
            foreach ($list as $i => $l) {
                $map[mt_rand(0, 1) ? label() : "k$i"] = $l;
            }
            $list = $map;
        } else {
            $list = array_values(array_unique($list));
        }
        $got = vtws_gettranslation($list, $lang, $module, null);
        $want = $ref->gettranslation($list, $lang, $module);
        foreach ($want as $k => $v) {
            compare($got[$k] ?? null, $v, "config $ci, $lang/$module, label " . json_encode($k, JSON_UNESCAPED_UNICODE));
        }
        compare(array_keys($got), array_keys($want), "config $ci, $lang/$module: answer keys and order");
        $done += count($want);
        if (mt_rand(0, 20) === 0) {
            $type = pick(['languageStrings', 'jsLanguageStrings']);
            compare(Vtws\translations($module, $lang, $type), $ref->export($module, $lang, $type),
                "config $ci, export $lang/$module $type");
        }
        if (mt_rand(0, 20) === 0) { /* the exporttranslation operation: Vtiger's export() and its content version */
            $type = pick(['languageStrings', 'jsLanguageStrings', 'all']);
            $want = $type === 'all'
                ? ['languageStrings' => $ref->export($module, $lang, 'languageStrings'),
                   'jsLanguageStrings' => $ref->export($module, $lang, 'jsLanguageStrings')]
                : $ref->export($module, $lang, $type);
            $got = vtws_exporttranslation($lang, $module, $type, null, null);
            $version = hash('fnv1a64', "exporttranslation\n$lang\n$module\n$type\n"
                . json_encode($want, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE));
            compare($got, ['language' => $lang, 'module' => $module, 'version' => $version]
                + ($type === 'all' ? $want : ['strings' => $want]), "config $ci, exporttranslation $lang/$module $type");
            compare(vtws_exporttranslation($lang, $module, $type, $version, null),
                ['language' => $lang, 'module' => $module, 'version' => $version, 'unchanged' => true],
                "config $ci, exporttranslation $lang/$module $type with the current version");
        }
    }
    exec('rm -rf ' . escapeshellarg($root));
}
echo "translate-diff: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);

<?php
/*
 * Differential test of the extension's translations against the reference
 * (reference.php), over generated Vtiger language trees and random lookups:
 * every label of every call through vtws_gettranslation() (lists and maps),
 * plus Vtws\translations() exports, in several configurations (default
 * language, vtws.fallback_languages). Run with the extension loaded:
 *   php -n -d extension=modules/vtws.so tests/translate/diff.php [LOOKUPS] [SEED]
 * Prints one line per mismatch (first 20) and "translate-diff: N passed, N failed".
 */
require __DIR__ . '/reference.php';

$lookups = (int)($argv[1] ?? getenv('VTWS_TRANSLATE_LOOKUPS') ?: 100000);
$seed = (int)($argv[2] ?? getenv('VTWS_DIFF_SEED') ?: 20261127);
mt_srand($seed);

function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }

$languages = ['en_us', 'ru_ru', 'de_de', 'pt_br'];
$modules = ['Vtiger', 'Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Users', 'Home', 'Settings/Vtiger', 'Settings/Users',
            'Settings/Picklist', 'Contacts/Sub'];
$keys = ['LBL_SAVE', 'LBL_CANCEL', 'SINGLE_Contacts', 'Contacts', 'Accounts', 'Last Name', 'Save & Close', "Don't",
         'A "quoted" label', '123', '0', '-5', '007', 'LBL_EMPTY', 'LBL_ZERO', 'Имя', 'الاسم', '联系人', 'LBL_ADD_RECORD',
         'LBL_SETTINGS', 'Users', 'LBL_X1', 'LBL_X2', 'LBL_X3', 'LBL_X4', 'LBL_X5', 'LBL_X6', 'LBL_X7', 'LBL_X8'];
$values = ['Save', 'Сохранить', 'Speichern', 'Salvar', 'Контакт', '', '0', 'x', 'Заказ & Ко', '联系人', 'Don\'t worry'];

/* A generated tree: files in most (language, module) pairs, overlays, duplicates, empty values. */
function make_tree(string $dir): void
{
    global $languages, $modules, $keys, $values;
    foreach ($languages as $lang) {
        foreach ($modules as $m) {
            foreach (['', 'custom/'] as $custom) {
                if (mt_rand(0, 99) < ($custom ? 20 : 70)) {
                    $file = "$dir/languages/$custom$lang/$m.php";
                    @mkdir(dirname($file), 0777, true);
                    $code = "<?php\n";
                    foreach (['languageStrings', 'jsLanguageStrings'] as $var) {
                        $code .= "\$$var = array(\n";
                        for ($i = mt_rand(0, 18); $i > 0; $i--) {
                            $v = mt_rand(0, 9) ? var_export(pick($values) . ' ' . $lang . '/' . $m, true)
                                               : var_export(pick($values), true);
                            if (mt_rand(0, 30) === 0) {
                                $v = pick(['0', '1', 'true', 'false', 'null', '1.5']);
                            }
                            $code .= '  ' . var_export(pick($keys), true) . " => $v,\n";
                        }
                        $code .= ");\n";
                    }
                    file_put_contents($file, $code);
                }
            }
        }
    }
}

/* A label as a client might send it: a key, an unknown key, or an HTML-encoded key. */
function label(): string
{
    global $keys;
    $r = mt_rand(0, 9);
    if ($r < 6) {
        return pick($keys);
    }
    if ($r < 8) {
        return htmlspecialchars(pick($keys), ENT_QUOTES, 'UTF-8');
    }
    return pick(['LBL_UNKNOWN', 'Nothing here', '&amp;', '&#039;', '&lt;b&gt;', 'LBL_' . mt_rand(0, 999)]);
}

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
    }
    exec('rm -rf ' . escapeshellarg($root));
}
echo "translate-diff: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);

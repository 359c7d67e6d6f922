<?php
/*
 * Generated Vtiger language trees and labels for the translation tests
 * (diff.php, fallback.php): files in most (language, module) pairs, custom
 * overlays, duplicate keys, empty and integer-like values, HTML-encoded labels.
 * Seeded with mt_srand() by the caller.
 */
function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }

$languages = ['en_us', 'ru_ru', 'de_de', 'pt_br'];
$modules = ['Vtiger', 'Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Users', 'Home', 'Settings/Vtiger', 'Settings/Users',
            'Settings/Picklist', 'Contacts/Sub'];
$keys = ['LBL_SAVE', 'LBL_CANCEL', 'SINGLE_Contacts', 'Contacts', 'Accounts', 'Last Name', 'Save & Close', "Don't",
         'A "quoted" label', '123', '0', '-5', '007', 'LBL_EMPTY', 'LBL_ZERO', 'Имя', 'الاسم', '联系人', 'LBL_ADD_RECORD',
         'LBL_SETTINGS', 'Users', 'LBL_X1', 'LBL_X2', 'LBL_X3', 'LBL_X4', 'LBL_X5', 'LBL_X6', 'LBL_X7', 'LBL_X8'];
$values = ['Save', 'Сохранить', 'Speichern', 'Salvar', 'Контакт', '', '0', 'x', 'Заказ & Ко', '联系人', 'Don\'t worry'];

/* A generated tree: files in most (language, module) pairs, overlays, duplicates, empty values.
 * $overlaysNeedBase: no overlay without its base file (Vtiger >= 7.5 on PHP 8 throws there). */
function make_tree(string $dir, bool $overlaysNeedBase = false): void
{
    global $languages, $modules, $keys, $values;
    foreach ($languages as $lang) {
        foreach ($modules as $m) {
            foreach (['', 'custom/'] as $custom) {
                if (mt_rand(0, 99) < ($custom ? 20 : 70)
                    && (!$custom || !$overlaysNeedBase || is_file("$dir/languages/$lang/$m.php"))) {
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


--TEST--
vtws_exporttranslation(): Vtiger's export() with a content version (stable across copies, changed by an edit), unchanged answers, errors; vtws_listlanguages()
--EXTENSIONS--
vtws
--INI--
vtws.revalidate_freq=0
--FILE--
<?php
class WebServiceException extends Exception {
    public $code; public $message;
    function __construct($c, $m) { $this->code = $c; $this->message = $m; }
}
function envelope(callable $f) {
    try { return json_encode(['success' => true, 'result' => $f()], JSON_UNESCAPED_UNICODE); }
    catch (WebServiceException $e) { return json_encode(['success' => false, 'error' => ['code' => $e->code, 'message' => $e->message]]); }
}
/* the oracle: PHP itself requires the files; export() is the union, first wins, of
 * module, base module and common strings, in the language, then the default one */
function php_export($root, $module, $languages, $type) {
    $out = [];
    foreach ($languages as $l) {
        $base = strpos($module, ':') ? [strstr($module, ':', true) === 'Settings' ? 'Settings:Vtiger' : strstr($module, ':', true)] : [];
        foreach (array_merge([$module], $base, ['Vtiger']) as $m) {
            $languageStrings = $jsLanguageStrings = [];
            $file = "$root/languages/$l/" . str_replace(':', '/', $m) . '.php';
            if (is_file($file)) { @require $file; }
            $custom = "$root/languages/custom/$l/" . str_replace(':', '/', $m) . '.php';
            if (is_file($custom)) {
                $base = $$type; $languageStrings = $jsLanguageStrings = []; require $custom;
                $$type = array_merge($base, $$type);
            }
            $out += $$type;
        }
    }
    return $out;
}
function copy_tree($from, $to, $mtime) {
    foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($from, FilesystemIterator::SKIP_DOTS)) as $f) {
        $dst = $to . substr($f->getPathname(), strlen($from));
        @mkdir(dirname($dst), 0777, true);
        copy($f->getPathname(), $dst);
        touch($dst, $mtime);
    }
}
$sample = __DIR__ . '/../../examples/vtiger';
$a = sys_get_temp_dir() . '/vtws-export-a-' . getmypid();
$b = sys_get_temp_dir() . '/vtws-export-b-' . getmypid();
copy_tree($sample, $a, 1500000000);
copy_tree($sample, $b, 1700000000);
$user = new stdClass; $user->language = 'ru_ru';
$default_language = 'en_us';

$root_directory = "$a/";
$ru = vtws_exporttranslation('ru_ru', 'Contacts', null, null, $user);
echo "ru_ru Contacts: ", $ru['strings'] === php_export($a, 'Contacts', ['ru_ru', 'en_us'], 'languageStrings') ? 'as PHP computes it' : 'DIFFERENT', "\n";
echo "overlay applied: ", $ru['strings']['Mobile Phone'], "; from en_us: ", $ru['strings']['LBL_DELETE'] ?? '(none)', "\n";
echo "keys: ", json_encode([$ru['language'], $ru['module'], strlen($ru['version']), preg_match('/^[0-9a-f]{16}$/', $ru['version']) === 1]), "\n";
$js = vtws_exporttranslation('', 'Contacts', 'jsLanguageStrings', '', $user); /* the user's language */
echo "js, the user's language: ", $js['language'], ' ', $js['strings'] === php_export($a, 'Contacts', ['ru_ru', 'en_us'], 'jsLanguageStrings') ? 'as PHP computes it' : 'DIFFERENT', "\n";
$all = vtws_exporttranslation('en_us', 'Settings:Users', 'all', null, $user); /* (ru_ru's is broken on purpose) */
echo "all: ", json_encode(array_keys($all)), ' ',
    $all['languageStrings'] === php_export($a, 'Settings:Users', ['en_us'], 'languageStrings')
    && $all['jsLanguageStrings'] === php_export($a, 'Settings:Users', ['en_us'], 'jsLanguageStrings') ? 'as PHP computes it' : 'DIFFERENT', "\n";
echo "unknown module: common strings only: ",
    vtws_exporttranslation('ru_ru', 'NoSuchModule', null, null, $user)['strings'] === php_export($a, 'NoSuchModule', ['ru_ru', 'en_us'], 'languageStrings') ? 'yes' : 'no', "\n";

// the version: the same for another copy (other mtimes, other inodes), on every call
$root_directory = "$b/";
$rb = vtws_exporttranslation('ru_ru', 'Contacts', null, null, $user);
echo "copy elsewhere, other mtimes: ", $rb['version'] === $ru['version'] ? 'same version' : 'OTHER version', "\n";
echo "unchanged: ", envelope(fn () => vtws_exporttranslation('ru_ru', 'Contacts', 'languageStrings', $ru['version'], $user)) === json_encode(['success' => true,
    'result' => ['language' => 'ru_ru', 'module' => 'Contacts', 'version' => $ru['version'], 'unchanged' => true]]) ? 'no strings sent' : 'WRONG', "\n";
touch("$b/languages/ru_ru/Contacts.php", 1800000000);
echo "touched, not changed: ", vtws_exporttranslation('ru_ru', 'Contacts', null, null, $user)['version'] === $ru['version'] ? 'same version' : 'OTHER version', "\n";
file_put_contents("$b/languages/ru_ru/Contacts.php", str_replace("'Контакт'", "'Контакт!'", file_get_contents("$b/languages/ru_ru/Contacts.php")));
$changed = vtws_exporttranslation('ru_ru', 'Contacts', null, $ru['version'], $user);
echo "one string changed: ", $changed['version'] !== $ru['version'] ? 'new version' : 'SAME version', ', ', $changed['strings']['SINGLE_Contacts'], "\n";
echo "other type, module or language: ", count(array_unique([$ru['version'], $js['version'],
    vtws_exporttranslation('ru_ru', 'Vtiger', null, null, $user)['version'],
    vtws_exporttranslation('en_us', 'Contacts', null, null, $user)['version']])), " different versions\n";

// bad input: Vtiger-style errors, nothing else
foreach ([['ru_ru', 'Contacts', 'bogus', null], ['ru_ru', 'Contacts', ['all'], null], ['ru_ru', 'Contacts', null, 'abc'],
          ['ru_ru', 'Contacts', null, 'ABCDEF0123456789'], ['ru_ru', 'Contacts', null, ['x']], ['xx_yy', 'Contacts', null, null],
          ['ru_ru', '../etc', null, null]] as [$l, $m, $t, $v]) {
    echo envelope(fn () => vtws_exporttranslation($l, $m, $t, $v, $user)), "\n";
}

// listlanguages: the handler file's PHP, with Vtiger's labels when it has them
require __DIR__ . '/../../php_scripts/include/Webservices/GetTranslation.php';
echo json_encode(vtws_listlanguages($user)), "\n";
if (true) { /* declared only now (a top-level class would be there from the start) */
    class Vtiger_Language_Handler { static function getAllLanguages() { return ['en_us' => 'US English', 'ru_ru' => 'Русский']; } }
}
echo json_encode(vtws_listlanguages($user), JSON_UNESCAPED_UNICODE), "\n";
exec('rm -rf ' . escapeshellarg($a) . ' ' . escapeshellarg($b));
?>
--EXPECT--
ru_ru Contacts: as PHP computes it
overlay applied: Сотовый; from en_us: Delete
keys: ["ru_ru","Contacts",16,true]
js, the user's language: ru_ru as PHP computes it
all: ["language","module","version","languageStrings","jsLanguageStrings"] as PHP computes it
unknown module: common strings only: yes
copy elsewhere, other mtimes: same version
unchanged: no strings sent
touched, not changed: same version
one string changed: new version, Контакт!
other type, module or language: 4 different versions
{"success":false,"error":{"code":"INVALID_TYPE","message":"type must be languageStrings, jsLanguageStrings or all"}}
{"success":false,"error":{"code":"INVALID_TYPE","message":"type must be a string, array given"}}
{"success":false,"error":{"code":"INVALID_VERSION","message":"version must be the 16 hex digits of an earlier answer's version"}}
{"success":false,"error":{"code":"INVALID_VERSION","message":"version must be the 16 hex digits of an earlier answer's version"}}
{"success":false,"error":{"code":"INVALID_VERSION","message":"version must be a string, array given"}}
{"success":false,"error":{"code":"INVALID_LANGUAGE","message":"language xx_yy is not installed"}}
{"success":false,"error":{"code":"INVALID_MODULE","message":"module must look like Name or Settings:Name (letters, digits, _)"}}
[{"prefix":"en_us","label":"en_us","files":4},{"prefix":"ru_ru","label":"ru_ru","files":4}]
[{"prefix":"en_us","label":"US English","files":4},{"prefix":"ru_ru","label":"Русский","files":4}]

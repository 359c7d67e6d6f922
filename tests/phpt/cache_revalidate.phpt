--TEST--
Translation cache: edits, deletions and a new overlay are seen after vtws.revalidate_freq, without restarting PHP
--EXTENSIONS--
vtws
--INI--
vtws.revalidate_freq=0
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-reval-' . getmypid();
@mkdir("$root/languages/ru_ru", 0777, true);
@mkdir("$root/languages/en_us", 0777, true);
function put($root, $rel, $strings) {
    $tmp = "$root/languages/$rel.tmp";
    @mkdir(dirname($tmp), 0777, true);
    file_put_contents($tmp, '<?php $languageStrings = ' . var_export($strings, true) . ';');
    rename($tmp, "$root/languages/$rel"); // the way deployments replace files
}
put($root, 'ru_ru/Vtiger.php', ['LBL_SAVE' => 'Сохранить']);
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты']);
put($root, 'en_us/Vtiger.php', ['LBL_SAVE' => 'Save']);
ini_set('vtws.vtiger_root', $root);
$t = fn () => json_encode(vtws_gettranslation(['Contacts', 'LBL_SAVE'], 'ru_ru', 'Contacts'), JSON_UNESCAPED_UNICODE);

echo $t(), "\n";
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты (правка)']);
echo $t(), "   edited\n";
put($root, 'custom/ru_ru/Contacts.php', ['LBL_SAVE' => 'Записать']);
echo $t(), "   overlay added\n";
unlink("$root/languages/custom/ru_ru/Contacts.php");
unlink("$root/languages/ru_ru/Contacts.php");
echo $t(), "   module file and overlay deleted\n";
$info = Vtws\cache_info();
echo "reloads: ", $info['reloads'] >= 3 ? 'yes' : 'no', ", hits: ", $info['hits'], ", misses: ", $info['misses'], "\n";

// with a long interval a change waits; cache_reset() drops everything
ini_set('vtws.revalidate_freq', '3600');
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты (v3)']);
echo $t(), "   within the interval: not checked yet\n";
Vtws\cache_reset();
echo json_encode(Vtws\cache_info()['modules']), " modules after reset\n";
echo $t(), "   after cache_reset()\n";
exec('rm -rf ' . escapeshellarg($root));
?>
--EXPECT--
{"Contacts":"Контакты","LBL_SAVE":"Сохранить"}
{"Contacts":"Контакты (правка)","LBL_SAVE":"Сохранить"}   edited
{"Contacts":"Контакты (правка)","LBL_SAVE":"Записать"}   overlay added
{"Contacts":"Contacts","LBL_SAVE":"Сохранить"}   module file and overlay deleted
reloads: yes, hits: 7, misses: 1
{"Contacts":"Contacts","LBL_SAVE":"Сохранить"}   within the interval: not checked yet
0 modules after reset
{"Contacts":"Контакты (v3)","LBL_SAVE":"Сохранить"}   after cache_reset()

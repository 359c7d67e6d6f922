--TEST--
vtws_gettranslation(): files are read as Vtiger includes them, only when a lookup reaches them
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
vtws.default_language=en_us
vtws.preload=0
error_log=/dev/null
--FILE--
<?php
function held() {
    $files = array_keys(Vtws\cache_info()['file_mtimes']);
    return implode(' ', array_map(fn ($f) => preg_replace('~^.*/languages/~', '', $f), $files));
}
// in the module's own file: only that file (and its overlay) is read
echo json_encode(vtws_gettranslation(['SINGLE_Contacts'], 'ru_ru', 'Contacts', null), JSON_UNESCAPED_UNICODE), "\n";
echo held(), "\n";
// another chain (no module: the common file, then the default language's): the common file
echo json_encode(vtws_gettranslation(['LBL_SAVE'], 'ru_ru', '', null), JSON_UNESCAPED_UNICODE), "\n";
echo held(), "\n";
// the first chain asked for again: now worth one table for the whole chain, all of it read
echo json_encode(vtws_gettranslation(['SINGLE_Contacts'], 'ru_ru', 'Contacts', null), JSON_UNESCAPED_UNICODE), "\n";
echo held(), "\n";
// a label in no file of a new chain: every file of it, the default language's included
echo json_encode(vtws_gettranslation(['LBL_NOWHERE'], 'ru_ru', 'Settings:Users', null), JSON_UNESCAPED_UNICODE), "\n";
echo held(), "\n";
?>
--EXPECT--
{"SINGLE_Contacts":"Контакт"}
custom/ru_ru/Contacts.php ru_ru/Contacts.php
{"LBL_SAVE":"Сохранить"}
custom/ru_ru/Contacts.php ru_ru/Contacts.php ru_ru/Vtiger.php
{"SINGLE_Contacts":"Контакт"}
custom/ru_ru/Contacts.php en_us/Contacts.php en_us/Vtiger.php ru_ru/Contacts.php ru_ru/Vtiger.php
{"LBL_NOWHERE":"LBL_NOWHERE"}
custom/ru_ru/Contacts.php en_us/Contacts.php en_us/Settings/Users.php en_us/Settings/Vtiger.php en_us/Vtiger.php ru_ru/Contacts.php ru_ru/Settings/Users.php ru_ru/Settings/Vtiger.php ru_ru/Vtiger.php

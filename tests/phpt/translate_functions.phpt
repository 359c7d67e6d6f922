--TEST--
Vtws\translate(), Vtws\translations() (Vtiger's export) and vtws.fallback_languages
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
error_log=/dev/null
--FILE--
<?php
var_dump(Vtws\translate('SINGLE_Contacts', 'Contacts', 'ru_ru'));
var_dump(Vtws\translate('LBL_SAVE'));                 // the default language
var_dump(Vtws\translate('LBL_RU_ONLY', '', 'en_us')); // not in en_us: the key
ini_set('vtws.fallback_languages', 'ru_ru');
var_dump(Vtws\translate('LBL_RU_ONLY', '', 'en_us')); // a last-resort language
ini_set('vtws.fallback_languages', '');
$js = Vtws\translations('Contacts', 'ru_ru', 'jsLanguageStrings');
echo json_encode($js, JSON_UNESCAPED_UNICODE), "\n";
$all = Vtws\translations('Contacts', 'ru_ru');
echo $all['Mobile Phone'], ' / ', $all['LBL_SAVE'], ' / ', $all['LBL_DELETE'], ' / ', count($all), "\n";
try {
    Vtws\translations('Contacts', 'ru_ru', 'modStrings');
} catch (Vtws\Exception $e) {
    echo $e->errorCode, ': ', $e->getMessage(), "\n";
}
ini_set('vtws.vtiger_root', '');
try {
    Vtws\translate('x');
} catch (Vtws\Exception $e) {
    echo $e->errorCode, ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
string(14) "Контакт"
string(4) "Save"
string(11) "LBL_RU_ONLY"
string(30) "Только по-русски"
{"JS_DELETE_CONTACT":"Удалить контакт?","JS_LBL_ARE_YOU_SURE_YOU_WANT_TO_DELETE":"Вы уверены, что хотите удалить?","JS_SAVED":"Saved"}
Сотовый / Сохранить / Delete / 17
INVALID_TYPE: type must be languageStrings or jsLanguageStrings
VTWS_NOT_CONFIGURED: no Vtiger root: set vtws.vtiger_root (or run inside Vtiger)

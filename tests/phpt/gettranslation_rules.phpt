--TEST--
vtws_gettranslation(): Vtiger's fallback chain, the forms of totranslate, entity decoding, the overlay
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
vtws.default_language=en_us
error_log=/dev/null
--FILE--
<?php
function show($r) { echo json_encode($r, JSON_UNESCAPED_UNICODE), "\n"; }
// module, then common strings, then the default language, then the key itself
show(vtws_gettranslation(['SINGLE_Contacts', 'LBL_SAVE', 'LBL_DELETE', 'LBL_NOWHERE'], 'ru_ru', 'Contacts'));
// Settings:Users -> Settings/Users.php, Settings/Vtiger.php, Vtiger.php; the broken line's entry is lost only
show(vtws_gettranslation(['Users', 'LBL_SETTINGS', 'LBL_CANCEL', 'LBL_USER_LIST', 'LBL_ADD_USER'], 'ru_ru', 'Settings:Users'));
// an unknown module and no module: common strings
show(vtws_gettranslation(['LBL_SAVE', 'SINGLE_Contacts'], 'ru_ru', 'NoSuchModule'));
show(vtws_gettranslation(['LBL_SAVE'], 'ru_ru', ''));
// "" and "0" are misses (PHP empty()): the default language's, then the key
show(vtws_gettranslation(['LBL_EMPTY', 'LBL_ZERO'], 'ru_ru', 'Contacts'));
// the custom overlay (languages/custom/ru_ru/Contacts.php) wins
show(vtws_gettranslation(['Mobile Phone'], 'ru_ru', 'Contacts'));
// a map {resultKey: label}: the label, else the result key, else the label itself
show(vtws_gettranslation(['save' => 'LBL_SAVE', 'Contacts' => 'no such label', 'other' => 'Plain text'], 'ru_ru', 'Contacts'));
// one label, an integer label, nothing
show(vtws_gettranslation('Contacts', 'ru_ru', 'Contacts'));
show(vtws_gettranslation(42, 'ru_ru', 'Contacts'));
show(vtws_gettranslation(null, 'ru_ru', 'Contacts'));
show(vtws_gettranslation('', 'ru_ru', 'Contacts'));
show(vtws_gettranslation([], 'ru_ru', 'Contacts'));
// keys are HTML-decoded as Vtiger does (html_entity_decode(ENT_QUOTES, UTF-8)); the answer keeps the label sent
show(vtws_gettranslation(['Last&#32;Name', 'Save &amp; Close &lt;b&gt;', 'Don&#039;t'], 'ru_ru', 'Contacts'));
// the interpolation of an undefined variable is an empty string, as in PHP
show(vtws_gettranslation(['Support Start Date'], 'ru_ru', 'Contacts'));
// Vtiger's globals win over the INI entries
show(vtws_gettranslation(['LBL_RU_ONLY'], 'en_us', 'Contacts'));
$default_language = 'ru_ru';
show(vtws_gettranslation(['LBL_RU_ONLY'], 'en_us', 'Contacts'));
$root_directory = '/nonexistent/vtiger/';
try { vtws_gettranslation(['x'], 'ru_ru', ''); } catch (Vtws\Exception $e) { echo $e->errorCode, ": ", $e->getMessage(), "\n"; }
?>
--EXPECT--
{"SINGLE_Contacts":"Контакт","LBL_SAVE":"Сохранить","LBL_DELETE":"Delete","LBL_NOWHERE":"LBL_NOWHERE"}
{"Users":"Пользователи","LBL_SETTINGS":"Настройки","LBL_CANCEL":"Отмена","LBL_USER_LIST":"Список пользователей","LBL_ADD_USER":"Add User"}
{"LBL_SAVE":"Сохранить","SINGLE_Contacts":"SINGLE_Contacts"}
{"LBL_SAVE":"Сохранить"}
{"LBL_EMPTY":"LBL_EMPTY","LBL_ZERO":"LBL_ZERO"}
{"Mobile Phone":"Сотовый"}
{"save":"Сохранить","Contacts":"Контакты","other":"Plain text"}
{"Contacts":"Контакты"}
{"42":"42"}
[]
[]
[]
{"Last&#32;Name":"Фамилия","Save &amp; Close &lt;b&gt;":"Save & Close <b>","Don&#039;t":"Don't"}
{"Support Start Date":"Начало поддержки "}
{"LBL_RU_ONLY":"LBL_RU_ONLY"}
{"LBL_RU_ONLY":"Только по-русски"}
INVALID_LANGUAGE: language ru_ru is not installed

--TEST--
vtws.preload=1 loads every language file under vtws.vtiger_root at module start
--EXTENSIONS--
vtws
--INI--
vtws.preload=1
vtws.vtiger_root={PWD}/../../examples/vtiger
error_log=/dev/null
--FILE--
<?php
$info = Vtws\cache_info();
var_dump($info['preload'], $info['modules'], $info['files'], $info['hits'], $info['bytes'] > 1000);
echo json_encode(vtws_gettranslation(['SINGLE_Contacts'], 'ru_ru', 'Contacts'), JSON_UNESCAPED_UNICODE), "\n";
$after = Vtws\cache_info();
var_dump($after['modules'] === $info['modules'], $after['hits']);
?>
--EXPECT--
bool(true)
int(8)
int(9)
int(0)
bool(true)
{"SINGLE_Contacts":"Контакт"}
bool(true)
int(1)

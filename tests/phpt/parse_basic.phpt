--TEST--
Vtws\parse_language_file(): variables and diagnostics of a Vtiger language file
--EXTENSIONS--
vtws
--FILE--
<?php
$r = Vtws\parse_language_file(__DIR__ . '/../diff/fixtures/vtiger-contacts-ru.php');
var_dump(array_keys($r));
var_dump(array_keys($r['vars']));
$ls = $r['vars']['languageStrings'];
var_dump($ls['SINGLE_Contacts'], $ls['Contacts']);
var_dump(array_search('Контакты (дубликат)', array_values($ls)) === 0); // duplicate kept the first position
var_dump(array_key_exists(123, $ls), array_key_exists(456, $ls), array_key_exists('007', $ls));
var_dump(is_int(array_keys($ls)[array_search('строка-число', array_values($ls))]));
var_dump($r['diagnostics']);
?>
--EXPECT--
array(2) {
  [0]=>
  string(4) "vars"
  [1]=>
  string(11) "diagnostics"
}
array(2) {
  [0]=>
  string(15) "languageStrings"
  [1]=>
  string(17) "jsLanguageStrings"
}
string(14) "Контакт"
string(35) "Контакты (дубликат)"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
array(1) {
  [0]=>
  array(4) {
    ["severity"]=>
    string(7) "warning"
    ["line"]=>
    int(28)
    ["column"]=>
    int(1)
    ["message"]=>
    string(53) "1 byte of text outside <?php ?> is sent to the client"
  }
}

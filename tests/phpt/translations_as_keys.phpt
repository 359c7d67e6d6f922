--TEST--
Translations and exported strings work as array keys (PHP takes an interned string's hash as known)
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
vtws.default_language=en_us
error_log=/dev/null
--FILE--
<?php
// the cached strings are handed out without a copy: a value PHP later uses as a key must
// land in the bucket that lookups of an equal string search
$r = vtws_gettranslation(['SINGLE_Contacts', 'LBL_SAVE', 'LBL_NOWHERE'], 'ru_ru', 'Contacts', null);
$byValue = [];
foreach ($r as $label => $text) {
    $byValue[$text] = $label;
}
foreach ($r as $label => $text) {
    $copy = (string)substr($text . 'x', 0, -1); // an equal string that is not the cached one
    var_dump(isset($byValue[$text]), isset($byValue[$copy]), $byValue[$copy] === $label);
}
var_dump(array_flip($r) === $byValue);
$export = vtws_exporttranslation('ru_ru', 'Contacts', 'languageStrings', '', null);
$flipped = array_flip($export['strings']);
$n = 0;
foreach ($export['strings'] as $label => $text) {
    $n += isset($flipped[(string)substr($text . 'x', 0, -1)]) ? 1 : 0;
}
var_dump($n === count($export['strings']));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)

--TEST--
Vtws\parse_language_file(): errors at their line and (byte) column; the rest of the file is still read
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID < 80000) die('skip PHP 7 reads two of these lines (parse_errors_php7.phpt: PHP 7)'); ?>
--FILE--
<?php
$file = tempnam(sys_get_temp_dir(), 'vtws');
file_put_contents($file, <<<'PHP'
<?php
$languageStrings = array(
	'LBL_OK' => 'fine',
	'LBL_ARABIC' => 'لا يمكن ' + ' الحذف',
	'LBL_CONST' => LBL_UNDEFINED,
	'LBL_CALL' => vtranslate('x'),
	'LBL_MISSING_COMMA' => 'a'
	'LBL_LOST' => 'b',
	'LBL_LAST' => 'still read',
);
$jsLanguageStrings = array('JS_OK' => "Hi $nobody");
PHP);
$r = Vtws\parse_language_file($file);
unlink($file);
var_dump($r['vars']['languageStrings']);
var_dump($r['vars']['jsLanguageStrings']);
foreach ($r['diagnostics'] as $d) {
    printf("%d:%d %s: %s\n", $d['line'], $d['column'], $d['severity'], $d['message']);
}
?>
--EXPECT--
array(3) {
  ["LBL_OK"]=>
  string(4) "fine"
  ["LBL_MISSING_COMMA"]=>
  string(1) "a"
  ["LBL_LAST"]=>
  string(10) "still read"
}
array(1) {
  ["JS_OK"]=>
  string(3) "Hi "
}
4:37 error: Unsupported operand types: string + string
5:17 error: constant LBL_UNDEFINED is not supported in a language file (PHP: Undefined constant)
6:16 error: call to vtranslate() is not supported in a language file
8:2 error: syntax error, unexpected string
11:43 warning: Undefined variable $nobody

--TEST--
Vtws\parse_language_file() on PHP 7: what 7.4 only warns about is read, as 7.4 reads it; errors keep their line and column
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID >= 80000) die('skip PHP 7 only (parse_errors.phpt: PHP 8)'); ?>
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
array(5) {
  ["LBL_OK"]=>
  string(4) "fine"
  ["LBL_ARABIC"]=>
  int(0)
  ["LBL_CONST"]=>
  string(13) "LBL_UNDEFINED"
  ["LBL_MISSING_COMMA"]=>
  string(1) "a"
  ["LBL_LAST"]=>
  string(10) "still read"
}
array(1) {
  ["JS_OK"]=>
  string(3) "Hi "
}
4:35 warning: A non-numeric value encountered
4:35 warning: A non-numeric value encountered
5:17 warning: Use of undefined constant LBL_UNDEFINED - assumed 'LBL_UNDEFINED' (this will throw an Error in a future version of PHP)
6:16 error: call to vtranslate() is not supported in a language file
8:2 error: syntax error, unexpected string
11:43 warning: Undefined variable: nobody

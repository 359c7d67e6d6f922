--TEST--
Vtws\parse_language_file(): PHP's key normalisation and value types, checked against require by the PHP that runs it
--EXTENSIONS--
vtws
--FILE--
<?php
function load($f) { require $f; unset($f); return get_defined_vars(); }
foreach (['nested-and-keys', 'old-style-mod-strings', 'strings-every-form', 'merge-and-plus', 'interpolation'] as $name) {
    $file = __DIR__ . "/../diff/fixtures/$name.php";
    $r = Vtws\parse_language_file($file);
    try {
        $expected = @load($file);
        $same = $r['vars'] === $expected;
    } catch (ParseError $e) { /* a PHP before 8.1 rejects 0o17: the reader, reading as this PHP, too */
        $same = in_array($e->getLine(), array_column(array_filter($r['diagnostics'], fn ($d) => $d['severity'] === 'error'), 'line'), true);
    }
    echo $name, ': ', $same ? 'identical' : 'DIFFERENT', "\n";
}
$v = Vtws\parse_language_file(__DIR__ . '/../diff/fixtures/nested-and-keys.php')['vars']['languageStrings'];
var_dump(array_slice(array_keys($v), 0, 12));
?>
--EXPECT--
nested-and-keys: identical
old-style-mod-strings: identical
strings-every-form: identical
merge-and-plus: identical
interpolation: identical
array(12) {
  [0]=>
  int(-5)
  [1]=>
  int(-4)
  [2]=>
  int(1)
  [3]=>
  int(0)
  [4]=>
  string(0) ""
  [5]=>
  string(2) "-0"
  [6]=>
  string(2) "00"
  [7]=>
  string(2) " 1"
  [8]=>
  int(9223372036854775807)
  [9]=>
  string(19) "9223372036854775808"
  [10]=>
  int(-9223372036854775808)
  [11]=>
  string(1) "x"
}

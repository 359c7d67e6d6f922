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
/* PHP 8 counts on from a negative key (-5, -4), PHP 7 from 0 (checked with 8.2 and 7.4.33) */
$php8 = [-5, -4, 1, 0, '', '-0', '00', ' 1', PHP_INT_MAX, '9223372036854775808', PHP_INT_MIN, 'x'];
$php7 = [-5, 0, 1, '', '-0', '00', ' 1', PHP_INT_MAX, '9223372036854775808', PHP_INT_MIN, 'x', 'new'];
$keys = array_slice(array_keys($v), 0, 12);
echo 'keys: ', $keys === (PHP_VERSION_ID >= 80000 ? $php8 : $php7) ? 'numbered as this PHP numbers them' : 'WRONG ' . json_encode($keys), "\n";
?>
--EXPECT--
nested-and-keys: identical
old-style-mod-strings: identical
strings-every-form: identical
merge-and-plus: identical
interpolation: identical
keys: numbered as this PHP numbers them

--TEST--
Vtws\parse_language_file() on PHP 7: a missing or unreadable path throws, naming it; a NUL byte in it is PHP 7's warning and null
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID >= 80000) die('skip PHP 7 only (parse_missing_file.phpt: PHP 8)'); ?>
--FILE--
<?php
foreach (['/nonexistent/languages/ru_ru/Contacts.php', __DIR__] as $path) {
    try {
        Vtws\parse_language_file($path);
        echo "no exception\n";
    } catch (Vtws\Exception $e) {
        echo get_class($e), ': ', str_replace(__DIR__, 'DIR', $e->getMessage()), "\n";
    }
}
var_dump(@Vtws\parse_language_file("ru_ru/Contacts.php\0.txt"));
echo error_get_last()['message'], "\n";
var_dump(is_subclass_of('Vtws\Exception', 'Exception'));
?>
--EXPECT--
Vtws\Exception: Cannot read language file /nonexistent/languages/ru_ru/Contacts.php: No such file or directory
Vtws\Exception: Cannot read language file DIR: Is a directory
NULL
Vtws\parse_language_file() expects parameter 1 to be a valid path, string given
bool(true)

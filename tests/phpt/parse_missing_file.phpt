--TEST--
Vtws\parse_language_file(): a missing, unreadable or invalid path throws, naming the path
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID < 80000) die('skip PHP 8 throws ValueError for a NUL byte in a path (parse_missing_file_php7.phpt: PHP 7)'); ?>
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
try {
    Vtws\parse_language_file("ru_ru/Contacts.php\0.txt");
} catch (\ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump(is_subclass_of('Vtws\Exception', 'Exception'));
?>
--EXPECT--
Vtws\Exception: Cannot read language file /nonexistent/languages/ru_ru/Contacts.php: No such file or directory
Vtws\Exception: Cannot read language file DIR: Is a directory
ValueError: Vtws\parse_language_file(): Argument #1 ($path) must not contain any null bytes
bool(true)

--TEST--
Vtws\parse_language_file(): memory_limit reached while the values are built: PHP's fatal error, and the memory the file was read into is kept for the next call, not lost
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (getenv('USE_ZEND_ALLOC') === '0') die('skip memory_limit is not enforced without the Zend allocator (run-tests -m)'); ?>
--INI--
memory_limit=4M
--FILE--
<?php
/* 2,000 entries of one 2,000-byte value: 50 KB of file, more than 4 MB of PHP strings */
$path = sys_get_temp_dir() . '/vtws-parse-memory-limit-' . getmypid() . '.php';
register_shutdown_function(function () use ($path) {
    @unlink($path);
    /* a fatal error inside the function would have lost the file's memory: none kept */
    echo "kept for reading > 0: ", Vtws\cache_info()['scratch_bytes'] > 0 ? 'yes' : 'no', "\n";
});
$f = fopen($path, 'w');
fwrite($f, "<?php\n\$v = '" . str_repeat('x', 2000) . "';\n\$languageStrings = array(\n");
for ($i = 0; $i < 2000; $i++) {
    fwrite($f, "  'k$i' => \$v,\n");
}
fwrite($f, ");\n");
fclose($f);
echo "written\n";
Vtws\parse_language_file($path);
echo "not reached\n";
?>
--EXPECTF--
written

Fatal error: Allowed memory size of 4194304 bytes exhausted%s
kept for reading > 0: yes

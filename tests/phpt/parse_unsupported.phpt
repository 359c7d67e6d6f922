--TEST--
Vtws\parse_language_file(): code PHP would run is reported, never executed
--EXTENSIONS--
vtws
--FILE--
<?php
$dir = sys_get_temp_dir() . '/vtws-unsupported-' . getmypid();
@mkdir($dir);
$marker = "$dir/executed";
$cases = [
    "\$a = file_put_contents('$marker', 'x');",
    "include '$dir/other.php';",
    "\$a = PHP_EOL;",
    "\$a = new ArrayObject([]);",
    "\$s = 'abc'; \$s[0] = 'x';",
    "echo 'sent';",
    "function f() {} \$after = 1;",
    "\$a = \$b->c;",
    "\$a = &\$b;",
    "\$a = [...[1, 2]];",
];
foreach ($cases as $i => $code) {
    file_put_contents("$dir/case.php", "<?php\n$code\n");
    $r = Vtws\parse_language_file("$dir/case.php");
    $errors = array_filter($r['diagnostics'], fn ($d) => $d['severity'] === 'error');
    $e = reset($errors);
    printf("%d: %s line %d: %s\n", $i, $errors ? 'error' : 'NO ERROR', $e['line'] ?? 0, $e['message'] ?? '');
}
var_dump(file_exists($marker));
unlink("$dir/case.php");
rmdir($dir);
file_put_contents($f = tempnam(sys_get_temp_dir(), 'vtws'), "<?= 'hello' ?>\n");
$r = Vtws\parse_language_file($f);
unlink($f);
echo $r['diagnostics'][0]['message'], "\n";
?>
--EXPECT--
0: error line 2: call to file_put_contents() is not supported in a language file
1: error line 2: 'include' is not supported in a language file (the statement is not evaluated)
2: error line 2: constant PHP_EOL is not supported in a language file (PHP defines it; write its value)
3: error line 2: 'new' is not supported in a language file
4: error line 2: writing to string offsets is not supported
5: error line 2: 'echo' is not supported in a language file
6: error line 2: 'function' is not supported in a language file (the statement is not evaluated)
7: error line 2: property access is not supported
8: error line 2: assignment by reference is not supported
9: error line 2: spread (...) in array literals is not supported
bool(false)
<?= output is not supported in a language file

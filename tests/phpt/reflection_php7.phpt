--TEST--
vtws on PHP 7: every function with its parameters from the stub's legacy arginfo (PHP 7 has no internal defaults nor union types to show); phpinfo shows the module
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID >= 80000) die('skip PHP 7 only (reflection.phpt: PHP 8)'); ?>
--FILE--
<?php
foreach ((new ReflectionExtension('vtws'))->getFunctions() as $f) {
    $params = array_map(fn ($p) => '$' . $p->getName() . ($p->isOptional() ? ' = ?' : ''), $f->getParameters());
    echo $f->getName(), '(', implode(', ', $params), ")\n";
}
echo (new ReflectionClass('Vtws\Exception'))->getParentClass()->getName(), "\n";
var_dump(phpversion('vtws') === (new ReflectionExtension('vtws'))->getVersion());
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump(preg_match('/^vtws support => enabled$/m', $info) === 1);
?>
--EXPECT--
Vtws\parse_language_file($path)
Vtws\translate($key, $module = ?, $language = ?)
Vtws\translations($module, $language = ?, $type = ?)
Vtws\cache_info()
Vtws\cache_reset()
Vtws\operations()
Vtws\validate_operations($operations, $stored = ?)
Vtws\plan_operations($wanted, $stored)
Vtws\check_signature($operation, $handler)
vtws_gettranslation($totranslate = ?, $language = ?, $module = ?, $user = ?)
vtws_exporttranslation($language = ?, $module = ?, $type = ?, $version = ?, $user = ?)
Exception
bool(true)
bool(true)

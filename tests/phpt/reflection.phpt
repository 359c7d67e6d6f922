--TEST--
vtws: functions carry the stub's types; phpinfo shows the module
--EXTENSIONS--
vtws
--FILE--
<?php
$f = new ReflectionFunction('Vtws\parse_language_file');
echo $f->getName(), '(', $f->getParameters()[0]->getType(), ' $', $f->getParameters()[0]->getName(), '): ', $f->getReturnType(), "\n";
var_dump(phpversion('vtws') === (new ReflectionExtension('vtws'))->getVersion());
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump(preg_match('/^vtws support => enabled$/m', $info) === 1);
var_dump(preg_match('/^Version => \d+\.\d+\.\d+$/m', $info) === 1);
?>
--EXPECT--
Vtws\parse_language_file(string $path): array
bool(true)
bool(true)
bool(true)

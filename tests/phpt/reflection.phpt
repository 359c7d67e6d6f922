--TEST--
vtws: every function with its typed signature from the stub; phpinfo shows the module
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_VERSION_ID < 80000) die('skip PHP 7 cannot report internal functions\' defaults (reflection_php7.phpt: PHP 7)'); ?>
--FILE--
<?php
foreach ((new ReflectionExtension('vtws'))->getFunctions() as $f) {
    $params = array_map(fn ($p) => ($p->getType() ? $p->getType() . ' ' : '') . '$' . $p->getName()
        . ($p->isOptional() ? ' = ' . var_export($p->getDefaultValue(), true) : ''), $f->getParameters());
    echo $f->getName(), '(', implode(', ', $params), '): ', $f->getReturnType(), "\n";
}
$e = new ReflectionClass('Vtws\Exception');
echo $e->getParentClass()->getName(), ' ', $e->getProperty('errorCode')->getType(), "\n";
var_dump(phpversion('vtws') === (new ReflectionExtension('vtws'))->getVersion());
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump(preg_match('/^vtws support => enabled$/m', $info) === 1);
var_dump(preg_match('/^Version => \d+\.\d+\.\d+$/m', $info) === 1);
?>
--EXPECT--
Vtws\parse_language_file(string $path): array
Vtws\translate(string $key, string $module = '', ?string $language = NULL): string
Vtws\translations(string $module, ?string $language = NULL, string $type = 'languageStrings'): array
Vtws\cache_info(): array
Vtws\cache_reset(): void
Vtws\operations(): array
Vtws\validate_operations(array $operations, bool $stored = false): array
Vtws\plan_operations(array $wanted, array $stored): array
Vtws\check_signature(array $operation, array|string $handler): array
vtws_gettranslation(mixed $totranslate = NULL, mixed $language = NULL, mixed $module = NULL, mixed $user = NULL): array
vtws_exporttranslation(mixed $language = NULL, mixed $module = NULL, mixed $type = NULL, mixed $version = NULL, mixed $user = NULL): array
Exception string
bool(true)
bool(true)
bool(true)

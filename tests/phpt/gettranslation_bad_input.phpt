--TEST--
vtws_gettranslation(): every bad input is a WebServiceException with a clear code; no warning, no Error
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
vtws.max_labels=100
error_reporting=-1
--FILE--
<?php
class WebServiceException extends Exception {
    public $code; public $message;
    function __construct($c, $m) { $this->code = $c; $this->message = $m; }
}
set_error_handler(function ($no, $str) { echo "PHP NOTICE/WARNING: $str\n"; return true; });
$obj = new stdClass;
$cases = [
    // language
    ['language: path traversal', [['x'], '../../../etc/passwd', 'Contacts']],
    ['language: dot dot', [['x'], '..', 'Contacts']],
    ['language: NUL byte', [['x'], "ru_ru\0", 'Contacts']],
    ['language: NUL inside', [['x'], "ru\0ru", 'Contacts']],
    ['language: 10 KB', [['x'], str_repeat('a', 10240), 'Contacts']],
    ['language: not installed', [['x'], 'de_de', 'Contacts']],
    ['language: upper case dir missing', [['x'], 'RU_RU', 'Contacts']],
    ['language: no underscore', [['x'], 'ruru1', 'Contacts']],
    ['language: slash', [['x'], 'ru/ru', 'Contacts']],
    ['language: custom dir', [['x'], 'custom', 'Contacts']],
    ['language: array', [['x'], ['ru_ru'], 'Contacts']],
    ['language: object', [['x'], $obj, 'Contacts']],
    ['language: integer', [['x'], 42, 'Contacts']],
    ['language: true', [['x'], true, 'Contacts']],
    ['language: float', [['x'], 1.5, 'Contacts']],
    ['language: invalid UTF-8', [['x'], "r\xffu_ru", 'Contacts']],
    // module
    ['module: traversal', [['x'], 'ru_ru', '../../config.inc']],
    ['module: absolute', [['x'], 'ru_ru', '/etc/passwd']],
    ['module: NUL byte', [['x'], 'ru_ru', "Contacts\0.php"]],
    ['module: dots', [['x'], 'ru_ru', 'Settings.Users']],
    ['module: two colons', [['x'], 'ru_ru', 'A:B:C']],
    ['module: trailing colon', [['x'], 'ru_ru', 'Settings:']],
    ['module: leading colon', [['x'], 'ru_ru', ':Users']],
    ['module: space', [['x'], 'ru_ru', 'My Module']],
    ['module: 10 KB', [['x'], 'ru_ru', str_repeat('M', 10240)]],
    ['module: array', [['x'], 'ru_ru', ['Contacts']]],
    ['module: object', [['x'], 'ru_ru', $obj]],
    ['module: integer', [['x'], 'ru_ru', 7]],
    ['module: backslash', [['x'], 'ru_ru', 'Con\\tacts']],
    // totranslate
    ['totranslate: nested list', [[['a']], 'ru_ru', 'Contacts']],
    ['totranslate: nested map', [['k' => ['a' => 'b']], 'ru_ru', 'Contacts']],
    ['totranslate: object', [$obj, 'ru_ru', 'Contacts']],
    ['totranslate: true', [true, 'ru_ru', 'Contacts']],
    ['totranslate: false', [false, 'ru_ru', 'Contacts']],
    ['totranslate: float', [1.5, 'ru_ru', 'Contacts']],
    ['totranslate: null label', [[null], 'ru_ru', 'Contacts']],
    ['totranslate: bool label', [[true], 'ru_ru', 'Contacts']],
    ['totranslate: float label', [[2.5], 'ru_ru', 'Contacts']],
    ['totranslate: object label', [[$obj], 'ru_ru', 'Contacts']],
    ['totranslate: 101 labels', [array_fill(0, 101, 'x'), 'ru_ru', 'Contacts']],
    ['totranslate: label over 1 KiB', [[str_repeat('L', 1025)], 'ru_ru', 'Contacts']],
    ['totranslate: invalid UTF-8 label', [["LBL_\xC3\x28"], 'ru_ru', 'Contacts']],
    ['totranslate: overlong UTF-8', [["\xC0\xAF"], 'ru_ru', 'Contacts']],
    ['totranslate: surrogate', [["\xED\xA0\x80"], 'ru_ru', 'Contacts']],
    ['totranslate: invalid map value', [['k' => 1.0], 'ru_ru', 'Contacts']],
];
$n = 0;
foreach ($cases as [$name, $args]) {
    try {
        $r = vtws_gettranslation(...$args);
        echo "$name: NO ERROR ", json_encode($r), "\n";
    } catch (WebServiceException $e) {
        printf("%s: %s\n", $name, $e->code);
        if (!is_string($e->message) || strlen($e->message) < 10) echo "  (no clear message)\n";
        $n++;
    }
}
echo "$n errors\n";
// the limits are inclusive, and a label of exactly 1 KiB is fine
echo count(vtws_gettranslation(array_map(fn ($i) => "L$i", range(1, 100)), 'ru_ru', 'Contacts')), "\n";
echo strlen(key(vtws_gettranslation([str_repeat('L', 1024)], 'ru_ru', 'Contacts'))), "\n";
// outside Vtiger (no WebServiceException class loaded) the same errors are Vtws\Exception
$so = is_file(ini_get('extension_dir') . '/vtws.so') ? ini_get('extension_dir') . '/vtws.so' : __DIR__ . '/../../modules/vtws.so';
$r = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($so)
    . ' -r ' . escapeshellarg('try { vtws_gettranslation(["x"], "../x"); } catch (Vtws\Exception $e) { echo get_class($e), " ", $e->errorCode; }'));
echo $r, "\n";
?>
--EXPECT--
language: path traversal: INVALID_LANGUAGE
language: dot dot: INVALID_LANGUAGE
language: NUL byte: INVALID_LANGUAGE
language: NUL inside: INVALID_LANGUAGE
language: 10 KB: INVALID_LANGUAGE
language: not installed: INVALID_LANGUAGE
language: upper case dir missing: INVALID_LANGUAGE
language: no underscore: INVALID_LANGUAGE
language: slash: INVALID_LANGUAGE
language: custom dir: INVALID_LANGUAGE
language: array: INVALID_LANGUAGE
language: object: INVALID_LANGUAGE
language: integer: INVALID_LANGUAGE
language: true: INVALID_LANGUAGE
language: float: INVALID_LANGUAGE
language: invalid UTF-8: INVALID_LANGUAGE
module: traversal: INVALID_MODULE
module: absolute: INVALID_MODULE
module: NUL byte: INVALID_MODULE
module: dots: INVALID_MODULE
module: two colons: INVALID_MODULE
module: trailing colon: INVALID_MODULE
module: leading colon: INVALID_MODULE
module: space: INVALID_MODULE
module: 10 KB: INVALID_MODULE
module: array: INVALID_MODULE
module: object: INVALID_MODULE
module: integer: INVALID_MODULE
module: backslash: INVALID_MODULE
totranslate: nested list: INVALID_TOTRANSLATE
totranslate: nested map: INVALID_TOTRANSLATE
totranslate: object: INVALID_TOTRANSLATE
totranslate: true: INVALID_TOTRANSLATE
totranslate: false: INVALID_TOTRANSLATE
totranslate: float: INVALID_TOTRANSLATE
totranslate: null label: INVALID_TOTRANSLATE
totranslate: bool label: INVALID_TOTRANSLATE
totranslate: float label: INVALID_TOTRANSLATE
totranslate: object label: INVALID_TOTRANSLATE
totranslate: 101 labels: INVALID_TOTRANSLATE
totranslate: label over 1 KiB: INVALID_TOTRANSLATE
totranslate: invalid UTF-8 label: INVALID_TOTRANSLATE
totranslate: overlong UTF-8: INVALID_TOTRANSLATE
totranslate: surrogate: INVALID_TOTRANSLATE
totranslate: invalid map value: INVALID_TOTRANSLATE
45 errors
100
1024
Vtws\Exception INVALID_LANGUAGE

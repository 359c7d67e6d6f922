<?php
/*
 * vtws-register: the doctor's child. Run by inspect_handlers() as
 *   php doctor_child.php ROOT HANDLER_FILE BOOTSTRAP_JSON METHOD...
 * (PHP passes every argument after a script's name to it untouched, so none is taken as an option)
 * from the Vtiger root: loads Vtiger's bootstrap as webservice.php does, then the handler
 * file, and prints one report after the marker @@vtws@@ (JSON): the stage reached
 * (bootstrap, handler, done), where it stopped, the error, each method's parameters by
 * reflection, and what the handler file itself printed and the notices it raised. Whatever the file does (throws, dies, exits), only
 * this process goes down. Keeps to PHP 7.4.
 */
/* Run by vtws-register only: never as a page (register_argc_argv = On would make a query
 * string its arguments, and it includes the file they name). */
if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit(1);
}
$root = $argv[1]; $file = $argv[2]; $boot = json_decode($argv[3], true); $methods = array_slice($argv, 4);
chdir($root);
set_include_path($root . PATH_SEPARATOR . get_include_path());
ini_set('display_errors', 'stderr');
$GLOBALS['__vtws_doctor_stage'] = ['bootstrap', null];
function __vtws_doctor_describe(array $methods) {
    $out = [];
    foreach ($methods as $m) {
        if (!function_exists($m)) { $out[$m] = ['defined' => false]; continue; }
        $f = new ReflectionFunction($m);
        $out[$m] = ['defined' => true, 'internal' => $f->isInternal(), 'file' => $f->getFileName(),
            'parameters' => array_map(function ($p) { return ['name' => $p->getName(), 'optional' => $p->isOptional(),
                'variadic' => $p->isVariadic()]; }, $f->getParameters())];
    }
    return $out;
}
function __vtws_doctor_report(array $r) {
    while (ob_get_level()) { ob_end_clean(); }
    $GLOBALS['__vtws_doctor_stage'][0] = 'reported';
    echo "\n@@vtws@@", json_encode($r, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
}
register_shutdown_function(function () use ($methods) {
    [$stage, $at] = $GLOBALS['__vtws_doctor_stage'];
    if ($stage === 'reported') { return; }
    $e = error_get_last();
    __vtws_doctor_report(['stage' => $stage, 'at' => $at, 'error' => $e ? $e['message'] : 'it calls exit',
        'functions' => __vtws_doctor_describe($methods)]);
});
ob_start();
foreach ($boot as [$kind, $b]) {
    $GLOBALS['__vtws_doctor_stage'] = ['bootstrap', $b];
    if ($kind === 'include' && stream_resolve_include_path($b) === false) { continue; }
    try { if ($kind === 'include') { include_once $b; } else { require_once $b; } }
    catch (Throwable $e) { __vtws_doctor_report(['stage' => 'bootstrap', 'at' => $b, 'error' => get_class($e) . ': ' . $e->getMessage()]); exit; }
}
/* the handler file alone: what it prints and the notices it raises (the bootstrap's are Vtiger's) */
$GLOBALS['__vtws_doctor_stage'] = ['handler', $file];
$notices = [];
set_error_handler(function ($no, $message, $f, $line) use (&$notices) {
    /* deprecations are kept out: production PHP neither reports nor shows them, and a newer PHP
     * deprecates what older handlers declare (8.4: an implicitly nullable parameter) */
    if (!($no & (E_DEPRECATED | E_USER_DEPRECATED))) {
        $notices[] = "$message ($f:$line)";
    }
    return true;
});
ob_start();
try { require_once $file; }
catch (Throwable $e) {
    __vtws_doctor_report(['stage' => 'handler', 'at' => $file, 'error' => get_class($e) . ': ' . $e->getMessage(), 'functions' => __vtws_doctor_describe($methods)]);
    exit;
}
$printed = ob_get_clean();
restore_error_handler();
__vtws_doctor_report(['stage' => 'done', 'functions' => __vtws_doctor_describe($methods), 'printed_bytes' => strlen($printed),
    'printed' => substr($printed, 0, 200), 'notices' => array_slice($notices, 0, 5)]);

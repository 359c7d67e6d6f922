<?php
/*
 * Calls a webservice handler the way Vtiger's include/Webservices/OperationManager.php
 * does (vtiger_dispatch.php), and prints the JSON envelope webservice.php would send.
 * For the demo and tests.
 *
 *   php examples/dispatch.php ROOT named|positional NAME=VALUE...
 *
 * The operation is the tutorial's gettranslation as registered in vtiger_ws_operation:
 * POST, handler include/Webservices/GetTranslation.php, method vtws_gettranslation,
 * parameters totranslate (encoded), language, module (string), in that sequence.
 */
[$_, $root, $mode] = $argv + [null, null, 'named'];
$request = [];
foreach (array_slice($argv, 3) as $arg) {
    [$k, $v] = explode('=', $arg, 2) + [1 => ''];
    $request[$k] = $v;
}

require __DIR__ . '/vtiger_dispatch.php';

$root_directory = rtrim($root, '/') . '/';   // as config.inc.php sets them
$default_language = 'en_us';
$user = new stdClass();                      // Vtiger passes the Users object
$user->language = 'en_us';

$registered = [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']];
echo vtiger_envelope(function () use ($registered, $request, $user, $mode) {
    require_once __DIR__ . '/../php_scripts/include/Webservices/GetTranslation.php';
    return vtiger_call_handler('vtws_gettranslation', vtiger_read_parameters($registered, $request), $user, $mode);
}, JSON_UNESCAPED_UNICODE), "\n";

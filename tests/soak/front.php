<?php
/*
 * The front script of the soak and hostile-input tests: gettranslation (or the
 * operation named by `operation`: exporttranslation, listlanguages) as
 * Vtiger >= 7.5 on PHP 8 serves it (examples/vtiger_dispatch.php: parameters
 * read as Vtiger reads them, named call with $user last, the envelope): the
 * operation from $_REQUEST, its parameters from $_GET for a GET operation and
 * $_POST for a POST one, whatever the request's method, as getOperationInput()
 * does. An Error is not caught (as in Vtiger): it would be a 500, which the
 * tests refuse.
 */
require dirname(__DIR__, 2) . '/examples/vtiger_dispatch.php';

$root_directory = getenv('VTWS_SOAK_ROOT') . '/';
$default_language = 'en_us';
$user = new stdClass();
$user->language = 'ru_ru';

header('Content-Type: application/json; charset=utf-8');
$operations = [
    'gettranslation' => [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']],
    'exporttranslation' => [['language', 'string'], ['module', 'string'], ['type', 'string'], ['version', 'string']],
    'listlanguages' => [],
];
$operation = isset($_REQUEST['operation'], $operations[$_REQUEST['operation']]) ? $_REQUEST['operation'] : 'gettranslation';
echo vtiger_envelope(function () use ($operations, $operation, $root_directory, $user) {
    require_once $root_directory . 'include/Webservices/GetTranslation.php';
    $input = $operation === 'gettranslation' ? $_POST : $_GET; /* POST, and the two GET operations */
    return vtiger_call_handler("vtws_$operation", vtiger_read_parameters($operations[$operation], $input), $user);
}, JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);

<?php
/*
 * The front script of the soak and hostile-input tests: gettranslation as
 * Vtiger >= 7.5 on PHP 8 serves it (examples/vtiger_dispatch.php: parameters
 * read as Vtiger reads them, named call with $user last, the envelope), from
 * $_REQUEST whatever the method. An Error is not caught (as in Vtiger): it
 * would be a 500, which the tests refuse.
 */
require dirname(__DIR__, 2) . '/examples/vtiger_dispatch.php';

$root_directory = getenv('VTWS_SOAK_ROOT') . '/';
$default_language = 'en_us';
$user = new stdClass();
$user->language = 'ru_ru';

header('Content-Type: application/json; charset=utf-8');
$registered = [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']];
echo vtiger_envelope(function () use ($registered, $root_directory, $user) {
    require_once $root_directory . 'include/Webservices/GetTranslation.php';
    return vtiger_call_handler('vtws_gettranslation', vtiger_read_parameters($registered, $_REQUEST), $user);
}, JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);

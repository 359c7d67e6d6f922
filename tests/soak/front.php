<?php
/*
 * The front script of the soak and hostile-input tests: what Vtiger's
 * webservice.php and OperationManager do for gettranslation (Vtiger >= 7.5 on
 * PHP 8): read the registered parameters from the request, addslashes then
 * stripslashes, JSON-decode the `encoded` one (json_decode($v, true), as
 * Vtiger <= 8.2 does: invalid JSON becomes null), call the handler with named
 * arguments and $user last, and answer the JSON envelope. A WebServiceException
 * becomes the error envelope, any other Exception INTERNAL_SERVER_ERROR; an
 * Error is not caught (as in Vtiger): it would be a 500, which the tests refuse.
 */
class WebServiceException extends Exception
{
    public $code;
    public $message;
    public function __construct($errCode, $msg)
    {
        $this->code = $errCode;
        $this->message = $msg;
    }
}

$root_directory = getenv('VTWS_SOAK_ROOT') . '/';
$default_language = 'en_us';
$user = new stdClass();
$user->language = 'ru_ru';

header('Content-Type: application/json; charset=utf-8');
$registered = [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']];
try {
    $params = [];
    foreach ($registered as [$name, $type]) {
        $value = $_REQUEST[$name] ?? null;
        if (is_string($value)) {
            $value = stripslashes(addslashes($value));
            if ($type === 'encoded') {
                $value = json_decode($value, true);
            }
        }
        $params[$name] = $value;
    }
    require_once $root_directory . 'include/Webservices/GetTranslation.php';
    $params['user'] = $user;
    $result = call_user_func_array('vtws_gettranslation', $params);
    echo json_encode(['success' => true, 'result' => $result], JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
} catch (WebServiceException $e) {
    echo json_encode(['success' => false, 'error' => ['code' => $e->code, 'message' => $e->message]],
        JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
} catch (Exception $e) {
    echo json_encode(['success' => false, 'error' => ['code' => 'INTERNAL_SERVER_ERROR',
        'message' => 'Unknown Error while processing request']]);
}

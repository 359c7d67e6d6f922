<?php
/*
 * Calls a webservice handler the way Vtiger's include/Webservices/OperationManager.php
 * does, and prints the JSON envelope webservice.php would send. For the demo and tests.
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

$root_directory = rtrim($root, '/') . '/';   // as config.inc.php sets them
$default_language = 'en_us';
$user = new stdClass();                      // Vtiger passes the Users object
$user->language = 'en_us';

$registered = [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']];
$params = [];
foreach ($registered as [$name, $type]) {
    $value = $request[$name] ?? null;          // a missing parameter arrives as null (Vtiger <= 8.2)
    if ($value !== null) {
        $value = stripslashes(addslashes($value));
        if ($type === 'encoded') {
            $value = json_decode($value, true);
        }
    }
    $params[$name] = $value;
}
try {
    require_once __DIR__ . '/../php_scripts/include/Webservices/GetTranslation.php';
    if ($mode === 'named') {
        $params['user'] = $user;               // Vtiger >= 7.5: named arguments on PHP 8
        $result = call_user_func_array('vtws_gettranslation', $params);
    } else {
        $params[] = $user;                     // Vtiger <= 7.4 on PHP 7: positional
        $result = call_user_func_array('vtws_gettranslation', array_values($params));
    }
    echo json_encode(['success' => true, 'result' => $result], JSON_UNESCAPED_UNICODE), "\n";
} catch (WebServiceException $e) {
    echo json_encode(['success' => false, 'error' => ['code' => $e->code, 'message' => $e->message]],
        JSON_UNESCAPED_UNICODE), "\n";
}

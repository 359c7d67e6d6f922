--TEST--
vtws_gettranslation(): the tutorial's request, dispatched by name (Vtiger >= 7.5, PHP 8) and by position (PHP 7)
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
--FILE--
<?php
class WebServiceException extends Exception {
    public $code; public $message;
    function __construct($c, $m) { $this->code = $c; $this->message = $m; }
}
$user = new stdClass;
$user->language = 'en_us';
// what OperationManager builds from the request, in sequence order
$params = ['totranslate' => json_decode('["SINGLE_Contacts","Contacts"]', true), 'language' => 'ru_ru', 'module' => 'Contacts'];

$named = $params;
$named['user'] = $user;
echo json_encode(['success' => true, 'result' => call_user_func_array('vtws_gettranslation', $named)], JSON_UNESCAPED_UNICODE), "\n";

$positional = array_values($params);
$positional[] = $user;
echo json_encode(['success' => true, 'result' => call_user_func_array('vtws_gettranslation', $positional)], JSON_UNESCAPED_UNICODE), "\n";

// Vtiger 8.3 passes a missing parameter as "" and <= 8.2 as null: the user's language applies
$named = ['totranslate' => ['SINGLE_Contacts'], 'language' => '', 'module' => 'Contacts', 'user' => $user];
echo json_encode(call_user_func_array('vtws_gettranslation', $named), JSON_UNESCAPED_UNICODE), "\n";
$user->language = 'ru_ru';
$named['language'] = null;
echo json_encode(call_user_func_array('vtws_gettranslation', $named), JSON_UNESCAPED_UNICODE), "\n";

// an error is a WebServiceException, which webservice.php turns into the error envelope
try {
    call_user_func_array('vtws_gettranslation', ['totranslate' => ['x'], 'language' => 'xx_xx', 'module' => '', 'user' => $user]);
} catch (WebServiceException $e) {
    echo json_encode(['success' => false, 'error' => ['code' => $e->code, 'message' => $e->message]]), "\n";
}
?>
--EXPECT--
{"success":true,"result":{"SINGLE_Contacts":"Контакт","Contacts":"Контакты"}}
{"success":true,"result":{"SINGLE_Contacts":"Контакт","Contacts":"Контакты"}}
{"SINGLE_Contacts":"Contact"}
{"SINGLE_Contacts":"Контакт"}
{"success":false,"error":{"code":"INVALID_LANGUAGE","message":"language xx_xx is not installed"}}

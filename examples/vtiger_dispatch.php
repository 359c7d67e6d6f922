<?php
/*
 * What Vtiger's webservice.php and include/Webservices/OperationManager.php do
 * around a handler (docs: vtiger-contract §1): read its registered parameters,
 * call it, and wrap the result in the JSON envelope. examples/dispatch.php and
 * the test servers (tests/soak/front.php, tests/install/webservice.php) all
 * call handlers through these, so they cannot drift apart.
 */
if (!class_exists('WebServiceException')) {
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
}

/*
 * The handler's arguments from the request, as vtws_getParameter gives them:
 * $registered is [[name, type], ...] in sequence order; a missing parameter
 * is null (Vtiger <= 8.2); a string goes through addslashes then stripslashes,
 * and an `encoded` one through json_decode($v, true) (invalid JSON: null).
 */
function vtiger_read_parameters(array $registered, array $input): array
{
    $params = [];
    foreach ($registered as [$name, $type]) {
        $value = $input[$name] ?? null;
        if (is_string($value)) {
            $value = stripslashes(addslashes($value));
            if ($type === 'encoded') {
                $value = json_decode($value, true);
            }
        }
        $params[$name] = $value;
    }
    return $params;
}

/*
 * OperationManager's call, $user last: 'named' as Vtiger >= 7.5 does it
 * ($params['user'] = $user: named arguments on PHP 8), 'positional' as
 * Vtiger <= 7.4 on PHP 7 does (sequence order).
 */
function vtiger_call_handler(string $method, array $params, $user, string $mode = 'named')
{
    if ($mode === 'named') {
        $params['user'] = $user;
        return call_user_func_array($method, $params);
    }
    $args = array_values($params);
    $args[] = $user;
    return call_user_func_array($method, $args);
}

/*
 * webservice.php's answer for $call(): the result, a WebServiceException's
 * code and message, or INTERNAL_SERVER_ERROR for any other Exception. An
 * Error is not caught, as in Vtiger (a 500 there).
 */
function vtiger_envelope(callable $call, int $json_flags = 0): string
{
    try {
        $answer = ['success' => true, 'result' => $call()];
    } catch (WebServiceException $e) {
        $answer = ['success' => false, 'error' => ['code' => $e->code, 'message' => $e->message]];
    } catch (Exception $e) {
        $answer = ['success' => false, 'error' => ['code' => 'INTERNAL_SERVER_ERROR',
            'message' => 'Unknown Error while processing request']];
    }
    return json_encode($answer, $json_flags);
}

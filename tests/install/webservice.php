<?php
/*
 * webservice.php for the install test's Vtiger root: what Vtiger 8.3 does for
 * an operation, with its real tables. getchallenge and login (accessKey =
 * md5(token . key)) give a session; any other operation is looked up in
 * vtiger_ws_operation (a missing one is an HTTP 500 with an empty body, as
 * the captured exchanges show), its parameters are read from $_GET for a GET
 * operation and $_POST for a POST one, whatever the request's method (Vtiger's
 * OperationManager::getOperationInput() checks no method: a POST to a GET operation
 * gets its parameters as missing), in vtiger_ws_operation_parameters' sequence order, its
 * handler_path is included from the root and its handler_method called with
 * named arguments and $user last, as OperationManager does on PHP 8
 * (vtiger_dispatch.php). The login and session errors are those the
 * captured Vtiger 8.3 exchanges show.
 *
 * The key and the session folder come from the environment (VTWS_INSTALL_KEY,
 * VTWS_INSTALL_STATE); the user's language is ru_ru.
 */
chdir(__DIR__);
/* Vtiger's bootstrap, as the root's own webservice.php had it (doctor reads these lines) */
require_once("config.php");
include_once 'includes/main/WebUI.php';
require_once 'include/Webservices/Utils.php';
require __DIR__ . '/vtiger_dispatch.php'; /* examples/vtiger_dispatch.php, copied into the root */
header('Content-Type: application/json; charset=utf-8');

function reply(array $envelope): void
{
    echo json_encode($envelope);
    exit;
}

function fail(string $code, string $message): void
{
    reply(['success' => false, 'error' => ['code' => $code, 'message' => $message]]);
}

$state = getenv('VTWS_INSTALL_STATE');
$operation = (string)($_REQUEST['operation'] ?? '');
if ($operation === 'getchallenge') {
    $token = bin2hex(random_bytes(8));
    file_put_contents("$state/token", $token);
    reply(['success' => true, 'result' => ['token' => $token, 'serverTime' => time(), 'expireTime' => time() + 300]]);
}
if ($operation === 'login') {
    $expected = md5((string)@file_get_contents("$state/token") . getenv('VTWS_INSTALL_KEY'));
    if (($_POST['username'] ?? '') !== 'admin' || !hash_equals($expected, (string)($_POST['accessKey'] ?? ''))) {
        fail('INVALID_USER_CREDENTIALS', 'Invalid username or password');
    }
    $session = bin2hex(random_bytes(12));
    file_put_contents("$state/session", $session);
    reply(['success' => true, 'result' => ['sessionName' => $session, 'userId' => '19x1', 'version' => '0.22',
        'vtigerVersion' => '8.3.0']]);
}

[$host, $socket] = explode(':', $dbconfig['db_server'], 2);
$db = new mysqli($host, $dbconfig['db_username'], $dbconfig['db_password'], $dbconfig['db_name'], 0, $socket);
$stmt = $db->prepare('SELECT operationid, handler_path, handler_method, type, prelogin FROM vtiger_ws_operation WHERE name=?');
$stmt->bind_param('s', $operation);
$stmt->execute();
$op = $stmt->get_result()->fetch_assoc();
if (!$op) {
    http_response_code(500); /* Vtiger 8.3 fails this way on an unknown operation */
    exit;
}
$session = (string)($_REQUEST['sessionName'] ?? '');
if (!$op['prelogin'] && $session === '') {
    fail('AUTHENTICATION_REQUIRED', 'Authencation required'); /* sic, as Vtiger 8.3 answers */
}
if (!$op['prelogin'] && $session !== (string)@file_get_contents("$state/session")) {
    fail('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
}
$stmt = $db->prepare('SELECT name, type FROM vtiger_ws_operation_parameters WHERE operationid=? ORDER BY sequence');
$stmt->bind_param('i', $op['operationid']);
$stmt->execute();
$input = $op['type'] === 'POST' ? $_POST : $_GET;
$registered = array_map(fn ($p) => [$p['name'], $p['type']], $stmt->get_result()->fetch_all(MYSQLI_ASSOC));
$user = new stdClass();
$user->id = 1;
$user->language = 'ru_ru';
echo vtiger_envelope(function () use ($op, $registered, $input, $user) {
    include_once $op['handler_path'];
    return vtiger_call_handler($op['handler_method'], vtiger_read_parameters($registered, $input), $user);
});

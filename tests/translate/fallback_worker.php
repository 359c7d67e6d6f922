<?php
/*
 * One side of tests/translate/fallback.php: serves every request of a request file
 * through the handler file (php_scripts/include/Webservices/GetTranslation.php) as
 * Vtiger's dispatcher calls it, and prints one envelope per line. Run with the
 * extension loaded (native answers) and without it (the fallback through the
 * Vtiger_Language_Handler double).
 *   php [-d extension=modules/vtws.so] fallback_worker.php ROOT DEFAULT_LANGUAGE REQUESTS.json
 */
[, $root, $default_language, $requestFile] = $argv;
$root_directory = "$root/";
$vtws_test_language_labels = ['en_us' => 'US English', 'ru_ru' => 'Русский', 'de_de' => 'Deutsch'];
$top = dirname(__DIR__, 2);
require "$top/examples/vtiger_dispatch.php";
require __DIR__ . '/vtiger_language_handler.php';
require "$top/php_scripts/include/Webservices/GetTranslation.php";

const REGISTERED = [
    'gettranslation' => [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']],
    'exporttranslation' => [['language', 'string'], ['module', 'string'], ['type', 'string'], ['version', 'string']],
    'listlanguages' => [],
];
echo extension_loaded('vtws') ? "native\n" : "fallback\n";

const METHOD = ['gettranslation' => 'POST', 'exporttranslation' => 'GET', 'listlanguages' => 'GET'];

/* webservice.php's answer; an Error escaping the handler is Vtiger's HTTP 500. The request
 * arrives as a client sent it: in $_GET or $_POST by the operation's method, or (misplaced)
 * all of it on the other side, where Vtiger does not read the parameters. */
function serve(string $operation, string $mode, array $input, $user, bool $misplaced = false): string
{
    $request = ['operation' => $operation, 'sessionName' => 'S'] + $input;
    $asGet = (METHOD[$operation] === 'GET') !== $misplaced;
    $_GET = $asGet ? $request : [];
    $_POST = $asGet ? [] : $request;
    $read = METHOD[$operation] === 'GET' ? $_GET : $_POST; /* OperationManager::getOperationInput() */
    try {
        return vtiger_envelope(function () use ($operation, $mode, $read, $user) {
            return vtiger_call_handler("vtws_$operation", vtiger_read_parameters(REGISTERED[$operation], $read), $user, $mode);
        }, JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    } catch (Throwable $e) {
        return 'HTTP 500: ' . get_class($e) . ': ' . $e->getMessage();
    }
}

foreach (json_decode(file_get_contents($requestFile), true) as $request) {
    [$operation, $mode, $input, $userLanguage] = $request;
    $user = new stdClass();
    $user->language = $userLanguage;
    $line = serve($operation, $mode, $input, $user, $request[4] ?? false);
    echo $line, "\n";
    /* a client that sends back the version it was given */
    $answer = json_decode($line, true);
    if ($operation === 'exporttranslation' && isset($answer['result']['version']) && !isset($answer['result']['unchanged'])) {
        echo serve($operation, $mode, ['version' => $answer['result']['version']] + $input, $user), "\n";
    }
}

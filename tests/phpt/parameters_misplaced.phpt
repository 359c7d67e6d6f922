--TEST--
Parameters sent where Vtiger does not read them (a POST to a GET operation, or the reverse): an error that says where to send them, never the defaults' answer
--EXTENSIONS--
vtws
--INI--
vtws.vtiger_root={PWD}/../../examples/vtiger
vtws.revalidate_freq=0
--FILE--
<?php
class WebServiceException extends Exception {
    public $code; public $message;
    function __construct($c, $m) { $this->code = $c; $this->message = $m; }
}
/* what webservice.php would answer: the operation from $_REQUEST, its parameters from
 * $_GET (GET) or $_POST (POST), missing ones as null */
function dispatch(string $op, array $get, array $post) {
    $_GET = $get;
    $_POST = $post;
    $read = $op === 'gettranslation' ? $_POST : $_GET;
    $names = $op === 'gettranslation' ? ['totranslate', 'language', 'module'] : ['language', 'module', 'type', 'version'];
    $args = [];
    foreach ($names as $n) {
        $args[$n] = $read[$n] ?? null;
    }
    if (isset($args['totranslate'])) {
        $args['totranslate'] = json_decode($args['totranslate'], true);
    }
    $args['user'] = null;
    try {
        $r = call_user_func_array("vtws_$op", $args);
        return 'ok ' . ($r['language'] ?? json_encode($r, JSON_UNESCAPED_UNICODE));
    } catch (WebServiceException $e) {
        return "{$e->code}: {$e->message}";
    }
}
$q = ['operation' => 'exporttranslation', 'sessionName' => 's'];
$t = ['operation' => 'gettranslation', 'sessionName' => 's'];
echo dispatch('exporttranslation', [], $q + ['language' => 'ru_ru', 'module' => 'Contacts']), "\n";
echo dispatch('exporttranslation', ['operation' => 'EXPORTTRANSLATION'], ['version' => 'x']), "\n";
echo dispatch('exporttranslation', $q + ['language' => 'ru_ru'], ['module' => 'Contacts']), "\n";  /* one in place: answered */
echo dispatch('exporttranslation', $q, []), "\n";                                                  /* none anywhere: defaults */
echo dispatch('gettranslation', $t + ['totranslate' => '["Contacts"]', 'language' => 'ru_ru'], []), "\n";
echo dispatch('gettranslation', [], $t + ['totranslate' => '["Contacts"]', 'language' => 'ru_ru', 'module' => 'Contacts']), "\n";
/* another operation's request, or none (an in-process call): never refused */
$_GET = ['operation' => 'query']; $_POST = ['language' => 'ru_ru', 'module' => 'Contacts'];
echo vtws_exporttranslation('ru_ru', 'Contacts')['language'], "\n";
$_GET = []; $_POST = ['module' => 'Contacts', 'totranslate' => 'x'];
echo json_encode(vtws_gettranslation(['Contacts'], 'ru_ru', 'Contacts'), JSON_UNESCAPED_UNICODE), "\n";
?>
--EXPECT--
INVALID_REQUEST_METHOD: exporttranslation is a GET operation: Vtiger reads its parameters (language, module, type, version) from the query string only, and this request sent language, module in the request body; send them in the query string (GET webservice.php?operation=...&sessionName=...&...)
INVALID_REQUEST_METHOD: exporttranslation is a GET operation: Vtiger reads its parameters (language, module, type, version) from the query string only, and this request sent version in the request body; send them in the query string (GET webservice.php?operation=...&sessionName=...&...)
ok ru_ru
ok en_us
INVALID_REQUEST_METHOD: gettranslation is a POST operation: Vtiger reads its parameters (totranslate, language, module) from the request body only, and this request sent totranslate, language in the query string; send them in the request body (POST, form-encoded)
ok {"Contacts":"Контакты"}
ru_ru
{"Contacts":"Контакты"}

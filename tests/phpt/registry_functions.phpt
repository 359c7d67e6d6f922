--TEST--
Vtws\operations(), validate_operations(), plan_operations(), check_signature()
--EXTENSIONS--
vtws
--FILE--
<?php
$ops = Vtws\operations();
echo json_encode($ops), "\n";
// vtws's definition fits its own native handler under both dispatch conventions
echo json_encode(Vtws\check_signature($ops[0], 'vtws_gettranslation')), "\n";
echo json_encode(Vtws\check_signature($ops[1], 'vtws_exporttranslation')), "\n";
var_dump(Vtws\validate_operations($ops));

// problems point at the operation; shapes PHP cannot use are problems too
foreach (Vtws\validate_operations([$ops[0], ['name' => 'GETTRANSLATION', 'handler_path' => 'a/../../b.php',
        'handler_method' => '1fn', 'type' => 'get', 'prelogin' => 1], 'not an array',
        ['name' => 'x', 'handler_path' => 'x.php', 'handler_method' => 'f', 'type' => 'GET', 'parameters' => [['name' => 'a']]]]) as $p) {
    echo $p['operation'], ': ', $p['message'], "\n";
}

// the tutorial's stored rows: parameters replaced, nothing else
$stored = [['operationid' => 39, 'name' => 'gettranslation', 'handler_path' => 'include/Webservices/GetTranslation.php',
    'handler_method' => 'vtws_gettranslation', 'type' => 'POST', 'prelogin' => 0, 'parameters' => [
    ['name' => 'language', 'type' => 'string', 'sequence' => 1], ['name' => 'module', 'type' => 'string', 'sequence' => 1],
    ['name' => 'totranslate', 'type' => 'encoded', 'sequence' => 1]]],
    ['operationid' => 7, 'name' => 'query', 'handler_path' => 'include/Webservices/Query.php', 'handler_method' => 'vtws_query',
     'type' => 'GET', 'prelogin' => 0, 'parameters' => [['name' => 'query', 'type' => 'String', 'sequence' => 1]]]];
echo json_encode(Vtws\plan_operations($ops, $stored)), "\n";
echo json_encode(Vtws\plan_operations($ops, [])), "\n";

// a PHP handler with the tutorial's signature, read from its own argument info
function tutorial_gettranslation($portal_language, $module, $totranslate, $user) {}
echo json_encode(Vtws\check_signature($stored[0], 'tutorial_gettranslation'), JSON_UNESCAPED_SLASHES), "\n";
// a described signature, variadic
echo json_encode(Vtws\check_signature($ops[0], [['name' => 'totranslate'], ['name' => 'rest', 'variadic' => true]])), "\n";
try {
    Vtws\check_signature($ops[0], 'no_such_function');
} catch (Vtws\Exception $e) {
    echo $e->errorCode, ': ', $e->getMessage(), "\n";
}
try {
    Vtws\plan_operations([['name' => 'x']], []);
} catch (Vtws\Exception $e) {
    echo $e->errorCode, ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
[{"name":"gettranslation","handler_path":"include\/Webservices\/GetTranslation.php","handler_method":"vtws_gettranslation","type":"POST","prelogin":0,"parameters":[{"name":"totranslate","type":"encoded"},{"name":"language","type":"string"},{"name":"module","type":"string"}]},{"name":"exporttranslation","handler_path":"include\/Webservices\/GetTranslation.php","handler_method":"vtws_exporttranslation","type":"GET","prelogin":0,"parameters":[{"name":"language","type":"string"},{"name":"module","type":"string"},{"name":"type","type":"string"},{"name":"version","type":"string"}]},{"name":"listlanguages","handler_path":"include\/Webservices\/GetTranslation.php","handler_method":"vtws_listlanguages","type":"GET","prelogin":0,"parameters":[]}]
{"named":[],"positional":[]}
{"named":[],"positional":[]}
array(0) {
}
2: an operation must be an array, string given
3: x: parameter 1 has no "type"
1: name GETTRANSLATION is also the name of operation 1 (names are matched ignoring case)
1: handler_path must stay inside the Vtiger root (no ".."): a/../../b.php
1: handler_method is not a PHP function name: 1fn
[{"action":"replace_parameters","operation":"gettranslation","operationid":39,"wanted":0,"fields":[]},{"action":"insert","operation":"exporttranslation","operationid":null,"wanted":1,"fields":[]},{"action":"insert","operation":"listlanguages","operationid":null,"wanted":2,"fields":[]}]
[{"action":"insert","operation":"gettranslation","operationid":null,"wanted":0,"fields":[]},{"action":"insert","operation":"exporttranslation","operationid":null,"wanted":1,"fields":[]},{"action":"insert","operation":"listlanguages","operationid":null,"wanted":2,"fields":[]}]
{"named":["unknown named parameter $language: the handler has no parameter of that name","required parameter $portal_language is never passed (too few arguments)"],"positional":["parameters share sequence 1: their order, and so their positions, is undefined"]}
{"named":[],"positional":[]}
INVALID_OPERATION: function no_such_function is not defined
INVALID_OPERATION: operation 1: x has no "handler_path"

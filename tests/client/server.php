<?php
/*
 * A stand-in for a Vtiger 8.3 webservice.php, for the client's tests: it
 * answers like the captured exchanges (shared fixtures vtiger-8.3: HTTP 200
 * error envelopes, HTTP 500 with an empty body for an unknown operation, at
 * most 100 rows per query, ids 12x3..12x7 then 12x10...), checks what it
 * receives (md5 access keys, GET operations in the query string and POST ones
 * in the form, parameter names) and logs every request for the tests, with
 * the nginx connection it came on.
 *
 * exporttranslation and listlanguages are served for real: vtws's handler file and the
 * extension (loaded into this php-fpm) over the Vtiger tree named by VTWS_TEST_ROOT.
 *
 * State and knobs live in the folder named by VTWS_TEST_STATE:
 * control.json: {"contacts": 250, "access_key": "...", "expire_after_queries": N,
 *   "fail_500": [ops], "sleep": {op: seconds}, "invalid_session_on": [ops]}.
 */
$dir = getenv('VTWS_TEST_STATE');
$control = json_decode((string)@file_get_contents("$dir/control.json"), true) ?: [];

const GET_OPS = ['getchallenge', 'query', 'retrieve', 'describe', 'listtypes', 'sync', 'exporttranslation', 'listlanguages'];
const POST_OPS = ['login', 'create', 'update', 'revise', 'delete', 'logout', 'extendsession', 'gettranslation'];
const PARAMS = ['getchallenge' => ['username'], 'login' => ['username', 'accessKey'], 'query' => ['query'],
    'retrieve' => ['id'], 'create' => ['elementType', 'element'], 'update' => ['element'], 'revise' => ['element'],
    'delete' => ['id'], 'describe' => ['elementType'], 'listtypes' => ['fieldTypeList'],
    'sync' => ['modifiedTime', 'elementType'], 'logout' => [], 'extendsession' => [],
    'gettranslation' => ['totranslate', 'language', 'module'], 'exporttranslation' => ['language', 'module', 'type', 'version'],
    'listlanguages' => []];

$method = $_SERVER['REQUEST_METHOD'];
$op = strtolower((string)($_REQUEST['operation'] ?? ''));
$input = in_array($op, POST_OPS, true) ? $_POST : $_GET;   /* as Vtiger reads them */
file_put_contents("$dir/requests.log", json_encode(['op' => $op, 'method' => $method, 'conn' => $_SERVER['CONNECTION_ID'] ?? null,
    'get' => array_keys($_GET), 'post' => array_keys($_POST), 'tls' => !empty($_SERVER['HTTPS']),
    'query' => $op === 'query' ? ($input['query'] ?? null) : null,
    'version' => $op === 'exporttranslation' ? ($input['version'] ?? null) : null]) . "\n", FILE_APPEND | LOCK_EX);
if (isset($control['sleep'][$op])) { /* a slow server, before taking the state lock */
    sleep((int)$control['sleep'][$op]);
}
$lock = fopen("$dir/lock", 'c');
flock($lock, LOCK_EX);
$control = json_decode((string)@file_get_contents("$dir/control.json"), true) ?: [];
$state = json_decode((string)@file_get_contents("$dir/state.json"), true) ?: ['tokens' => [], 'sessions' => [],
    'created' => [], 'deleted' => [], 'queries' => 0, 'next_id' => 0];

function save(): void
{
    global $dir, $state, $lock;
    file_put_contents("$dir/state.json", json_encode($state));
    flock($lock, LOCK_UN);
}

function answer($result): void
{
    save();
    header('Content-Type: application/json');
    echo json_encode(['success' => true, 'result' => $result], JSON_UNESCAPED_UNICODE);
    exit;
}

function error(string $code, string $message): void
{
    save();
    header('Content-Type: application/json');
    echo json_encode(['success' => false, 'error' => ['message' => $message, 'code' => $code]]);
    exit;
}

function contact_ids(): array
{
    global $control, $state;
    $n = $control['contacts'] ?? 250;
    $ids = [3, 4, 5, 6, 7];
    for ($i = 10; count($ids) < $n; $i++) {
        $ids[] = $i;
    }
    $ids = array_slice($ids, 0, $n);
    foreach ($state['created'] as $id => $_) {
        $ids[] = (int)$id;
    }
    return array_values(array_diff($ids, array_map('intval', array_keys($state['deleted']))));
}

function contact(int $id): array
{
    global $state;
    if (isset($state['created'][$id])) {
        return $state['created'][$id];
    }
    $first = ['Anna', 'Boris', 'Clara', 'David', 'Elena', 'Фёдор', 'Gül', 'Hans'];
    return ['firstname' => $first[$id % count($first)], 'lastname' => "Last$id", 'email' => "c$id@example.invalid",
            'modifiedtime' => date('Y-m-d H:i:s', 1700000000 + $id), 'assigned_user_id' => '19x1', 'id' => "12x$id"];
}

/* the parameter names this operation must (not) receive */
$expected = PARAMS[$op] ?? null;
if ($op === '' || $expected === null || in_array($op, $control['fail_500'] ?? [], true)) {
    save();
    http_response_code(500);   /* Vtiger: an uncaught error, no body */
    exit;
}
if ((in_array($op, GET_OPS, true) && $method !== 'GET') || (in_array($op, POST_OPS, true) && $method !== 'POST')) {
    error('WRONG_METHOD', "$op must be sent with " . (in_array($op, GET_OPS, true) ? 'GET' : 'POST'));
}
foreach (array_keys($input) as $name) {
    if ($name !== 'operation' && $name !== 'sessionName' && !in_array($name, $expected, true)) {
        error('UNEXPECTED_PARAMETER', "$op got a parameter named $name");
    }
}
$key = $control['access_key'] ?? 'TESTACCESSKEY0123456789';
if ($op === 'getchallenge') {
    if (($input['username'] ?? '') !== 'admin') {
        error('ACCESS_DENIED', 'username does not exists');
    }
    $token = substr(md5(random_bytes(8)), 0, 13);
    $state['tokens'][$token] = time() + 300;
    answer(['token' => $token, 'serverTime' => time(), 'expireTime' => time() + 300]);
}
if ($op === 'login') {
    foreach ($state['tokens'] as $token => $until) {
        if ($until >= time() && ($input['username'] ?? '') === 'admin' && hash_equals(md5($token . $key), (string)($input['accessKey'] ?? ''))) {
            unset($state['tokens'][$token]);
            $session = substr(bin2hex(random_bytes(11)), 0, 21);
            $state['sessions'][$session] = 0;
            answer(['username' => 'admin', 'first_name' => '', 'last_name' => 'Administrator', 'sessionName' => $session,
                    'userId' => '19x1', 'version' => '0.22', 'vtigerVersion' => '8.3.0']);
        }
    }
    error('INVALID_USER_CREDENTIALS', 'Invalid username or password');
}

$session = $input['sessionName'] ?? null;
if ($session === null || $session === '') {
    error('AUTHENTICATION_REQUIRED', 'Authencation required');
}
if (!isset($state['sessions'][$session]) || in_array($op, $control['invalid_session_on'] ?? [], true)) {
    error('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
}

switch ($op) {
    case 'query':
        $q = (string)($input['query'] ?? '');
        if (!preg_match('/^SELECT\s+(.+?)\s+FROM\s+Contacts(\s+WHERE\s+.+?)?(\s+ORDER\s+BY\s+(\w+))?(\s+LIMIT\s+(\d+)(\s*,\s*(\d+))?)?\s*;$/is', $q, $m)) {
            error('ACCESS_DENIED', 'Permission to perform the operation is denied for query');
        }
        if (stripos($m[1], 'count(') !== false) {
            answer([]);
        }
        $state['queries']++;
        $limit = isset($m[6]) && $m[6] !== '' ? (isset($m[8]) && $m[8] !== '' ? [(int)$m[6], (int)$m[8]] : [0, (int)$m[6]]) : [0, 100];
        $ids = contact_ids();
        if (($m[4] ?? '') === 'lastname') {
            usort($ids, fn ($a, $b) => strcmp("Last$a", "Last$b"));
        }
        $rows = [];
        foreach (array_slice($ids, $limit[0], min($limit[1], 100)) as $id) {
            $c = contact($id);
            $rows[] = trim($m[1]) === '*' ? $c : array_intersect_key($c, array_flip(array_merge(array_map('trim', explode(',', $m[1])), ['id'])));
        }
        if (isset($control['expire_after_queries']) && $state['queries'] >= $control['expire_after_queries']) {
            unset($state['sessions'][$session]); /* the session ends after this page */
            $control['expire_after_queries'] = PHP_INT_MAX;
            file_put_contents("$dir/control.json", json_encode($control));
        }
        answer($rows);
    case 'retrieve':
        if (!preg_match('/^(\d+)x(\d+)$/', (string)($input['id'] ?? ''), $m)) {
            error('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
        }
        if ($m[1] !== '12' || !in_array((int)$m[2], contact_ids(), true)) {
            error('ACCESS_DENIED', 'Permission to perform the operation is denied');
        }
        answer(contact((int)$m[2]));
    case 'create':
        $el = json_decode((string)($input['element'] ?? ''), true);
        if (!is_array($el)) {
            error('INTERNAL_SERVER_ERROR', 'Unknown Error while processing request');
        }
        if (($el['lastname'] ?? '') === '') {
            error('MANDATORY_FIELDS_MISSING', 'lastname does not have a value');
        }
        $id = max(255, $state['next_id'] ?? 0);
        $state['next_id'] = $id + 1;
        $state['created'][$id] = $el + ['id' => "12x$id", 'modifiedtime' => date('Y-m-d H:i:s')];
        answer($state['created'][$id]);
    case 'update':
    case 'revise':
        $el = json_decode((string)($input['element'] ?? ''), true);
        if (!is_array($el) || !preg_match('/^12x(\d+)$/', (string)($el['id'] ?? ''), $m)) {
            error('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
        }
        $id = (int)$m[1];
        if (!in_array($id, contact_ids(), true)) {
            error('ACCESS_DENIED', 'Permission to perform the operation is denied');
        }
        $state['created'][$id] = ($op === 'revise' ? $el + contact($id) : $el);
        answer($state['created'][$id]);
    case 'delete':
        if (!preg_match('/^12x(\d+)$/', (string)($input['id'] ?? ''), $m) || !in_array((int)$m[1], contact_ids(), true)) {
            error('ACCESS_DENIED', 'Permission to perform the operation is denied');
        }
        $state['deleted'][(int)$m[1]] = true;
        answer(['status' => 'successful']);
    case 'describe':
        if (($input['elementType'] ?? '') !== 'Contacts') {
            error('ACCESS_DENIED', 'Permission to perform the operation is denied for name');
        }
        answer(['label' => 'Contacts', 'name' => 'Contacts', 'createable' => true, 'updateable' => true,
                'fields' => [['name' => 'lastname', 'label' => 'Last Name', 'mandatory' => true, 'type' => ['name' => 'string']]]]);
    case 'listtypes':
        answer(['types' => ['Leads', 'Accounts', 'Contacts'], 'information' => []]);
    case 'sync':
        /* contacts modified after modifiedTime, 100 per answer, in modification order */
        $since = (int)($input['modifiedTime'] ?? 0);
        $after = [];
        foreach (contact_ids() as $id) {
            $t = strtotime(contact($id)['modifiedtime']);
            if ($t > $since) {
                $after[$t . '.' . $id] = contact($id);
            }
        }
        ksort($after, SORT_NUMERIC);
        $page = array_slice(array_values($after), 0, 100);
        $last = $page ? strtotime(end($page)['modifiedtime']) : $since;
        answer(['updated' => $page, 'deleted' => [], 'lastModifiedTime' => $last, 'more' => count($after) > 100]);
    case 'logout':
        unset($state['sessions'][$session]);
        answer(['message' => 'successfull']);
    case 'extendsession':
        answer(['sessionName' => $session]);
    case 'exporttranslation':
    case 'listlanguages':
        require_once dirname(__DIR__, 2) . '/examples/vtiger_dispatch.php';
        $GLOBALS['root_directory'] = getenv('VTWS_TEST_ROOT') . '/';
        $GLOBALS['default_language'] = 'en_us';
        require_once dirname(__DIR__, 2) . '/php_scripts/include/Webservices/GetTranslation.php';
        $user = new stdClass();
        $user->language = 'ru_ru';
        $registered = array_map(fn ($name) => [$name, 'string'], PARAMS[$op]);
        try {
            answer(vtiger_call_handler("vtws_$op", vtiger_read_parameters($registered, $input), $user));
        } catch (WebServiceException $e) {
            error($e->code, $e->message);
        }
    case 'gettranslation':
        $labels = json_decode((string)($input['totranslate'] ?? ''), true) ?: [];
        $out = [];
        foreach ($labels as $l) {
            $out[$l] = ($input['language'] ?? '') === 'ru_ru' && $l === 'Contacts' ? 'Контакты' : $l;
        }
        answer($out);
}

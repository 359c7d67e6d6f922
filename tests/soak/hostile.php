<?php
/*
 * Hostile inputs through the real php-fpm path (front.php behind nginx): each
 * must get HTTP 200 and a Vtiger-style envelope — an error with its code, or a
 * correct answer — within 10 s, and no PHP warning in the body.
 *   php hostile.php PORT     prints one line per failure and "hostile: N passed, N failed"
 */
[$_, $port] = $argv;
require dirname(__DIR__) . '/lib/check.php';

/* [name, form fields or a raw body, expected: 'ok' | error code | callable(result)] */
$cases = [];
$good = ['totranslate' => '["K1","NOPE_1"]', 'language' => 'ru_ru', 'module' => 'Contacts'];
$cases[] = ['a good request', $good, fn ($r) => isset($r['K1']) && $r['NOPE_1'] === 'NOPE_1'];

$languages = ['../../../etc/passwd', '..', '.', '/', "ru_ru\0", "ru\0ru", "\0", str_repeat('a', 10240), 'RU_RU', 'xx_yy',
    'ru-ru', 'ru_ru ', ' ru_ru', "ru_ru\n", 'ru_ru/..', 'custom', '<script>alert(1)</script>', "' OR '1'='1",
    "r\xffu_ru", "\xc3\x28\xc3\x28\xc3", 'ru_ru.php', 'ru_ru%00', '%2e%2e', 'en_us/../ru_ru', 'languages', '-1', '1e9',
    'ru_', '_ru', 'ru__ru'];
foreach ($languages as $i => $l) {
    $cases[] = ["language #$i " . json_encode(substr($l, 0, 30)), ['language' => $l] + $good, 'INVALID_LANGUAGE'];
}
$cases[] = ['language as an array', ['language' => ['ru_ru']] + $good, 'INVALID_LANGUAGE'];
$cases[] = ['language as a nested array', ['language' => ['a' => ['b' => 'c']]] + $good, 'INVALID_LANGUAGE'];

$modules = ['../../config.inc', '/etc/passwd', "Contacts\0", "Contacts\0.php", 'Settings.Users', 'A:B:C', 'Settings:', ':Users',
    'Con tacts', str_repeat('M', 10240), 'Con\\tacts', 'Контакты', "Cont\xffacts", '..', '%2e%2e', 'Contacts;DROP TABLE x',
    'Contacts/../../x', 'Settings::Users', '*', '$module', '{$x}', "Contacts\n", '<b>', 'Users:'];
foreach ($modules as $i => $m) {
    $cases[] = ["module #$i " . json_encode(substr($m, 0, 30)), ['module' => $m] + $good, 'INVALID_MODULE'];
}
$cases[] = ['module as an array', ['module' => ['Contacts']] + $good, 'INVALID_MODULE'];
$cases[] = ['an unknown module: common strings', ['module' => 'NoSuchModule'] + $good, 'ok'];

$nest = fn (int $n) => str_repeat('[', $n) . '"x"' . str_repeat(']', $n);
$totranslate = [
    // json_decode() gives null for these: an empty answer
    ['not JSON', '[', 'ok'], ['truncated object', '{"a":', 'ok'], ['single quotes', "['K1']", 'ok'],
    ['a lone surrogate', '["\\ud800"]', 'ok'], ['raw invalid UTF-8', "[\"\xff\xfe\"]", 'ok'], ['10,000 levels deep', $nest(10000), 'ok'],
    ['empty', '', 'ok'], ['null', 'null', 'ok'], ['empty list', '[]', 'ok'], ['empty object', '{}', 'ok'],
    ['JSON string', '"K1"', fn ($r) => isset($r['K1'])], ['integer', '123', fn ($r) => ($r[123] ?? null) === '123'],
    ['integer labels', '[1, 2, 3]', fn ($r) => count($r) === 3],
    // refused
    ['100 levels deep', $nest(100), 'INVALID_TOTRANSLATE'], ['float', '1.5', 'INVALID_TOTRANSLATE'],
    ['true', 'true', 'INVALID_TOTRANSLATE'], ['false', 'false', 'INVALID_TOTRANSLATE'],
    ['a list with true', '[true]', 'INVALID_TOTRANSLATE'], ['a list with null', '[null]', 'INVALID_TOTRANSLATE'],
    ['a list with a float', '[1.5]', 'INVALID_TOTRANSLATE'], ['a list with an object', '[{"a":1}]', 'INVALID_TOTRANSLATE'],
    ['a list with a list', '[["a"]]', 'INVALID_TOTRANSLATE'], ['a map with an object', '{"a":{"b":1}}', 'INVALID_TOTRANSLATE'],
    ['a map with a bool', '{"a":false}', 'INVALID_TOTRANSLATE'],
    ['a label over 1 KiB', '["' . str_repeat('x', 1025) . '"]', 'INVALID_TOTRANSLATE'],
    ['a label of invalid UTF-8 (escaped in JSON)', '["\\u00ff"]', 'ok'],
    ['100,000 labels', json_encode(array_map(fn ($i) => "L$i", range(1, 100000))), 'INVALID_TOTRANSLATE'],
    ['5,001 labels', json_encode(array_map(fn ($i) => "L$i", range(1, 5001))), 'INVALID_TOTRANSLATE'],
    // fine
    ['5,000 labels', json_encode(array_map(fn ($i) => "L$i", range(1, 5000))), fn ($r) => count($r) === 5000],
    ['a NUL in a label', '["K1\\u0000x"]', fn ($r) => count($r) === 1],
    ['HTML entities', '["K1&amp;", "&lt;script&gt;"]', fn ($r) => ($r['&lt;script&gt;'] ?? null) === '<script>'],
    ['a map', '{"a":"K1","b":"NOPE_2"}', fn ($r) => isset($r['a'], $r['b'])],
    ['numeric-string keys', '{"5":"K1","7":"K2"}', fn ($r) => count($r) === 2],
    ['a label of 1 KiB', '["' . str_repeat('x', 1024) . '"]', fn ($r) => count($r) === 1],
    ['emoji and scripts', '["🙂", "Контакт", "الاسم", "联系人"]', fn ($r) => count($r) === 4],
    ['quotes and backslashes', '["a\'b", "c\\\\d", "e\\"f"]', fn ($r) => count($r) === 3],
];
foreach ($totranslate as [$name, $value, $expect]) {
    $cases[] = ["totranslate: $name", ['totranslate' => $value] + $good, $expect];
}
$cases[] = ['totranslate as a form array', ['totranslate' => ['K1', 'K2']] + $good, fn ($r) => count($r) === 2];
$cases[] = ['totranslate as a nested form array', ['totranslate' => ['a' => ['b' => 'c']]] + $good, 'INVALID_TOTRANSLATE'];
$cases[] = ['a 10 MB body (over post_max_size: PHP drops it)', ['totranslate' => str_repeat('x', 10 << 20)] + $good, 'ok'];
$cases[] = ['a 4 MB totranslate of one label', ['totranslate' => '["' . str_repeat('y', 4 << 20) . '"]'] + $good, 'INVALID_TOTRANSLATE'];
// missing parameters arrive as null
$cases[] = ['no parameters at all', [], 'ok'];
$cases[] = ['no totranslate', ['language' => 'ru_ru', 'module' => 'Contacts'], 'ok'];
$cases[] = ['no language: the user\'s', ['totranslate' => '["K1"]', 'module' => 'Contacts'], fn ($r) => isset($r['K1'])];
$cases[] = ['no module', ['totranslate' => '["K1"]', 'language' => 'ru_ru'], fn ($r) => isset($r['K1'])];
$cases[] = ['unregistered parameters are ignored', $good + ['user' => 'admin', 'x' => str_repeat('z', 1000)], 'ok'];
// Vtiger reads a POST operation's parameters from the body only: sent in the query string they would be missing
$cases[] = ['GET instead of POST: where to send them', ['GET', http_build_query(['operation' => 'gettranslation'] + $good)], 'INVALID_REQUEST_METHOD'];
$cases[] = ['GET with a traversal: refused before it is read', ['GET', http_build_query(['operation' => 'gettranslation', 'language' => '../../etc'] + $good)], 'INVALID_REQUEST_METHOD'];
$cases[] = ['a raw body that is not a form', ['RAW', "\x00\x01\x02{[\"garbage"], 'ok'];
$cases[] = ['a form with a broken percent encoding (PHP keeps "%zz" as it is)', ['RAW', 'totranslate=%E0%A4%A&language=%%%&module=%zz'], 'INVALID_MODULE'];

// exporttranslation and listlanguages through the same path, as GET (their values fit nginx's 8 KB request line)
$export = ['operation' => 'exporttranslation', 'language' => 'ru_ru', 'module' => 'Contacts'];
$cases[] = ['export: a good request', $export, fn ($r) => ($r['language'] ?? '') === 'ru_ru' && isset($r['strings']['K1'])
    && preg_match('/^[0-9a-f]{16}$/', $r['version'] ?? '') === 1];
$cases[] = ['export: no parameters (the user\'s language, common strings)', ['operation' => 'exporttranslation'],
    fn ($r) => ($r['language'] ?? '') === 'ru_ru' && ($r['module'] ?? null) === '' && is_array($r['strings'] ?? null)];
$cases[] = ['export: type all', ['type' => 'all'] + $export, fn ($r) => isset($r['languageStrings'], $r['jsLanguageStrings'])];
foreach (['bogus', 'ALL', 'languagestrings', "all\0", str_repeat('t', 4096), '../all', 'all ', '1'] as $i => $t) {
    $cases[] = ["export: type #$i " . json_encode(substr($t, 0, 30)), ['type' => $t] + $export, 'INVALID_TYPE'];
}
$cases[] = ['export: type as an array', ['type' => ['all']] + $export, 'INVALID_TYPE'];
foreach (['abc', 'ABCDEF0123456789', str_repeat('0', 15), str_repeat('0', 17), "0123456789abcde\0", ' 0123456789abcdef',
          str_repeat('f', 4096), '0123456789abcdeg', '-1', '0x0123456789abcd', "' OR 1=1 --", '%30%31'] as $i => $v) {
    $cases[] = ["export: version #$i " . json_encode(substr($v, 0, 30)), ['version' => $v] + $export, 'INVALID_VERSION'];
}
$cases[] = ['export: version as an array', ['version' => ['x']] + $export, 'INVALID_VERSION'];
$cases[] = ['export: a well-formed version that is not current: the strings', ['version' => '0123456789abcdef'] + $export,
    fn ($r) => isset($r['strings']) && !isset($r['unchanged'])];
foreach (['../../etc', 'xx_yy', "ru_ru\0", ['ru_ru']] as $i => $l) {
    $cases[] = ["export: language #$i", ['language' => $l] + $export, 'INVALID_LANGUAGE'];
}
foreach (['../config.inc', 'A:B:C', "Contacts\0", ['Contacts']] as $i => $m) {
    $cases[] = ["export: module #$i", ['module' => $m] + $export, 'INVALID_MODULE'];
}
$cases[] = ['export POSTed: where to send them', ['POST', http_build_query($export)], 'INVALID_REQUEST_METHOD'];
$cases[] = ['listlanguages', ['operation' => 'listlanguages', 'x' => str_repeat('z', 1000)],
    fn ($r) => in_array('ru_ru', array_column($r, 'prefix'), true) && count($r) === count(array_column($r, 'files'))];

function send(string $port, string $method, string $body, string $query = ''): array
{
    $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    if (!$s) {
        return [0, "connect: $errstr", 0];
    }
    stream_set_timeout($s, 10);
    $t = microtime(true);
    $path = '/webservice.php' . ($query !== '' ? "?$query" : '');
    fwrite($s, "$method $path HTTP/1.0\r\nHost: localhost\r\n"
        . ($method === 'POST' ? "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " . strlen($body) . "\r\n" : '')
        . "\r\n" . ($method === 'POST' ? $body : ''));
    $raw = (string)stream_get_contents($s);
    fclose($s);
    [$head, $payload] = explode("\r\n\r\n", $raw, 2) + [1 => ''];
    return [(int)(explode(' ', $head)[1] ?? 0), $payload, microtime(true) - $t];
}

foreach ($cases as [$name, $input, $expect]) {
    if (isset($input[0]) && $input[0] === 'GET') {
        [$status, $body, $time] = send($port, 'GET', '', $input[1]);
    } elseif (isset($input[0]) && ($input[0] === 'RAW' || $input[0] === 'POST')) {
        [$status, $body, $time] = send($port, 'POST', $input[1]);
    } elseif (in_array($input['operation'] ?? '', ['exporttranslation', 'listlanguages'], true)) {
        [$status, $body, $time] = send($port, 'GET', '', http_build_query($input)); /* GET operations */
    } else {
        [$status, $body, $time] = send($port, 'POST', http_build_query($input));
    }
    $r = json_decode($body, true);
    $why = null;
    if ($status !== 200) {
        $why = "HTTP $status";
    } elseif ($time > 10) {
        $why = sprintf('took %.1fs', $time);
    } elseif (preg_match('/Warning|Notice|Deprecated|Fatal error|Stack trace/', $body)) {
        $why = 'a PHP message in the body';
    } elseif (!is_array($r) || !is_bool($r['success'] ?? null)) {
        $why = 'not a JSON envelope';
    } elseif ($r['success'] ? !is_array($r['result'] ?? null) : !(is_string($r['error']['code'] ?? null) && ($r['error']['message'] ?? '') !== '')) {
        $why = 'a malformed envelope';
    } elseif ($expect === 'ok' || is_callable($expect)) {
        if (!$r['success']) {
            $why = "error {$r['error']['code']}: {$r['error']['message']}";
        } elseif (is_callable($expect) && !$expect($r['result'])) {
            $why = 'a wrong answer';
        }
    } elseif ($r['success'] || $r['error']['code'] !== $expect) {
        $why = "expected $expect";
    }
    check($why === null, $name . ($why === null ? '' : ": $why"), substr($body, 0, 200));
}
echo count($cases) . " hostile inputs\n";
check_done('hostile');

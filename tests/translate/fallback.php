<?php
/*
 * Answers that survive a missing extension: every request below is served by the
 * handler file twice, in two PHP processes — with the extension (native) and without
 * it (the file's fallback through Vtiger's Vtiger_Language_Handler, here the test
 * double vtiger_language_handler.php) — and the two envelopes must be identical, byte
 * for byte: gettranslation, exporttranslation (and the same request again with the
 * version it answered), listlanguages; good and hostile inputs, one in eight sent on the
 * side Vtiger does not read (a POST to a GET operation); named and positional dispatch; on
 * generated trees, with en_us and then ru_ru as the default language.
 * No request may end in an uncaught Error (Vtiger's HTTP 500).
 *   php -n tests/translate/fallback.php [REQUESTS] [SEED]
 * Prints "fallback: N passed, N failed".
 */
require __DIR__ . '/tree.php';
require dirname(__DIR__) . '/lib/check.php';

$top = dirname(__DIR__, 2);
$count = (int)($argv[1] ?? 400);
$seed = (int)($argv[2] ?? getenv('VTWS_DIFF_SEED') ?: 20261130);
mt_srand($seed);

function a_label(): string
{
    $r = mt_rand(0, 19);
    if ($r === 0) {
        return str_repeat('L', 1025);          /* too long */
    }
    return label();
}

function totranslate(): string
{
    $labels = [];
    for ($i = mt_rand(0, 12); $i > 0; $i--) {
        $labels[] = a_label();
    }
    switch (mt_rand(0, 11)) {
        case 0: return json_encode(array_combine(array_map(function ($i) { return "k$i"; }, array_keys($labels)), $labels));
        case 1: return json_encode(a_label());
        case 2: return pick(['', 'not json', '5', '1.5', 'true', 'null', '[["nested"]]', '{"a":{"b":1}}', '[1, 2, "x"]',
                             '{"5": "LBL_SAVE", "x": 7}', '[false]', '"\ud800"', '{}', '[]']);
        default: return json_encode($labels, JSON_UNESCAPED_UNICODE);
    }
}

/* A request; one in eight sent all on the wrong side (a POST to a GET operation, or the reverse). */
function a_request(array $languages): array
{
    $r = a_placed_request($languages);
    if (mt_rand(0, 7) === 0) {
        $r[] = true;
    }
    return $r;
}

function a_placed_request(array $languages): array
{
    $language = pick(array_merge($languages, $languages, ['', '', 'xx_yy', 'RU_RU', '../etc', 'ru', 'ru-ru']));
    $module = pick(['Contacts', 'Accounts', 'Leads', 'HelpDesk', 'Users', 'Home', 'Vtiger', 'Settings:Users', 'Settings:Picklist',
                    'Settings:Unknown', 'Contacts:Sub', 'Unknown', '', 'Leads:Sub', 'Bad Module', 'a:b:c', ':x', 'x:',
                    str_repeat('A', 65), 'Модуль']);
    $user = pick(['en_us', 'ru_ru', 'de_de', 'pt_br', 'xx_yy', '', 'bad']);
    $mode = pick(['named', 'positional']);
    $r = mt_rand(0, 9);
    if ($r < 5) {
        $input = ['totranslate' => totranslate(), 'language' => $language, 'module' => $module];
        return ['gettranslation', $mode, array_filter($input, function () { return mt_rand(0, 9) > 0; }), $user];
    }
    if ($r < 9) {
        $input = ['language' => $language, 'module' => $module,
                  'type' => pick(['', 'languageStrings', 'jsLanguageStrings', 'all', 'all', 'bogus', 'ALL']),
                  'version' => pick(['', '', '', 'abc', '0123456789abcdef', 'ABCDEF0123456789', str_repeat('0', 17)])];
        if (mt_rand(0, 15) === 0) {
            $input[pick(['language', 'module', 'type', 'version'])] = ['an', 'array'];
        }
        return ['exporttranslation', $mode, array_filter($input, function () { return mt_rand(0, 9) > 0; }), $user];
    }
    return ['listlanguages', $mode, [], $user];
}

$work = sys_get_temp_dir() . '/vtws-fallback-' . getmypid();
foreach (['en_us', 'ru_ru'] as $ci => $default) {
    $root = "$work/root$ci";
    make_tree($root, true);
    $requests = [];
    for ($i = 0; $i < $count; $i++) {
        $requests[] = a_request($languages);
    }
    file_put_contents("$work/requests$ci.json", json_encode($requests));
    $run = function (string $extension) use ($root, $default, $ci, $work) {
        $cmd = 'php -n ' . $extension . ' ' . escapeshellarg(__DIR__ . '/fallback_worker.php') . ' '
            . escapeshellarg($root) . " $default " . escapeshellarg("$work/requests$ci.json") . ' 2>&1';
        return explode("\n", rtrim((string)shell_exec($cmd)));
    };
    $native = $run('-d extension=' . escapeshellarg("$top/modules/vtws.so") . ' -d vtws.revalidate_freq=0');
    $fallback = $run('');
    check(($native[0] ?? '') === 'native' && ($fallback[0] ?? '') === 'fallback',
        "default $default: one run native, one through the fallback", ($native[0] ?? '') . ' / ' . ($fallback[0] ?? ''));
    check(count($native) === count($fallback) && count($native) > $count,
        "default $default: both runs answered every request (" . count($native) . ' / ' . count($fallback) . ' lines)');
    $lines = max(count($native), count($fallback));
    $kinds = [];
    for ($i = 1; $i < $lines; $i++) {
        $n = $native[$i] ?? '(none)';
        $f = $fallback[$i] ?? '(none)';
        check($n === $f, "default $default, answer $i: the fallback answers as the extension", "native   $n\nfallback $f");
        check(strncmp($n, 'HTTP 500', 8) !== 0 && strncmp($f, 'HTTP 500', 8) !== 0, "default $default, answer $i: no uncaught Error", "$n\n$f");
        $e = json_decode($n, true);
        $kinds[isset($e['success']) ? ($e['success'] ? 'ok' : $e['error']['code']) : 'other'] = true;
    }
    ksort($kinds);
    /* the requests must reach both answers and the errors, or the comparison proves little */
    check(count(array_intersect(array_keys($kinds), ['ok', 'INVALID_TOTRANSLATE', 'INVALID_LANGUAGE', 'INVALID_MODULE',
        'INVALID_TYPE', 'INVALID_VERSION', 'INVALID_REQUEST_METHOD'])) === 7, "default $default: answers and every error code were compared", implode(', ', array_keys($kinds)));
}
/* Where Vtiger's own class fails (an overlay without its base file: array_merge(null, ...) on PHP 8),
 * the fallback answers a clear error envelope, never a 500; the extension serves the overlay */
$root = "$work/overlay-only";
@mkdir("$root/languages/en_us", 0777, true);
@mkdir("$root/languages/custom/en_us", 0777, true);
file_put_contents("$root/languages/en_us/Vtiger.php", "<?php \$languageStrings = ['LBL_SAVE' => 'Save'];\n");
file_put_contents("$root/languages/custom/en_us/Leads.php", "<?php \$languageStrings = ['Leads' => 'Prospects'];\n");
file_put_contents("$work/overlay.json", json_encode([['gettranslation', 'named', ['totranslate' => '["Leads"]', 'module' => 'Leads'], 'en_us'],
                                                      ['exporttranslation', 'named', ['module' => 'Leads'], 'en_us']]));
$cmd = ' ' . escapeshellarg(__DIR__ . '/fallback_worker.php') . ' ' . escapeshellarg($root) . ' en_us ' . escapeshellarg("$work/overlay.json");
$native = explode("\n", rtrim((string)shell_exec('php -n -d extension=' . escapeshellarg("$top/modules/vtws.so") . $cmd)));
$fallback = explode("\n", rtrim((string)shell_exec("php -n $cmd")));
check(($native[1] ?? '') === '{"success":true,"result":{"Leads":"Prospects"}}', 'an overlay alone: the extension serves it', $native[1] ?? '');
$failure = '{"success":false,"error":{"code":"VTWS_FALLBACK_FAILED","message":"without the vtws extension, Vtiger_Language_Handler::';
check(strpos($fallback[1] ?? '', $failure . 'getLanguageTranslatedString failed: TypeError"}}') === 0
    && strpos($fallback[2] ?? '', $failure . 'getModuleStringsFromFile failed: TypeError"}}') === 0,
    'an overlay alone: the fallback answers an error envelope where Vtiger itself throws', implode("\n", $fallback));

exec('rm -rf ' . escapeshellarg($work));
check_done('fallback');

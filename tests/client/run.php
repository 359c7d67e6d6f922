<?php
/*
 * The `vtws` API commands against a test server that answers like Vtiger 8.3
 * (server.php behind nginx + php-fpm, HTTP and HTTPS with a self-signed
 * certificate), checking what the server received.
 * Prints "client: N passed, N failed".
 */
require dirname(__DIR__) . '/lib/webserver.php';

$top = dirname(__DIR__, 2);
$vtws = "$top/_build/cli/vtws";
$work = sys_get_temp_dir() . '/vtws-client-' . getmypid();
$state = "$work/state";
@mkdir($state, 0777, true);
@mkdir("$work/config/vtws", 0700, true);
$key = 'TESTACCESSKEY0123456789';
require dirname(__DIR__) . '/lib/check.php';
$seen = ''; /* every output, to look for the access key in */

function control(array $c): void
{
    global $state, $key;
    file_put_contents("$state/control.json", json_encode($c + ['access_key' => $key]));
}

function reset_server(array $c = []): void
{
    global $state;
    @unlink("$state/state.json");
    @unlink("$state/requests.log");
    control($c);
}

function requests(): array
{
    global $state;
    return array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string)@file_get_contents("$state/requests.log"))));
}

/* Run vtws; returns [stdout, stderr, exit code]. */
function vtws(array $args, array $env = [], ?string $stdin = null): array
{
    global $vtws, $work, $url, $seen;
    $env += ['VTIGER_URL' => $url, 'VTIGER_USER' => 'admin', 'XDG_CACHE_HOME' => "$work/cache",
             'XDG_CONFIG_HOME' => "$work/config", 'HOME' => $work, 'PATH' => getenv('PATH')];
    $p = proc_open(array_merge([$vtws], $args), [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
        array_filter($env, fn ($v) => $v !== null));
    if ($stdin !== null) {
        fwrite($pipes[0], $stdin);
    }
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    $rc = proc_close($p);
    $seen .= $out . $err;
    return [$out, $err, $rc];
}

exec('cp -r ' . escapeshellarg("$top/examples/vtiger") . ' ' . escapeshellarg("$work/vtiger"));
$server = ws_start($work, __DIR__ . '/server.php', ['workers' => 4, 'tls' => true,
    'env' => ['VTWS_TEST_STATE' => $state, 'VTWS_TEST_ROOT' => "$work/vtiger"],
    'ini' => ['extension' => "$top/modules/vtws.so", 'vtws.revalidate_freq' => 0]]);
$url = "http://127.0.0.1:{$server['http']}";
file_put_contents("$work/key", "$key\n");
chmod("$work/key", 0600);
$withKey = ['--access-key-file', "$work/key"];

/* ---- login, the session cache ----------------------------------------------------------------- */
reset_server();
[$out, $err, $rc] = vtws(array_merge(['login'], $withKey));
check($rc === 0 && strpos($err, 'logged in as admin (19x1)') !== false, 'login', $out . $err);
$r = requests();
check(count($r) === 2 && $r[0]['op'] === 'getchallenge' && $r[0]['method'] === 'GET' && $r[0]['get'] === ['operation', 'username']
    && $r[1]['op'] === 'login' && $r[1]['method'] === 'POST' && $r[1]['post'] === ['operation', 'username', 'accessKey'] && $r[1]['get'] === [],
    'getchallenge in the query string, login in a form (the server checked md5(token + access key))', json_encode($r));
$cache = glob("$work/cache/vtws/session-*.json");
check(count($cache) === 1 && (fileperms($cache[0]) & 0777) === 0600 && strpos(file_get_contents($cache[0]), '"session"') !== false,
    'the session is cached with mode 0600', json_encode($cache));
[$out, $err, $rc] = vtws(['listtypes']);
check($rc === 0 && json_decode($out, true)['types'][2] === 'Contacts' && count(requests()) === 3,
    'a later command reuses the cached session without logging in (no access key given)', $out . $err);

[$out, $err, $rc] = vtws(['login'], ['VTIGER_ACCESS_KEY' => 'WRONGKEY']);
check($rc === 4 && trim($err) === 'vtws: login failed: INVALID_USER_CREDENTIALS: Invalid username or password',
    'a wrong access key: exit 4, one line', $err);
[$out, $err, $rc] = vtws(['login'], ['VTIGER_ACCESS_KEY' => $key, 'VTIGER_USER' => 'nosuchuser']);
check($rc === 4 && strpos($err, 'ACCESS_DENIED: username does not exists') !== false, 'an unknown user: exit 4', $err);

/* ---- every call ------------------------------------------------------------------------------------ */
reset_server();
vtws(array_merge(['login'], $withKey));
[$out, $err, $rc] = vtws(['query', 'SELECT firstname, lastname FROM Contacts LIMIT 5;']);
$rows = json_decode($out, true);
check($rc === 0 && count($rows) === 5 && $rows[0] === ['firstname' => 'David', 'lastname' => 'Last3', 'id' => '12x3'],
    'query (one call, as written)', $out . $err);
[$out, $err, $rc] = vtws(['retrieve', '12x10']);
check($rc === 0 && json_decode($out, true)['id'] === '12x10', 'retrieve 12x10', $out . $err);
[$out, $err, $rc] = vtws(['retrieve', '12xabc']);
check($rc === 1 && trim($err) === 'INVALID_ID_ATTRIBUTE: Id specified is incorrect', 'a server error: exit 1, CODE: message', $err);
[$out, $err, $rc] = vtws(['create', 'Contacts', '-'], [], '{"firstname": "Александр", "lastname": "Ivanov", "assigned_user_id": "19x1"}');
$created = json_decode($out, true);
check($rc === 0 && $created['id'] === '12x255' && $created['firstname'] === 'Александр', 'create from stdin', $out . $err);
$last = array_slice(requests(), -1)[0];
check($last['method'] === 'POST' && $last['post'] === ['operation', 'sessionName', 'elementType', 'element'] && $last['get'] === [],
    'create sends a form with elementType and element', json_encode($last));
file_put_contents("$work/el.json", json_encode(['id' => '12x255', 'firstname' => 'A', 'lastname' => 'Ivanov', 'title' => 'CEO']));
[$out, $err, $rc] = vtws(['update', "$work/el.json"]);
check($rc === 0 && json_decode($out, true)['title'] === 'CEO', 'update from a file', $out . $err);
[$out, $err, $rc] = vtws(['revise', '-'], [], '{"id": "12x255", "title": "QA"}');
check($rc === 0 && json_decode($out, true)['title'] === 'QA' && json_decode($out, true)['lastname'] === 'Ivanov', 'revise', $out . $err);
[$out, $err, $rc] = vtws(['create', 'Contacts', '-'], [], '{"firstname": "NoLastName"}');
check($rc === 1 && trim($err) === 'MANDATORY_FIELDS_MISSING: lastname does not have a value', 'a create the server refuses', $err);
[$out, $err, $rc] = vtws(['create', 'Contacts', '-'], [], '{not json');
check($rc === 2 && strncmp($err, 'vtws: stdin: not JSON', 21) === 0, 'a create with invalid JSON: refused before sending', $err);
[$out, $err, $rc] = vtws(['delete', '12x255']);
check($rc === 0 && json_decode($out, true) === ['status' => 'successful'], 'delete', $out . $err);
[$out, $err, $rc] = vtws(['retrieve', '12x255']);
check($rc === 1 && strpos($err, 'ACCESS_DENIED') === 0, 'a deleted record is gone', $err);
[$out, $err, $rc] = vtws(['describe', 'Contacts']);
check($rc === 0 && json_decode($out, true)['name'] === 'Contacts', 'describe', $out . $err);
[$out, $err, $rc] = vtws(['sync', 'Contacts', '--since', '0']);
$sync = json_decode($out, true);
$syncs = array_filter(requests(), fn ($x) => $x['op'] === 'sync');
check($rc === 0 && count($sync['updated']) === 250 && count($syncs) === 3 && count(array_unique(array_column($sync['updated'], 'id'))) === 250,
    'sync follows "more" (250 records in 3 answers)', count($syncs) . ' calls, ' . count($sync['updated'] ?? []) . ' records ' . $err);
[$out, $err, $rc] = vtws(['sync', 'Contacts', '--since', '2023-11-14T22:15:00']);
check($rc === 0 && count(json_decode($out, true)['updated']) > 0, 'sync --since a date', $err);
[$out, $err, $rc] = vtws(['call', 'gettranslation', 'totranslate:=["Contacts","Other"]', 'language=ru_ru', 'module=Contacts']);
check($rc === 0 && json_decode($out, true) === ['Contacts' => 'Контакты', 'Other' => 'Other'], 'call a custom operation (POST, name:=json)', $out . $err);
$last = array_slice(requests(), -1)[0];
check($last['method'] === 'POST' && $last['post'] === ['operation', 'sessionName', 'totranslate', 'language', 'module'], 'call sends a form by default', json_encode($last));
[$out, $err, $rc] = vtws(['call', 'query', '--get', 'query=SELECT id FROM Contacts LIMIT 2;']);
check($rc === 0 && count(json_decode($out, true)) === 2 && array_slice(requests(), -1)[0]['method'] === 'GET', 'call --get puts the parameters in the query string', $out . $err);
/* without --get/--post, each operation goes as it is registered: Vtiger reads a GET one's
 * parameters from the query string only, so a POST would answer the defaults */
[$out, $err, $rc] = vtws(['call', 'exporttranslation', 'language=ru_ru', 'module=Contacts']);
$last = array_slice(requests(), -1)[0];
check($rc === 0 && $last['op'] === 'exporttranslation' && $last['method'] === 'GET' && $last['post'] === []
    && $last['get'] === ['operation', 'sessionName', 'language', 'module'], 'call exporttranslation is sent as GET, as registered', json_encode($last) . $err);
[$out, $err, $rc] = vtws(['call', 'RETRIEVE', 'id=12x1']);
$last = array_slice(requests(), -1)[0];
check($last['method'] === 'GET' && $last['get'] === ['operation', 'sessionName', 'id'], "call of Vtiger's own GET operation (any case) is a GET", json_encode($last));
[$out, $err, $rc] = vtws(['call', 'exporttranslation', '--post', 'language=ru_ru']);
$last = array_slice(requests(), -1)[0];
check($last['method'] === 'POST' && $last['post'] === ['operation', 'sessionName', 'language'], '--post still overrides', json_encode($last));
[$out, $err, $rc] = vtws(['call', 'x', 'bad:={']);
check($rc === 2 && strpos($err, 'parameter bad: not JSON') !== false, 'call with invalid JSON: exit 2', $err);
[$out, $err, $rc] = vtws(['translate', '--language', 'ru_ru', '--module', 'Contacts', 'Contacts']);
check($rc === 0 && json_decode($out, true) === ['Contacts' => 'Контакты'], 'translate calls the server\'s gettranslation', $out . $err);

/* ---- export: the cached answer and its version ------------------------------------------------ */
$exportArgs = ['export', '--language', 'ru_ru', '--module', 'Contacts'];
$beforeExport = count(requests());
[$out, $err, $rc] = vtws($exportArgs);
$first = json_decode($out, true);
$last = requests()[count(requests()) - 1];
check($rc === 0 && ($first['strings']['SINGLE_Contacts'] ?? null) === 'Контакт' && ($first['strings']['Mobile Phone'] ?? null) === 'Сотовый'
    && preg_match('/^[0-9a-f]{16}$/', $first['version'] ?? '') === 1 && $last['method'] === 'GET'
    && $last['get'] === ['operation', 'sessionName', 'language', 'module', 'type', 'version'],
    'export: the strings of Contacts in ru_ru and their version, by GET', $out . $err . json_encode($last));
$cached = glob("$work/cache/vtws/export-*.json");
check(count($cached) === 1 && (fileperms($cached[0]) & 0777) === 0600, 'export: the answer is cached, mode 0600', json_encode($cached));
[$out, $err, $rc] = vtws($exportArgs);
check($rc === 0 && json_decode($out, true) === $first && strpos($err, "unchanged since version {$first['version']}") !== false,
    'export again: the server says unchanged, the cached strings are printed', $out . $err);
$sent = array_column(array_filter(array_slice(requests(), $beforeExport), fn ($r) => $r['op'] === 'exporttranslation'), 'version');
check($sent === ['', $first['version']], 'export: no version the first time, the cached one the second', json_encode($sent));
[$out, $err, $rc] = vtws(array_merge($exportArgs, ['--refresh']));
check($rc === 0 && json_decode($out, true) === $first && strpos($err, 'unchanged') === false, 'export --refresh: a full answer', $out . $err);
file_put_contents("$work/vtiger/languages/ru_ru/Contacts.php",
    str_replace("'Контакт'", "'Контакт (новый)'", file_get_contents("$work/vtiger/languages/ru_ru/Contacts.php")));
[$out, $err, $rc] = vtws($exportArgs);
$changed = json_decode($out, true);
check($rc === 0 && ($changed['strings']['SINGLE_Contacts'] ?? null) === 'Контакт (новый)' && $changed['version'] !== $first['version'],
    'export after a string changed on the server: the new strings and version', $out . $err);
[$out, $err, $rc] = vtws(['export', '--language', 'ru_ru', '--module', 'Contacts', '--type', 'all']);
$all = json_decode($out, true);
check($rc === 0 && isset($all['languageStrings']['SINGLE_Contacts'], $all['jsLanguageStrings']['JS_DELETE_CONTACT'])
    && count(glob("$work/cache/vtws/export-*.json")) === 2, 'export --type all: both kinds of strings, cached apart', $out . $err);
[$out, $err, $rc] = vtws(['export', '--language', 'ru_ru', '--type', 'bogus']);
check($rc === 1 && trim($err) === 'INVALID_TYPE: type must be languageStrings, jsLanguageStrings or all', 'export: a server error, exit 1, one line', $err);
[$out, $err, $rc] = vtws(['languages']);
check($rc === 0 && json_decode($out, true) === [['prefix' => 'en_us', 'label' => 'en_us', 'files' => 4], ['prefix' => 'ru_ru', 'label' => 'ru_ru', 'files' => 4]],
    'languages: every language of the server with its files', $out . $err);
[$out, $err, $rc] = vtws(['query', 'SELECT * FROM Contacts;', '--refresh']);
check($rc === 2 && substr_count(trim($err), "\n") === 0, 'an option of export elsewhere: a usage error', $err);
[$out, $err, $rc] = vtws(['call', 'extendsession']);
check($rc === 0, 'call extendsession', $err);
[$out, $err, $rc] = vtws(['call', 'nosuchop']);
check($rc === 1 && trim($err) === 'HTTP_ERROR: HTTP 500, empty body', "an operation Vtiger does not know (HTTP 500, empty body): exit 1", $err);

/* ---- paging ----------------------------------------------------------------------------------------------- */
reset_server();
vtws(array_merge(['login'], $withKey));
$before = count(requests());
[$out, $err, $rc] = vtws(['query', '--all', 'SELECT id FROM Contacts;']);
$ids = array_column(json_decode($out, true) ?? [], 'id');
$qs = array_column(array_slice(requests(), $before), 'query');
check($rc === 0 && count($ids) === 250 && count(array_unique($ids)) === 250 && $ids[0] === '12x3' && $ids[249] === '12x254',
    '--all: 250 rows, none twice, none lost', count($ids) . ' ' . $err);
check($qs === ['SELECT id FROM Contacts ORDER BY id LIMIT 0, 100;', 'SELECT id FROM Contacts ORDER BY id LIMIT 100, 100;',
    'SELECT id FROM Contacts ORDER BY id LIMIT 200, 100;'], 'pages of 100, ORDER BY id added, stopped by the short page', json_encode($qs));
$conns = array_unique(array_column(array_slice(requests(), $before), 'conn'));
check(count($conns) === 1, 'all pages on one TCP connection (keep-alive)', json_encode($conns));
$before = count(requests());
[$out, $err, $rc] = vtws(['query', '--all', 'SELECT id FROM Contacts LIMIT 10, 150;']);
$ids = array_column(json_decode($out, true) ?? [], 'id');
check($rc === 0 && count($ids) === 150 && $ids[0] === '12x15' && array_column(array_slice(requests(), $before), 'query')
    === ['SELECT id FROM Contacts ORDER BY id LIMIT 10, 100;', 'SELECT id FROM Contacts ORDER BY id LIMIT 110, 50;'],
    "the caller's LIMIT 10, 150 is respected", json_encode(array_column(array_slice(requests(), $before), 'query')));
$before = count(requests());
[$out, $err, $rc] = vtws(['query', '--all', 'select id from Contacts order by lastname limit 5']);
check($rc === 0 && count(json_decode($out, true)) === 5
    && array_column(array_slice(requests(), $before), 'query') === ['select id from Contacts order by lastname LIMIT 0, 5;'],
    "the caller's ORDER BY is kept (no ORDER BY id), LIMIT 5 is one call", json_encode(array_column(array_slice(requests(), $before), 'query')));
[$out, $err, $rc] = vtws(['query', '--all', '--format', 'ndjson', 'SELECT id, lastname FROM Contacts LIMIT 3;']);
check($rc === 0 && $out === "{\"lastname\":\"Last3\",\"id\":\"12x3\"}\n{\"lastname\":\"Last4\",\"id\":\"12x4\"}\n{\"lastname\":\"Last5\",\"id\":\"12x5\"}\n",
    '--format ndjson', $out);
[$out, $err, $rc] = vtws(['query', '--all', '--format', 'csv', 'SELECT firstname, lastname FROM Contacts LIMIT 2;']);
check($rc === 0 && $out === "firstname,lastname,id\r\nDavid,Last3,12x3\r\nElena,Last4,12x4\r\n", '--format csv', $out);
[$out, $err, $rc] = vtws(['query', '--format', 'xml', 'SELECT id FROM Contacts;']);
check($rc === 2, 'an unknown format: exit 2', $err);

/* the session expires after the first page: log in again once, lose and repeat nothing */
reset_server(['expire_after_queries' => 1]);
vtws(array_merge(['login'], $withKey));
$before = count(requests());
[$out, $err, $rc] = vtws(array_merge(['query', '--all', 'SELECT id FROM Contacts;'], $withKey));
$ids = array_column(json_decode($out, true) ?? [], 'id');
$ops = array_column(array_slice(requests(), $before), 'op');
check($rc === 0 && count($ids) === 250 && count(array_unique($ids)) === 250 && $ops === ['query', 'query', 'getchallenge', 'login', 'query', 'query'],
    'a session that expires mid-paging: one new login, no duplicate or lost rows', json_encode($ops) . ' ' . count($ids) . ' ' . $err);

/* ---- never replay a write ---------------------------------------------------------------------------------------- */
reset_server(['invalid_session_on' => ['create']]);
vtws(array_merge(['login'], $withKey));
$before = count(requests());
[$out, $err, $rc] = vtws(array_merge(['create', 'Contacts', '-'], $withKey), [], '{"lastname": "Once"}');
$ops = array_column(array_slice(requests(), $before), 'op');
check($rc === 1 && $ops === ['create'] && trim($err) === 'INVALID_SESSIONID: Session Identifier provided is Invalid',
    'a create whose session is gone is not replayed (nor a new login made for it)', json_encode($ops) . $err);

/* ---- failures of the transport --------------------------------------------------------------------------------- */
reset_server(['fail_500' => ['describe']]);
vtws(array_merge(['login'], $withKey));
[$out, $err, $rc] = vtws(['describe', 'Contacts']);
check($rc === 1 && trim($err) === 'HTTP_ERROR: HTTP 500, empty body', 'a non-JSON 500: exit 1, said so', $err);
reset_server(['sleep' => ['listtypes' => 2]]);
vtws(array_merge(['login'], $withKey));
$before = count(requests());
$t = microtime(true);
[$out, $err, $rc] = vtws(['listtypes', '--timeout', '0.5']);
$tries = count(array_filter(array_slice(requests(), $before), fn ($x) => $x['op'] === 'listtypes'));
check($rc === 3 && strncmp($err, 'vtws: TIMEOUT:', 14) === 0 && $tries === 3, 'a timeout: exit 3; a read-only call is retried twice with backoff',
    "$tries tries, " . round(microtime(true) - $t, 1) . "s: $err");
reset_server(['sleep' => ['delete' => 2]]);
vtws(array_merge(['login'], $withKey));
$before = count(requests());
[$out, $err, $rc] = vtws(['delete', '12x3', '--timeout', '0.5']);
$tries = count(array_filter(array_slice(requests(), $before), fn ($x) => $x['op'] === 'delete'));
check($rc === 3 && $tries === 1, 'a write that times out is not retried', "$tries tries: $err");
[$out, $err, $rc] = vtws(array_merge(['listtypes'], $withKey), ['VTIGER_URL' => 'http://127.0.0.1:' . ws_free_port()]);
check($rc === 3 && strncmp($err, 'vtws: CONNECT_ERROR:', 20) === 0, 'nothing listening: exit 3', $err);

/* ---- TLS ------------------------------------------------------------------------------------------------------------- */
reset_server();
$https = "https://127.0.0.1:{$server['https']}";
[$out, $err, $rc] = vtws(array_merge(['login'], $withKey), ['VTIGER_URL' => $https]);
check($rc === 3 && strpos($err, 'vtws: TLS:') === 0 && requests() === [], 'a self-signed certificate is refused by default (nothing sent)', $err);
[$out, $err, $rc] = vtws(array_merge(['login', '--ca-file', "$work/cert.pem"], $withKey), ['VTIGER_URL' => $https]);
check($rc === 0 && requests()[0]['tls'] === true, 'accepted with --ca-file', $err);
[$out, $err, $rc] = vtws(array_merge(['listtypes', '--insecure'], $withKey), ['VTIGER_URL' => $https]);
check($rc === 0 && strpos($err, 'vtws: warning: TLS verification is off (--insecure)') === 0, '--insecure works, with a warning', $err);

/* ---- credentials ------------------------------------------------------------------------------------------------------ */
[$out, $err, $rc] = vtws(['login', "--access-key=$key"]);
check($rc === 2 && strpos($err, 'never taken on the command line') !== false && strpos($err, $key) === false,
    'the access key on the command line is refused (and not echoed)', $err);
/* an access key file group or others can read or write is refused, as ssh refuses an unprotected key */
vtws(['logout']);
foreach ([0644, 0640, 0604, 0620, 0602] as $mode) {
    chmod("$work/key", $mode);
    reset_server();
    [$out, $err, $rc] = vtws(array_merge(['login'], $withKey));
    check($rc === 5 && $out === '' && $err === sprintf("vtws: permissions %04o for the access key file '%s' are too open: group or others can read or write it"
        . " (chmod 600 '%s'; --insecure-key-file uses it anyway)\n", $mode, "$work/key", "$work/key") && requests() === [],
        sprintf('an access key file of mode %04o is refused: one line, exit 5, nothing sent', $mode), "exit $rc\n$out$err");
}
[$out, $err, $rc] = vtws(array_merge(['login', '--insecure-key-file'], $withKey));
check($rc === 0 && strpos($err, "vtws: warning: the access key file '$work/key' is readable or writable by others (mode 0602), used anyway") === 0,
    '--insecure-key-file uses it, with a warning', $err);
vtws(['logout']);
[$out, $err, $rc] = vtws(array_merge(['login'], $withKey), ['VTWS_INSECURE_KEY_FILE' => '1']);
check($rc === 0 && strpos($err, 'vtws: warning: the access key file') === 0, 'so does VTWS_INSECURE_KEY_FILE=1', $err);
vtws(['logout']);
chmod("$work/key", 0700);
[$out, $err, $rc] = vtws(array_merge(['login'], $withKey));
check($rc === 0 && strpos($err, 'warning') === false, 'a key file only its owner can read (0700 here) is used without a word', $err);
vtws(['logout']);
chmod("$work/key", 0600);
[$out, $err, $rc] = vtws(array_merge(['login', '--access-key-file', '/dev/stdin']), [], "$key\n");
check($rc === 0, 'a key from a pipe (/dev/stdin) is not judged by mode', $err);
vtws(['logout']);
requests();
file_put_contents("$work/config/vtws/config", "[default]\nurl = $url\nuser = admin\naccess_key = $key\n");
chmod("$work/config/vtws/config", 0644);
[$out, $err, $rc] = vtws(['listtypes'], ['VTIGER_URL' => null, 'VTIGER_USER' => null]);
check($rc === 2 && strpos($err, 'is readable by others: chmod 600 it first') !== false, 'a profile readable by others is refused', $err);
chmod("$work/config/vtws/config", 0600);
[$out, $err, $rc] = vtws(['listtypes'], ['VTIGER_URL' => null, 'VTIGER_USER' => null]);
check($rc === 0 && json_decode($out, true)['types'] !== null, 'a private profile is used', $err);
[$out, $err, $rc] = vtws(['logout'], ['VTIGER_URL' => null, 'VTIGER_USER' => null]);
$mine = array_filter(glob("$work/cache/vtws/session-*.json"), fn ($f) => json_decode(file_get_contents($f), true)['url'] === $url);
check($rc === 0 && !$mine && array_slice(requests(), -1)[0]['op'] === 'logout', 'logout ends the session and forgets it (this URL\'s)', $err);
[$out, $err, $rc] = vtws(['listtypes'], ['VTIGER_USER' => null, 'XDG_CONFIG_HOME' => "$work/none"]);
check($rc === 2 && trim($err) === 'vtws: no user: set VTIGER_USER, --user, or a profile', 'no credentials: exit 2, one line', $err);
foreach ([['query'], ['retrieve', 'a', 'b'], ['sync', 'Contacts'], ['frob'], ['listtypes', '--bogus']] as $args) {
    [$out, $err, $rc] = vtws($args);
    check($rc === 2 && substr_count(trim($err), "\n") === 0, 'usage error for ' . json_encode($args), $err);
}

/* ---- the access key shows nowhere ------------------------------------------------------------------------------------ */
$where = [];
foreach (array_merge(glob("$state/requests.log"), glob("$state/state.json"), glob("$work/cache/vtws/*"), glob("$work/*.log")) as $f) {
    if (strpos((string)@file_get_contents($f), $key) !== false) {
        $where[] = $f;
    }
}
if (strpos($seen, $key) !== false) {
    $where[] = 'output: ' . substr($seen, max(0, strpos($seen, $key) - 200), 300);
}
check(!$where, 'the access key appears in no output, no server log and no cache file', implode("\n", $where));

ws_stop($work);
exec('rm -rf ' . escapeshellarg($work));
check_done('client');

<?php
/*
 * The scripts copied into a Vtiger root are commands: requested over HTTP they run and print
 * nothing (404 where no #! line went out first), even where register_argc_argv = On makes a query string their $argv
 * (php -S here, a real web SAPI: PHP_SAPI is cli-server). Prints "web: N passed, N failed".
 */
$top = dirname(__DIR__, 2);
$passed = $failed = 0;
function check(bool $ok, string $what, string $detail = ''): void
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        echo "FAIL $what\n", $detail === '' ? '' : "    $detail\n";
    }
}
$root = sys_get_temp_dir() . '/vtws-web-' . getmypid();
@mkdir($root);
exec('cp -r ' . escapeshellarg("$top/php_scripts") . ' ' . escapeshellarg("$root/vtws-scripts"));
$marker = "$root/included";
/* what doctor_child would include if it ran: it records that it was loaded */
file_put_contents("$root/evil.php", '<?php file_put_contents(' . var_export($marker, true) . ', "ran");');
$port = 20000 + getmypid() % 20000;
$server = proc_open([PHP_BINARY, '-n', '-d', 'register_argc_argv=1', '-S', "127.0.0.1:$port", '-t', $root],
    [['file', '/dev/null', 'r'], ['file', '/dev/null', 'w'], ['file', '/dev/null', 'w']], $pipes);
$get = function (string $path) use ($port) {
    for ($i = 0; $i < 50; $i++) {
        $ctx = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 5]]);
        $body = @file_get_contents("http://127.0.0.1:$port$path", false, $ctx);
        if ($body !== false) {
            return [(int)explode(' ', $http_response_header[0])[1], $body];
        }
        usleep(100000);
    }
    return [0, ''];
};
foreach ([
    '/vtws-scripts/register/doctor_child.php?' . rawurlencode($root) . '+evil.php+[]' => 'doctor_child.php',
    '/vtws-scripts/vtws-register.php?sync+--dry-run' => 'vtws-register.php',
] as $path => $name) {
    [$code, $body] = $get($path);
    /* a web SAPI prints a #! line as text (and the headers with it, so the status stays 200):
     * nothing else may come */
    $ok = $body === '' ? $code === 404 : $body === "#!/usr/bin/env php\n";
    check($ok, "$name over HTTP: refused, nothing run or printed", "HTTP $code: " . substr($body, 0, 200));
}
check(!file_exists($marker), 'doctor_child.php over HTTP included nothing');
proc_terminate($server);
proc_close($server);
exec('rm -rf ' . escapeshellarg($root));
echo "web: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);

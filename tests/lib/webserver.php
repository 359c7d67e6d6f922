<?php
/*
 * A private web server for the tests: Debian's php-fpm (static workers, the
 * vtws extension loaded when asked) behind nginx on 127.0.0.1, running one
 * front script for every request; optionally HTTPS with a self-signed
 * certificate. Or, given a thread-safe PHP's Apache module, Apache 2.4 with the
 * event MPM and mod_php: one process whose threads serve every request.
 * Everything lives in a work folder; nothing listens elsewhere.
 */
function ws_sh(string $cmd): string
{
    return (string)shell_exec($cmd . ' 2>&1');
}

function ws_free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int)substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}

/* A self-signed certificate for 127.0.0.1: [cert.pem, key.pem]. */
function ws_certificate(string $work): array
{
    if (!is_file("$work/cert.pem")) {
        ws_sh("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
            . " -keyout $work/key.pem -out $work/cert.pem");
    }
    return ["$work/cert.pem", "$work/key.pem"];
}

/*
 * Start the server. $o: workers (8), env [name => value] for the script,
 * ini [name => value] for PHP, tls (false), keepalive_requests (1000),
 * system_ini (false: php-fpm runs with -n), apache (a ZTS PHP's libphp.so:
 * Apache instead of php-fpm + nginx, `workers` threads in one process).
 * Returns ['http' => port, 'https' => port|null, 'work' => dir].
 */
function ws_start(string $work, string $script, array $o = []): array
{
    if (!empty($o['apache'])) {
        return ws_start_apache($work, $script, $o);
    }
    $workers = $o['workers'] ?? 8;
    @mkdir("$work/nginx", 0777, true);
    $env = '';
    foreach ($o['env'] ?? [] as $k => $v) {
        $env .= "env[$k] = $v\n";
    }
    file_put_contents("$work/fpm.conf", "[global]\npid = $work/fpm.pid\nerror_log = $work/fpm.log\ndaemonize = yes\n"
        . "[www]\nuser = root\nlisten = $work/fpm.sock\npm = static\npm.max_children = $workers\n"
        . "clear_env = no\n$env"
        . "php_admin_value[error_log] = $work/php-errors.log\nphp_admin_flag[log_errors] = on\n"
        . "php_admin_flag[display_errors] = off\nphp_admin_value[post_max_size] = 8M\n");
    $ini = '';
    foreach ($o['ini'] ?? [] as $k => $v) {
        $ini .= ' -d ' . escapeshellarg("$k=$v");
    }
    $fpm = trim(ws_sh('command -v php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ' || command -v php-fpm'));
    $n = empty($o['system_ini']) ? ' -n' : ''; /* system_ini: Debian's php.ini and conf.d, as a site runs */
    $out = ws_sh(escapeshellarg($fpm) . " -R$n -y $work/fpm.conf -d opcache.enable=0$ini");
    $http = ws_free_port();
    $https = !empty($o['tls']) ? ws_free_port() : null;
    $tls = '';
    if ($https) {
        [$cert, $key] = ws_certificate($work);
        $tls = "    listen 127.0.0.1:$https ssl;\n    ssl_certificate $cert;\n    ssl_certificate_key $key;\n";
    }
    $keep = $o['keepalive_requests'] ?? 1000;
    file_put_contents("$work/nginx.conf", "user root;\nworker_processes 1;\ndaemon on;\npid $work/nginx.pid;\n"
        . "error_log $work/nginx-error.log;\nevents { worker_connections 512; }\n"
        . "http {\n  access_log off;\n  client_max_body_size 20m;\n  keepalive_requests $keep;\n  keepalive_timeout 30s;\n"
        . "  client_body_temp_path $work/nginx/body;\n  fastcgi_temp_path $work/nginx/fastcgi;\n  proxy_temp_path $work/nginx/proxy;\n"
        . "  server {\n    listen 127.0.0.1:$http;\n$tls    location / {\n      fastcgi_pass unix:$work/fpm.sock;\n"
        . "      fastcgi_param SCRIPT_FILENAME $script;\n      fastcgi_param REQUEST_METHOD \$request_method;\n"
        . "      fastcgi_param QUERY_STRING \$query_string;\n      fastcgi_param CONTENT_TYPE \$content_type;\n"
        . "      fastcgi_param CONTENT_LENGTH \$content_length;\n      fastcgi_param CONNECTION_ID \$connection;\n"
        . "      fastcgi_param HTTPS \$https if_not_empty;\n      fastcgi_read_timeout 60s;\n    }\n  }\n}\n");
    $out .= ws_sh("nginx -p $work/nginx -c $work/nginx.conf");
    for ($i = 0; $i < 50 && !@fsockopen('127.0.0.1', $http); $i++) {
        usleep(100000);
    }
    if (!@fsockopen('127.0.0.1', $http)) {
        fwrite(STDERR, "the web server did not start: $out\n" . @file_get_contents("$work/fpm.log") . @file_get_contents("$work/nginx-error.log"));
        exit(1);
    }
    return ['http' => $http, 'https' => $https, 'work' => $work];
}

/* Apache 2.4, event MPM, mod_php from $o['apache']: one child process with
 * $o['workers'] threads, so concurrent requests share one PHP process. */
function ws_start_apache(string $work, string $script, array $o): array
{
    $threads = $o['workers'] ?? 8;
    @mkdir($work, 0755, true);
    $mods = '/usr/lib/apache2/modules';
    $php = "$work/php";
    @mkdir($php, 0755);
    $ini = "error_log = $work/php-errors.log\nlog_errors = On\ndisplay_errors = Off\npost_max_size = 8M\n";
    foreach ($o['ini'] ?? [] as $k => $v) {
        $ini .= "$k = \"$v\"\n";
    }
    file_put_contents("$php/php.ini", $ini);
    touch("$work/php-errors.log");
    chmod("$work/php-errors.log", 0666); /* Apache's children run as www-data */
    $env = '';
    foreach ($o['env'] ?? [] as $k => $v) {
        $env .= "SetEnv $k $v\n";
    }
    $http = ws_free_port();
    $phpModule = (int)ws_sh('grep -c php7_module ' . escapeshellarg($o['apache'])) > 0 ? 'php7_module' : 'php_module';
    file_put_contents("$work/httpd.conf", "ServerRoot $work\nServerName 127.0.0.1\nListen 127.0.0.1:$http\n"
        . "PidFile $work/httpd.pid\nDefaultRuntimeDir $work\nErrorLog $work/httpd-error.log\nLogLevel warn\nUser www-data\nGroup www-data\n"
        . "LoadModule mpm_event_module $mods/mod_mpm_event.so\nLoadModule authz_core_module $mods/mod_authz_core.so\n"
        . "LoadModule env_module $mods/mod_env.so\nLoadModule alias_module $mods/mod_alias.so\nLoadModule $phpModule {$o['apache']}\n"
        . "StartServers 1\nServerLimit 1\nThreadsPerChild $threads\nThreadLimit $threads\nMaxRequestWorkers $threads\n"
        . "MinSpareThreads 1\nMaxSpareThreads $threads\nMaxConnectionsPerChild 0\nMaxMemFree 64\nMaxKeepAliveRequests "
        . ($o['keepalive_requests'] ?? 1000) . "\nKeepAliveTimeout 30\nLimitRequestBody 20971520\n"
        . "PHPINIDir $php\nDocumentRoot $work\n$env"
        . "AliasMatch ^ $script\n<Location />\n  Require all granted\n  SetHandler application/x-httpd-php\n</Location>\n");
    $out = ws_sh('apache2 -f ' . escapeshellarg("$work/httpd.conf") . ' -k start');
    for ($i = 0; $i < 50 && !@fsockopen('127.0.0.1', $http); $i++) {
        usleep(100000);
    }
    if (!@fsockopen('127.0.0.1', $http)) {
        fwrite(STDERR, "Apache did not start: $out\n" . @file_get_contents("$work/httpd-error.log"));
        exit(1);
    }
    return ['http' => $http, 'https' => null, 'work' => $work];
}

function ws_workers(string $work): array
{
    $master = (int)@file_get_contents(is_file("$work/httpd.pid") ? "$work/httpd.pid" : "$work/fpm.pid");
    $pids = array_map('intval', array_filter(explode("\n", ws_sh("pgrep -P $master"))));
    sort($pids);
    return $pids;
}

function ws_stop(string $work): void
{
    foreach (['nginx.pid', 'fpm.pid', 'httpd.pid'] as $p) {
        $pid = (int)@file_get_contents("$work/$p");
        if ($pid > 0) {
            ws_sh("kill $pid");
        }
    }
    for ($i = 0; $i < 50 && (file_exists("$work/fpm.pid") || file_exists("$work/nginx.pid") || file_exists("$work/httpd.pid")); $i++) {
        usleep(100000);
    }
}

<?php
/*
 * A FastCGI client for the tests: one request to php-fpm's socket, as a web server sends
 * it (BEGIN_REQUEST, PARAMS, STDIN), and its STDOUT without the headers. fcgi_send() and
 * fcgi_read() split it, so a test can act while a request is in flight.
 */
function fcgi_record(int $type, string $content): string
{
    return pack('CCnnCx', 1, $type, 1, strlen($content), 0) . $content;
}

function fcgi_pair(string $name, string $value): string
{
    $len = fn (int $n) => $n < 128 ? chr($n) : pack('N', $n | 0x80000000);
    return $len(strlen($name)) . $len(strlen($value)) . $name . $value;
}

/* Send a request; returns the open socket, or null when php-fpm does not answer. */
function fcgi_send(string $socket, array $params)
{
    $s = @stream_socket_client("unix://$socket", $errno, $errstr, 5);
    if (!$s) {
        return null;
    }
    stream_set_timeout($s, 30);
    $pairs = '';
    foreach ($params as $k => $v) {
        $pairs .= fcgi_pair((string)$k, (string)$v);
    }
    fwrite($s, fcgi_record(1, pack('nCx5', 1, 0)) . fcgi_record(4, $pairs) . fcgi_record(4, '') . fcgi_record(5, ''));
    return $s;
}

/* The response body (headers dropped), or null when the connection ended without one
 * (a worker killed, a timeout). */
function fcgi_read($s): ?string
{
    $out = '';
    $ended = false;
    while (!$ended && ($head = fread($s, 8)) !== false && strlen($head) === 8) {
        $h = unpack('Cversion/Ctype/nid/nlen/Cpad', $head);
        $body = '';
        while (strlen($body) < $h['len'] + $h['pad']) {
            $chunk = fread($s, $h['len'] + $h['pad'] - strlen($body));
            if ($chunk === false || $chunk === '') {
                break 2;
            }
            $body .= $chunk;
        }
        if ($h['type'] === 6) {
            $out .= substr($body, 0, $h['len']);
        } elseif ($h['type'] === 3) {
            $ended = true;
        }
    }
    fclose($s);
    if (!$ended) {
        return null;
    }
    $parts = explode("\r\n\r\n", $out, 2);
    return $parts[1] ?? '';
}

function fcgi_request(string $socket, array $params): ?string
{
    $s = fcgi_send($socket, $params);
    return $s ? fcgi_read($s) : null;
}

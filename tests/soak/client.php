<?php
/* A soak client: for SECONDS, POST random gettranslation requests to the
 * server and check each answer: HTTP 200, a JSON envelope, success, and every
 * translation one that some version of a file in the label's chain holds (an
 * unknown label answers itself). Prints its counts as JSON. */
require __DIR__ . '/tree.php';
[$_, $port, $seconds] = $argv;
mt_srand(getmypid());
$modules = ['Contacts', 'Leads', 'Settings:Users', 'Settings:Vtiger', 'Unknown', ''];
$stats = ['requests' => 0, 'labels' => 0, 'http_5xx' => 0, 'http_other' => 0, 'bad_json' => 0, 'errors' => 0,
          'wrong' => 0, 'examples' => []];
$end = microtime(true) + (float)$seconds;
while (microtime(true) < $end) {
    $lang = SOAK_LANGS[mt_rand(0, count(SOAK_LANGS) - 1)];
    $module = $modules[mt_rand(0, count($modules) - 1)];
    $labels = [];
    for ($i = mt_rand(1, 30); $i > 0; $i--) {
        $labels[] = mt_rand(0, 9) ? 'K' . mt_rand(0, SOAK_KEYS - 1) : 'NOPE_' . mt_rand(0, 99);
    }
    $labels = array_values(array_unique($labels));
    $body = http_build_query(['operation' => 'gettranslation', 'totranslate' => json_encode($labels),
                              'language' => $lang, 'module' => $module]);
    $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    if (!$s) {
        $stats['http_other']++;
        continue;
    }
    stream_set_timeout($s, 10);
    fwrite($s, "POST /webservice.php HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        . 'Content-Length: ' . strlen($body) . "\r\n\r\n" . $body);
    $raw = stream_get_contents($s);
    fclose($s);
    $stats['requests']++;
    [$head, $payload] = explode("\r\n\r\n", (string)$raw, 2) + [1 => ''];
    $status = (int)(explode(' ', $head)[1] ?? 0);
    if ($status >= 500) {
        $stats['http_5xx']++;
        continue;
    }
    if ($status !== 200) {
        $stats['http_other']++;
        continue;
    }
    $r = json_decode($payload, true);
    if (!is_array($r) || !isset($r['success'])) {
        $stats['bad_json']++;
        continue;
    }
    if (!$r['success']) {
        $stats['errors']++;
        continue;
    }
    $ok = soak_sources($lang, $module);
    foreach ($labels as $label) {
        $stats['labels']++;
        $a = $r['result'][$label] ?? null;
        $good = strncmp($label, 'NOPE_', 5) === 0 ? $a === $label
            : (is_string($a) && preg_match('/^L=(\w+)\|M=([\w\/]+)\|K=(\w+)\|V=\d+$/', $a, $m) && $m[3] === $label
               && isset($ok["$m[1]|$m[2]"]));
        if (!$good) {
            $stats['wrong']++;
            if (count($stats['examples']) < 3) {
                $stats['examples'][] = "$lang/$module $label => " . json_encode($a, JSON_UNESCAPED_UNICODE);
            }
        }
    }
}
echo json_encode($stats), "\n";

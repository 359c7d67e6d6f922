<?php
/*
 * The shared store under Debian's php-fpm (opcache on, as production runs it), pools run as
 * two users on their own Vtiger roots:
 *  - soak: clients check every answer of both pools (and of one pool serving two roots)
 *    while a writer replaces language files; workers replaced every few requests;
 *  - isolation: the store files belong to each pool's user, mode 0600, and no two workers
 *    of different users map the same writable vtws memory (/proc/PID/maps);
 *  - kill -9 of a worker while it reads and publishes a big file: no lock left (/proc/locks),
 *    nothing half-written visible, the next worker publishes and answers;
 *  - a store too small: new generations for garbage, then tables kept per process (counted,
 *    logged), answers exact;
 *  - damaged memory: bytes of a store overwritten, fresh workers answer exactly, none dies.
 * Every answer is checked against what the generated files say, not against vtws.
 *
 *   php -n tests/shared/run.php [SOAK_SECONDS]   (root; installs nothing: Debian's php-fpm)
 *   php -n tests/shared/run.php --client SOCKET ROOTS VERSIONS SECONDS SEED   (one client)
 */
require dirname(__DIR__) . '/lib/fcgi.php';

const C_KEYS = 300; /* Vtiger.php: en_us has all, ru_ru the first 200 */
const K_KEYS = 100; /* Contacts.php: en_us has all, ru_ru the first 80 */

/* The value a file version holds for a key: where it came from, read back by the checks. */
function value_of(string $tag, string $file, int $v, string $key): string
{
    return "$tag|$file|v$v|$key";
}

function php_array(array $a): string
{
    $s = '';
    foreach ($a as $k => $v) {
        $s .= '    ' . var_export($k, true) . ' => ' . var_export($v, true) . ",\n";
    }
    return "array(\n$s)";
}

/* Write a language file by rename, as deployments do (readers see old or new, whole). */
function write_lang(string $root, string $lang, string $module, string $tag, int $v, int $n, string $prefix): void
{
    $strings = [];
    for ($i = 0; $i < $n; $i++) {
        $strings["$prefix$i"] = value_of($tag, "$lang/$module", $v, "$prefix$i");
    }
    $dir = "$root/languages/$lang";
    @mkdir($dir, 0755, true);
    $tmp = "$dir/.$module.php." . getmypid();
    file_put_contents($tmp, "<?php\n\$languageStrings = " . php_array($strings) . ";\n\$jsLanguageStrings = array('JS_$prefix' => '$tag');\n");
    chmod($tmp, 0644);
    rename($tmp, "$dir/$module.php");
}

function write_tree(string $root, string $tag): void
{
    write_lang($root, 'en_us', 'Vtiger', $tag, 0, C_KEYS, 'LBL_C');
    write_lang($root, 'en_us', 'Contacts', $tag, 0, K_KEYS, 'LBL_K');
    write_lang($root, 'ru_ru', 'Vtiger', $tag, 0, 200, 'LBL_C');
    write_lang($root, 'ru_ru', 'Contacts', $tag, 0, 80, 'LBL_K');
}

/* The versions a writer has begun and finished writing, per file (atomic JSON). */
function read_versions(string $file): array
{
    for ($i = 0; $i < 50; $i++) {
        $v = json_decode((string)@file_get_contents($file), true);
        if (is_array($v)) {
            return $v;
        }
        usleep(1000);
    }
    return [];
}

function write_versions(string $file, array $v): void
{
    file_put_contents("$file.tmp", json_encode($v));
    rename("$file.tmp", $file);
}

/* Whether an answer for ru_ru/Contacts is what the files said between $before and $after;
 * '' or what is wrong. */
function answer_problem(string $tag, array $labels, $result, array $before, array $after): string
{
    if (!is_array($result)) {
        return 'no answer: ' . substr(json_encode($result), 0, 200);
    }
    $seen = [];
    foreach ($labels as $label) {
        $a = $result[$label] ?? null;
        if (strncmp($label, 'NOPE_', 5) === 0) {
            if ($a !== $label) {
                return "$label answered " . json_encode($a);
            }
            continue;
        }
        $i = (int)substr($label, 5);
        $k = $label[4] === 'K';
        $file = $k ? ($i < 80 ? 'ru_ru/Contacts' : 'en_us/Contacts') : ($i < 200 ? 'ru_ru/Vtiger' : 'en_us/Vtiger');
        if (!is_string($a) || !preg_match('/^(\w+)\|([\w\/]+)\|v(\d+)\|(\w+)$/', $a, $m) || $m[1] !== $tag || $m[2] !== $file || $m[4] !== $label) {
            return "$label answered " . json_encode($a) . " (want $tag|$file|v*|$label)";
        }
        $v = (int)$m[3];
        $lo = $before["$tag:$file:done"] ?? 0;
        $hi = $after["$tag:$file:started"] ?? 0;
        if ($v < $lo || $v > $hi) {
            return "$label from version $v of $file, written before $lo or after $hi";
        }
        if (isset($seen[$file]) && $seen[$file] !== $v) {
            return "$file in versions {$seen[$file]} and $v in one answer";
        }
        $seen[$file] = $v;
    }
    return '';
}

function random_labels(): array
{
    $labels = [];
    for ($i = mt_rand(3, 120); $i > 0; $i--) {
        $r = mt_rand(0, 19);
        $labels[] = $r < 9 ? 'LBL_C' . mt_rand(0, C_KEYS - 1) : ($r < 18 ? 'LBL_K' . mt_rand(0, K_KEYS - 1) : 'NOPE_' . mt_rand(0, 99));
    }
    return array_values(array_unique($labels));
}

/* ---- one client: requests for SECONDS, each answer checked ----------------------------- */
if (($argv[1] ?? '') === '--client') {
    [, , $socket, $roots, $versions, $seconds, $seed] = $argv;
    mt_srand((int)$seed);
    $roots = json_decode($roots, true); /* tag => root */
    $fixed = [random_labels(), random_labels(), random_labels()]; /* lists a page sends again and again */
    $stats = ['requests' => 0, 'labels' => 0, 'wrong' => 0, 'failed' => 0, 'examples' => [], 'pids' => []];
    $end = microtime(true) + (float)$seconds;
    while (microtime(true) < $end) {
        $tag = array_rand($roots);
        $labels = mt_rand(0, 2) ? random_labels() : $fixed[mt_rand(0, 2)];
        $before = read_versions($versions);
        $body = fcgi_request($socket, ['SCRIPT_FILENAME' => dirname($versions) . '/front.php', 'REQUEST_METHOD' => 'GET',
            'QUERY_STRING' => http_build_query(['root' => $roots[$tag], 'labels' => json_encode($labels)])]);
        $after = read_versions($versions);
        $stats['requests']++;
        $r = json_decode((string)$body, true);
        if (!is_array($r) || !isset($r['result'])) {
            $stats['failed']++;
            if (count($stats['examples']) < 5) {
                $stats['examples'][] = 'not an answer: ' . substr((string)$body, 0, 300);
            }
            continue;
        }
        $stats['pids'][$r['pid']] = $r['uid'];
        $stats['labels'] += count($labels);
        $problem = answer_problem($tag, $labels, $r['result'], $before, $after);
        if ($problem !== '') {
            $stats['wrong']++;
            if (count($stats['examples']) < 5) {
                $stats['examples'][] = "$tag: $problem";
            }
        }
    }
    echo json_encode($stats), "\n";
    exit(0);
}

/* ---- a probe: one fresh process's answers, checked (the store's damage rounds) ------------- */
if (($argv[1] ?? '') === '--probe') {
    [, , $root, $seed] = $argv;
    $root_directory = "$root/";
    mt_srand((int)$seed);
    $labels = $seed === '0' ? array_merge(array_map(fn ($i) => "LBL_C$i", range(0, C_KEYS - 1)),
        array_map(fn ($i) => "LBL_K$i", range(0, K_KEYS - 1)), ['NOPE_1']) : random_labels();
    foreach ([$labels, [$labels[0]], $labels] as $ask) { /* a list (its kept answer), one label (the tables), again */
        $p = answer_problem('A', $ask, vtws_gettranslation($ask, 'ru_ru', 'Contacts', null), [],
            ['A:ru_ru/Contacts:started' => PHP_INT_MAX, 'A:ru_ru/Vtiger:started' => PHP_INT_MAX]); /* the files do not change now */
        if ($p !== '') {
            echo "$p\n";
            exit(1);
        }
    }
    echo "ok\n";
    exit(0);
}

/* ---- the writer: new versions of the ru_ru files of every root, for SECONDS ------------------ */
if (($argv[1] ?? '') === '--writer') {
    [, , $roots, $versions, $seconds] = $argv;
    $roots = json_decode($roots, true);
    $v = [];
    $end = microtime(true) + (float)$seconds;
    $writes = 0;
    while (microtime(true) < $end) {
        foreach ($roots as $tag => $root) {
            foreach ([['Contacts', 80, 'LBL_K'], ['Vtiger', 200, 'LBL_C']] as [$module, $n, $prefix]) {
                if (mt_rand(0, 2)) {
                    continue;
                }
                $f = "$tag:ru_ru/$module";
                $next = ($v["$f:done"] ?? 0) + 1;
                $v["$f:started"] = $next; /* begun: an answer may hold it from now on */
                write_versions($versions, $v);
                write_lang($root, 'ru_ru', $module, $tag, $next, $n, $prefix);
                $v["$f:done"] = $next; /* in place: every answer from now on holds it (or a newer one) */
                write_versions($versions, $v);
                $writes++;
            }
        }
        usleep(30000);
    }
    echo $writes;
    exit(0);
}

/* ---- the suite ----------------------------------------------------------------------------- */
require dirname(__DIR__) . '/lib/check.php';
check_verbose();
$seconds = (float)($argv[1] ?? getenv('VTWS_SHARED_SECONDS') ?: 8);
$top = dirname(__DIR__, 2);
if (trim((string)shell_exec('id -u')) !== '0') {
    echo "shared store under php-fpm: needs root (pools run as two users)\n";
    check(false, 'run as root');
    check_done('shared store');
}
$fpm = trim((string)shell_exec('command -v php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ' || command -v php-fpm'));
$work = sys_get_temp_dir() . '/vtws-shared-' . getmypid();
$shm = '/dev/shm/vtws-test-' . getmypid(); /* tmpfs, as /dev/shm itself; sticky and world-writable like it */
$small = "$shm-small";
$fresh = "$shm-fresh"; /* pool g's: a small store used by fresh workers only */
$tiny = "$work/tiny"; /* a file system of 2 MiB under a store of 16: out of room before the store is full */
$users = ['A' => 'vtws-shm-a', 'B' => 'vtws-shm-b'];
foreach ($users as $u) {
    shell_exec('id -u ' . escapeshellarg($u) . ' >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin ' . escapeshellarg($u));
}
$uid = array_map(fn ($u) => (int)trim((string)shell_exec('id -u ' . escapeshellarg($u))), $users);
shell_exec('rm -rf ' . escapeshellarg($work) . ' ' . escapeshellarg($shm) . ' ' . escapeshellarg($small) . ' ' . escapeshellarg($fresh));
mkdir($work, 0755, true);
foreach ([$shm, $small, $fresh, $tiny] as $d) {
    mkdir($d);
    chmod($d, 01777);
}
$mounted = trim((string)shell_exec('mount -t tmpfs -o size=2m,mode=1777 tmpfs ' . escapeshellarg($tiny) . ' 2>&1 && echo ok')) === 'ok';
$roots = ['A' => "$work/rootA", 'A2' => "$work/rootA2", 'B' => "$work/rootB"];
foreach ($roots as $tag => $root) {
    write_tree($root, $tag);
}
$versions = "$work/versions.json";
write_versions($versions, []);
file_put_contents("$work/front.php", '<?php
$root_directory = $_GET["root"] . "/"; /* as config.inc.php sets it: no vtws INI line */
$default_language = "en_us";
$labels = json_decode($_GET["labels"], true);
$module = $_GET["module"] ?? "Contacts";
$language = $_GET["language"] ?? "ru_ru";
$m = memory_get_usage();
$r = vtws_gettranslation($labels, $language, $module, null);
$grew = memory_get_usage() - $m; /* the memory the answer took in the worker */
if (isset($_GET["mutate"])) { /* the answer changed every way a script may: the next answer is untouched */
    $copy = $r;
    $copy["x"] = "y";
    foreach ($r as &$v) {
        $v = "changed";
    }
    unset($v);
    ksort($copy);
    end($copy);
    $r = vtws_gettranslation($labels, $language, $module, null);
}
echo json_encode(["pid" => getmypid(), "uid" => posix_geteuid(), "result" => $r, "grew" => $grew, "shared" => Vtws\cache_info()["shared"]]);
');
chmod("$work/front.php", 0644);

/* Pools: a and b, the two users; c: user A with a store of 1 MiB elsewhere; k: user B, one
 * worker (to be killed); d: user A, one worker replaced after every request; f: the same with
 * vtws.revalidate_freq = 60 (a worker's first list answered from the store before anything);
 * g: as d, with a store of 1 MiB of its own (no worker ever has a second request). */
function pool(string $name, string $user, string $work, array $o): string
{
    $s = "[$name]\nuser = $user\ngroup = $user\nlisten = $work/$name.sock\nlisten.owner = root\nlisten.mode = 0600\n"
        . "pm = static\npm.max_children = {$o['children']}\npm.max_requests = {$o['max_requests']}\n"
        . "php_admin_value[error_log] = $work/php-errors.log\nphp_admin_flag[log_errors] = on\nphp_admin_flag[display_errors] = off\n"
        . "php_admin_value[vtws.revalidate_freq] = " . ($o['revalidate_freq'] ?? 0) . "\nphp_admin_value[vtws.shm_dir] = {$o['shm_dir']}\n";
    foreach ($o['ini'] ?? [] as $k => $v) {
        $s .= "php_admin_value[$k] = $v\n";
    }
    return $s;
}
touch("$work/php-errors.log");
chmod("$work/php-errors.log", 0666);
file_put_contents("$work/fpm.conf", "[global]\npid = $work/fpm.pid\nerror_log = $work/fpm.log\ndaemonize = yes\n"
    . pool('a', $users['A'], $work, ['children' => 3, 'max_requests' => 20, 'shm_dir' => $shm])
    . pool('b', $users['B'], $work, ['children' => 3, 'max_requests' => 20, 'shm_dir' => $shm])
    . pool('c', $users['A'], $work, ['children' => 1, 'max_requests' => 0, 'shm_dir' => $small, 'ini' => ['vtws.shm_size' => '1M']])
    . pool('k', $users['B'], $work, ['children' => 1, 'max_requests' => 0, 'shm_dir' => $shm])
    . pool('d', $users['A'], $work, ['children' => 1, 'max_requests' => 1, 'shm_dir' => $shm])
    . pool('f', $users['A'], $work, ['children' => 1, 'max_requests' => 1, 'shm_dir' => $shm, 'revalidate_freq' => 60])
    . pool('g', $users['A'], $work, ['children' => 1, 'max_requests' => 1, 'shm_dir' => $fresh, 'ini' => ['vtws.shm_size' => '1M']])
    . pool('e', $users['A'], $work, ['children' => 1, 'max_requests' => 0, 'shm_dir' => $tiny, 'ini' => ['vtws.shm_size' => '16M']]));
$ext = ' -d extension=' . escapeshellarg("$top/modules/vtws.so") . ' -d extension=posix -d zend_extension=opcache -d opcache.enable=1'
    . ' -d opcache.file_update_protection=0';
$out = shell_exec(escapeshellarg($fpm) . ' -R -n -y ' . escapeshellarg("$work/fpm.conf") . $ext . ' 2>&1');
for ($i = 0; $i < 50 && !file_exists("$work/d.sock"); $i++) {
    usleep(100000);
}
echo "shared store: php-fpm (" . PHP_VERSION . ", opcache on), pools as $users[A] (uid $uid[A]) and $users[B] (uid $uid[B])\n";
if (!check(file_exists("$work/d.sock"), 'php-fpm started', $out . @file_get_contents("$work/fpm.log"))) {
    check_done('shared store');
}
register_shutdown_function(function () use ($work, $shm, $small, $fresh, $tiny) {
    shell_exec('kill $(cat ' . escapeshellarg("$work/fpm.pid") . ') 2>/dev/null; sleep 0.5; umount ' . escapeshellarg($tiny)
        . ' 2>/dev/null; rm -rf ' . escapeshellarg($work) . ' ' . escapeshellarg($shm) . ' ' . escapeshellarg($small) . ' ' . escapeshellarg($fresh));
});

function ask(string $work, string $pool, string $root, array $labels, array $q = []): ?array
{
    $body = fcgi_request("$work/$pool.sock", ['SCRIPT_FILENAME' => "$work/front.php", 'REQUEST_METHOD' => 'GET',
        'QUERY_STRING' => http_build_query($q + ['root' => $root, 'labels' => json_encode($labels)])]);
    $r = json_decode((string)$body, true);
    return is_array($r) ? $r : null;
}

function workers_of(string $pool): array
{
    $pids = [];
    foreach (glob('/proc/[0-9]*/cmdline') as $f) {
        if (trim(str_replace("\0", ' ', (string)@file_get_contents($f))) === "php-fpm: pool $pool") {
            $pids[] = (int)basename(dirname($f));
        }
    }
    return $pids;
}

/* ---- answers, and whose store ---------------------------------------------------------------- */
echo "answers and store files\n";
$all = array_merge(array_map(fn ($i) => "LBL_C$i", range(0, C_KEYS - 1)), array_map(fn ($i) => "LBL_K$i", range(0, K_KEYS - 1)), ['NOPE_1']);
foreach (['a' => 'A', 'b' => 'B'] as $pool => $tag) {
    $pids = [];
    $exact = 0;
    for ($round = 1; $round <= 30 && ($round <= 4 || count($pids) < 2); $round++) { /* published by one worker, taken by the others */
        $r = ask($work, $pool, $roots[$tag], $all);
        $p = $r ? answer_problem($tag, $all, $r['result'], [], ["$tag:ru_ru/Contacts:started" => 0, "$tag:ru_ru/Vtiger:started" => 0]) : 'no answer';
        $exact += $p === '';
        $pids[$r['pid'] ?? 0] = true;
    }
    check($exact === $round - 1, "pool $pool ($users[$tag]): all " . count($all) . " labels of root $tag exact, " . ($round - 1) . ' requests', $p);
    check($r && $r['uid'] === $uid[$tag] && $r['shared']['status'] === 'on' && count($pids) >= 2 && $r['shared']['hits'] > 0,
        "pool $pool's workers run as uid $uid[$tag]; the one that did not read the files took its tables from the store",
        json_encode([array_keys($pids), $r['shared'] ?? null]));
    $files = glob("$shm/vtws.$uid[$tag].*");
    $modes = array_map(fn ($f) => sprintf('%s %o uid %d', basename($f), fileperms($f) & 0777, fileowner($f)), $files);
    check(count($files) >= 2 && !array_filter($files, fn ($f) => (fileperms($f) & 0777) !== 0600 || fileowner($f) !== $uid[$tag]),
        "the store of $users[$tag]: its own files, mode 0600", implode(', ', $modes));
}

/* ---- soak -------------------------------------------------------------------------------- */
echo "soak: {$seconds}s, 4 clients per pool, a writer replacing ru_ru files of all roots\n";
$writer = proc_open([PHP_BINARY, '-n', __FILE__, '--writer', json_encode($roots), $versions, (string)$seconds], [1 => ['pipe', 'w']], $wpipes);
$clients = [];
foreach (['a' => ['A' => $roots['A'], 'A2' => $roots['A2']], 'b' => ['B' => $roots['B']]] as $pool => $rs) {
    for ($i = 0; $i < 4; $i++) {
        $clients[] = [$pool, proc_open([PHP_BINARY, '-n', __FILE__, '--client', "$work/$pool.sock", json_encode($rs), $versions,
            (string)$seconds, (string)(1000 * $i + ord($pool))], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes), $pipes];
    }
}
$sum = ['a' => ['requests' => 0, 'labels' => 0, 'wrong' => 0, 'failed' => 0, 'examples' => [], 'uids' => []]];
$sum['b'] = $sum['a'];
foreach ($clients as [$pool, $p, $pipes]) {
    $o = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    proc_close($p);
    $s = json_decode(trim($o), true);
    if (!is_array($s)) {
        $sum[$pool]['failed']++;
        $sum[$pool]['examples'][] = 'a client failed: ' . substr($o, 0, 300);
        continue;
    }
    foreach (['requests', 'labels', 'wrong', 'failed'] as $k) {
        $sum[$pool][$k] += $s[$k];
    }
    $sum[$pool]['examples'] = array_merge($sum[$pool]['examples'], $s['examples']);
    $sum[$pool]['uids'] += array_flip(array_values($s['pids']));
    $sum[$pool]['workers'] = ($sum[$pool]['workers'] ?? 0) + count($s['pids']);
}
$writes = (int)stream_get_contents($wpipes[1]);
proc_close($writer);
foreach (['a' => 'A', 'b' => 'B'] as $pool => $tag) {
    $s = $sum[$pool];
    printf("  pool %s: %d requests, %d labels checked, %d workers seen, %d file writes in all\n", $pool, $s['requests'], $s['labels'], $s['workers'] ?? 0, $writes);
    check($s['requests'] > 20 && $s['failed'] === 0, "pool $pool: every request answered", implode('; ', $s['examples']));
    check($s['wrong'] === 0, "pool $pool: every label what a version of its file said while it was asked, roots never mixed",
        implode('; ', $s['examples']));
    check(array_keys($s['uids']) === [$uid[$tag]], "pool $pool: every worker ran as uid $uid[$tag]", json_encode(array_keys($s['uids'])));
}
check($writes > 5, 'the writer replaced files during the soak', "$writes writes");

/* ---- isolation: /proc/PID/maps ------------------------------------------------------------ */
echo "isolation between the pools' users\n";
/* writable shared mappings of each worker: "dev:inode" => path */
function shared_writable(int $pid): array
{
    $m = [];
    foreach (explode("\n", (string)@file_get_contents("/proc/$pid/maps")) as $line) {
        $f = preg_split('/\s+/', trim($line), 6);
        if (count($f) >= 5 && $f[1][1] === 'w' && $f[1][3] === 's' && $f[4] !== '0') {
            $m["$f[3]:$f[4]"] = $f[5] ?? '';
        }
    }
    return $m;
}
/* each user's live workers, asked until one of each maps its store: the worker that answers
 * may have served its last request (pm.max_requests) and exit, and one just forked in its
 * place has opened nothing yet */
for ($try = 0; $try < 10; $try++) {
    ask($work, 'a', $roots['A'], ['LBL_C1']);
    ask($work, 'b', $roots['B'], ['LBL_C1']);
    $maps = [];
    foreach (['a' => 'A', 'c' => 'A', 'd' => 'A', 'b' => 'B', 'k' => 'B'] as $pool => $tag) {
        foreach (workers_of($pool) as $pid) {
            foreach (shared_writable($pid) as $id => $path) {
                $maps[$tag][$id] = $path;
            }
        }
    }
    $vtwsA = array_filter($maps['A'] ?? [], fn ($p) => strpos($p, '/vtws.') !== false);
    $vtwsB = array_filter($maps['B'] ?? [], fn ($p) => strpos($p, '/vtws.') !== false);
    if ($vtwsA && $vtwsB) {
        break;
    }
}
$common = array_intersect_key($maps['A'] ?? [], $maps['B'] ?? []);
check($vtwsA && $vtwsB, "the workers of both users map a store of theirs", json_encode([$vtwsA, $vtwsB]));
check(!array_filter($vtwsA, fn ($p) => strpos($p, "/vtws.$uid[A].") === false)
    && !array_filter($vtwsB, fn ($p) => strpos($p, "/vtws.$uid[B].") === false), "each user's workers map only their own user's store files",
    json_encode([$vtwsA, $vtwsB]));
check(!array_filter($common, fn ($p) => strpos($p, 'vtws') !== false), 'no vtws memory mapped writable by workers of both users',
    json_encode($common));
echo '  writable memory both users map (php-fpm\'s and opcache\'s own): ' . (implode(', ', array_unique($common)) ?: 'none') . "\n";
check(!array_filter($common, fn ($p) => !preg_match('#^(/dev/zero \(deleted\)|/SYSV[0-9a-f]+ \(deleted\)|/memfd:.*|\[anon.*\]|)$#', $p)),
    'besides vtws: only anonymous shared memory of php-fpm and opcache', json_encode($common));

/* ---- kill -9 while publishing --------------------------------------------------------------- */
echo "kill -9 of a worker while it reads and publishes a big file\n";
function write_big(string $root, int $v): void
{
    write_lang($root, 'de_de', 'Big', 'B', $v, 40000, 'LBL_BIG');
}
$bigLabels = array_map(fn ($i) => "LBL_BIG$i", [0, 1, 777, 39999]);
function big_ok(?array $r, int $v): bool
{
    foreach ([0, 1, 777, 39999] as $i) {
        if (($r['result']["LBL_BIG$i"] ?? null) !== value_of('B', 'de_de/Big', $v, "LBL_BIG$i")) {
            return false;
        }
    }
    return true;
}
/* the control file's POSIX locks in /proc/locks: holders that are not alive */
function dead_lock_holders(string $ctl): array
{
    $ino = @fileinode($ctl);
    $dead = [];
    foreach (explode("\n", (string)@file_get_contents('/proc/locks')) as $l) {
        if (preg_match('/POSIX\s+\w+\s+\w+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)/', $l, $m) && (int)$m[2] === $ino && !file_exists("/proc/$m[1]"))
            $dead[] = (int)$m[1];
    }
    return $dead;
}
$ctlB = array_values(array_filter(glob("$shm/vtws.$uid[B].p*"), fn ($f) => !preg_match('/\.\d+$/', $f)))[0] ?? '';
$kills = $unpublished = $bad = 0;
$problems = [];
for ($round = 1; $round <= 12; $round++) {
    write_big($roots['B'], $round);
    $before = ask($work, 'b', $roots['B'], ['LBL_C1'])['shared']['publishes'] ?? -1;
    $pid = workers_of('k')[0] ?? 0;
    $s = fcgi_send("$work/k.sock", ['SCRIPT_FILENAME' => "$work/front.php", 'REQUEST_METHOD' => 'GET',
        'QUERY_STRING' => http_build_query(['root' => $roots['B'], 'labels' => json_encode($bigLabels), 'language' => 'de_de', 'module' => 'Big'])]);
    usleep(mt_rand(5000, 120000));
    if ($pid && posix_kill($pid, 9)) {
        $kills++;
    }
    $killedAnswer = $s ? fcgi_read($s) : null;
    for ($i = 0; $i < 40 && (workers_of('k') === [] || workers_of('k') === [$pid]); $i++) {
        usleep(50000);
    }
    $t = microtime(true);
    $r = ask($work, 'b', $roots['B'], $bigLabels, ['language' => 'de_de', 'module' => 'Big']);
    $took = microtime(true) - $t;
    $after = $r['shared']['publishes'] ?? -1;
    if ($killedAnswer === null && $after > $before) {
        $unpublished++; /* killed before its table was visible: another worker published it */
    }
    if (!big_ok($r, $round) || $took > 5 || dead_lock_holders($ctlB)) {
        $bad++;
        $problems[] = "round $round: " . json_encode([big_ok($r, $round), $took, dead_lock_holders($ctlB), substr(json_encode($r), 0, 200)]);
    }
}
$r = ask($work, 'k', $roots['B'], $bigLabels, ['language' => 'de_de', 'module' => 'Big']);
echo "  $kills workers killed, $unpublished of them before their table was visible\n";
check($kills >= 10 && $unpublished >= 1, 'workers were killed while reading or publishing', "$kills kills, $unpublished unpublished");
check($bad === 0, 'after each kill: no lock held by a dead process, the next worker answers the new version at once', implode('; ', $problems));
check(big_ok($r, 12) && ($r['shared']['damaged'] ?? 1) === 0, 'the respawned worker answers from the store; nothing half-written was seen',
    json_encode($r['shared'] ?? null));
check(!preg_match('/exited on signal (?!9)/', (string)@file_get_contents("$work/fpm.log")), 'no worker died but those killed',
    (string)@file_get_contents("$work/fpm.log"));

/* ---- a store too small: new generations, then fallbacks --------------------------------- */
echo "a store of 1 MiB (pool c)\n";
$ok = true;
for ($v = 1; $v <= 25 && $ok; $v++) { /* versions of a mid-size file: garbage, new generations */
    write_lang($roots['A'], 'de_de', 'Mid', 'A', $v, 2500, 'LBL_MID');
    $r = ask($work, 'c', $roots['A'], ['LBL_MID0', 'LBL_MID2499'], ['language' => 'de_de', 'module' => 'Mid']);
    $ok = ($r['result']['LBL_MID2499'] ?? null) === value_of('A', 'de_de/Mid', $v, 'LBL_MID2499');
}
check($ok, 'each new version of a file answered at once', json_encode($r));
check(($r['shared']['rotations'] ?? 0) >= 1 && $r['shared']['size'] === 1048576, 'superseded versions filled it: new generations started',
    json_encode($r['shared'] ?? null));
$old = glob("$small/vtws.$uid[A].*.1");
check($old === [], 'the first generation\'s file is gone', json_encode($old));
copy("$roots[B]/languages/de_de/Big.php", "$roots[A]/languages/de_de/Big.php");
$r = ask($work, 'c', $roots['A'], $bigLabels, ['language' => 'de_de', 'module' => 'Big']);
check(big_ok($r, 12) && $r['shared']['process_fallbacks'] >= 1 && $r['shared']['fallbacks'] >= 1,
    'a table bigger than the store: kept per process, counted, answered exactly', json_encode($r['shared'] ?? null));
check(strpos((string)file_get_contents("$work/php-errors.log"), 'is full: tables are kept per process; raise vtws.shm_size') !== false,
    'said once in the error log', substr((string)file_get_contents("$work/php-errors.log"), -500));

echo "a store of 1 MiB whose workers all serve one request (pool g: pm.max_requests = 1)\n";
$ok = true;
for ($v = 26; $v <= 50 && $ok; $v++) { /* as for pool c: garbage, until a version does not fit */
    write_lang($roots['A'], 'de_de', 'Mid', 'A', $v, 2500, 'LBL_MID');
    $r = ask($work, 'g', $roots['A'], ['LBL_MID0', 'LBL_MID2499'], ['language' => 'de_de', 'module' => 'Mid']);
    $ok = ($r['result']['LBL_MID2499'] ?? null) === value_of('A', 'de_de/Mid', $v, 'LBL_MID2499');
}
check($ok && ($r['shared']['rotations'] ?? 0) >= 1 && $r['shared']['size'] === 1048576,
    'new generations started though no worker had a second request; each version answered at once', json_encode($r['shared'] ?? null));

echo "a store on a file system with less room than its size (2 MiB tmpfs, vtws.shm_size=16M, pool e)\n";
check($mounted, 'a 2 MiB tmpfs mounted for it');
$r = ask($work, 'e', $roots['A'], $bigLabels, ['language' => 'de_de', 'module' => 'Big']);
$r2 = ask($work, 'e', $roots['A'], $all);
$p = $r2 ? answer_problem('A', $all, $r2['result'], [], read_versions($versions)) : 'no answer';
check(big_ok($r, 12) && $p === '', 'answers exact, from tables kept per process: no bus error, the worker lives', json_encode([$r['shared'] ?? null, $p]));
check(($r2['shared']['process_fallbacks'] ?? 0) >= 1, 'the tables the file system had no room for: counted as fallbacks', json_encode($r2['shared'] ?? null));

/* ---- kept answers returned in place --------------------------------------------------------- */
echo "kept answers returned as they lie in the store (pool f: a fresh worker for every request)\n";
/* a client page's list: labels asked twice, one not in any file */
$page = array_merge(array_map(fn ($i) => "LBL_C$i", range(0, 29)), array_map(fn ($i) => "LBL_K$i", range(0, 9)),
    ['NOPE_7', 'LBL_C3', 'LBL_K2', 'LBL_C3']);
$in = []; /* [exact, grew] of each request */
for ($i = 0; $i < 4; $i++) {
    $r = ask($work, 'f', $roots['A'], $page);
    $in[] = [$r ? answer_problem('A', $page, $r['result'], [], read_versions($versions)) : 'no answer', $r['grew'] ?? -1];
}
check(!array_filter(array_column($in, 0)) && $in[2][1] < 1024 && $in[3][1] < 1024,
    'fresh workers answer a list kept before exactly, with no memory of their own for it (< 1 KiB)', json_encode($in));
$r = ask($work, 'f', $roots['A'], $page, ['mutate' => 1]);
$r2 = ask($work, 'f', $roots['A'], $page);
$p = [$r ? answer_problem('A', $page, $r['result'], [], read_versions($versions)) : 'no answer',
    $r2 ? answer_problem('A', $page, $r2['result'], [], read_versions($versions)) : 'no answer', $r2['grew'] ?? -1];
check($p[0] === '' && $p[1] === '' && $p[2] < 1024, 'an answer a script changed (by value, by reference, sorted): the next answers of that worker and of the next are exact',
    json_encode($p));
/* the entry holding the array spoilt: the array is not used, the answer stays exact, and the
 * next worker has it again (the worker that read the table kept a new array) */
/* the current generation: .cur names it (a link), older ones may still be there */
$genA = array_merge(glob("$shm/vtws.$uid[A].*.cur"),
    array_values(array_filter(glob("$shm/vtws.$uid[A].*.*"), fn ($f) => preg_match('/\.\d+$/', $f))));
$f = fopen($genA[0], 'r');
$bytes = (string)stream_get_contents($f, unpack('P', (string)stream_get_contents($f, 8, 32))[1], 0); /* what is in use */
fclose($f);
$name = "\x02$roots[A]/\0ru_ru\0Contacts\0en_us\0\0";
/* its array lies in the generation's first span (below 2 MiB - 4 KiB, where what a fresh worker
 * reads first is published) or, once that is full, after the tables; other lists' and other
 * versions' arrays and tables under this root, language and module are there too: every one of
 * them is spoilt (a spoilt table is read again from the files: the answer stays exact) */
$ats = [];
for ($o = strpos($bytes, $name); $o !== false; $o = strpos($bytes, $name, $o + 1)) {
    $ats[] = $o;
}
check(count($ats) >= 2, 'the list\'s answer is kept twice: its table, and its array', (string)count($ats));
unset($bytes);
$f = fopen($genA[0], 'r+');
foreach ($ats as $at) {
    foreach ([200, 1000, 4000, 9000] as $o) { /* the array's header, index, keys and values */
        fseek($f, $at + $o);
        fwrite($f, "\xa5");
    }
}
fclose($f);
$after = [];
for ($i = 0; $i < 3; $i++) {
    $r = ask($work, 'f', $roots['A'], $page);
    $after[] = [$r ? answer_problem('A', $page, $r['result'], [], read_versions($versions)) : 'no answer', $r['grew'] ?? -1,
        $r['shared']['damaged'] ?? null];
}
check(!array_filter(array_column($after, 0)) && $after[0][1] > 2048 && $after[2][1] < 1024,
    'a damaged array: not used, the answer exact; the next worker keeps a new one, used by the one after', json_encode($after));

/* ---- damaged memory ------------------------------------------------------------------------ */
echo "damaged memory: bytes of $users[A]'s store overwritten\n";
$genA = array_values(array_filter(glob("$shm/vtws.$uid[A].*.*"), fn ($f) => preg_match('/\.\d+$/', $f)));
$f = fopen($genA[0], 'r+');
$used = unpack('P', (string)stream_get_contents($f, 8, 32))[1];
mt_srand(33);
for ($i = 0; $i < 3000; $i++) { /* bytes anywhere in what is in use, headers and index included */
    fseek($f, mt_rand(0, (int)$used - 1));
    fwrite($f, chr(mt_rand(0, 255)));
}
fclose($f);
$wrong = [];
$served = 0;
for ($i = 0; $i < 40; $i++) { /* pool d: a fresh worker for every request */
    $labels = $i % 2 ? random_labels() : $all;
    $r = ask($work, 'd', $roots['A'], $labels);
    $p = $r ? answer_problem('A', $labels, $r['result'], [], read_versions($versions)) : 'no answer';
    if ($p !== '' && count($wrong) < 3) {
        $wrong[] = $p;
    }
    $served += $p === '';
}
check($served === 40, 'fresh workers answer every request exactly', implode('; ', $wrong));

/* many rounds, each from the undamaged store: 300 random bytes, then fresh processes */
$dir = "$work/damage";
mkdir($dir);
$probe = [PHP_BINARY, '-n', '-d', "extension=$top/modules/vtws.so", '-d', 'vtws.shm_cli=1', '-d', "vtws.shm_dir=$dir",
    '-d', 'vtws.revalidate_freq=0', __FILE__, '--probe', $roots['A']];
$run = function (array $cmd): string { /* what it printed (its error log lines, to stderr, are not answers) */
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $o = stream_get_contents($pipes[1]);
    $e = stream_get_contents($pipes[2]);
    proc_close($p);
    return trim($o) . (preg_match('/(Fatal|Warning|Notice|Segmentation|core dumped)/i', $e) ? " [$e]" : '');
};
foreach (['0', '1', '2', '3'] as $seed) { /* the store as requests leave it */
    $run(array_merge($probe, [$seed]));
}
$gen = array_values(array_filter(glob("$dir/vtws.*"), fn ($f) => preg_match('/\.\d+$/', $f)))[0] ?? '';
$pristine = (string)@file_get_contents($gen);
$bad = [];
for ($round = 1; $round <= 30 && $gen; $round++) {
    file_put_contents($gen, $pristine);
    $f = fopen($gen, 'r+');
    $used = unpack('P', (string)stream_get_contents($f, 8, 32))[1];
    mt_srand($round);
    for ($i = 0; $i < 300; $i++) {
        fseek($f, mt_rand(0, (int)$used - 1));
        fwrite($f, chr(mt_rand(0, 255)));
    }
    fclose($f);
    foreach (['0', '1', '0', '2'] as $seed) {
        $o = $run(array_merge($probe, [$seed]));
        if ($o !== 'ok' && count($bad) < 3) {
            $bad[] = "round $round: $o";
        }
    }
}
check($gen !== '' && !$bad, '30 rounds of 300 random bytes over the store: every answer of 120 fresh processes exact',
    implode('; ', $bad));
check(($r['shared']['damaged'] ?? 0) >= 1, 'the damage was seen (and counted)', json_encode($r['shared'] ?? null));
check(!preg_match('/exited on signal (?!9)/', (string)@file_get_contents("$work/fpm.log")), 'no worker crashed',
    (string)@file_get_contents("$work/fpm.log"));
$log = (string)@file_get_contents("$work/php-errors.log");
check(!preg_match('/PHP (Warning|Notice|Fatal|Deprecated)/', $log), 'no PHP warning or error in the log', substr($log, 0, 500));
check_done('shared store');

--TEST--
The shared store: a process's first list for a root is answered from the answer another process kept, with no catalog made, while a process found its files less than vtws.revalidate_freq seconds ago; after that the files are looked at and a replaced one is served in its new version
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_ZTS || PHP_OS_FAMILY === 'Windows') die('skip the shared store is for NTS builds on POSIX systems'); ?>
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-first-answer-' . getmypid();
$shm = "$root/shm";
@mkdir($shm, 0700, true);
function put($root, $rel, $strings) {
    $tmp = "$root/languages/$rel.tmp";
    @mkdir(dirname($tmp), 0777, true);
    file_put_contents($tmp, '<?php $languageStrings = ' . var_export($strings, true) . ';');
    rename($tmp, "$root/languages/$rel");
}
$ru = $en = [];
for ($i = 0; $i < 100; $i++) {
    $en["LBL_$i"] = "en $i";
    if ($i % 2) {
        $ru["LBL_$i"] = "ру $i";
    }
}
put($root, 'ru_ru/Vtiger.php', $ru);
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты v1']);
put($root, 'en_us/Vtiger.php', $en);
$labels = ['Contacts'];
for ($i = 0; $i < 40; $i++) {
    $labels[] = "LBL_$i";
}
$labels[] = 'NOPE';
file_put_contents("$root/labels.json", json_encode($labels));

/* a fresh process: one list, then what it did (catalogs made, the store's counters) */
$child = <<<'PHP'
$root_directory = $argv[1] . '/';
$default_language = 'en_us';
$labels = json_decode(file_get_contents($argv[1] . '/labels.json'), true);
$out = vtws_gettranslation($labels, 'ru_ru', 'Contacts');
$info = Vtws\cache_info();
echo json_encode(['contacts' => $out['Contacts'], 'lbl_1' => $out['LBL_1'], 'lbl_2' => $out['LBL_2'],
                  'nope' => $out['NOPE'], 'n' => count($out), 'catalogs' => count($info['roots']),
                  'publishes' => $info['shared']['publishes']], JSON_UNESCAPED_UNICODE);
PHP;
$so = is_file(ini_get('extension_dir') . '/vtws.so') ? ini_get('extension_dir') . '/vtws.so' : __DIR__ . '/../../modules/vtws.so';
function run($so, $shm, $root, $child, $freq) {
    $cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($so) . ' -d vtws.shm_cli=1'
         . ' -d vtws.shm_dir=' . escapeshellarg($shm) . " -d vtws.revalidate_freq=$freq"
         . ' -r ' . escapeshellarg($child) . ' ' . escapeshellarg($root) . ' 2>&1';
    $r = json_decode((string)shell_exec($cmd), true);
    return $r ?: ['error' => shell_exec($cmd)];
}
function show($what, $r) {
    if (isset($r['error'])) {
        echo "$what: ", $r['error'], "\n";
        return;
    }
    printf("%s: Contacts=%s LBL_1=%s LBL_2=%s NOPE=%s labels=%d, %s\n", $what, $r['contacts'], $r['lbl_1'], $r['lbl_2'],
           $r['nope'], $r['n'], $r['catalogs'] ? 'catalog made' : 'no catalog made');
}

/* stores of an older layout of this PHP's, as an earlier vtws left them: the process that
 * makes the new store removes them; another PHP's store stays */
$uid = fileowner("$root/labels.json"); /* this process's user: it made the file */
$older = ["vtws.$uid.p" . PHP_VERSION_ID . 'f4', "vtws.$uid.p" . PHP_VERSION_ID . 'f4.3', "vtws.$uid.p" . PHP_VERSION_ID . 'f4.cur'];
$other = "vtws.$uid.p70433f4";
foreach (array_merge($older, [$other]) as $f) {
    file_put_contents("$shm/$f", 'old');
    chmod("$shm/$f", 0600);
}
$first = run($so, $shm, $root, $child, 60);
show('first process', $first);
$left = array_filter($older, fn ($f) => file_exists("$shm/$f"));
echo 'the older layout\'s files removed: ', $left ? implode(', ', $left) . ' left' : 'yes', ', another PHP\'s kept: ',
     file_exists("$shm/$other") ? 'yes' : 'no', "\n";
$second = run($so, $shm, $root, $child, 60);
show('second process', $second);
echo 'second process published nothing: ', $second['publishes'] === $first['publishes'] ? 'yes' : 'no', "\n";

put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты v2']);
/* within revalidate_freq (60 s here) of the first process's look at the files: the kept
 * answer (as a process trusts its own tables that long) */
$within = run($so, $shm, $root, $child, 60);
show('replaced, within 60 s', $within);
echo "with vtws.revalidate_freq=0 the files are looked at:\n";
show('replaced, freq 0', run($so, $shm, $root, $child, 0));
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты v3']);
usleep(2100000);
show('replaced, 2.1 s later', run($so, $shm, $root, $child, 2));
show('the next process', run($so, $shm, $root, $child, 60));

foreach (glob("$shm/vtws.*") as $f) { /* the store and the other PHP's file */
    unlink($f);
}
foreach (glob("$root/languages/*/*") as $f) {
    unlink($f);
}
foreach (glob("$root/languages/*") as $d) {
    rmdir($d);
}
rmdir("$root/languages");
unlink("$root/labels.json");
rmdir($shm);
rmdir($root);
?>
--EXPECT--
first process: Contacts=Контакты v1 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, catalog made
the older layout's files removed: yes, another PHP's kept: yes
second process: Contacts=Контакты v1 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, no catalog made
second process published nothing: yes
replaced, within 60 s: Contacts=Контакты v1 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, no catalog made
with vtws.revalidate_freq=0 the files are looked at:
replaced, freq 0: Contacts=Контакты v2 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, catalog made
replaced, 2.1 s later: Contacts=Контакты v3 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, catalog made
the next process: Contacts=Контакты v3 LBL_1=ру 1 LBL_2=en 2 NOPE=NOPE labels=42, no catalog made

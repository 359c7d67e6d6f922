--TEST--
The shared store in one process (vtws.shm_cli=1): tables published, then taken back after the cache is dropped; a list's answer kept; a replaced file served in its new version; damaged bytes read as a miss, answers exact
--EXTENSIONS--
vtws
--SKIPIF--
<?php if (PHP_ZTS || PHP_OS_FAMILY === 'Windows') die('skip the shared store is for NTS builds on POSIX systems'); ?>
--INI--
vtws.shm_cli=1
vtws.shm_dir={TMP}
vtws.revalidate_freq=0
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-shared-cli-' . getmypid();
function put($root, $rel, $strings) {
    $tmp = "$root/languages/$rel.tmp";
    @mkdir(dirname($tmp), 0777, true);
    file_put_contents($tmp, '<?php $languageStrings = ' . var_export($strings, true) . '; $jsLanguageStrings = array("JS_OK" => "ок");');
    rename($tmp, "$root/languages/$rel");
}
$ru = $en = [];
for ($i = 0; $i < 300; $i++) {
    $en["LBL_$i"] = "en $i";
    if ($i % 3) {
        $ru["LBL_$i"] = "ру $i";
    }
}
$ru['LBL_EMPTY'] = '';
$en['LBL_EMPTY'] = 'empty in ru: en';
$en[7] = 'seven';
put($root, 'ru_ru/Vtiger.php', $ru);
put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты']);
put($root, 'en_us/Vtiger.php', $en);
ini_set('vtws.vtiger_root', $root);
$labels = ['Contacts', 'LBL_1', 'LBL_3', 'LBL_EMPTY', '7', 'LBL_299', 'NOPE', 'LBL_1'];
$t = fn () => json_encode(vtws_gettranslation($labels, 'ru_ru', 'Contacts'), JSON_UNESCAPED_UNICODE);
$s = fn () => Vtws\cache_info()['shared'];
$expected = '{"Contacts":"Контакты","LBL_1":"ру 1","LBL_3":"en 3","LBL_EMPTY":"empty in ru: en","7":"seven","LBL_299":"ру 299","NOPE":"NOPE"}';

$before = $s();
echo $t() === $expected ? "published: exact\n" : "published: " . $t() . "\n";
$a = $s();
echo "status: {$a['status']}, tables published: ", $a['publishes'] > ($before['publishes'] ?? 0) ? 'yes' : 'no', "\n";
$export = json_encode(Vtws\translations('Contacts', 'ru_ru'));
echo $t() === $expected ? "again, merged table: exact\n" : "again: " . $t() . "\n";

Vtws\cache_reset(); /* this process's tables gone: the store's are taken back */
echo $t() === $expected ? "after a reset, the kept answer: exact\n" : "after a reset: " . $t() . "\n";
$b = $s();
echo "found in the store: ", $b['hits'] > $a['hits'] ? 'yes' : 'no', ", nothing published again: ", $b['publishes'] === $a['publishes'] ? 'yes' : 'no', "\n";
echo $t() === $expected ? "its merged table: exact\n" : "merged: " . $t() . "\n";
echo json_encode(Vtws\translations('Contacts', 'ru_ru')) === $export ? "translations() from the store: the same\n" : "translations() differ\n";
echo json_encode(Vtws\translations('Contacts', 'ru_ru', 'jsLanguageStrings'), JSON_UNESCAPED_UNICODE), "\n";

put($root, 'ru_ru/Contacts.php', ['Contacts' => 'Контакты (v2)']);
echo str_replace('Контакты (v2)', 'NEW', $t()) === str_replace('Контакты', 'NEW', $expected) ? "replaced file: the new version\n" : "replaced: " . $t() . "\n";
$c = $s();
echo "old version superseded: ", $c['garbage'] > $b['garbage'] ? 'yes' : 'no', "\n";

/* damage: every byte of the store's records overwritten */
$gen = $c['path'] . '.' . $c['generation'];
$f = fopen($gen, 'r+');
$used = unpack('P', stream_get_contents($f, 8, 32))[1];
for ($at = 70000; $at < $used; $at += 61) {
    fseek($f, $at);
    fwrite($f, 'X');
}
fclose($f);
Vtws\cache_reset();
$d0 = $s()['damaged'];
echo str_replace('Контакты (v2)', 'NEW', $t()) === str_replace('Контакты', 'NEW', $expected) ? "damaged store: exact\n" : "damaged: " . $t() . "\n";
echo str_replace('Контакты (v2)', 'NEW', $t()) === str_replace('Контакты', 'NEW', $expected) ? "and again: exact\n" : "again: " . $t() . "\n";
echo "damage seen: ", $s()['damaged'] > $d0 ? 'yes' : 'no', "\n";
?>
--CLEAN--
<?php
$root = sys_get_temp_dir() . '/vtws-shared-cli-' . getmypid();
exec('rm -rf ' . escapeshellarg($root));
/* the store this test damaged (the next run makes a new one) */
foreach (glob(sys_get_temp_dir() . '/vtws.' . (function_exists('posix_geteuid') ? posix_geteuid() : getmyuid()) . '.p*') as $f) {
    @unlink($f);
}
?>
--EXPECT--
published: exact
status: on, tables published: yes
again, merged table: exact
after a reset, the kept answer: exact
found in the store: yes, nothing published again: yes
its merged table: exact
translations() from the store: the same
{"JS_OK":"ок"}
replaced file: the new version
old version superseded: yes
damaged store: exact
and again: exact
damage seen: yes

--TEST--
Translation cache memory: languages that share their keys (as Vtiger's packs do) hold one copy of each key; replacing one language's file leaves the others intact
--EXTENSIONS--
vtws
--INI--
vtws.shm_cli=0
vtws.revalidate_freq=0
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-memory-' . getmypid();
function pack_file($root, $lang, $suffix) {
    @mkdir("$root/languages/$lang", 0777, true);
    $code = "<?php\n\$languageStrings = array(\n";
    for ($i = 0; $i < 500; $i++) {
        $code .= sprintf("    'LBL_SOME_QUITE_LONG_KEY_%04d' => 'value %d %s',\n", $i, $i, $suffix);
    }
    file_put_contents("$root/languages/$lang/Vtiger.php", $code . ");\n");
}
ini_set('vtws.vtiger_root', $root);
pack_file($root, 'en_us', 'en');
Vtws\translate('LBL_SOME_QUITE_LONG_KEY_0001', 'Vtiger', 'en_us');
$one = Vtws\cache_info()['bytes'];
pack_file($root, 'ru_ru', 'ру');
Vtws\translate('LBL_SOME_QUITE_LONG_KEY_0001', 'Vtiger', 'ru_ru');
$two = Vtws\cache_info()['bytes'];
echo "entries: ", Vtws\cache_info()['entries'], "\n";
echo "the second language costs less than three quarters of the first: ", ($two - $one) < 0.75 * $one ? 'yes' : 'no', "\n";
// a new version of one language's file: both languages still answer right
pack_file($root, 'en_us', 'en2');
echo Vtws\translate('LBL_SOME_QUITE_LONG_KEY_0007', 'Vtiger', 'en_us'), "\n";
echo Vtws\translate('LBL_SOME_QUITE_LONG_KEY_0007', 'Vtiger', 'ru_ru'), "\n";
Vtws\cache_reset();
echo Vtws\translate('LBL_SOME_QUITE_LONG_KEY_0499', 'Vtiger', 'ru_ru'), "\n";
exec('rm -rf ' . escapeshellarg($root));
?>
--EXPECT--
entries: 1000
the second language costs less than three quarters of the first: yes
value 7 en2
value 7 ру
value 499 ру

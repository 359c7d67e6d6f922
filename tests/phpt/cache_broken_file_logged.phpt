--TEST--
A language file with errors serves what could be read; its errors are logged once per file version, never printed
--EXTENSIONS--
vtws
--INI--
vtws.revalidate_freq=0
display_errors=1
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-broken-' . getmypid();
@mkdir("$root/languages/ar_ae", 0777, true);
$log = "$root/php.log";
ini_set('error_log', $log);
ini_set('vtws.vtiger_root', $root);
file_put_contents("$root/languages/ar_ae/Vtiger.php",
    "<?php\n\$languageStrings = array(\n  'LBL_OK' => 'حسنا',\n  'LBL_BROKEN' => vtranslate('LBL_DELETE', 'Vtiger'),\n);\n");
for ($i = 0; $i < 3; $i++) {
    echo json_encode(vtws_gettranslation(['LBL_OK', 'LBL_BROKEN'], 'ar_ae', ''), JSON_UNESCAPED_UNICODE), "\n";
}
$lines = file($log, FILE_IGNORE_NEW_LINES);
echo count($lines), " log line: ", preg_replace('/^\[[^]]*\] /', '', str_replace($root, 'ROOT', $lines[0])), "\n";
file_put_contents("$root/languages/ar_ae/Vtiger.php",
    "<?php\n\$languageStrings = array(\n  'LBL_OK' => 'حسنا',\n  'LBL_BROKEN' => strtoupper('x'),\n);\n");
echo json_encode(vtws_gettranslation(['LBL_OK'], 'ar_ae', ''), JSON_UNESCAPED_UNICODE), "\n";
echo count(file($log)), " log lines after a new version\n";
exec('rm -rf ' . escapeshellarg($root));
?>
--EXPECT--
{"LBL_OK":"حسنا","LBL_BROKEN":"LBL_BROKEN"}
{"LBL_OK":"حسنا","LBL_BROKEN":"LBL_BROKEN"}
{"LBL_OK":"حسنا","LBL_BROKEN":"LBL_BROKEN"}
1 log line: vtws: ROOT/languages/ar_ae/Vtiger.php:4:19: call to vtranslate() is not supported in a language file (the rest of the file is still served)
{"LBL_OK":"حسنا"}
2 log lines after a new version

--TEST--
phpinfo() / php --ri vtws: version, preload, languages and files cached with their mtimes, memory, counters, every INI entry
--EXTENSIONS--
vtws
--INI--
vtws.shm_cli=0
vtws.shm_dir=/nonexistent/vtws-phpinfo
vtws.revalidate_freq=0
vtws.default_language=en_us
--FILE--
<?php
$root = sys_get_temp_dir() . '/vtws-info-' . getmypid();
foreach (['ru_ru/Contacts.php' => ['Contacts' => 'Контакты'], 'ru_ru/Vtiger.php' => ['LBL_SAVE' => 'Сохранить'],
          'en_us/Vtiger.php' => ['LBL_SAVE' => 'Save'], 'custom/ru_ru/Contacts.php' => ['LBL_MINE' => 'Моё']] as $rel => $strings) {
    @mkdir(dirname("$root/languages/$rel"), 0777, true);
    file_put_contents("$root/languages/$rel", '<?php $languageStrings = ' . var_export($strings, true) . ';');
    touch("$root/languages/$rel", gmmktime(8, 30, 0, 3, 14, 2025));
}
ini_set('vtws.vtiger_root', $root);
vtws_gettranslation(['Contacts', 'LBL_SAVE', 'LBL_MINE', 'LBL_NOWHERE'], 'ru_ru', 'Contacts');

ob_start();
phpinfo(INFO_MODULES);
$text = ob_get_clean();
// the vtws section only, with the temporary root shortened
$section = substr($text, strpos($text, "\nvtws\n"));
$section = substr($section, 0, strpos($section, "vtws.vtiger_root"));
$section = str_replace($root, '<root>', $section);
echo preg_replace('/^(Version|Memory held \(bytes\)|Kept for reading files \(bytes\)) => .*$/m', '$1 => ...', trim($section)), "\n";

$info = Vtws\cache_info();
echo "version row matches phpversion('vtws'): ", strpos($text, 'Version => ' . phpversion('vtws')) !== false ? 'yes' : 'no', "\n";
echo "memory held > 0: ", $info['bytes'] > 0 ? 'yes' : 'no', "\n";
/* the four files were read into memory the catalog keeps for the next one */
echo "kept for reading > 0: ", $info['scratch_bytes'] > 0 ? 'yes' : 'no', "\n";
echo "file_mtimes: ", json_encode(array_values(array_unique($info['file_mtimes']))), "\n";
exec('rm -rf ' . escapeshellarg($root));
?>
--EXPECT--
vtws

vtws support => enabled
Version => ...
Language file reader => PHP 8 semantics, no code executed
Operations served => gettranslation, exporttranslation
Preload => off
Languages cached => en_us (1 file), ru_ru (3 files)
Cached files => 4
Cached modules => 3
Cached entries => 4
Memory held (bytes) => ...
Kept for reading files (bytes) => ...
Labels found (hits) => 3
Labels not found (misses) => 1
Modules re-read after a change (reloads) => 0

Shared store => off in the CLI (vtws.shm_cli = 0)
Fallbacks in this process => 0

Cached language file => Modified (UTC)
<root>/languages/custom/ru_ru/Contacts.php => 2025-03-14 08:30:00
<root>/languages/en_us/Vtiger.php => 2025-03-14 08:30:00
<root>/languages/ru_ru/Contacts.php => 2025-03-14 08:30:00
<root>/languages/ru_ru/Vtiger.php => 2025-03-14 08:30:00

Directive => Local Value => Master Value
vtws.default_language => en_us => en_us
vtws.fallback_languages => no value => no value
vtws.max_labels => 5000 => 5000
vtws.preload => Off => Off
vtws.revalidate_freq => 0 => 0
vtws.shm_cli => Off => Off
vtws.shm_dir => /nonexistent/vtws-phpinfo => /nonexistent/vtws-phpinfo
vtws.shm_size => 64M => 64M
version row matches phpversion('vtws'): yes
memory held > 0: yes
kept for reading > 0: yes
file_mtimes: [1741941000]

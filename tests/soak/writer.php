<?php
/* The soak test's writer: for SECONDS, replace language files atomically with
 * new versions (sometimes broken ones), and delete and re-add the overlay. */
require __DIR__ . '/tree.php';
[$_, $root, $seconds] = $argv;
mt_srand(getmypid());
$end = microtime(true) + (float)$seconds;
$version = 1;
$writes = 0;
while (microtime(true) < $end) {
    $lang = SOAK_LANGS[mt_rand(0, count(SOAK_LANGS) - 1)];
    $file = SOAK_FILES[mt_rand(0, count(SOAK_FILES) - 1)];
    $r = mt_rand(0, 9);
    if ($r === 0) {
        $overlay = "$root/languages/custom/ru_ru/Contacts.php";
        if (file_exists($overlay)) {
            unlink($overlay);
        } else {
            soak_write($overlay, soak_file('ru_ru', 'Contacts', $version, false, 'custom/Contacts'));
        }
    } else {
        /* en_us/Vtiger.php is never broken: it guarantees every key a translation */
        $broken = $r < 3 && !($lang === 'en_us' && $file === 'Vtiger');
        soak_write("$root/languages/$lang/$file.php", soak_file($lang, $file, $version, $broken));
    }
    $version++;
    $writes++;
    usleep(mt_rand(5000, 40000));
}
echo json_encode(['writes' => $writes]), "\n";

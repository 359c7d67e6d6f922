<?php
/*
 * The soak test's language tree and its rules. Every value names where it came
 * from — "L=ru_ru|M=Contacts|K=K7|V=3" (language, file, key, version) — so a
 * client can tell whether an answer could have come from some version of a file
 * in the label's chain, and nothing else.
 */
const SOAK_LANGS = ['en_us', 'ru_ru', 'de_de'];
const SOAK_FILES = ['Vtiger', 'Contacts', 'Leads', 'Settings/Vtiger', 'Settings/Users'];
const SOAK_KEYS = 40;

/* Which keys a file has: en_us/Vtiger has every key (so nothing is ever a miss). */
function soak_keys(string $lang, string $file): array
{
    $keys = [];
    for ($k = 0; $k < SOAK_KEYS; $k++) {
        if (($lang === 'en_us' && $file === 'Vtiger') || crc32("$lang/$file/$k") % 3 !== 0) {
            $keys[] = "K$k";
        }
    }
    return $keys;
}

/* A version of a file; broken: one element is 'a' + 'b' (PHP 8 throws; vtws drops it). */
function soak_file(string $lang, string $file, int $version, bool $broken = false, string $source = ''): string
{
    $m = $source !== '' ? $source : $file;
    $code = "<?php\n\$languageStrings = array(\n";
    foreach (soak_keys($lang, $file) as $i => $key) {
        $code .= $broken && $i === 2 ? "  '$key' => 'L=' + 'x',\n" : "  '$key' => 'L=$lang|M=$m|K=$key|V=$version',\n";
    }
    return $code . ");\n";
}

function soak_write(string $path, string $content): void
{
    @mkdir(dirname($path), 0777, true);
    $tmp = $path . '.tmp' . getmypid();
    file_put_contents($tmp, $content);
    rename($tmp, $path);
}

function soak_tree(string $root): void
{
    foreach (SOAK_LANGS as $lang) {
        foreach (SOAK_FILES as $file) {
            soak_write("$root/languages/$lang/$file.php", soak_file($lang, $file, 0));
        }
    }
    soak_write("$root/languages/custom/ru_ru/Contacts.php", soak_file('ru_ru', 'Contacts', 0, false, 'custom/Contacts'));
    @mkdir("$root/include/Webservices", 0777, true);
    copy(dirname(__DIR__, 2) . '/php_scripts/include/Webservices/GetTranslation.php', "$root/include/Webservices/GetTranslation.php");
}

/* Files an answer for (lang, module) may come from, as "lang|file". */
function soak_sources(string $lang, string $module): array
{
    $chain = [];
    if ($module !== '') {
        $chain[] = str_replace(':', '/', $module);
        $chain[] = 'custom/' . str_replace(':', '/', $module);
        if (strpos($module, ':') !== false) {
            $base = substr($module, 0, strpos($module, ':'));
            $chain[] = $base === 'Settings' ? 'Settings/Vtiger' : $base;
        }
    }
    $chain[] = 'Vtiger';
    $ok = [];
    foreach (array_unique([$lang, 'en_us']) as $l) {
        foreach ($chain as $c) {
            $ok["$l|$c"] = true;
        }
    }
    return $ok;
}

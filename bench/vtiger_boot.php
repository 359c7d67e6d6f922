<?php
/*
 * Writes the bootstrap that the php-fpm benchmarks require before Vtiger's translation
 * code runs, so that Vtiger's own Vtiger_Language_Handler answers as it does in a
 * request, with nothing else of Vtiger loaded:
 *
 *   php -n bench/vtiger_boot.php SITE OUT
 *       SITE is a real Vtiger root (includes/runtime/LanguageHandler.php): OUT requires
 *       its includes/Loader.php (Vtiger_Loader::resolveNameToPath), includes/runtime/
 *       Globals.php (vglobal), vtlib/Vtiger/Deprecated.php (the file-access check) and
 *       the handler itself, and holds the three plain functions these call, copied from
 *       the site's own files (decode_html: include/utils/ListViewUtils.php,
 *       checkFileAccessForInclusion: include/utils/CommonUtils.php, php7_count:
 *       include/utils/VtlibUtils.php), whose files would load most of Vtiger and connect
 *       to its database. Vtiger's code stays in the site: only OUT, outside the
 *       repository, holds those few lines.
 *   php -n bench/vtiger_boot.php - OUT
 *       no site: OUT requires the test double tests/translate/vtiger_language_handler.php
 *       and adds getTranslatedString(), which the double lacks, as
 *       vtws_bench_translated_string(): the label decoded, the language, the default
 *       language, else the label (shared/docs/vtiger-contract.md §4).
 *
 * Either way the request sets $root_directory and $default_language first, as Vtiger's
 * config.inc.php does.
 */
[$_, $site, $out] = $argv;

/** The source of the top-level function NAME of FILE, from `function` to its closing brace. */
function function_source(string $file, string $name): string
{
    $tokens = token_get_all((string)file_get_contents($file));
    $depth = 0;
    foreach ($tokens as $i => $t) {
        if ($t === '{' || (is_array($t) && in_array($t[0], [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES], true))) {
            $depth++;
        } elseif ($t === '}') {
            $depth--;
        } elseif ($depth === 0 && is_array($t) && $t[0] === T_FUNCTION) {
            $j = $i + 1;
            while (is_array($tokens[$j]) && $tokens[$j][0] === T_WHITESPACE) {
                $j++;
            }
            if (!is_array($tokens[$j]) || strcasecmp($tokens[$j][1], $name) !== 0) {
                continue;
            }
            $src = '';
            $inner = 0;
            for ($k = $i; $k < count($tokens); $k++) {
                $s = is_array($tokens[$k]) ? $tokens[$k][1] : $tokens[$k];
                $src .= $s;
                if ($s === '{' || (is_array($tokens[$k]) && in_array($tokens[$k][0], [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES], true))) {
                    $inner++;
                } elseif ($s === '}' && --$inner === 0) {
                    return $src . "\n";
                }
            }
        }
    }
    fwrite(STDERR, "vtiger_boot: no function $name in $file\n");
    exit(1);
}

if ($site === '-') {
    $double = var_export(realpath(__DIR__ . '/../tests/translate/vtiger_language_handler.php'), true);
    file_put_contents($out, <<<PHP
<?php
/* the test double of Vtiger_Language_Handler (written by bench/vtiger_boot.php) */
require $double;

function vtws_bench_translated_string(\$key, \$module, \$language)
{
    \$key = html_entity_decode((string)\$key, ENT_QUOTES, 'UTF-8');
    \$t = Vtiger_Language_Handler::getLanguageTranslatedString(\$language, \$key, \$module);
    \$default = \$GLOBALS['default_language'];
    if (\$t === null && strcasecmp(\$default, \$language) !== 0) {
        \$t = Vtiger_Language_Handler::getLanguageTranslatedString(\$default, \$key, \$module);
    }
    return \$t ?? \$key;
}

PHP);
    exit(0);
}
$site = rtrim($site, '/');
$src = "<?php\n/* Vtiger's own translation code, from $site (written by bench/vtiger_boot.php) */\n";
foreach (['includes/Loader.php', 'includes/runtime/Globals.php', 'vtlib/Vtiger/Deprecated.php', 'includes/runtime/LanguageHandler.php'] as $f) {
    $src .= 'require_once ' . var_export("$site/$f", true) . ";\n";
}
foreach (['decode_html' => 'include/utils/ListViewUtils.php', 'checkFileAccessForInclusion' => 'include/utils/CommonUtils.php',
          'php7_count' => 'include/utils/VtlibUtils.php'] as $name => $f) {
    $src .= "\n/* $f */\n" . function_source("$site/$f", $name);
}
file_put_contents($out, $src);

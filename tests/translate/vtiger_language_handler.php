<?php
/*
 * A test double of Vtiger's Vtiger_Language_Handler (includes/runtime/LanguageHandler.php,
 * Vtiger 7.5 to 8.3) with the static methods the handler file's fallback calls, written
 * from Vtiger's behaviour (shared/docs/vtiger-contract.md §3-4) on top of reference.php.
 * Root and default language come from config.inc.php's globals, as in Vtiger. It fails
 * where the real one fails: an overlay (languages/custom/) without its base file throws
 * the TypeError of Vtiger's array_merge(null, ...) on PHP 8. getAllLanguages() gives
 * vtiger_language's labels (prefix => label), here $GLOBALS['vtws_test_language_labels'].
 */
require_once __DIR__ . '/reference.php';

class Vtiger_Language_Handler
{
    private static $reference;

    private static function reference(): VtigerTranslationReference
    {
        if (!self::$reference) {
            self::$reference = new VtigerTranslationReference(rtrim($GLOBALS['root_directory'], '/'), $GLOBALS['default_language']);
        }
        return self::$reference;
    }

    /** ['languageStrings' => ..., 'jsLanguageStrings' => ...] of one file and its overlay; [] without a file. */
    public static function getModuleStringsFromFile($language, $module = 'Vtiger')
    {
        $path = str_replace([':', '.'], '/', $module);
        $root = rtrim($GLOBALS['root_directory'], '/');
        $base = is_file("$root/languages/$language/$path.php");
        $custom = is_file("$root/languages/custom/$language/$path.php");
        if (!$base && $custom) {
            throw new TypeError('array_merge(): Argument #1 ($array) must be of type array, null given');
        }
        return $base ? self::reference()->moduleStrings($language, $module) : [];
    }

    /** The first non-empty value of module, base module, common strings; null when none. */
    public static function getLanguageTranslatedString($language, $key, $module = '')
    {
        foreach (VtigerTranslationReference::chain($module) as $m) {
            $strings = self::getModuleStringsFromFile($language, $m);
            if (!empty($strings['languageStrings'][$key])) {
                return $strings['languageStrings'][$key];
            }
        }
        return null;
    }

    public static function getAllLanguages()
    {
        return $GLOBALS['vtws_test_language_labels'] ?? [];
    }
}

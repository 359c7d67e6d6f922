<?php
/*
 * Vtiger's translation algorithm in plain PHP, written from
 * shared/docs/vtiger-contract.md §4 (Vtiger_Language_Handler): the oracle the
 * extension is compared with. Files are loaded with PHP's own `require`.
 */
final class VtigerTranslationReference
{
    private array $container = [];

    public function __construct(
        private string $root,
        private string $defaultLanguage,
        private array $fallbackLanguages = []
    ) {
    }

    private static function load(string $file): array
    {
        $languageStrings = $jsLanguageStrings = [];
        require $file;
        return [$languageStrings, $jsLanguageStrings];
    }

    /** getModuleStringsFromFile(): the module file, then the custom overlay merged on top. */
    public function moduleStrings(string $language, string $module = 'Vtiger'): array
    {
        $module = str_replace(':', '.', $module);
        if (!isset($this->container[$language][$module])) {
            $path = str_replace('.', '/', $module);
            $entry = ['languageStrings' => [], 'jsLanguageStrings' => []];
            $file = "$this->root/languages/$language/$path.php";
            if (file_exists($file)) {
                [$entry['languageStrings'], $entry['jsLanguageStrings']] = self::load($file);
            }
            $custom = "$this->root/languages/custom/$language/$path.php";
            if (file_exists($custom)) {
                [$ls, $js] = self::load($custom);
                $entry['languageStrings'] = array_merge($entry['languageStrings'], $ls);
                $entry['jsLanguageStrings'] = array_merge($entry['jsLanguageStrings'], $js);
            }
            $this->container[$language][$module] = $entry;
        }
        return $this->container[$language][$module];
    }

    /** The modules consulted in one language: the module, its base, the common strings. */
    public static function chain(string $module): array
    {
        $module = str_replace(':', '.', $module);
        $chain = [$module];
        if (strpos($module, '.') > 0) {
            $base = substr($module, 0, strpos($module, '.'));
            $chain[] = $base === 'Settings' ? 'Settings.Vtiger' : $base;
        }
        $chain[] = 'Vtiger';
        return $chain;
    }

    /** getLanguageTranslatedString(): null when no file of the chain has a non-empty value. */
    public function languageTranslatedString(string $language, $key, string $module, string $type = 'languageStrings')
    {
        foreach (self::chain($module) as $m) {
            $strings = $this->moduleStrings($language, $m);
            if (!empty($strings[$type][$key])) {
                return $strings[$type][$key];
            }
        }
        return null;
    }

    /** The languages tried: the given one, the default, then the extra fallbacks. */
    private function languages(string $language): array
    {
        $langs = [$language];
        foreach (array_merge([$this->defaultLanguage], $this->fallbackLanguages) as $l) {
            $seen = false;
            foreach ($langs as $x) {
                $seen = $seen || strcasecmp($x, $l) === 0;
            }
            if (!$seen) {
                $langs[] = $l;
            }
        }
        return $langs;
    }

    /** getTranslatedString(): the key decoded, each language in turn, else the key. */
    public function translatedString($key, string $module, string $language)
    {
        $key = html_entity_decode((string)$key, ENT_QUOTES, 'UTF-8');
        foreach ($this->languages($language) as $l) {
            $t = $this->languageTranslatedString($l, $key, $module);
            if ($t !== null) {
                return $t;
            }
        }
        return $key;
    }

    public function found($key, string $module, string $language): bool
    {
        $key = html_entity_decode((string)$key, ENT_QUOTES, 'UTF-8');
        foreach ($this->languages($language) as $l) {
            if ($this->languageTranslatedString($l, $key, $module) !== null) {
                return true;
            }
        }
        return false;
    }

    /** gettranslation: a list keyed by label; a map keyed by its keys (label, then key, then label). */
    public function gettranslation($totranslate, string $language, string $module): array
    {
        if ($totranslate === null || $totranslate === '' || $totranslate === []) {
            return [];
        }
        if (!is_array($totranslate)) {
            $totranslate = [$totranslate];
        }
        $out = [];
        if (array_is_list($totranslate)) {
            foreach ($totranslate as $label) {
                $out[$label] = $this->translatedString($label, $module, $language);
            }
            return $out;
        }
        foreach ($totranslate as $resultKey => $label) {
            if ($this->found($label, $module, $language)) {
                $out[$resultKey] = $this->translatedString($label, $module, $language);
            } elseif ($this->found($resultKey, $module, $language)) {
                $out[$resultKey] = $this->translatedString($resultKey, $module, $language);
            } else {
                $out[$resultKey] = html_entity_decode((string)$label, ENT_QUOTES, 'UTF-8');
            }
        }
        return $out;
    }

    /** export(): the union, first wins, of module, base and common strings, language after language. */
    public function export(string $module, string $language, string $type): array
    {
        $result = [];
        foreach ($this->languages($language) as $l) {
            foreach (self::chain($module) as $m) {
                $result += $this->moduleStrings($l, $m)[$type];
            }
        }
        return $result;
    }
}

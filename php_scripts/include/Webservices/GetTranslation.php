<?php
// @vtws-handler: vtws's translation operations (installed by vtws-register).
/*
 * The handler file of vtws's operations gettranslation, exporttranslation and
 * listlanguages. Vtiger's dispatcher includes it, then calls the handler by
 * name: vtws_gettranslation($totranslate, $language, $module, $user),
 * vtws_exporttranslation($language, $module, $type, $version, $user),
 * vtws_listlanguages($user).
 *
 * With the vtws extension loaded, the first two are its native functions. When
 * it is not (a PHP upgrade that did not rebuild it, say), they are declared
 * here and give the same answers and errors through Vtiger's own
 * Vtiger_Language_Handler — slower, never an HTTP 500. listlanguages is plain
 * PHP either way. Keeps to PHP 7.4, for Vtiger 7 sites.
 */

if (!function_exists('vtws_listlanguages')) {
    /* Every language installed under languages/: [{prefix, label, files}], by prefix. */
    function vtws_listlanguages($user = null)
    {
        $root = vtws_php_root();
        $labels = vtws_php_language_labels();
        $answer = [];
        foreach ((array)@scandir("$root/languages") as $prefix) {
            if (!vtws_php_language_ok($prefix) || !is_dir("$root/languages/$prefix")) {
                continue;
            }
            $label = isset($labels[$prefix]) && is_string($labels[$prefix]) && $labels[$prefix] !== '' ? $labels[$prefix] : $prefix;
            $answer[] = ['prefix' => $prefix, 'label' => $label, 'files' => vtws_php_count_files("$root/languages/$prefix")];
        }
        return $answer;
    }

    /* Vtiger's labels of its languages (table vtiger_language), when running inside Vtiger. */
    function vtws_php_language_labels()
    {
        try {
            if (class_exists('Vtiger_Language_Handler') && method_exists('Vtiger_Language_Handler', 'getAllLanguages')) {
                $all = Vtiger_Language_Handler::getAllLanguages();
                return is_array($all) ? $all : [];
            }
        } catch (Throwable $e) {
            /* no database, no loader: the prefixes serve as labels */
        }
        return [];
    }

    /* The language files below $dir. */
    function vtws_php_count_files($dir)
    {
        $n = 0;
        foreach ((array)@scandir($dir) as $name) {
            if (!is_string($name) || $name === '.' || $name === '..') {
                continue;
            }
            if (is_dir("$dir/$name")) {
                $n += vtws_php_count_files("$dir/$name");
            } elseif (substr($name, -4) === '.php') {
                $n++;
            }
        }
        return $n;
    }

    /* Vtiger's error envelope inside Vtiger; a plain exception elsewhere. */
    function vtws_php_fail($code, $message)
    {
        if (class_exists('WebServiceException', false)) {
            throw new WebServiceException($code, $message);
        }
        throw new RuntimeException("$code: $message");
    }

    /* The Vtiger root: config.inc.php's $root_directory, else vtws.vtiger_root. */
    function vtws_php_root()
    {
        $root = isset($GLOBALS['root_directory']) && is_string($GLOBALS['root_directory']) ? $GLOBALS['root_directory'] : '';
        if ($root === '') {
            $root = (string)ini_get('vtws.vtiger_root');
        }
        if ($root === '') {
            vtws_php_fail('VTWS_NOT_CONFIGURED', 'no Vtiger root: set vtws.vtiger_root (or run inside Vtiger)');
        }
        return rtrim($root, '/');
    }

    /* A language prefix as Vtiger names them: xx_yy. */
    function vtws_php_language_ok($lang)
    {
        return is_string($lang) && preg_match('/^[a-zA-Z]{2}_[a-zA-Z]{2}$/D', $lang) === 1;
    }

    /*
     * Vtiger reads a GET operation's parameters from $_GET only and a POST one's from $_POST
     * only (OperationManager::getOperationInput()): sent the other way, they arrive as missing
     * and the answer would silently be the defaults'. When this request dispatches $operation
     * and sent its parameters only on the other side, an error that says where to send them.
     * The extension's check, word for word (ext/vtws_dispatch.c).
     */
    function vtws_php_check_placed($operation, $type, array $names)
    {
        $get = isset($_GET) && is_array($_GET) ? $_GET : [];
        $post = isset($_POST) && is_array($_POST) ? $_POST : [];
        $dispatches = function (array $a) use ($operation) {
            return isset($a['operation']) && is_string($a['operation']) && strcasecmp($a['operation'], $operation) === 0;
        };
        $present = function (array $a) use ($names) {
            return array_values(array_filter($names, function ($n) use ($a) {
                return array_key_exists($n, $a);
            }));
        };
        if (!$dispatches($get) && !$dispatches($post)) {
            return;
        }
        $isGet = $type === 'GET';
        $sent = $present($isGet ? $post : $get);
        if ($present($isGet ? $get : $post) || !$sent) {
            return;
        }
        $there = $isGet ? 'the query string' : 'the request body';
        vtws_php_fail('INVALID_REQUEST_METHOD', "$operation is a $type operation: Vtiger reads its parameters ("
            . implode(', ', $names) . ") from $there only, and this request sent " . implode(', ', $sent) . ' in '
            . ($isGet ? 'the request body' : 'the query string') . "; send them in $there"
            . ($isGet ? ' (GET webservice.php?operation=...&sessionName=...&...)' : ' (POST, form-encoded)'));
    }

    /* The type name the extension's messages use (zend_zval_type_name). */
    function vtws_php_type_name($v)
    {
        $names = ['boolean' => 'bool', 'integer' => 'int', 'double' => 'float', 'NULL' => 'null'];
        $t = gettype($v);
        return isset($names[$t]) ? $names[$t] : $t;
    }
}

if (!function_exists('vtws_gettranslation')) {
    /*
     * The extension is not loaded: the same operations through Vtiger_Language_Handler.
     * Each check, its order and its message are the extension's (ext/vtws_translate.c);
     * tests/translate/fallback.php compares the two answer for answer.
     */
    define('VTWS_PHP_MAX_LABELS', 5000);   /* vtws.max_labels' default */
    define('VTWS_PHP_VERSION_FLAGS', JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);

    /* [languages to look in, module]: the request's (else the user's) language, then the default. */
    function vtws_php_prepare($language, $module, $user)
    {
        if ($module !== null && !is_string($module)) {
            vtws_php_fail('INVALID_MODULE', 'module must be a string, ' . vtws_php_type_name($module) . ' given');
        }
        $module = (string)$module;
        if ($module !== '' && (strlen($module) > 64 || preg_match('/^[A-Za-z0-9_]+(:[A-Za-z0-9_]+)?$/D', $module) !== 1)) {
            vtws_php_fail('INVALID_MODULE', 'module must look like Name or Settings:Name (letters, digits, _)');
        }
        if ($language !== null && !is_string($language)) {
            vtws_php_fail('INVALID_LANGUAGE', 'language must be a string, ' . vtws_php_type_name($language) . ' given');
        }
        $explicit = is_string($language) && $language !== '';
        if ($explicit && !vtws_php_language_ok($language)) {
            vtws_php_fail('INVALID_LANGUAGE', 'language must look like xx_yy (such as ru_ru)');
        }
        $root = vtws_php_root();
        $languages = [];
        if ($explicit) {
            if (!is_dir("$root/languages/$language")) {
                vtws_php_fail('INVALID_LANGUAGE', "language $language is not installed");
            }
            $languages[] = $language;
        } elseif (is_object($user) && isset($user->language) && vtws_php_language_ok($user->language)
                  && is_dir("$root/languages/{$user->language}")) {
            $languages[] = $user->language;
        }
        $default = isset($GLOBALS['default_language']) && is_string($GLOBALS['default_language'])
            && $GLOBALS['default_language'] !== '' ? $GLOBALS['default_language'] : 'en_us';
        if (vtws_php_language_ok($default) && (!$languages || strcasecmp($languages[0], $default) !== 0)) {
            $languages[] = $default;
        }
        return [$languages, $module];
    }

    /* Vtiger_Language_Handler's answer; its failure (an overlay without its base file
     * makes Vtiger >= 7.5 throw a TypeError on PHP 8) becomes an error envelope. */
    function vtws_php_vtiger($method, array $args)
    {
        try {
            return call_user_func_array(['Vtiger_Language_Handler', $method], $args);
        } catch (Throwable $e) {
            vtws_php_fail('VTWS_FALLBACK_FAILED', 'without the vtws extension, Vtiger_Language_Handler::' . $method
                . ' failed: ' . get_class($e));
        }
    }

    /* The translation of a label, or null: Vtiger's chain in each language in turn. */
    function vtws_php_lookup(array $languages, $module, $label)
    {
        foreach ($languages as $l) {
            $v = vtws_php_vtiger('getLanguageTranslatedString', [$l, $label, $module]);
            if ($v !== null) {
                return $v;
            }
        }
        return null;
    }

    /* A label as it arrives (a string or an integer), checked as the extension does. */
    function vtws_php_label($v, $pos, $key)
    {
        if (is_int($v)) {
            $v = (string)$v;
        } elseif (!is_string($v)) {
            vtws_php_fail('INVALID_TOTRANSLATE', $key !== null
                ? 'the label for "' . substr((string)$key, 0, 64) . '" must be a string, ' . vtws_php_type_name($v) . ' given'
                : "label $pos must be a string, " . vtws_php_type_name($v) . ' given');
        }
        if (strlen($v) > 1024) {
            vtws_php_fail('INVALID_TOTRANSLATE', "label $pos is longer than 1024 bytes");
        }
        if (preg_match('//u', $v) !== 1) {
            vtws_php_fail('INVALID_TOTRANSLATE', "label $pos is not valid UTF-8");
        }
        return $v;
    }

    /* Vtiger decodes HTML entities of keys: html_entity_decode($key, ENT_QUOTES, 'UTF-8'). */
    function vtws_php_decode($label)
    {
        return strpos($label, '&') === false ? $label : html_entity_decode($label, ENT_QUOTES, 'UTF-8');
    }

    function vtws_gettranslation($totranslate = null, $language = null, $module = null, $user = null)
    {
        vtws_php_check_placed('gettranslation', 'POST', ['totranslate', 'language', 'module']);
        if ($totranslate === null || $totranslate === '' || $totranslate === []) {
            $kind = 0;
        } elseif (is_string($totranslate) || is_int($totranslate)) {
            $kind = 1;
        } elseif (is_array($totranslate)) {
            $kind = 2;
            if (count($totranslate) > VTWS_PHP_MAX_LABELS) {
                vtws_php_fail('INVALID_TOTRANSLATE', 'more than ' . VTWS_PHP_MAX_LABELS . ' labels (vtws.max_labels)');
            }
        } else {
            vtws_php_fail('INVALID_TOTRANSLATE', 'totranslate must be a list of labels, a map {key: label} or one label, '
                . vtws_php_type_name($totranslate) . ' given');
        }
        list($languages, $module) = vtws_php_prepare($language, $module, $user);
        if ($kind === 0) {
            return [];
        }
        if ($kind === 1) {
            $label = vtws_php_label($totranslate, 0, null);
            $found = vtws_php_lookup($languages, $module, vtws_php_decode($label));
            return [$label => $found !== null ? $found : vtws_php_decode($label)];
        }
        $answer = [];
        $pos = 0;
        if (array_keys($totranslate) === range(0, count($totranslate) - 1)) {
            foreach ($totranslate as $v) {
                $label = vtws_php_label($v, $pos++, null);
                $found = vtws_php_lookup($languages, $module, vtws_php_decode($label));
                $answer[$label] = $found !== null ? $found : vtws_php_decode($label);
            }
            return $answer;
        }
        foreach ($totranslate as $key => $v) {
            $label = vtws_php_label($v, $pos++, $key);
            $found = vtws_php_lookup($languages, $module, vtws_php_decode($label));
            if ($found === null) {
                $found = vtws_php_lookup($languages, $module, vtws_php_decode((string)$key));
            }
            $answer[$key] = $found !== null ? $found : vtws_php_decode($label);
        }
        return $answer;
    }

    /* Vtiger's export() of one type in the given languages: module, base module, common; first wins. */
    function vtws_php_export(array $languages, $module, $type)
    {
        $chain = [];
        if ($module !== '') {
            $chain[] = $module;
            if (strpos($module, ':') !== false) {
                $base = substr($module, 0, strpos($module, ':'));
                $chain[] = $base === 'Settings' ? 'Settings:Vtiger' : $base;
            }
        }
        $chain[] = 'Vtiger';
        $strings = [];
        foreach ($languages as $l) {
            foreach ($chain as $m) {
                $file = vtws_php_vtiger('getModuleStringsFromFile', [$l, $m]);
                if (isset($file[$type]) && is_array($file[$type])) {
                    $strings += $file[$type];
                }
            }
        }
        return $strings;
    }

    function vtws_exporttranslation($language = null, $module = null, $type = null, $version = null, $user = null)
    {
        vtws_php_check_placed('exporttranslation', 'GET', ['language', 'module', 'type', 'version']);
        if ($type === null || $type === '') {
            $type = 'languageStrings';
        } elseif (!is_string($type)) {
            vtws_php_fail('INVALID_TYPE', 'type must be a string, ' . vtws_php_type_name($type) . ' given');
        } elseif (!in_array($type, ['languageStrings', 'jsLanguageStrings', 'all'], true)) {
            vtws_php_fail('INVALID_TYPE', 'type must be languageStrings, jsLanguageStrings or all');
        }
        if ($version === '') {
            $version = null;
        } elseif ($version !== null && !is_string($version)) {
            vtws_php_fail('INVALID_VERSION', 'version must be a string, ' . vtws_php_type_name($version) . ' given');
        } elseif ($version !== null && preg_match('/^[0-9a-f]{16}$/D', $version) !== 1) {
            vtws_php_fail('INVALID_VERSION', "version must be the 16 hex digits of an earlier answer's version");
        }
        list($languages, $module) = vtws_php_prepare($language, $module, $user);
        if (!$languages) {
            vtws_php_fail('VTWS_NOT_CONFIGURED', 'no language: the default language must look like xx_yy');
        }
        if ($type === 'all') {
            $strings = ['languageStrings' => vtws_php_export($languages, $module, 'languageStrings'),
                        'jsLanguageStrings' => vtws_php_export($languages, $module, 'jsLanguageStrings')];
        } else {
            $strings = vtws_php_export($languages, $module, $type);
        }
        /* the extension's content version: the same bytes, the same FNV-1a 64 */
        $current = hash('fnv1a64', "exporttranslation\n{$languages[0]}\n$module\n$type\n"
            . json_encode($strings, VTWS_PHP_VERSION_FLAGS));
        $answer = ['language' => $languages[0], 'module' => $module, 'version' => $current];
        if ($version === $current) {
            return $answer + ['unchanged' => true];
        }
        return $type === 'all' ? $answer + $strings : $answer + ['strings' => $strings];
    }
}

<?php
/* How Vtiger's LanguageHandler reads a language file: require inside a function. */
function load_language_file($file)
{
    require $file;
    return [$languageStrings ?? [], $jsLanguageStrings ?? []];
}

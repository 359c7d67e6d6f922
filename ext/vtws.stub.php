<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo
 */

namespace Vtws {

    /**
     * Thrown by the vtws functions when they are called outside Vtiger's
     * webservice dispatcher (inside it, the handlers throw Vtiger's
     * WebServiceException, which the client receives as an error envelope).
     */
    class Exception extends \Exception
    {
        /** Vtiger-style error code, such as INVALID_LANGUAGE. */
        public string $errorCode = "";
    }

    /**
     * Read a Vtiger language file the way PHP would, without executing it.
     *
     * Returns ['vars' => [name => value, ...], 'diagnostics' => [['severity' =>
     * 'error'|'warning', 'line' => int, 'column' => int, 'message' => string], ...]].
     *
     * @throws Exception when the file is missing or cannot be read.
     */
    function parse_language_file(string $path): array {}

    /**
     * Vtiger's getTranslatedString(): the translation of $key in $module (module,
     * base module, common strings; then the default language, then
     * vtws.fallback_languages), or $key itself. $language null: the default language.
     *
     * @throws Exception on an invalid language or module, or without a Vtiger root.
     */
    function translate(string $key, string $module = "", ?string $language = null): string {}

    /**
     * Vtiger's export(): every string of $module's chain (module, base module,
     * common strings), first wins, in $language and then the default language.
     * $type is "languageStrings" or "jsLanguageStrings".
     *
     * @throws Exception on an invalid language, module or type, or without a Vtiger root.
     */
    function translations(string $module, ?string $language = null, string $type = "languageStrings"): array {}

    /**
     * The translation cache of this process (or thread): files, modules,
     * entries, bytes (memory held), hits and misses (labels found or not),
     * reloads (modules re-read after a change), preload, roots, languages
     * (language => files held) and file_mtimes (path => mtime when read).
     */
    function cache_info(): array {}

    /** Drop every cached language file of this process (or thread). */
    function cache_reset(): void {}

    /**
     * The webservice operations the extension serves, as definitions to register:
     * ['name', 'handler_path', 'handler_method', 'type', 'prelogin', 'parameters' =>
     * [['name', 'type'], ...]], parameters in the order of the native signature.
     */
    function operations(): array {}

    /**
     * Problems of operation definitions (the same shape as operations()), one
     * ['operation' => index, 'message' => string] per problem; [] when all are valid.
     * $stored: judge rows already in Vtiger's tables instead (names may have ".", as
     * Vtiger's mobile.* do; collisions, parameter types and prelogin are not judged):
     * what doctor requires before it loads, judges or repairs a row.
     */
    function validate_operations(array $operations, bool $stored = false): array {}

    /**
     * The minimal ordered changes that make the stored rows ($stored: rows of
     * vtiger_ws_operation with 'operationid' and 'parameters' => [['name', 'type',
     * 'sequence'], ...] ordered by sequence) match $wanted; [] when in sync. Each is
     * ['action' => 'insert'|'update'|'replace_parameters'|'delete', 'operation' =>
     * name, 'operationid' => ?int, 'wanted' => ?int, 'fields' => [field, ...]].
     * Operations not named in $wanted are never touched.
     */
    function plan_operations(array $wanted, array $stored): array {}

    /**
     * What breaks when Vtiger's dispatcher calls $handler for $operation (a stored
     * row or a definition): ['named' => [problem, ...], 'positional' => [problem, ...]].
     * $handler: the name of a loaded function (its own argument info is read), or its
     * parameters as [['name', 'optional' => bool, 'variadic' => bool], ...].
     *
     * @throws Exception when the function is not defined.
     */
    function check_signature(array $operation, string|array $handler): array {}
}

namespace {

    /**
     * The gettranslation webservice operation, as Vtiger's dispatcher calls it:
     * with named arguments (Vtiger >= 7.5 on PHP 8) or positionally
     * (totranslate, language, module, user).
     *
     * $totranslate: a list of labels (answer keyed by label), a map
     * {resultKey: label} (answer keyed by resultKey), a single label, or
     * null/empty (empty answer).
     *
     * @param mixed $totranslate
     * @param mixed $language
     * @param mixed $module
     * @param mixed $user
     * @throws WebServiceException inside Vtiger, Vtws\Exception outside
     */
    function vtws_gettranslation(mixed $totranslate = null, mixed $language = null, mixed $module = null, mixed $user = null): array {}

    /**
     * The exporttranslation webservice operation: every string of $module in
     * $language as Vtiger's export() builds them (module, base module, common
     * strings; then the default language; first wins), with a content version.
     *
     * $language empty: the user's, else the default. $type: "languageStrings"
     * (default), "jsLanguageStrings" or "all" (both, as two members). Answers
     * ['language', 'module', 'version', 'strings'] (or 'languageStrings' and
     * 'jsLanguageStrings' for "all"); when $version equals the current version,
     * ['language', 'module', 'version', 'unchanged' => true] without strings.
     *
     * @param mixed $language
     * @param mixed $module
     * @param mixed $type
     * @param mixed $version
     * @param mixed $user
     * @throws WebServiceException inside Vtiger, Vtws\Exception outside
     */
    function vtws_exporttranslation(mixed $language = null, mixed $module = null, mixed $type = null, mixed $version = null, mixed $user = null): array {}
}

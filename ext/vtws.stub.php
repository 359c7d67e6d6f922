<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo
 */

namespace Vtws {

    /**
     * Thrown by the vtws functions when they are called outside Vtiger's
     * webservice dispatcher (inside it, handlers throw WebServiceException).
     */
    class Exception extends \Exception
    {
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
}

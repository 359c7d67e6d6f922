<?php
/*
 * The oracle: PHP itself. Requires each listed file inside a function, the way
 * Vtiger's LanguageHandler does, and records what PHP ends up with: the
 * variables (serialized, so integer keys and floats survive), or the line of
 * the error PHP throws, plus the lines of the warnings PHP raises.
 *
 * Usage: php -n oracle.php LISTFILE OUTFILE START
 * Appends one line per file to OUTFILE: base64(serialize(result)).
 * A file that kills PHP outright stops this process; run.php restarts it.
 */
function vtws_oracle_load($__vtws_file)
{
    require $__vtws_file;
    unset($__vtws_file);
    return get_defined_vars();
}

$files = file($argv[1], FILE_IGNORE_NEW_LINES);
ini_set('display_errors', '1'); /* printed (compile-time) warnings land in the output buffer, below */
$out = fopen($argv[2], 'ab');
$warnings = [];
set_error_handler(function ($no, $msg, $file, $line) use (&$warnings) {
    $warnings[] = ['line' => $line, 'message' => $msg];
    return true;
});
for ($i = (int)$argv[3]; $i < count($files); $i++) {
    $warnings = [];
    $result = ['file' => $files[$i]];
    ob_start();
    try {
        $result['vars'] = vtws_oracle_load($files[$i]);
    } catch (Throwable $e) {
        $result['error'] = ['line' => $e->getLine(), 'message' => get_class($e) . ': ' . $e->getMessage()];
    }
    $output = ob_get_clean();
    /* compile-time warnings (PHP 7's unexpected characters and unterminated comments) reach
     * no error handler: PHP prints them; take them from the output, about this file only */
    $paths = array_unique([preg_quote($files[$i], '/'), preg_quote((string)realpath($files[$i]), '/')]);
    $printed = '/\n?(?:Warning|Notice|Deprecated): (.*) in (?:' . implode('|', $paths) . ') on line (\d+)\n/';
    if (preg_match_all($printed, $output, $m, PREG_SET_ORDER)) {
        foreach ($m as $w) {
            $warnings[] = ['line' => (int)$w[2], 'message' => $w[1]];
        }
        $output = preg_replace($printed, '', $output);
    }
    $result['output'] = $output;
    $result['warnings'] = $warnings;
    fwrite($out, base64_encode(serialize($result)) . "\n");
    fflush($out);
}

<?php
/*
 * vtws-register: text for people — every line printed, and strings from rows or manifests shown safely.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 *
 * Rows come from anyone who can write Vtiger's tables (migrations, modules, other tools,
 * people), so every line goes through shown(): a name cannot move the cursor, recolour the
 * terminal, split a table's row or smuggle invisible text into a log.
 */

/*
 * $s as it is printed: printable ASCII as is, every other byte (controls, DEL, anything
 * above 0x7F, invalid UTF-8 included) as \xNN. The extension's messages already look so,
 * and pass through unchanged.
 */
function shown(string $s): string
{
    return preg_replace_callback('/[^\x20-\x7e]/', function ($m) {
        return sprintf('\\x%02X', ord($m[0]));
    }, $s);
}

/* Text quoted inside a /* comment of generated PHP: shown(), and never a comment's end. */
function comment_text(string $s): string
{
    return str_replace('*/', '*\\/', shown($s));
}

function out(string $line = ''): void
{
    fwrite(STDOUT, shown($line) . "\n");
}

/* One line on stderr, "vtws-register: ..." (a multi-line message gets the prefix on each). */
function say_error(string $message): void
{
    foreach (explode("\n", $message) as $line) {
        fwrite(STDERR, 'vtws-register: ' . shown($line) . "\n");
    }
}

/* A string for doctor --json: as it is when it is UTF-8 (json_encode then escapes controls
 * and every non-ASCII character, so the output is ASCII), else shown(). */
function json_text(string $s): string
{
    return preg_match('//u', $s) === 1 ? $s : shown($s);
}

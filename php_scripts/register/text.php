<?php
/*
 * vtws-register: text for people — every line printed, and strings from rows or manifests shown safely.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

function out(string $line = ''): void
{
    fwrite(STDOUT, $line . "\n");
}


<?php
/*
 * Assertions for the PHP test runners. check() counts into $passed/$failed
 * and prints each failure with its detail indented below it (passes too, as
 * "ok" lines, after check_verbose()); check_done() prints the
 * "SUITE: N passed, N failed" line scripts/test-all.sh reads, and exits 1 on
 * any failure. Runners may add counts of their own to $passed and $failed.
 */
$passed = $failed = 0;
$check_verbose = false;

function check_verbose(): void
{
    $GLOBALS['check_verbose'] = true;
}

function check(bool $ok, string $what, string $detail = ''): bool
{
    global $passed, $failed, $check_verbose;
    $ok ? $passed++ : $failed++;
    $indent = $check_verbose ? '  ' : '';
    if ($ok) {
        if ($check_verbose) {
            echo "{$indent}ok   $what\n";
        }
        return true;
    }
    echo "{$indent}FAIL $what\n";
    if ($detail !== '') {
        $detail = rtrim(strlen($detail) > 2000 ? substr($detail, 0, 2000) . ' …' : $detail);
        echo "$indent    ", str_replace("\n", "\n$indent    ", $detail), "\n";
    }
    return false;
}

function check_done(string $suite): void
{
    global $passed, $failed;
    echo "$suite: $passed passed, $failed failed\n";
    exit($failed ? 1 : 0);
}

<?php
/*
 * php_scripts/ runs on the PHP that serves Vtiger, which is 7.4 on Vtiger 7
 * sites. No PHP 7.4 is installed here, so each file is parsed with
 * PHP-Parser (Debian's php-parser: 4.15 on Debian 12, 5.4 on 13) and its syntax
 * tree searched for what PHP 7.4 cannot run: PHP 8 syntax and functions added after 7.4.
 * Prints "php74: N passed, N failed".
 */
require '/usr/share/php/PhpParser/autoload.php';
require dirname(__DIR__) . '/lib/check.php';

use PhpParser\Node;

const NEWER_FUNCTIONS = ['str_contains', 'str_starts_with', 'str_ends_with', 'array_is_list', 'get_debug_type',
    'fdiv', 'get_resource_id', 'preg_last_error_msg', 'enum_exists', 'array_find', 'array_any', 'array_all',
    'mb_str_pad', 'json_validate', 'str_increment', 'str_decrement', 'mysqli_execute_query'];

/* What in $node PHP 7.4 would refuse, or null. */
function newer_than_74(Node $node): ?string
{
    if ($node instanceof Node\Param && $node->flags !== 0) {
        return 'constructor property promotion (PHP 8.0)';
    }
    if ($node instanceof Node\UnionType) {
        return 'union type (PHP 8.0)';
    }
    if ($node instanceof Node\Expr\Match_) {
        return 'match (PHP 8.0)';
    }
    if ($node instanceof Node\Expr\NullsafeMethodCall || $node instanceof Node\Expr\NullsafePropertyFetch) {
        return 'nullsafe operator (PHP 8.0)';
    }
    if ($node instanceof Node\Arg && $node->name !== null) {
        return 'named argument (PHP 8.0)';
    }
    if ($node instanceof Node\AttributeGroup) {
        return 'attribute (PHP 8.0)';
    }
    if ($node instanceof Node\Expr\Throw_ && !isset($GLOBALS['throwStatements'][$node])) {
        return 'throw as an expression (PHP 8.0)';
    }
    if ($node instanceof Node\Stmt\Catch_ && $node->var === null) {
        return 'catch without a variable (PHP 8.0)';
    }
    if ($node instanceof Node\Stmt\Enum_) {
        return 'enum (PHP 8.1)';
    }
    if ($node instanceof Node\FunctionLike && ($t = $node->getReturnType()) !== null
        && ($t instanceof Node\Identifier || $t instanceof Node\Name)
        && in_array(strtolower((string)$t), ['static', 'mixed', 'never'], true)) {
        return "return type $t (PHP 8)";
    }
    if ($node instanceof Node\Param && $node->type instanceof Node\Identifier && $node->type->toLowerString() === 'mixed') {
        return 'type mixed (PHP 8.0)';
    }
    if ($node instanceof Node\Expr\ClassConstFetch && $node->class instanceof Node\Expr) {
        return '$object::class (PHP 8.0)';
    }
    if ($node instanceof Node\Expr\FuncCall && $node->name instanceof Node\Name
        && in_array(strtolower($node->name->getLast()), NEWER_FUNCTIONS, true)) {
        return $node->name->getLast() . '() (after PHP 7.4)';
    }
    return null;
}

$top = dirname(__DIR__, 2);
/* the tracked files; a tree that is not a checkout (the Debian 13 guest's copy) holds only those */
$listed = is_dir("$top/.git") ? (string)shell_exec('cd ' . escapeshellarg($top) . ' && git ls-files php_scripts')
    : (string)shell_exec('cd ' . escapeshellarg($top) . ' && find php_scripts -type f | sort');
$files = array_filter(explode("\n", trim($listed)), fn ($f) => substr($f, -4) === '.php');
check(count($files) >= 2, 'php_scripts has PHP files', implode(' ', $files));
/* PHP-Parser 5 replaced create() by createForVersion() */
$parser = method_exists('PhpParser\ParserFactory', 'createForVersion')
    ? (new PhpParser\ParserFactory())->createForVersion(PhpParser\PhpVersion::fromString('7.4'))
    : (new PhpParser\ParserFactory())->create(PhpParser\ParserFactory::ONLY_PHP7,
        new PhpParser\Lexer\Emulative(['phpVersion' => '7.4']));
foreach ($files as $f) {
    $found = [];
    try {
        $ast = $parser->parse(file_get_contents("$top/$f"));
        $finder = new PhpParser\NodeFinder();
        /* PHP-Parser 5 parses a throw statement as an expression statement holding a throw
         * expression: those are PHP 7's throw, not PHP 8's throw expression */
        $throwStatements = new SplObjectStorage();
        foreach ($finder->find($ast, fn (Node $n) => $n instanceof Node\Stmt\Expression && $n->expr instanceof Node\Expr\Throw_) as $n) {
            $throwStatements->attach($n->expr);
        }
        foreach ($finder->find($ast, fn (Node $n) => newer_than_74($n) !== null) as $n) {
            $found[] = "line {$n->getStartLine()}: " . newer_than_74($n);
        }
    } catch (PhpParser\Error $e) {
        $found[] = 'does not parse as PHP 7.4: ' . $e->getMessage();
    }
    check(!$found, "$f runs on PHP 7.4", implode("\n", $found));
}
check_done('php74');

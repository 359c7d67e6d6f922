<?php
/*
 * vtws-register: operation definitions: vtws's own and a manifest's, checked by the extension's rules.
 * Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 */

/* ---- definitions: vtws's own and a manifest --------------------------------------------------------------- */

function load_manifest(?string $file): array
{
    if ($file === null) {
        return [];
    }
    $text = @file_get_contents($file);
    if ($text === false) {
        throw new DefinitionError("cannot read the manifest $file");
    }
    $list = json_decode($text, true);
    if (json_last_error() !== JSON_ERROR_NONE) {
        throw new DefinitionError("$file is not valid JSON: " . json_last_error_msg());
    }
    if (!is_array($list) || !is_list($list)) {
        throw new DefinitionError("$file must hold a JSON list of operation definitions");
    }
    foreach ($list as $i => &$op) {
        if (is_array($op)) {
            $op += ['prelogin' => 0, 'parameters' => []];
        }
    }
    return $list;
}

function check_definitions(array $own, array $manifest, ?string $file): void
{
    $all = array_merge($own, $manifest);
    $problems = Vtws\validate_operations($all);
    if (!$problems) {
        return;
    }
    $lines = [];
    foreach ($problems as $p) {
        $i = $p['operation'];
        $name = is_array($all[$i] ?? null) && is_string($all[$i]['name'] ?? null) ? " ({$all[$i]['name']})" : '';
        $where = $i < count($own) ? "vtws's own operation $i$name" : "$file: entry " . ($i - count($own) + 1) . $name;
        $lines[] = "$where: {$p['message']}";
    }
    throw new DefinitionError(implode("\n", $lines));
}


/*
 * Rows already in the tables that break the extension's stored rules
 * (Vtws\validate_operations($rows, true)), by index, each with its reasons. Such a row is
 * never loaded in a child, judged further or repaired: its strings could end up in generated
 * PHP, a path or a terminal. A row with a NUL byte is refused the same way.
 */
function row_refusals(array $stored): array
{
    $by = [];
    foreach (Vtws\validate_operations(array_values($stored), true) as $p) {
        $by[$p['operation']][] = 'row refused: ' . $p['message'];
    }
    return $by;
}

/*
 * The stored rows as plan_operations() may read them: the planner reads C strings, so a NUL
 * byte (possible in a row, never in a valid definition) becomes U+FFFD; the row then still
 * differs from every definition, as it does for Vtiger's WHERE name=?.
 */
function plannable(array $stored): array
{
    $fix = function ($v) {
        return is_string($v) ? str_replace("\0", "\u{FFFD}", $v) : $v;
    };
    foreach ($stored as &$op) {
        foreach (['name', 'handler_path', 'handler_method', 'type'] as $k) {
            $op[$k] = $fix($op[$k]);
        }
        foreach ($op['parameters'] as &$p) {
            $p['name'] = $fix($p['name']);
            $p['type'] = $fix($p['type']);
        }
        unset($p);
    }
    return $stored;
}

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


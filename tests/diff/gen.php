<?php
/*
 * Writes random Vtiger-style language files, valid and broken, from a seed.
 *
 * Usage: php gen.php DIR COUNT SEED
 * Valid files use every construct the reader supports: array()/[] literals,
 * element and variable assignments, array_merge, +, +=, .=, concatenation,
 * every string form and escape, interpolation (defined and undefined
 * variables), Unicode in many scripts, comments everywhere, duplicate and
 * integer-like keys, numbers, booleans, null, nested arrays, BOM and text
 * outside the tags. About a third of the files carry one fault of a known
 * class (syntax error or something PHP 8 throws on).
 */
final class LangGen
{
    private const TEXTS = [
        'Contacts', 'Контакт', 'Контакты', 'جهات الاتصال', 'الاسم الأخير', '联系人', '联系人姓名',
        'Επαφές', 'אנשי קשר', 'संपर्क', 'Kişiler', 'Ánh xạ', 'Zażółć gęślą jaźń', 'ñandú', 'Größe',
        '連絡先', '연락처', 'ติดต่อ', '🙂 emoji 👍', 'Save & Close', 'Don\'t', 'say "hi"', 'C:\\path\\x',
        'a$b', 'cost: $5', '{braces}', '100%', 'tab	in', 'line1
line2', '', '0', ' ', 'x', '<b>bold</b>', '&amp; &lt;', 'LBL_RECORD',
    ];
    private const LABELS = [
        'LBL_SAVE', 'LBL_CANCEL', 'SINGLE_Contacts', 'Contacts', 'LBL_ADD_RECORD', 'Last Name', 'First Name',
        'LBL_EDIT', 'JS_LBL_ARE_YOU_SURE', 'LBL_X', 'Mobile Phone', 'Email', 'Имя', 'الاسم', '名前',
    ];
    private const INT_LIKE = ['123', '-5', '0', '007', '-0', '9223372036854775808', '1.5', ' 1', '1e3', '00'];
    private const VARS = ['languageStrings', 'jsLanguageStrings', 'mod_strings', 'app_strings', 'extra', 'lbl'];
    private const FAULTS = [
        'missing_comma', 'plus_strings', 'undefined_const', 'unknown_call', 'bad_number', 'bad_unicode',
        'missing_semicolon', 'unclosed_paren', 'control_char', 'unterminated_string', 'bad_heredoc_indent',
        'stray_token', 'array_plus_scalar', 'unterminated_comment', 'unterminated_dq', 'bad_interp_offset',
        'merge_non_array',
    ];

    private string $nl = "\n";
    private array $defined = [];
    private array $arrays = []; // variables that hold arrays
    private ?string $fault = null;
    private bool $faultPlaced = false;

    public function __construct(int $seed)
    {
        mt_srand($seed);
    }

    private function chance(float $p): bool
    {
        return mt_rand(0, 9999) < $p * 10000;
    }

    private function pick(array $a)
    {
        return $a[mt_rand(0, count($a) - 1)];
    }

    /** Whitespace between tokens, sometimes with a comment. */
    private function ws(bool $allowNewline = true): string
    {
        $r = mt_rand(0, 19);
        if ($r < 10) {
            return ' ';
        }
        if ($r < 12) {
            return '';
        }
        if ($r < 14) {
            return $allowNewline ? $this->nl . str_repeat(' ', mt_rand(0, 8)) : "\t";
        }
        if ($r < 16) {
            return ' /* ' . $this->pick(self::TEXTS === [] ? [''] : ['note', 'Контакт */ x' === '' ? '' : 'Контакт', '* star', '']) . ' */ ';
        }
        if (!$allowNewline) {
            return '  ';
        }
        if ($r < 18) {
            return ' // ' . $this->commentText() . $this->nl . '  ';
        }
        return ' # ' . $this->commentText() . $this->nl . '  ';
    }

    private function commentText(): string
    {
        return str_replace(['?>', "\n", "\r"], ['? >', ' ', ' '], $this->pick(self::TEXTS));
    }

    private function sq(string $t): string
    {
        $out = '';
        for ($i = 0; $i < strlen($t); $i++) {
            $c = $t[$i];
            if ($c === "'" || $c === '\\') {
                $out .= '\\' . $c;
            } else {
                $out .= $c;
            }
        }
        if ($this->chance(0.1)) {
            $out .= $this->pick(['\\n', '\\t', '\\x41', '\\\\\\\\', '\\q']); // kept literally in single quotes
        }
        return "'" . $out . "'";
    }

    private function dqBody(string $t, bool $heredoc): string
    {
        $out = '';
        $len = strlen($t);
        for ($i = 0; $i < $len; $i++) {
            $c = $t[$i];
            if ($c === '\\') {
                $out .= $this->chance(0.5) ? '\\\\' : '\\\\';
            } elseif ($c === '$') {
                $out .= '\\$';
            } elseif ($c === '"' && !$heredoc) {
                $out .= '\\"';
            } elseif ($c === "\n" && $this->chance(0.5)) {
                $out .= '\\n';
            } elseif ($c === "\t" && $this->chance(0.5)) {
                $out .= '\\t';
            } elseif ($c === '{' && $i + 1 < $len && $t[$i + 1] === '$') {
                $out .= '\\{';
            } else {
                $out .= $c;
            }
        }
        if ($this->chance(0.3)) {
            $out .= $this->pick([
                '\\n', '\\t', '\\r', '\\v', '\\e', '\\f', '\\\\', '\\$', '\\101', '\\7', '\\0', '\\400', '\\x41',
                '\\xe2\\x82\\xac', '\\xA', '\\xZ', '\\u{41}', '\\u{20AC}', '\\u{1F600}', '\\u{0000041}', '\\u',
                '\\q', '\\\'', '{', '$', '$1', '{ $', '\\{$', '\\u{D800}',
            ]);
        }
        if ($this->chance(0.25)) {
            // after a literal '$' or '{' an interpolation would read as ${...} or {$...}
            $out .= (substr($out, -1) === '$' || substr($out, -1) === '{' ? ' ' : '') . $this->interpolation();
        }
        if ($heredoc && $this->chance(0.2)) {
            $out .= '"quoted" \\"';
        }
        return $out;
    }

    private function interpolation(): string
    {
        $name = $this->chance(0.5) && $this->defined ? $this->pick($this->defined) : $this->pick(['undef', 'HELPDESK_SUPPORT_NAME', 'x', 'languageStrings']);
        switch (mt_rand(0, 6)) {
            case 0: return '$' . $name;
            case 1: return '{$' . $name . '}';
            case 2: return '$' . $name . '[' . $this->pick(['LBL_SAVE', '0', '1', '-1', 'x', '007']) . ']';
            case 3: return '{$' . $name . "['" . $this->pick(self::LABELS) . "']}";
            case 4: return '${' . $name . '}';
            case 5: return '$' . $name . '->prop';
            default: return '{$' . $name . '[' . mt_rand(-2, 3) . ']}';
        }
    }

    private function dq(string $t): string
    {
        return '"' . $this->dqBody($t, false) . '"';
    }

    private function heredoc(string $t, bool $nowdoc): string
    {
        $label = $this->pick(['EOT', 'TXT', 'LBL_END', 'HTML']);
        $indent = $this->chance(0.5) ? str_repeat($this->chance(0.8) ? ' ' : "\t", mt_rand(1, 4)) : '';
        $body = $nowdoc ? $t : $this->dqBody($t, true);
        $body = str_replace($label, strtolower($label), $body);
        $lines = explode("\n", str_replace(["\r\n", "\r"], "\n", $body));
        if ($this->fault === 'bad_heredoc_indent' && !$this->faultPlaced && $indent !== '' && ($this->faultPlaced = true)) {
            $lines[] = 'under-indented';
            $indented = array_map(fn ($l, $k) => $k === count($lines) - 1 ? $l : $indent . $l, $lines, array_keys($lines));
        } else {
            $indented = array_map(fn ($l) => $l === '' && $this->chance(0.5) ? '' : $indent . $l, $lines);
        }
        $open = $nowdoc ? "'" . $label . "'" : ($this->chance(0.3) ? '"' . $label . '"' : $label);
        return '<<<' . $open . "\n" . implode("\n", $indented) . "\n" . $indent . $label;
    }

    private function string(): string
    {
        $t = $this->pick(self::TEXTS);
        if ($this->chance(0.2)) {
            $t .= ' ' . $this->pick(self::TEXTS);
        }
        $r = mt_rand(0, 19);
        if ($r < 10) {
            return $this->sq($t);
        }
        if ($r < 16) {
            return $this->dq($t);
        }
        if ($r < 18) {
            return $this->heredoc($t, false);
        }
        return $this->heredoc($t, true);
    }

    private function scalar(): string
    {
        $r = mt_rand(0, 29);
        if ($r < 22) {
            $s = $this->string();
            while ($this->chance(0.15)) {
                $s .= $this->ws() . '.' . $this->ws() . ($this->chance(0.8) ? $this->string() : (string)mt_rand(0, 99));
            }
            if ($this->chance(0.05)) {
                $s = '(' . $s . ')';
            }
            return $s;
        }
        switch ($r) {
            case 22: return (string)mt_rand(-1000, 1000);
            case 23: return $this->pick(['1.5', '0.1', '1e3', '.5', '1_000', '0x1F', '0b101', '0o17', '017', '-0.0', '1E-7', '9223372036854775808', '0x7FFFFFFFFFFFFFFF', '1e400']);
            case 24: return $this->pick(['true', 'false', 'null', 'TRUE', 'False', 'NULL']);
            case 25: return mt_rand(1, 9) . ' + ' . mt_rand(1, 9);
            case 26: return '-' . mt_rand(1, 9) . ' - ' . mt_rand(1, 9);
            case 27: return "'" . $this->pick(self::LABELS) . "' . " . mt_rand(0, 9) . ' . ' . $this->pick(['1.5', '0.1', '1e20', '-2', 'true', 'null', '1e15', '0.00001']);
            default: return $this->defined ? '$' . $this->pick($this->defined) : "'plain'";
        }
    }

    private function key(): string
    {
        $r = mt_rand(0, 9);
        if ($r < 6) {
            $l = $this->pick(self::LABELS);
            return $this->chance(0.8) ? $this->sq($l) : $this->dq($l);
        }
        if ($r < 8) {
            return $this->sq($this->pick(self::INT_LIKE));
        }
        if ($r < 9) {
            return (string)mt_rand(-3, 20);
        }
        return $this->pick(['true', 'false', 'null', '1.7', '"3"', "'LBL_' . 'JOINED'"]);
    }

    private function faultHere(): ?string
    {
        if ($this->fault === null || $this->faultPlaced || !$this->chance(0.15)) {
            return null;
        }
        $this->faultPlaced = true;
        return $this->fault;
    }

    private function value(int $depth): string
    {
        switch ($this->faultHere()) {
            case 'plus_strings': return "'" . $this->pick(self::TEXTS === [] ? [] : ['الاسم', 'abc']) . "'" . $this->ws() . '+' . $this->ws() . "'" . $this->pick(['الأخير', 'def']) . "'";
            case 'undefined_const': return $this->pick(['LBL_UNDEFINED_CONST', 'VTIGER_CONST', 'Foo\\BAR']);
            case 'unknown_call': return $this->pick(['vtranslate(\'LBL_X\')', 'getTranslatedString("x", "Contacts")', 'strtoupper_x(1, 2)']);
            case 'bad_number': return $this->pick(['089', '0_8', '1__2', '0x', '1e']);
            case 'bad_unicode': return '"' . $this->pick(['\\u{110000}', '\\u{}', '\\u{12', '\\u{zz}']) . '"';
            case 'array_plus_scalar': return 'array(1) + ' . mt_rand(1, 5);
            case 'control_char': return "\x01 'x'";
            case 'stray_token': return $this->pick(['=> 1', ') ', '] ', '}']);
            case 'bad_interp_offset': return '"' . $this->pick(['$x[ a]', '$x[a', '$x[\'a\']']) . '"';
            case 'merge_non_array': return 'array_merge(array(1), ' . $this->pick(["'x'", 'null', '5']) . ')';
            case 'unterminated_dq': $this->faultPlaced = false; break;
        }
        if ($depth < 3 && $this->chance(0.08)) {
            return $this->arrayLit($depth + 1);
        }
        return $this->scalar();
    }

    private function arrayLit(int $depth): string
    {
        $short = $this->chance(0.3);
        $open = $short ? '[' : $this->pick(['array(', 'array(', 'Array(', 'ARRAY (']);
        $close = $short ? ']' : ')';
        $n = mt_rand(0, $depth === 0 ? 30 : 4);
        $items = [];
        $indent = $this->nl . str_repeat('    ', $depth + 1);
        for ($i = 0; $i < $n; $i++) {
            $hasKey = !$this->chance(0.1);
            $el = ($hasKey ? $this->key() . $this->ws() . '=>' . $this->ws() : '') . $this->value($depth);
            $items[] = $el;
        }
        $sep = [];
        foreach ($items as $i => $el) {
            $comma = ',';
            if ($i < count($items) - 1 && $this->faultHere() === 'missing_comma') {
                $comma = '';
            }
            $sep[] = $indent . $el . ($i < count($items) - 1 || $this->chance(0.5) ? $comma : '') . ($this->chance(0.1) ? $this->ws() : '');
        }
        $closing = $close;
        if ($this->faultHere() === 'unclosed_paren') {
            $closing = '';
        }
        return $open . implode('', $sep) . $this->nl . str_repeat('    ', $depth) . $closing;
    }

    private function statement(): string
    {
        $var = $this->pick(self::VARS);
        $r = mt_rand(0, 19);
        $target = '$' . $var;
        if ($r < 9) {
            $rhs = $this->arrayLit(0);
            $this->defined[] = $var;
            $op = '=';
        } elseif ($r < 12) {
            $target .= '[' . $this->key() . ']';
            $rhs = $this->value(1);
            $op = '=';
            $this->defined[] = $var;
        } elseif ($r < 13) {
            $target .= '[]';
            $rhs = $this->value(1);
            $op = '=';
            $this->defined[] = $var;
        } elseif ($r < 15) {
            $args = [];
            for ($i = mt_rand(1, 3); $i > 0; $i--) {
                $args[] = $this->chance(0.7) && $this->arrays ? '$' . $this->pick($this->arrays) : $this->arrayLit(1);
            }
            if ($this->faultHere() === 'merge_non_array') {
                $args[] = "'x'";
            }
            $rhs = $this->pick(['array_merge', 'array_merge', 'Array_Merge', '\\array_merge']) . '(' . implode(',' . $this->ws(), $args) . ')';
            $op = '=';
            $this->defined[] = $var;
        } elseif ($r < 17) {
            $rhs = $this->arrayLit(1);
            if ($this->arrays && $this->chance(0.5)) {
                $rhs = '$' . $this->pick($this->arrays) . $this->ws() . '+' . $this->ws() . $rhs;
                $op = '=';
            } else {
                $op = '+=';
            }
            if ($op === '+=' && !in_array($var, $this->arrays, true)) {
                $op = '=';
            }
            $this->defined[] = $var;
        } elseif ($r < 18) {
            $var = 'suffix';
            $target = '$suffix';
            $op = in_array('suffix', $this->defined, true) ? '.=' : '=';
            $rhs = $this->string();
            $this->defined[] = 'suffix';
        } elseif ($r < 19) {
            $target .= '[' . $this->key() . ']';
            $op = '.=';
            $rhs = $this->string();
            $this->defined[] = $var;
        } else {
            $target = '$' . $this->pick(['prefix', 'module']);
            $op = '=';
            $rhs = $this->string();
            $this->defined[] = substr($target, 1);
        }
        $end = ';';
        if ($this->faultHere() === 'missing_semicolon') {
            $end = '';
        }
        if (in_array(substr($target, 1), self::VARS, true) && !in_array(substr($target, 1), $this->arrays, true)) {
            $this->arrays[] = substr($target, 1);
        }
        return $target . $this->ws() . $op . $this->ws() . $rhs . $end;
    }

    /*
     * Negative keys, then appended elements: the key PHP gives those depends on where the
     * array came from and on the version (PHP 7 counts from 0 for every array; 8.0 to 8.2
     * from 0 for an empty literal and what keeps its counter, array_merge()'s two-argument
     * shortcut and the left side of + among them; 8.3 on from the last negative key).
     */
    private function autoKeys(): string
    {
        $var = $this->pick(self::VARS);
        $start = $this->pick(['[]', 'array()', 'ARRAY( )', '[-4 => 1]', "['k' => 'v']", 'array_merge([], [])',
            'array_merge([])', 'array_merge(array(), [])', 'array_merge(array_merge([]), [])', 'array_merge([], [], [])',
            '[] + [-2 => 1]', '[-2 => 1] + []', "array('n' => [])", "[['n']]"]);
        $target = '$' . $var . ($start === "array('n' => [])" ? "['n']" : ($start === "[['n']]" ? '[0]' : ''));
        $lines = ["\$$var = $start;"];
        $steps = ['neg', 'append'];
        for ($i = mt_rand(0, 3); $i > 0; $i--) {
            $steps[] = $this->pick(['neg', 'append', 'pos', 'copy']);
        }
        foreach ($steps as $step) {
            switch ($step) {
                case 'neg': $lines[] = $target . '[' . mt_rand(-9, -1) . "] = 'n';"; break;
                case 'pos': $lines[] = $target . '[' . mt_rand(0, 3) . "] = 'p';"; break;
                case 'append': $lines[] = $target . "[] = 'a';"; break;
                case 'copy': $lines[] = "\$lbl = \$$var;" . $this->nl . "\$lbl[] = 'c';"; $this->defined[] = 'lbl'; break;
            }
        }
        $this->defined[] = $var;
        if (!in_array($var, $this->arrays, true)) {
            $this->arrays[] = $var;
        }
        return implode($this->nl, $lines);
    }

    /** @return array{string, ?string} the code and its fault class (null: valid). */
    public function file(): array
    {
        $this->nl = $this->chance(0.1) ? "\r\n" : "\n";
        $this->defined = [];
        $this->arrays = [];
        $this->fault = $this->chance(0.35) ? $this->pick(self::FAULTS) : null;
        $this->faultPlaced = false;
        $code = '';
        if ($this->chance(0.05)) {
            $code .= "\xEF\xBB\xBF";
        } elseif ($this->chance(0.03)) {
            $code .= "leading text\n";
        }
        $code .= '<?php' . ($this->chance(0.9) ? $this->nl : ' ');
        if ($this->chance(0.5)) {
            $code .= '/* +' . str_repeat('*', mt_rand(0, 3)) . $this->nl . ' * Vtiger language file ' . $this->pick(self::TEXTS) . $this->nl . ' */' . $this->nl;
        }
        for ($n = mt_rand(1, 5); $n > 0; $n--) {
            $code .= ($this->chance(0.04) ? $this->autoKeys() : $this->statement()) . $this->nl . ($this->chance(0.3) ? $this->nl : '');
        }
        if ($this->fault !== null && !$this->faultPlaced) {
            // place it at the end where no element took it
            $this->faultPlaced = true;
            switch ($this->fault) {
                case 'unterminated_string': $code .= "\$tail = 'never closed" . $this->nl; break;
                case 'unterminated_dq': $code .= "\$tail = \"never closed" . $this->nl; break;
                case 'unterminated_comment': $code .= '/* never closed' . $this->nl; break;
                case 'control_char': $code .= "\$t = 1;\x02" . $this->nl; break;
                case 'missing_semicolon': $code .= '$a = 1' . $this->nl . '$b = 2;' . $this->nl; break;
                case 'unclosed_paren': $code .= '$a = array(1, 2' . $this->nl . ';' . $this->nl; break;
                case 'bad_heredoc_indent': $code .= "\$h = <<<EOT\n  a\n b\n  EOT;" . $this->nl; break;
                case 'stray_token': $code .= '=> 1;' . $this->nl; break;
                case 'missing_comma': $code .= "\$a = array('a' => 1 'b' => 2);" . $this->nl; break;
                default:
                    $this->faultPlaced = false;
                    $code .= '$tail = ' . $this->value(1) . ';' . $this->nl;
                    if (!$this->faultPlaced) {
                        $this->fault = null; // could not place it: the file is valid
                    }
            }
        }
        if ($this->chance(0.3)) {
            $code .= '?>' . $this->pick(['', "\n", "\n\n", "\r\n", " \n", "\ntrailing text"]);
        }
        return [$code, $this->fault];
    }
}

[$_, $dir, $count, $seed] = $argv + [null, null, 2000, 1];
@mkdir($dir, 0777, true);
$gen = new LangGen((int)$seed);
for ($i = 0; $i < (int)$count; $i++) {
    [$code, $fault] = $gen->file();
    file_put_contents(sprintf('%s/%05d-%s.php', $dir, $i, $fault ?? 'valid'), $code);
}

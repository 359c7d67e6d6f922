<?php
$languageStrings = [
	'sq' => 'it\'s a \\ backslash \n stays',
	'dq' => "tab\there\nnew \\ \$ \" \e\f\v\r end",
	'octal' => "\101\102\7\0\400",
	'hex' => "\x41\x4a\xe2\x82\xac\xZ",
	'unicode' => "\u{41}\u{20AC}\u{1F600}\u{0000041}\u \u{D800}",
	'unknown' => "\q\'\[",
	'heredoc' => <<<EOT
    Line one "quoted" \"
      indented \t tab
    EOT,
	'nowdoc' => <<<'EOT'
  raw \t $novar {$novar}
  EOT,
	'heredoc_quoted' => <<<"LBL"
x
LBL,
	'concat' => 'a' . "b" . ('c' . 'd') . 1 . 2.5 . true . null . false . -3,
	'floats' => '' . 0.1 . '|' . 1e15 . '|' . 1e14 . '|' . 0.00001 . '|' . -0.0 . '|' . 123456789012345.0 . '|' . 1.0,
	'numbers' => [0x1F, 0b101, 0o17, 017, 1_000, .5, 1., 1e3, 9223372036854775807, 9223372036854775808, -9223372036854775807 - 1],
	"multi
line" => 'value',
];

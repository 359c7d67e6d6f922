<?php
$name = 'Vtiger';
$list = array('LBL_A' => 'A-value', 3 => 'three', -1 => 'minus one');
$languageStrings = array(
	'simple' => "Hello $name!",
	'braces' => "Hello {$name}s",
	'dollar_brace' => "Hello ${name}",
	'dim' => "Key: $list[LBL_A] / $list[3] / $list[-1]",
	'complex_dim' => "Key: {$list['LBL_A']} {$list[3]}",
	'offset' => "First: $name[0], last: {$name[-1]}",
	'undefined' => "Support: $HELPDESK_SUPPORT_NAME.",
	'array_to_string' => "List: $list",
	'missing_key' => "Missing: $list[NOPE]",
	'property' => "Prop: $name->prop",
	'literal_dollar' => "Cost: $5 and {literal} and { $name}",
);

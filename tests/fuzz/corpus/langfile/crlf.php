<?php
$languageStrings = array(
	"A" => "a
b",
	'B' => 'cd',
);
$z = <<<EOT
  one
  two
  EOT;

<?php
$languageStrings = array(
	'A' => 'a'
	'B' => 'b',
);

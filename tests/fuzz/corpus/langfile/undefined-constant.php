<?php
$languageStrings = array(
	'A' => 'a',
	'B' => LBL_CONSTANT,
);

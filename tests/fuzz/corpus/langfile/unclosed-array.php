<?php
$languageStrings = array(
	'A' => 'a',
	'B' => array('x',
);

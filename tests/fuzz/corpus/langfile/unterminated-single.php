<?php
$languageStrings = array(
	'A' => 'never closed,
);

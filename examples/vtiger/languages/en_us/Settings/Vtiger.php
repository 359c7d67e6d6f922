<?php
$languageStrings = array(
	'LBL_SETTINGS'                 => 'Settings',
	'LBL_CONFIGURATION'            => 'Configuration',
);

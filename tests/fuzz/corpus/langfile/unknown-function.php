<?php
$languageStrings = array(
	'A' => vtranslate('LBL_X', 'Contacts'),
);

<?php
$languageStrings = array(
	'Contacts'                     => 'Contacts',
	'SINGLE_Contacts'              => 'Contact',
	'LBL_ADD_RECORD'               => 'Add Contact',
	'LBL_RECORDS_LIST'             => 'Contacts List',
	'Mobile Phone'                 => 'Mobile Phone',
	'Support Start Date'           => 'Support Start Date',
);
$jsLanguageStrings = array(
	'JS_DELETE_CONTACT'            => 'Delete this contact?',
);

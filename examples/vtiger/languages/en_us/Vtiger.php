<?php
/*+***********************************************************************************
 * Common strings of the sample Vtiger tree (vtws examples).
 *************************************************************************************/
$languageStrings = array(
	'LBL_SAVE'                     => 'Save',
	'LBL_CANCEL'                   => 'Cancel',
	'LBL_EDIT'                     => 'Edit',
	'LBL_DELETE'                   => 'Delete',
	'LBL_ADD_RECORD'               => 'Add Record',
	'Last Name'                    => 'Last Name',
	'First Name'                   => 'First Name',
	'Email'                        => 'Email',
	'LBL_EMPTY'                    => '',
	'LBL_ZERO'                     => '0',
	'Accounts'                     => 'Organizations',
);
$jsLanguageStrings = array(
	'JS_LBL_ARE_YOU_SURE_YOU_WANT_TO_DELETE' => 'Are you sure you want to delete?',
	'JS_SAVED'                     => 'Saved',
);

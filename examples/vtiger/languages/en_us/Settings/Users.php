<?php
$languageStrings = array(
	'Users'                        => 'Users',
	'LBL_ADD_USER'                 => 'Add User',
);

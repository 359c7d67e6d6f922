<?php
// Vtiger 5 / coreBOS style
$mod_strings = Array(
'LBL_MODULE_NAME'=>'Contacts',
'LBL_NEW_FORM_TITLE'=>'New Contact',
'LBL_COUNT'=>42,
'LBL_RATIO'=>1.5,
'LBL_ENABLED'=>true,
'LBL_DISABLED'=>FALSE,
'LBL_NOTHING'=>null,
'LBL_NESTED'=>Array('a'=>Array('b'=>'deep')),
);
$app_strings['LBL_SAVE'] = 'Save';
$app_strings['LBL_LIST'][] = 'first';
$app_strings['LBL_LIST'][] = 'second';
$app_strings['LBL_SAVE'] .= ' now';
$mod_strings['LBL_COUNT'] += 8;

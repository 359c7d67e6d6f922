<?php
/*+***********************************************************************************
 * The contents of this file are subject to the vtiger CRM Public License Version 1.0
 * ("License"); You may not use this file except in compliance with the License
 *************************************************************************************/
$languageStrings = array(
	// Basic Strings
	'Contacts'                     => 'Контакты'                    ,
	'SINGLE_Contacts'              => 'Контакт'                     ,
	'LBL_ADD_RECORD'               => 'Добавить Контакт'            ,
	'LBL_RECORDS_LIST'             => 'Список Контактов'            ,

	// Blocks
	'LBL_CONTACT_INFORMATION'      => 'Информация о Контакте'       ,
	'Last Name'                    => 'Фамилия'                     ,
	'Mobile Phone'                 => 'Мобильный телефон'           ,
	'Contacts'                     => 'Контакты (дубликат)'         , // a later duplicate keeps the first position
	'LBL_PORTAL_USER'              => "Пользователь портала\t"      ,
	123                            => 'числовой ключ',
	'456'                          => 'строка-число',
	'007'                          => 'ведущий ноль',
);
$jsLanguageStrings = array(
	'JS_DELETE_CONTACT' => 'Удалить контакт?',
	'JS_LBL_ARE_YOU_SURE' => 'Вы уверены?',
);
?>


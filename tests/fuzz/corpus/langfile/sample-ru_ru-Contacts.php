<?php
$languageStrings = array(
	'Contacts'                     => 'Контакты',
	'SINGLE_Contacts'              => 'Контакт',
	'LBL_ADD_RECORD'               => 'Добавить Контакт',
	'LBL_RECORDS_LIST'             => 'Список Контактов',
	'Mobile Phone'                 => 'Мобильный телефон',
	'Support Start Date'           => "Начало поддержки $HELPDESK_SUPPORT_NAME",
);
$jsLanguageStrings = array(
	'JS_DELETE_CONTACT'            => 'Удалить контакт?',
);

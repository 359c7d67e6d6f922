<?php
/*+***********************************************************************************
 * Общие строки примера (vtws examples).
 *************************************************************************************/
$languageStrings = array(
	'LBL_SAVE'                     => 'Сохранить',
	'LBL_CANCEL'                   => 'Отмена',
	'LBL_EDIT'                     => 'Изменить',
	'LBL_ADD_RECORD'               => 'Добавить запись',
	'Last Name'                    => 'Фамилия',
	'First Name'                   => 'Имя',
	'Email'                        => 'Email',
	'LBL_EMPTY'                    => '',
	'Accounts'                     => 'Контрагенты',
	'LBL_RU_ONLY'                  => 'Только по-русски',
);
$jsLanguageStrings = array(
	'JS_LBL_ARE_YOU_SURE_YOU_WANT_TO_DELETE' => 'Вы уверены, что хотите удалить?',
);

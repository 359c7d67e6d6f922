<?php
// A real-world mistake: an unescaped quote turned one string into two, joined
// by "+" — PHP 8 throws a TypeError on every request that loads this file.
$languageStrings = array(
	'Users'                        => 'Пользователи',
	'LBL_ADD_USER'                 => 'Добавить ' + 'пользователя',
	'LBL_USER_LIST'                => 'Список пользователей',
);

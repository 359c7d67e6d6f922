<?php
$languageStrings = array(
	'Contacts' => 'Контакты',
);

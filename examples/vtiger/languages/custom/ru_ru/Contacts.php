<?php
// The site's own overlay, merged on top of ru_ru/Contacts.php by Vtiger.
$languageStrings = array(
	'Mobile Phone'                 => 'Сотовый',
);

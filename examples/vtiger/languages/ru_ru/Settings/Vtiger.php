<?php
$languageStrings = array(
	'LBL_SETTINGS'                 => 'Настройки',
	'LBL_CONFIGURATION'            => 'Конфигурация',
);
